"""Console entry point: importing the command modules registers their commands on `app`."""

from __future__ import annotations

# Importing the command modules registers their commands.
from service.cli import (  # noqa: F401
    caisse_cmd,
    core_cmd,
    demo_cmd,
    glossary_cmd,
    indicator_cmd,
    mt_cmd,
    ocr_cmd,
    partner_cmd,
    retention_cmd,
    routing_cmd,
)
from service.cli.app import app


def main() -> None:
    """Run the `passerelle` command line."""
    app()
