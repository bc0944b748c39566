"""Fixtures for the text-extraction tests: documents generated here, with text known in advance."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocr._exec import tesseract

# Tesseract's OpenMP threads fight over the two shared cores; one thread per process is 2-3x faster
# here. The library reads no environment; this only reaches the tesseract processes the tests start.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

REPO_ROOT = Path(__file__).resolve().parents[2]


def corpora_dir() -> Path:
    """The shared corpora folder (env `PASSERELLE_CORPORA_DIR`, default `<repo>/../shared/corpora`)."""
    return Path(os.environ.get("PASSERELLE_CORPORA_DIR", REPO_ROOT.parent / "shared" / "corpora"))


@pytest.fixture
def no_language_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tesseract pointed at an empty trained-data folder, as on a server missing its packs."""
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    tesseract.installed_languages.cache_clear()
    yield
    monkeypatch.undo()
    tesseract.installed_languages.cache_clear()
