"""Low-confidence flags, with the cut calibrated on ground truth: on a degraded page, not on a clean one."""

from __future__ import annotations

import pytest

from ocr import ExtractOptions, extract, likely_misread, locate
from ocr.metrics import cer
from tests.ocr import factories as f
from tests.ocr import photos
from tests.ocr.conftest import corpora_dir

# A fax-like copy of the German letter: about 100 DPI, blurred, grainy, JPEG quality 35 (CER ~7 %).
POOR_SCAN = {"scale": 0.28, "blur": 0.9, "noise": 16, "quality": 35}


class TestLowConfidence:
    def test_a_degraded_page_and_its_segments_are_flagged(self) -> None:
        page = photos.rendered(photos.LETTER_DE)
        document = extract(photos.degraded(page, **POOR_SCAN), ExtractOptions(language="de"))
        read = document.pages[0]
        truth = "\n".join(text for kind, text in photos.LETTER_DE if kind != "gap")
        assert cer(truth, read.text) > 0.03  # the page really is misread...
        assert read.confidence is not None and read.confidence > 50  # ...above the old cut of 50
        assert likely_misread(read.confidence)
        assert any(w.startswith("Page 1 was read with low confidence") for w in document.warnings)
        flagged = [likely_misread(s.confidence) for s in locate.sentences(read, "de")]
        assert sum(flagged) >= 0.75 * len(flagged)

    def test_a_clean_page_raises_no_flag(self) -> None:
        clean = f.encoded(photos.rendered(photos.LETTER_DE), fmt="PNG")
        document = extract(clean, ExtractOptions(language="de"))
        read = document.pages[0]
        assert not likely_misread(read.confidence)
        assert not any("low confidence" in w for w in document.warnings)
        assert not any(likely_misread(s.confidence) for s in locate.sentences(read, "de"))

    def test_text_layers_are_never_flagged(self) -> None:
        assert not likely_misread(None)

    @pytest.mark.skipif(not (corpora_dir() / "ocr" / "bnl_textblock_5.tif").exists(), reason="shared samples")
    def test_fraktur_read_at_several_percent_error_is_flagged(self) -> None:
        document = extract(corpora_dir() / "ocr" / "bnl_textblock_5.tif", ExtractOptions(language="de"))
        assert likely_misread(document.pages[0].confidence)

