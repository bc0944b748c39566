"""scripts/install_model.py on ready CTranslate2 folders built by the fixture."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from mt_models import Catalogue

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install_model.py"


@pytest.fixture(scope="module")
def installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_model", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LICENCE = ["--license-model", "CC0-1.0", "--license-data", "none", "--attribution", "tests"]


class TestInstallModel:
    def test_ready_folder_with_manifest_is_installed_and_catalogued(
            self, installer: ModuleType, make_model: Callable[..., Path], tmp_path: Path) -> None:
        source = make_model("tiny-en-fr", ["en"], ["fr"], root=tmp_path / "download")
        assert installer.main([str(source), "--dest", str(tmp_path / "dest")]) == 0
        assert Catalogue.load([tmp_path / "dest"]).find("en", "fr").name == "tiny-en-fr"

    def test_folder_without_manifest_gets_one_from_the_options(
            self, installer: ModuleType, tiny_ct2: Path, tmp_path: Path) -> None:
        code = installer.main([str(tiny_ct2), "--dest", str(tmp_path), "--name", "tiny-de-fr",
                               "--source-lang", "de", "--target-lang", "fr", "--no-input", *LICENCE])
        assert code == 0
        manifest = Catalogue.load([tmp_path]).get("tiny-de-fr")
        assert manifest.pairs() == [("de", "fr")]
        assert manifest.license.model == "CC0-1.0"
        assert manifest.size_bytes > 0

    def test_missing_languages_are_asked_for_or_refused(
            self, installer: ModuleType, tiny_ct2: Path, tmp_path: Path,
            capsys: pytest.CaptureFixture[str]) -> None:
        assert installer.main([str(tiny_ct2), "--dest", str(tmp_path), "--no-input", *LICENCE]) == 2
        assert "--source-lang" in capsys.readouterr().err
        assert not any(tmp_path.iterdir())

    def test_an_installed_name_is_only_replaced_with_force(
            self, installer: ModuleType, make_model: Callable[..., Path], tmp_path: Path,
            capsys: pytest.CaptureFixture[str]) -> None:
        source = make_model("tiny-en-fr", ["en"], ["fr"], root=tmp_path / "download")
        dest = ["--dest", str(tmp_path / "dest")]
        assert installer.main([str(source), *dest]) == 0
        assert installer.main([str(source), *dest]) == 2
        assert "--force" in capsys.readouterr().err
        assert installer.main([str(source), *dest, "--force"]) == 0

    def test_broken_weights_are_refused_before_installing(
            self, installer: ModuleType, make_model: Callable[..., Path], tmp_path: Path,
            capsys: pytest.CaptureFixture[str]) -> None:
        source = make_model("tiny-en-fr", ["en"], ["fr"], root=tmp_path / "download")
        (source / "model.bin").write_bytes((source / "model.bin").read_bytes()[:500])
        assert installer.main([str(source), "--dest", str(tmp_path / "dest")]) == 2
        assert "broken" in capsys.readouterr().err
        assert not (tmp_path / "dest" / "tiny-en-fr").exists()

    def test_a_folder_that_is_no_model_is_refused(self, installer: ModuleType, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
        (tmp_path / "notes").mkdir()
        assert installer.main([str(tmp_path / "notes"), "--dest", str(tmp_path / "d")]) == 2
        assert "decoder.yml" in capsys.readouterr().err
