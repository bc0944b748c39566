"""Entity detection speed: segments per second on one core, against a baseline measured in the same run.

The baseline is `mt_models.protect.protect`, the single-regex token protection that drafting runs on
every segment today; the figures that matter are the ratios. Three segment sets:

- letters: the lines of the labelled evaluation set (dense in names, addresses, identifiers, dates);
- prose: ordinary sentences, NTREX-128 news in German, Spanish, Portuguese, Italian, English, French
  from the shared corpora (`PASSERELLE_CORPORA_DIR`, default `<repo>/../shared/corpora`);
- documents: whole letters (the evaluation lines joined 10 at a time), as masking sees them.

    .venv/bin/python scripts/bench_entities.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from entities import detect, mask  # noqa: E402
from mt_models.protect import protect  # noqa: E402
from tests.entities.evalset import DEV, HELDOUT, load  # noqa: E402

NTREX = {"de": "deu", "es": "spa", "pt": "por", "it": "ita", "en": "eng-US", "fr": "fra"}


def prose(corpora: Path, per_language: int) -> list[tuple[str, str]]:
    """Sentences of the NTREX-128 test set, `per_language` of each language (empty if absent)."""
    out = []
    for lang, code in NTREX.items():
        path = corpora / "test" / "ntrex128" / f"ntrex.{code}.txt"
        if path.is_file():
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            out += [(line, lang) for line in lines[:per_language]]
    return out


def rate(work: Callable[[str, str], object], segments: list[tuple[str, str]], seconds: float) -> float:
    """Segments per second of `work` over `segments`, repeated for at least `seconds`."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text, lang in segments:
            work(text, lang)
        done += len(segments)
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    parser.add_argument("--corpora", type=Path,
                        default=Path(os.environ.get("PASSERELLE_CORPORA_DIR", REPO_ROOT.parent / "shared" / "corpora")))
    args = parser.parse_args()
    letters = [(line.text, line.lang) for line in load(DEV) + load(HELDOUT)]
    documents = [("\n".join(t for t, _ in letters[i:i + 10]), letters[i][1]) for i in range(0, len(letters), 10)]
    sets = {"letters": letters, "prose": prose(args.corpora, 300), "documents": documents}
    detect("warm-up: Herr Müller, 10709 Berlin", "de")  # builds the patterns and the gazetteer once

    def detect_and_mask(text: str, lang: str) -> object:
        return mask(text, detect(text, lang))

    print(f"{'set':<10}{'segments':>9}{'chars/seg':>10}{'protect/s':>12}{'detect/s':>11}{'+mask/s':>10}"
          f"{'detect:protect':>16}")
    for name, segments in sets.items():
        if not segments:
            print(f"{name:<10} (not found under {args.corpora})")
            continue
        baseline = rate(lambda text, _lang: protect(text), segments, args.seconds)
        detected = rate(detect, segments, args.seconds)
        masked = rate(detect_and_mask, segments, args.seconds)
        chars = sum(len(t) for t, _ in segments) / len(segments)
        print(f"{name:<10}{len(segments):>9}{chars:>10.0f}{baseline:>12.0f}{detected:>11.0f}{masked:>10.0f}"
              f"{detected / baseline:>16.3f}")


if __name__ == "__main__":
    main()
