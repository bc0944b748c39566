"""What the import commands share: one-line refusals, dry runs, and the JSON or sentence they print."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from sqlalchemy.orm import Session

# Same convention as every command: 2 means "the input was refused".
EXIT_REFUSED = 2


def refuse(code: str, message: str) -> NoReturn:
    """Print `error: <code>: <message>` on one line of stderr and exit 2 (no traceback)."""
    typer.echo(f"error: {code}: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(EXIT_REFUSED)


@contextmanager
def transaction(dry_run: bool) -> Iterator[Session]:
    """A session committed at the end, or rolled back when only trying (`--dry-run`)."""
    from service.db.session import session_scope

    with session_scope() as session:
        yield session
        if dry_run:
            session.rollback()


def report(body: dict[str, Any], *, as_json: bool, sentence: str) -> None:
    """The result as one JSON object, or as a sentence for people."""
    typer.echo(json.dumps(body, ensure_ascii=False) if as_json else sentence)
