"""The Typer application behind the `passerelle` console script; command modules attach to it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="passerelle",
    help="Passerelle: translation requests for the social-security funds.",
    no_args_is_help=True,
    add_completion=False,
)
