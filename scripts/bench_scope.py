"""How much extraction the page scope saves: a scanned document read whole, then only some of its pages.

Usage: python scripts/bench_scope.py [--pages 8] [--keep 1,3]

Generates a scanned PDF (one text image per page, 300 DPI), times `ocr.extract` on every page and on the
pages kept, both in this run, and prints the ratio: timings on a shared machine are noisy, the ratio less so.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ocr  # noqa: E402
from tests.ocr.factories import scanned_pdf, text_image  # noqa: E402

LINES = ["Die Rente wird ab dem 1. Mai 2024 monatlich gezahlt.", "Der Antrag vom 3. Juni wurde bewilligt.",
         "Bitte teilen Sie uns jede Änderung Ihrer Anschrift mit.", "Mit freundlichen Grüßen, Ihre Rentenkasse."]


def main() -> None:
    """Time extraction of all pages against the kept ones and print both and their ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--keep", default="1,3")
    args = parser.parse_args()
    keep = tuple(int(n) for n in args.keep.split(","))
    scan = scanned_pdf(pages=[text_image(lines=[f"Seite {n}", *LINES]) for n in range(1, args.pages + 1)])
    timings = {}
    for label, pages in (("all", None), ("kept", keep)):
        start = time.perf_counter()
        document = ocr.extract(scan, ocr.ExtractOptions(language="de", pages=pages))
        timings[label] = time.perf_counter() - start
        print(f"{label:>4}: {len(document.pages)} of {document.page_count} pages read in {timings[label]:.2f} s, "
              f"{sum(len(p.text) for p in document.pages)} characters")
    print(f"kept/all time ratio: {timings['kept'] / timings['all']:.2f} "
          f"(pages ratio {len(keep) / args.pages:.2f})")


if __name__ == "__main__":
    main()
