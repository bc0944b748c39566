"""OCR quality: character and word error rates against ground truth, one row per file.

Reads the shared samples (`<corpora>/ocr/*.tif` beside `*.gt.txt`; corpora folder from
`PASSERELLE_CORPORA_DIR`, default `<repo>/../shared/corpora`) and the generated cases of the test
suite (known text rendered with DejaVu Sans: plain, turned, slanted, in a scanned PDF) and the photo
set (`tests/ocr/photos.py`: letters and a form photographed at an angle on a table, in shade, blurred,
8-12 MP JPEGs), runs them through `ocr.extract` (the library path of `passerelle ocr`) and prints a
table. Each file is read twice: "before" without the photo corrections (`photo_steps=()`, the
pipeline as it was), "after" with the default ones; `--steps page` measures one step alone.

    .venv/bin/python scripts/eval_ocr.py [--only NAME_PART] [--steps page,lighting]
    .venv/bin/python scripts/eval_ocr.py --calibrate

`--calibrate` checks the low-confidence cut (`ocr.confidence`) against measured CER instead: every
page of the shared samples, the generated cases, the photo set and degraded scans of its letters
(`tests/ocr/photos.degraded`: low resolution, blur, grain, JPEG), with its mean word confidence, CER,
and the share of its segments under the cut; then how many misread pages (CER >= 5 %) each cut flags
and how many well-read pages (CER <= 2.5 %) it flags in vain.

CER/WER are computed on whitespace-normalised text (line breaks are layout, not content); the BnL
ground truth keeps its line-end hyphens (`be⸗`), so the German Fraktur and French columns carry a few
edits from those alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from ocr import ExtractOptions, extract  # noqa: E402
from ocr.metrics import cer, wer  # noqa: E402
from ocr.photo import STEPS  # noqa: E402

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


def photo_cases() -> Iterator[Case]:
    """The photo set: rendered letters and forms, photographed with OpenCV distortions."""
    from tests.ocr import photos

    for shot in photos.photo_set():
        yield Case(shot.name, shot.language, shot.truth, lambda data=shot.data: data)


@dataclass(frozen=True)
class Score:
    """One reading of one case."""

    confidence: float | None
    cer: float
    wer: float
    seconds: float
    method: str


def score(case: Case, steps: tuple[str, ...]) -> Score:
    """Read the case with the given photo corrections and compare with its ground truth."""
    started = time.perf_counter()
    document = extract(case.load(), ExtractOptions(language=case.language, photo_steps=steps))
    seconds = time.perf_counter() - started
    confidences = [p.confidence for p in document.pages if p.confidence is not None]
    confidence = sum(confidences) / len(confidences) if confidences else None
    methods = "+".join(sorted({p.method for p in document.pages}))
    return Score(confidence, cer(case.truth, document.text), wer(case.truth, document.text), seconds, methods)


DEGRADATIONS = {  # from a clean copy to a fax of a fax
    "light": {"scale": 0.3, "blur": 0.8, "noise": 12, "quality": 40},
    "poor": {"scale": 0.28, "blur": 0.9, "noise": 16, "quality": 35},
    "bad": {"scale": 0.27, "blur": 1.0, "noise": 18, "quality": 30},
    "worse": {"scale": 0.25, "blur": 1.0, "noise": 20, "quality": 30},
}
MISREAD, WELL_READ = 0.05, 0.025


def degraded_cases() -> Iterator[Case]:
    """The photo set's letters scanned badly, at several levels of damage."""
    from tests.ocr import photos

    for name, language, lines in photos.PAGES:
        page = photos.rendered(lines)
        truth = "\n".join(text for kind, text in lines if kind != "gap")
        for level, damage in DEGRADATIONS.items():
            yield Case(f"scan_{name}_{level}.jpg", language, truth,
                       lambda page=page, damage=damage: photos.degraded(page, **damage))  # type: ignore[misc]


