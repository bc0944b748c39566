"""OCR quality: character and word error rates against ground truth, one row per file.

Reads the shared samples (`<corpora>/ocr/*.tif` beside `*.gt.txt`; corpora folder from
`PASSERELLE_CORPORA_DIR`, default `<repo>/../shared/corpora`) and the generated cases of the test
suite (known text rendered with DejaVu Sans: plain, turned, slanted, in a scanned PDF), runs them
through `ocr.extract` (the library path of `passerelle ocr`) and prints a table.

    .venv/bin/python scripts/eval_ocr.py [--only NAME_PART]

CER/WER are computed on whitespace-normalised text (line breaks are layout, not content); the BnL
ground truth keeps its line-end hyphens (`be⸗`), so the German Fraktur and French columns carry a few
edits from those alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from ocr import ExtractOptions, extract  # noqa: E402
from ocr.metrics import cer, wer  # noqa: E402

# SOURCES.md section 3: the languages of the shared samples (eurotext is mixed; scored as English).
SAMPLE_LANGUAGES = {
    "tesseract_phototest": "en",
    "tesseract_eurotext": "en",
    "bnl_textblock_0": "de",
    "bnl_textblock_1": "fr",
    "bnl_textblock_2": "fr",
    "bnl_textblock_3": "de",
    "bnl_textblock_4": "fr",
    "bnl_textblock_5": "de",
}


@dataclass(frozen=True)
class Case:
    """One document to read, its declared language and the text it holds."""

    name: str
    language: str
    truth: str
    load: Callable[[], Path | bytes]


def corpora_dir() -> Path:
    """The shared corpora folder."""
    return Path(os.environ.get("PASSERELLE_CORPORA_DIR", REPO_ROOT.parent / "shared" / "corpora"))


def sample_cases() -> Iterator[Case]:
    """The shared scans with their ground truth."""
    folder = corpora_dir() / "ocr"
    for truth in sorted(folder.glob("*.gt.txt")):
        name = truth.name.removesuffix(".gt.txt")
        image = folder / f"{name}.tif"
        if image.exists():
            text = truth.read_text(encoding="utf-8")
            yield Case(f"{name}.tif", SAMPLE_LANGUAGES.get(name, "en"), text, lambda image=image: image)


def generated_cases() -> Iterator[Case]:
    """The cases the tests generate: known text, rendered, then turned, slanted or put in a PDF."""
    from PIL import Image

    from tests.ocr import factories as f

    french, german = f.FRENCH_LINES, f.GERMAN_LINES
    page = f.text_image(lines=french)
    slanted = page.rotate(4, expand=True, fillcolor=255, resample=Image.Resampling.BILINEAR)
    cases = {
        "generated_fr.png": ("fr", french, lambda: f.encoded(page, fmt="PNG")),
        "generated_de.tif": ("de", german, lambda: f.encoded(f.text_image(lines=german), fmt="TIFF")),
        "generated_fr_upside_down.png": ("fr", french, lambda: f.encoded(page.rotate(180), fmt="PNG")),
        "generated_fr_slanted_4deg.png": ("fr", french, lambda: f.encoded(slanted, fmt="PNG")),
        "generated_fr_scanned.pdf": ("fr", french, lambda: f.scanned_pdf(pages=[page])),
        "generated_fr_digital.pdf": ("fr", french, lambda: f.digital_pdf(pages=[french])),
    }
    for name, (language, lines, load) in cases.items():
        yield Case(name, language, "\n".join(lines), load)


def main() -> int:
    """Run every case and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # see scripts/bench_ocr.py
    cases = [c for c in [*sample_cases(), *generated_cases()] if args.only in c.name]
    header = f"{'file':<34} {'lang':<4} {'method':<10} {'conf':>5} {'CER':>7} {'WER':>7} {'s':>6}"
    print(header)
    print("-" * len(header))
    totals = []
    for case in cases:
        started = time.perf_counter()
        document = extract(case.load(), ExtractOptions(language=case.language))
        seconds = time.perf_counter() - started
        confidences = [p.confidence for p in document.pages if p.confidence is not None]
        conf = f"{sum(confidences) / len(confidences):5.1f}" if confidences else "    -"
        methods = "+".join(sorted({p.method for p in document.pages}))
        c, w = cer(case.truth, document.text), wer(case.truth, document.text)
        totals.append((c, w))
        print(f"{case.name:<34} {case.language:<4} {methods:<10} {conf} {c:7.2%} {w:7.2%} {seconds:6.2f}")
    if totals:
        mean_c = sum(c for c, _ in totals) / len(totals)
        mean_w = sum(w for _, w in totals) / len(totals)
        print("-" * len(header))
        label = f"mean of {len(totals)} files"
        print(f"{label:<34} {'':<4} {'':<10} {'':>5} {mean_c:7.2%} {mean_w:7.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
