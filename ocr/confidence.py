"""When OCR text is likely wrong: tesseract's mean word confidence, with a cut measured on ground truth.

Calibration (`scripts/eval_ocr.py --calibrate`, README "Confidence"): on the shared samples, the
generated pages, the photo set and degraded scans of the same letters, every page read at 5 % character
error or more had a mean word confidence below 85 (19th-century Fraktur at 6-7.5 % CER reads at 75-81,
a poor fax-like scan at 6.9 % CER at 69), and every page read at 2.2 % or less had 88 or more. The old
cut, 50, let all the Fraktur pages and the 6.9 % scan through without a warning.

A segment gets the same cut on the mean confidence of its own words: on the pages read at 5 % CER or
more nearly all segments fall below it; on the clean pages a few short lines do too (measured share
printed by the calibration), a false alarm the translator clears by a glance at the page image.
"""

from __future__ import annotations

LOW_CONFIDENCE = 85.0


def likely_misread(confidence: float | None) -> bool:
    """Whether text read at this mean word confidence (0-100) likely holds errors; False without OCR."""
    return confidence is not None and confidence < LOW_CONFIDENCE