def calibrate(cases: list[Case]) -> None:
    """Print each page's confidence against its CER, and what the old and the new cut flag."""
    from ocr import locate
    from ocr.confidence import LOW_CONFIDENCE, likely_misread

    print(f"{'file':<36} {'conf':>5} {'CER':>7}  segments under {LOW_CONFIDENCE:.0f}")
    rows = []
    for case in cases:
        document = extract(case.load(), ExtractOptions(language=case.language))
        page = document.pages[0]
        if page.confidence is None or len(document.pages) != 1:
            continue  # text layers and blank readings carry no confidence to calibrate
        segments = [s.confidence for s in locate.sentences(page, case.language) if s.confidence is not None]
        under = sum(likely_misread(c) for c in segments)
        rows.append((page.confidence, cer(case.truth, document.text), under, len(segments)))
        print(f"{case.name:<36} {page.confidence:5.1f} {rows[-1][1]:7.2%}  {under}/{len(segments)}")
    bad = [r for r in rows if r[1] >= MISREAD]
    good = [r for r in rows if r[1] <= WELL_READ]
    print(f"\n{len(rows)} pages: {len(bad)} misread (CER >= {MISREAD:.0%}), {len(good)} well read "
          f"(CER <= {WELL_READ:.1%}), {len(rows) - len(bad) - len(good)} between")
    for cut in (50.0, 70.0, 80.0, LOW_CONFIDENCE, 90.0):
        caught = sum(r[0] < cut for r in bad)
        vain = sum(r[0] < cut for r in good)
        print(f"  page cut {cut:4.0f}: flags {caught}/{len(bad)} misread pages, {vain}/{len(good)} well-read pages")
    for label, group in (("misread", bad), ("well-read", good)):
        under, total = sum(r[2] for r in group), sum(r[3] for r in group)
        print(f"  segments under {LOW_CONFIDENCE:.0f} on {label} pages: {under}/{total}"
              f" ({under / max(total, 1):.0%})")


def main() -> int:
    """Run every case before and after the photo corrections and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    parser.add_argument("--steps", default=",".join(STEPS), help="photo corrections for 'after'")
    parser.add_argument("--calibrate", action="store_true", help="check the low-confidence cut instead")
    args = parser.parse_args()
    if args.calibrate:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        cases = [*sample_cases(), *generated_cases(), *photo_cases(), *degraded_cases()]
        calibrate([c for c in cases if args.only in c.name])
        return 0
    steps = tuple(s for s in args.steps.split(",") if s)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # see scripts/bench_ocr.py
    groups = {"shared samples": list(sample_cases()), "generated": list(generated_cases()),
              "photos": list(photo_cases())}
    header = (f"{'file':<36} {'lang':<4} {'method':<10} {'conf':>5} {'CER':>7} {'WER':>7} "
              f"| {'conf':>5} {'CER':>7} {'WER':>7} {'s':>5}")
    print(f"{'':<56}before{'':<18}after ({'+'.join(steps) or 'none'})")
    print(header)
    for group, cases in groups.items():
        cases = [c for c in cases if args.only in c.name]
        if not cases:
            continue
        print("-" * len(header))
        rows = []
        for case in cases:
            before, after = score(case, ()), score(case, steps)
            rows.append((before, after))
            print(f"{case.name:<36} {case.language:<4} {after.method:<10} {_conf(before)} {before.cer:7.2%} "
                  f"{before.wer:7.2%} | {_conf(after)} {after.cer:7.2%} {after.wer:7.2%} {after.seconds:5.1f}")
        label = f"mean, {group} ({len(rows)})"
        print(f"{label:<36} {'':<4} {'':<10} {'':>5} {_mean(r[0].cer for r in rows):7.2%} "
              f"{_mean(r[0].wer for r in rows):7.2%} | {'':>5} {_mean(r[1].cer for r in rows):7.2%} "
              f"{_mean(r[1].wer for r in rows):7.2%}")
    return 0


def _conf(s: Score) -> str:
    return f"{s.confidence:5.1f}" if s.confidence is not None else "    -"


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


if __name__ == "__main__":
    sys.exit(main())
