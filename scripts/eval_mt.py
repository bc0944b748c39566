#!/usr/bin/env python
"""BLEU and chrF of every installed language pair on the Tatoeba test sets, through the engine.

Test files: <corpora>/test/tatoeba/<a>-<b>/tatoeba-test-v2021-08-07.<lang>, where <a>-<b> are
the two ISO 639-3 codes in alphabetical order (eng-fra also serves fr->en). The corpora folder
is PASSERELLE_CORPORA_DIR, by default <repo>/../shared/corpora.

    python scripts/eval_mt.py --lines 500
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sacrebleu  # noqa: E402

from mt_models import Catalogue, Engine, EngineOptions  # noqa: E402

ISO3 = {"ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "nl": "nld",
        "pl": "pol", "pt": "por", "ro": "ron", "tr": "tur"}
STEM = "tatoeba-test-v2021-08-07"


def test_files(corpora: Path, source: str, target: str) -> tuple[Path, Path] | None:
    """The (source, reference) files of a pair, or None when the test set is absent."""
    if source not in ISO3 or target not in ISO3:
        return None
    a, b = ISO3[source], ISO3[target]
    folder = corpora / "test" / "tatoeba" / "-".join(sorted([a, b]))
    src, ref = folder / f"{STEM}.{a}", folder / f"{STEM}.{b}"
    return (src, ref) if src.is_file() and ref.is_file() else None


def read_lines(path: Path, limit: int) -> list[str]:
    """`limit` evenly spaced lines of a file (all when limit is 0).

    The test files are sorted alphabetically, so a prefix would hold only sentences starting
    with "A..."; every k-th line is a fair sample.
    """
    with path.open(encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    if not limit or limit >= len(lines):
        return lines
    step = len(lines) / limit
    return [lines[int(i * step)] for i in range(limit)]


def evaluate(engine: Engine, corpora: Path, source: str, target: str, lines: int) -> dict | None:
    """Translate a test set through the engine and score it."""
    files = test_files(corpora, source, target)
    if files is None:
        return None
    sources, refs = read_lines(files[0], lines), read_lines(files[1], lines)
    start = time.perf_counter()
    drafts = engine.translate_batch(sources, source=source, target=target)
    seconds = time.perf_counter() - start
    hyps = [d.text for d in drafts]
    return {"pair": f"{source}->{target}", "model": drafts[0].model if drafts else "-",
            "lines": len(sources), "bleu": sacrebleu.corpus_bleu(hyps, [refs]).score,
            "chrf": sacrebleu.corpus_chrf(hyps, [refs]).score, "seconds": seconds}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_corpora = os.environ.get("PASSERELLE_CORPORA_DIR", str(ROOT.parent / "shared" / "corpora"))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=int, default=1000, help="sentences per pair (0: the whole set)")
    p.add_argument("--corpora", type=Path, default=Path(default_corpora))
    p.add_argument("--models-dir", type=Path, action="append",
                   help="model folder(s); default: the shipped models and PASSERELLE_MODELS_DIR")
    p.add_argument("--pairs", help="comma-separated pairs to evaluate, e.g. en-fr,de-fr")
    p.add_argument("--pivots", action="store_true", help="also evaluate pairs pivoting through English")
    p.add_argument("--beam-size", type=int, default=4)
    p.add_argument("--threads", type=int, default=0, help="CTranslate2 intra_threads (0: automatic)")
    return p.parse_args(argv)


def model_dirs(args: argparse.Namespace) -> list[Path]:
    """Folders to search: the explicit ones, else the service's configured ones."""
    if args.models_dir:
        return list(args.models_dir)
    from service.config import get_settings

    return get_settings().model_dirs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    engine = Engine(Catalogue.load(model_dirs(args)),
                    EngineOptions(beam_size=args.beam_size, intra_threads=args.threads))
    pairs = engine.pairs() if args.pivots else engine.catalogue.pairs()
    if args.pairs:
        wanted = {tuple(p.split("-")) for p in args.pairs.split(",")}
        pairs = [p for p in pairs if p in wanted]
    print(f"{'pair':<8} {'model':<32} {'lines':>6} {'BLEU':>6} {'chrF':>6} {'sec':>7}")
    for source, target in pairs:
        row = evaluate(engine, args.corpora, source, target, args.lines)
        if row is None:
            print(f"{source}->{target:<4} no Tatoeba test set under {args.corpora}")
            continue
        print(f"{row['pair']:<8} {row['model']:<32} {row['lines']:>6} {row['bleu']:>6.1f} "
              f"{row['chrf']:>6.1f} {row['seconds']:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
