"""`passerelle glossary import FILE`: add a termbase (TBX or CSV/TSV) to the glossaries drafting uses."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from service.cli import imports
from service.cli.app import app
from service.config import get_settings

glossary_app = typer.Typer(help="Glossaries: termbases enforced and checked in drafts.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="TBX (TBX-Basic, v2, v3), or CSV/TSV with --source/--target.")],
    source: Annotated[str | None, typer.Option("--source", help="CSV/TSV only: language of column 1.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="CSV/TSV only: language of column 2.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and count, store nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help='Print {"concepts", "terms", "languages"}.')] = False,
) -> None:
    """Read FILE and store it, as TBX, in PASSERELLE_GLOSSARIES_DIR; workers use it once restarted.

    Importing a file of the same name again replaces it.
    """
    from glossaries import GlossaryError, Termbase
    from glossaries.formats import tbx_bytes

    try:
        termbase = Termbase.load(file, source=source, target=target)
    except GlossaryError as e:
        imports.refuse(e.code, str(e))
    folder = get_settings().glossaries_dir
    assert folder is not None  # filled in by the settings
    stored = folder / f"{file.stem}.tbx"
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)
        partial = stored.with_suffix(".partial")
        partial.write_bytes(tbx_bytes(termbase.concepts, title=termbase.name))
        os.replace(partial, stored)  # whole or not at all: a worker never reads half a file
    languages = sorted({t.lang for c in termbase.concepts for t in c.terms})
    terms = sum(len(c.terms) for c in termbase.concepts)
    where = f"would be stored in {stored}" if dry_run else f"stored in {stored}; restart the workers to use it"
    imports.report({"concepts": len(termbase.concepts), "terms": terms, "languages": languages},
                   as_json=as_json,
                   sentence=f"{len(termbase.concepts)} concepts, {terms} terms ({', '.join(languages)}): {where}.")
