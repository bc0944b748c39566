"""MT commands: `passerelle translate`, `passerelle models list`, `passerelle memory import/export`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from mt_models import Catalogue, MtError, UnsupportedPairError
from service import engines
from service.cli import imports
from service.cli.app import app
from service.config import get_settings

# Same convention as `passerelle ocr`: 2 means "the input was refused".
EXIT_REFUSED = 2
BATCH_LINES = 64

models_app = typer.Typer(help="Machine-translation models installed on this machine.",
                         no_args_is_help=True)
app.add_typer(models_app, name="models")


def _batches(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line.rstrip("\r\n"))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command("translate")
def translate_command(
    source: str = typer.Option(..., "--source", help="Source language, ISO 639-1 (en, de...)."),
    target: str = typer.Option(..., "--target", help="Target language, ISO 639-1 (fr...)."),
) -> None:
    """Translate stdin, one segment per line, into one draft per stdout line (same order)."""
    translator = engines.translator()
    try:
        # An empty batch still checks the pair, so a refusal comes before reading any input.
        translator.translate_batch([], source=source, target=target)
        for batch in _batches(iter(sys.stdin), BATCH_LINES):
            drafts = translator.translate_batch(batch, source=source, target=target)
            for draft in drafts:
                # One line out per line in, whatever the model produced.
                typer.echo(" ".join(draft.text.splitlines()))
    except UnsupportedPairError as e:
        typer.echo(f"error ({e.code}): {e}", err=True)
        raise typer.Exit(EXIT_REFUSED) from e
    except MtError as e:
        typer.echo(f"error ({e.code}): {e}", err=True)
        raise typer.Exit(1) from e


@models_app.command("list")
def list_models() -> None:
    """List installed models: name, language pairs, kind, size and best BLEU/chrF."""
    try:
        catalogue = Catalogue.load(get_settings().model_dirs)
    except MtError as e:
        typer.echo(f"error ({e.code}): {e}", err=True)
        raise typer.Exit(1) from e
    if not catalogue.models:
        typer.echo("No model installed (see scripts/install_model.py).")
        return
    rows = [("NAME", "PAIRS", "KIND", "SIZE", "BLEU", "CHRF")]
    for m in catalogue.models:
        best = m.best_score()
        pairs = " ".join(f"{s}>{t}" for s, t in m.pairs())
        size = f"{m.memory_bytes() / 1e6:.0f} MB"
        bleu = f"{best.bleu:.1f}" if best and best.bleu is not None else "-"
        chrf = f"{best.chrf:.1f}" if best and best.chrf is not None else "-"
        rows.append((m.name, pairs, m.kind, size, bleu, chrf))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


memory_app = typer.Typer(help="Translation memory: TMX import and export.", no_args_is_help=True)
app.add_typer(memory_app, name="memory")


@memory_app.command("import")
def memory_import(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="A TMX file (1.1 to 1.4b)."),
    source: str = typer.Option(..., "--source", help="Source language, ISO 639-1."),
    target: str = typer.Option(..., "--target", help="Target language, ISO 639-1."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read and count, change nothing."),
    as_json: bool = typer.Option(False, "--json", help='Print {"units", "added", "updated", "skipped"}.'),
) -> None:
    """Add the units of a TMX file to the memory of one language pair (existing sources are updated)."""
    from service.errors import ServiceError
    from service.memory.tmx import import_tmx

    try:
        with imports.transaction(dry_run) as session:
            result = import_tmx(session, file.read_bytes(), source_lang=source, target_lang=target)
    except ServiceError as e:
        imports.refuse(e.code, e.detail)
    would = "would be " if dry_run else ""
    imports.report({"units": result.units, "added": result.added, "updated": result.updated,
                    "skipped": result.skipped}, as_json=as_json,
                   sentence=f"{result.units} units: {result.added} {would}added, {result.updated} {would}updated, "
                            f"{result.skipped} skipped (not in {source} and {target})")


@memory_app.command("export")
def memory_export(
    file: Path = typer.Argument(..., dir_okay=False, help="The TMX file to write."),
    source: str = typer.Option(..., "--source", help="Source language, ISO 639-1."),
    target: str = typer.Option(..., "--target", help="Target language, ISO 639-1."),
) -> None:
    """Write the memory of one language pair as TMX 1.4."""
    from service.db.session import session_scope
    from service.memory.tmx import export_tmx

    with session_scope() as session:
        file.write_bytes(export_tmx(session, source_lang=source, target_lang=target))
    typer.echo(f"written {file}")
