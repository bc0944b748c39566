#!/usr/bin/env python
"""Throughput of drafting with the trust layers against drafting without them, in the same run.

Without: the engine as it drafted before (patterns-only protection, no confidence). With: what drafting
now does around the model: each segment's analysis (the entity detector's spans, exonyms, whether the
line is only entities), its memory placeholder form (what a lookup compares), and the engine with those
spans and the calibrated confidence. Same model, beam, threads and sentences (Tatoeba test lines of the pair, and the
test letters). Aim: with/without >= 0.9.

    python scripts/bench_drafts.py --pair de-fr --lines 400
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mt_models import Catalogue, Engine, EngineOptions  # noqa: E402
from mt_models.loaded import ModelPool  # noqa: E402
from service.memory import placeholders  # noqa: E402
from service.segment import analysis  # noqa: E402

ISO3 = {"de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "pt": "por"}
LETTERS = ROOT / "tests" / "data" / "letters"


def sentences(corpora: Path, source: str, target: str, limit: int) -> list[str]:
    """Evenly spaced Tatoeba test sentences of the pair, then every paragraph of the test letters."""
    a, b = ISO3[source], ISO3[target]
    path = corpora / "test" / "tatoeba" / "-".join(sorted([a, b])) / f"tatoeba-test-v2021-08-07.{a}"
    lines = [line.strip() for line in path.open(encoding="utf-8") if line.strip()]
    picked = lines[:: max(len(lines) // max(limit, 1), 1)][:limit]
    letters = [" ".join(block.split()) for f in sorted(LETTERS.glob("*.txt"))
               for block in f.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    return picked + letters


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def best_of_both(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The fastest of `repeat` runs of each, taken in turns so both see the same load on a shared machine."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        times[0].append(timed(first))
        times[1].append(timed(second))
    return min(times[0]), min(times[1])


def main(argv: list[str] | None = None) -> int:
    default_corpora = os.environ.get("PASSERELLE_CORPORA_DIR", str(ROOT.parent / "shared" / "corpora"))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pair", default="de-fr")
    p.add_argument("--lines", type=int, default=400)
    p.add_argument("--corpora", type=Path, default=Path(default_corpora))
    p.add_argument("--threads", type=int, default=1, help="CTranslate2 intra_threads")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    source, target = args.pair.split("-")
    texts = sentences(args.corpora, source, target, args.lines)
    catalogue = Catalogue.load([ROOT / "mt_models" / "models"])
    plain_options = EngineOptions(intra_threads=args.threads, confidence=False)
    trust_options = EngineOptions(intra_threads=args.threads)
    plain = Engine(catalogue, plain_options, pool=ModelPool(plain_options))
    trust = Engine(catalogue, trust_options, pool=ModelPool(trust_options))

    def layers() -> list[analysis.Analysis]:
        found = [analysis.analyse(t, source=source, target=target) for t in texts]
        for text, facts in zip(texts, found, strict=True):
            placeholders.mask(text, facts.spans)
        return found

    def with_layers() -> None:
        found = layers()
        todo = [(t, f.spans) for t, f in zip(texts, found, strict=True) if not f.only_entities]
        trust.translate_batch([t for t, _ in todo], source=source, target=target, spans=[s for _, s in todo])

    plain.translate_batch(texts[:8], source=source, target=target)  # load the models and lingua once
    with_layers()
    without, layered = best_of_both(lambda: plain.translate_batch(texts, source=source, target=target),
                                    with_layers, args.repeat)
    layers_only = timed(layers)
    words = sum(len(t.split()) for t in texts)
    print(f"pair {source}->{target}, {len(texts)} segments ({words} words), beam {trust_options.beam_size}, "
          f"{args.threads} thread(s), best of {args.repeat}")
    print(f"drafting without the layers  {words / without:8.0f} words/s  ({without:.2f} s)")
    print(f"drafting with the layers     {words / layered:8.0f} words/s  ({layered:.2f} s)")
    print(f"  of which analysis + placeholders alone: {layers_only:.3f} s")
    print(f"ratio with/without           {without / layered:8.2f}  (aim >= 0.90)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
