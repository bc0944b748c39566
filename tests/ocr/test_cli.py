"""`passerelle ocr FILE [--lang xx]`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from service.cli import app
from tests.ocr import factories
from tests.ocr.factories import GERMAN_LINES

runner = CliRunner()


class TestOcrCommand:
    def test_prints_the_text_with_pages_separated_by_a_form_feed(self, tmp_path: Path) -> None:
        path = tmp_path / "lettre.pdf"
        path.write_bytes(factories.digital_pdf(pages=[["Première page."], ["Deuxième page."]]))

        result = runner.invoke(app, ["ocr", str(path)])

        assert result.exit_code == 0
        assert result.stdout == "Première page.\fDeuxième page.\n"

    def test_language_option_is_used_and_mismatch_is_warned_on_stderr(self, tmp_path: Path) -> None:
        path = tmp_path / "brief.pdf"
        path.write_bytes(factories.digital_pdf(pages=[GERMAN_LINES]))

        result = runner.invoke(app, ["ocr", str(path), "--lang", "fr"])

        assert result.exit_code == 0
        assert "Krankenkasse" in result.stdout
        assert "warning:" in result.stderr and "'de'" in result.stderr

    def test_refused_document_exits_2_with_the_message_on_stderr(self, tmp_path: Path) -> None:
        path = tmp_path / "vide.pdf"
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)

        result = runner.invoke(app, ["ocr", str(path)])

        assert result.exit_code == 2
        assert "corrupt_document" in result.stderr
        assert result.stdout == ""

    def test_unsupported_language_exits_2(self, tmp_path: Path) -> None:
        path = tmp_path / "note.txt"
        path.write_text("Bonjour.", encoding="utf-8")

        result = runner.invoke(app, ["ocr", str(path), "--lang", "xx"])

        assert result.exit_code == 2
        assert "unsupported_language" in result.stderr
