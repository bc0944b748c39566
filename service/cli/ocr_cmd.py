"""`passerelle ocr FILE`: print a document's extracted text, pages separated by form feeds."""

from __future__ import annotations

from pathlib import Path

import typer

from ocr import ExtractOptions, OcrError, extract
from service.cli.app import app
from service.cli.imports import refuse
from service.config import get_settings


@app.command("ocr")
def ocr_command(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="PDF, image or text file."
    ),
    lang: str = typer.Option("fr", "--lang", help="Declared source language, ISO 639-1 (fr, de, en...)."),
) -> None:
    """Extract the text of FILE (text layer or OCR) and print it; pages are separated by a form feed."""
    settings = get_settings()
    options = ExtractOptions(
        language=lang,
        max_pages=settings.ocr_max_pages,
        dpi=settings.ocr_dpi,
        max_image_pixels=settings.ocr_max_image_pixels,
        processes=settings.ocr_page_processes,
    )
    try:
        document = extract(file, options)
    except OcrError as e:
        refuse(e.code, str(e))
    for warning in document.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(document.text)
