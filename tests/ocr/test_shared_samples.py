"""Real scans from the shared corpora (tesseract's test pages, 19th-century Luxembourg newspapers)."""

from __future__ import annotations

import pytest

from ocr import ExtractOptions, extract
from ocr.metrics import cer
from tests.conftest import require_shared_data
from tests.ocr.conftest import corpora_dir

SAMPLES = corpora_dir() / "ocr"


@pytest.fixture(autouse=True)
def _samples() -> None:
    require_shared_data(SAMPLES, "shared OCR samples")


def _ground_truth(name: str) -> str:
    return (SAMPLES / f"{name}.gt.txt").read_text(encoding="utf-8")


class TestSharedSamples:
    def test_tesseract_phototest_is_read_almost_exactly(self) -> None:
        document = extract(SAMPLES / "tesseract_phototest.tif", ExtractOptions(language="en"))

        assert "The quick brown dog jumped over the" in document.text
        assert cer(_ground_truth("tesseract_phototest"), document.text) < 0.02
        assert document.language == "en"

    def test_french_newspaper_column_is_read_in_french(self) -> None:
        document = extract(SAMPLES / "bnl_textblock_1.tif", ExtractOptions(language="fr"))

        assert "nos lecteurs ne nous en voudront" in document.text
        assert cer(_ground_truth("bnl_textblock_1"), document.text) < 0.05
        assert document.language == "fr"
        assert document.warnings == []

    def test_german_fraktur_column_is_recognisably_german(self) -> None:
        # Without a Fraktur model (tesseract-ocr-script-frak) the modern `deu` pack confuses
        # long s and f; the text is still German and most words come through.
        document = extract(SAMPLES / "bnl_textblock_0.tif", ExtractOptions(language="de"))

        assert "Die Nr. 4 vom 8. Februar 1859" in document.text
        assert cer(_ground_truth("bnl_textblock_0"), document.text) < 0.10
        assert document.language == "de"
