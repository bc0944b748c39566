"""The import commands for scripts: --dry-run, --json, and one `error: <code>: <message>` line on refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service import engines
from service.cli import app
from service.config import get_settings
from service.memory import service as memory_service
from service.models import TranslationRequest
from tests.glossaries.test_tbx_formats import LOKALIZE

runner = CliRunner()
TMX = ('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.1"><header srclang="en" datatype="plaintext" '
       'segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
       '<tu><tuv lang="en"><seg>Sick leave</seg></tuv><tuv lang="fr"><seg>Arrêt maladie</seg></tuv></tu>'
       '<tu><tuv lang="en"><seg>Only English</seg></tuv></tu></body></tmx>')
HISTORY = ("Référence;Code caisse;Langue source;Langue cible;Nombre de pages;Date de réception;"
           "Date de livraison;Traité par;Coût externe (€)\r\nH-1;CPAM75;de;fr;3;02/01/2023;12/01/2023;interne;\r\n")


def _one_error_line(stderr: str, code: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {code}: "), stderr
    assert "Traceback" not in stderr


@pytest.fixture
def glossaries_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "glossaries"
    monkeypatch.setenv("PASSERELLE_GLOSSARIES_DIR", str(folder))
    get_settings.cache_clear()
    engines.termbase.cache_clear()
    yield folder
    monkeypatch.delenv("PASSERELLE_GLOSSARIES_DIR")
    get_settings.cache_clear()
    engines.termbase.cache_clear()


class TestGlossaryImport:
    def test_json_report_and_the_termbase_is_used_by_drafting(self, tmp_path: Path, glossaries_dir: Path) -> None:
        path = tmp_path / "lokalize.tbx"
        path.write_text(LOKALIZE, encoding="utf-8")

        result = runner.invoke(app, ["glossary", "import", str(path), "--json"])

        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == {"concepts": 2, "terms": 5, "languages": ["en", "fr"]}
        assert (glossaries_dir / "lokalize.tbx").exists()
        entries = {e.source.text: [t.text for t in e.targets] for e in engines.termbase().entries("en", "fr")}
        assert entries["sick leave"] == ["arrêt maladie"]

    def test_dry_run_stores_nothing(self, tmp_path: Path, glossaries_dir: Path) -> None:
        path = tmp_path / "lokalize.tbx"
        path.write_text(LOKALIZE, encoding="utf-8")

        result = runner.invoke(app, ["glossary", "import", str(path), "--dry-run"])

        assert result.exit_code == 0 and "would be stored" in result.stdout
        assert not glossaries_dir.exists()

    def test_a_refused_file_is_one_error_line(self, tmp_path: Path, glossaries_dir: Path) -> None:
        path = tmp_path / "v3.tbx"
        path.write_text("<tbx><text><body>", encoding="utf-8")

        result = runner.invoke(app, ["glossary", "import", str(path)])

        assert result.exit_code == 2
        _one_error_line(result.stderr, "glossary_bad_format")


class TestMemoryImport:
    def test_json_report_counts_units(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "project_save.tmx"
        path.write_text(TMX, encoding="utf-8")

        result = runner.invoke(app, ["memory", "import", str(path), "--source", "en", "--target", "fr", "--json"])

        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == {"units": 2, "added": 1, "updated": 0, "skipped": 1}

    def test_dry_run_changes_nothing(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "project_save.tmx"
        path.write_text(TMX, encoding="utf-8")

        result = runner.invoke(app, ["memory", "import", str(path), "--source", "en", "--target", "fr",
                                     "--dry-run", "--json"])

        assert json.loads(result.stdout)["added"] == 1
        assert memory_service.size(db, source_lang="en", target_lang="fr") == 0

    def test_a_refused_file_is_one_error_line(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "bad.tmx"
        path.write_text(TMX.replace("Sick leave", "Sick &nbsp; leave"), encoding="utf-8")

        result = runner.invoke(app, ["memory", "import", str(path), "--source", "en", "--target", "fr"])

        assert result.exit_code == 2
        _one_error_line(result.stderr, "memory_invalid_tmx")


class TestImportHistory:
    def test_dry_run_json_reports_and_imports_nothing(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "historique.csv"
        path.write_bytes(HISTORY.encode("cp1252"))

        result = runner.invoke(app, ["import-history", str(path), "--dry-run", "--json"])

        assert result.exit_code == 0, result.output
        body = json.loads(result.stdout)
        assert (body["rows"], body["inserted"], body["skipped"]) == (1, 1, [])
        assert db.scalar(select(func.count()).select_from(TranslationRequest)) == 0

    def test_a_wrong_header_is_one_error_line(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "historique.csv"
        path.write_text(HISTORY.replace(";", "|"), encoding="utf-8")

        result = runner.invoke(app, ["import-history", str(path)])

        assert result.exit_code == 2
        _one_error_line(result.stderr, "history_header_invalid")
        assert "separator seems to be '|'" in result.stderr


class TestOcrCommand:
    def test_a_refused_file_is_one_error_line(self, tmp_path: Path) -> None:
        path = tmp_path / "coupe.pdf"
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)

        result = runner.invoke(app, ["ocr", str(path)])

        assert result.exit_code == 2 and result.stdout == ""
        _one_error_line(result.stderr, "corrupt_document")
