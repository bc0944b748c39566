#!/usr/bin/env python
"""Throughput of the drafting path (Engine.translate_batch) against raw CTranslate2.

Both sides run the same model, beam size, threads and batch size on the same Tatoeba
sentences. Raw CTranslate2 gets pre-tokenised input; the engine does protection,
SentencePiece, splitting and detokenisation too. The ratio engine/raw (aim >= 0.9) is the
cost of that work. Also times the draft of a 10-page document (~3,000 words).

    python scripts/bench_mt.py --model tatoeba-en-fr --lines 500
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

from mt_models import Catalogue, Engine, EngineOptions  # noqa: E402
from mt_models.loaded import ModelPool, decoding_limit, translate_kwargs  # noqa: E402

ISO3 = {"de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "nl": "nld", "pt": "por"}
PAGE_WORDS = 300  # a typical administrative page


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_corpora = os.environ.get("PASSERELLE_CORPORA_DIR", str(ROOT.parent / "shared" / "corpora"))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default="tatoeba-en-fr")
    p.add_argument("--models-dir", type=Path, action="append",
                   help="model folder(s); default: mt_models/models")
    p.add_argument("--corpora", type=Path, default=Path(default_corpora))
    p.add_argument("--lines", type=int, default=500)
    p.add_argument("--beam-size", type=int, default=4)
    p.add_argument("--threads", type=int, default=2, help="CTranslate2 intra_threads")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--repeat", type=int, default=3, help="runs per side; the best is kept")
    p.add_argument("--pages", type=int, default=10)
    return p.parse_args(argv)


def sentences(corpora: Path, source: str, target: str, limit: int) -> list[str]:
    """Source sentences from the Tatoeba test set of the pair."""
    a, b = ISO3[source], ISO3[target]
    path = corpora / "test" / "tatoeba" / "-".join(sorted([a, b])) / f"tatoeba-test-v2021-08-07.{a}"
    with path.open(encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip()]
    # The file is sorted alphabetically: take every k-th line, not a prefix.
    step = max(len(lines) // max(limit, 1), 1)
    return lines[::step][:limit]


def best_time(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The fastest of `repeat` runs: the machine is shared, the minimum is the least noisy."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def document(pool: list[str], pages: int) -> list[str]:
    """Sentences adding up to about `pages` pages of text."""
    out, words = [], 0
    while words < pages * PAGE_WORDS:
        sentence = pool[len(out) % len(pool)]
        out.append(sentence)
        words += len(sentence.split())
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dirs = args.models_dir or [ROOT / "mt_models" / "models"]
    options = EngineOptions(beam_size=args.beam_size, intra_threads=args.threads,
                            max_batch_size=args.batch_size)
    manifest = Catalogue.load(dirs).get(args.model)
    source, target = manifest.pairs()[0]
    engine = Engine(Catalogue({manifest.name: manifest}), options, pool=ModelPool(options))
    texts = sentences(args.corpora, source, target, args.lines)
    model = engine.pool.get(manifest)
    batch = model.encode(texts, source)
    kwargs = translate_kwargs(options, decoding_limit(batch))
    src_tokens = sum(len(tokens) for tokens in batch)

    engine.translate_batch(texts[:8], source=source, target=target)  # warm-up
    raw = best_time(lambda: model.translator.translate_batch(batch, **kwargs), args.repeat)
    full = best_time(lambda: engine.translate_batch(texts, source=source, target=target), args.repeat)
    doc = document(texts, args.pages)
    doc_time = best_time(lambda: engine.translate_batch(doc, source=source, target=target), 1)

    print(f"model {manifest.name} ({source}->{target}), {len(texts)} sentences, {src_tokens} source "
          f"tokens, beam {args.beam_size}, {args.threads} threads, batch {args.batch_size}")
    print(f"raw CTranslate2   {src_tokens / raw:8.0f} source tokens/s  ({raw:.2f} s)")
    print(f"Engine (drafting) {src_tokens / full:8.0f} source tokens/s  ({full:.2f} s)")
    print(f"ratio engine/raw  {raw / full:8.2f}")
    words = sum(len(s.split()) for s in doc)
    print(f"{args.pages}-page document ({words} words, {len(doc)} segments): {doc_time:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
