"""`passerelle translate` and `passerelle models list`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mt_models import FakeTranslator
from service import engines
from service.cli import app
from service.config import get_settings

runner = CliRunner()


@pytest.fixture
def fake() -> Iterator[FakeTranslator]:
    translator = FakeTranslator()
    engines.use_translator(translator)
    yield translator
    engines.use_translator(None)


@pytest.fixture
def operator_models(make_model: Callable[..., Path], tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    make_model("tiny-en-fr", ["en"], ["fr"])
    monkeypatch.setenv("PASSERELLE_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    yield tmp_path / "models"
    monkeypatch.delenv("PASSERELLE_MODELS_DIR")
    get_settings.cache_clear()


class TestTranslateCommand:
    def test_one_draft_per_input_line_with_empty_lines_kept(self, fake: FakeTranslator) -> None:
        result = runner.invoke(app, ["translate", "--source", "en", "--target", "fr"],
                               input="Hello world\n\nthe 12 €\n")
        assert result.exit_code == 0
        assert result.stdout.splitlines() == ["[fr] Bonjour monde", "", "[fr] le 12 €"]

    def test_unsupported_pair_exits_2_listing_installed_pairs(self, fake: FakeTranslator) -> None:
        result = runner.invoke(app, ["translate", "--source", "ja", "--target", "fr"], input="x\n")
        assert result.exit_code == 2
        assert "en->fr" in result.stderr
        assert result.stdout == ""


class TestModelsList:
    def test_lists_name_pairs_kind_size_and_scores(self, operator_models: Path) -> None:
        result = runner.invoke(app, ["models", "list"])
        assert result.exit_code == 0
        line = next(row for row in result.stdout.splitlines() if row.startswith("tiny-en-fr"))
        assert "en>fr" in line and "bilingual" in line and "MB" in line and "1.0" in line


class TestMemoryCommands:
    def test_tmx_import_then_export_round_trips(self, tmp_path: Path) -> None:
        tmx = tmp_path / "in.tmx"
        tmx.write_text(
            '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" '
            'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" '
            'o-tmf="t"/><body><tu><tuv xml:lang="en"><seg>Sick leave</seg></tuv><tuv xml:lang="fr">'
            "<seg>Arrêt maladie</seg></tuv></tu></body></tmx>", encoding="utf-8")
        result = runner.invoke(app, ["memory", "import", str(tmx), "--source", "en", "--target", "fr"])
        assert result.exit_code == 0 and "1 added" in result.stdout
        out = tmp_path / "out.tmx"
        exported = runner.invoke(app, ["memory", "export", str(out), "--source", "en", "--target", "fr"])
        assert exported.exit_code == 0
        assert "Arrêt maladie" in out.read_text(encoding="utf-8")

    def test_a_file_without_the_pair_is_refused(self, tmp_path: Path) -> None:
        tmx = tmp_path / "in.tmx"
        tmx.write_text('<tmx version="1.4"><body></body></tmx>', encoding="utf-8")
        result = runner.invoke(app, ["memory", "import", str(tmx), "--source", "en", "--target", "fr"])
        assert result.exit_code == 2 and "memory_invalid_tmx" in result.stderr
