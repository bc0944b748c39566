#!/usr/bin/env python
"""Latency of translation-memory lookups (exact, then fuzzy) on a large memory.

Builds (once) a memory of --entries English->French segments from the Tatoeba training
pairs, single sentences and two-sentence combinations, in a throw-away database, then times
`memory.service.lookup` on three kinds of query: segments stored as is (exact), stored
segments with one word changed or dropped (fuzzy), and unseen test-set sentences (mostly misses).

    python scripts/bench_tm.py --entries 1000000
    python scripts/bench_tm.py --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_tm
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from service.db.base import Base  # noqa: E402
from service.db.session import get_engine, new_session  # noqa: E402
from service.memory import service as memory_service  # noqa: E402
from service.models.memory import MemoryEntry  # noqa: E402

PAIR = {"source_lang": "en", "target_lang": "fr"}
CHUNK = 5000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    corpora = os.environ.get("PASSERELLE_CORPORA_DIR", str(ROOT.parent / "shared" / "corpora"))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--entries", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=1500, help="lookups timed (a third of each kind)")
    p.add_argument("--url", default="sqlite:////tmp/passerelle-bench-tm.sqlite")
    p.add_argument("--corpora", type=Path, default=Path(corpora))
    p.add_argument("--threshold", type=float, default=75.0)
    p.add_argument("--seed", type=int, default=7)
    return p.parse_args(argv)


def read_pairs(corpora: Path) -> list[tuple[str, str]]:
    """(English, French) training pairs."""
    pairs = []
    with (corpora / "train" / "eng-fra.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[0].strip() and cols[1].strip():
                pairs.append((cols[0].strip(), cols[1].strip()))
    return pairs


def synthetic(pairs: list[tuple[str, str]], seed: int) -> Iterator[tuple[str, str]]:
    """Every pair once, then two-sentence segments without end, as in administrative letters."""
    rng = random.Random(seed)
    yield from pairs
    while True:
        (s1, t1), (s2, t2) = rng.choice(pairs), rng.choice(pairs)
        yield f"{s1} {s2}", f"{t1} {t2}"


def build(session: Session, pairs: list[tuple[str, str]], count: int, seed: int) -> float:
    """Fill the memory up to `count` distinct entries; return the seconds spent."""
    have = memory_service.size(session, **PAIR)
    start = time.perf_counter()
    # A fresh seed per resumed build: the same sequence would only update existing entries.
    source = synthetic(pairs, seed) if have == 0 else synthetic(pairs, seed + have)
    while have < count:
        chunk = [next(source) for _ in range(min(CHUNK, count - have))]
        added, _ = memory_service.add_many(session, **PAIR, pairs=chunk, origin="bench")
        session.commit()
        have += added
        print(f"\r  {have:,} entries", end="", flush=True)
    print()
    return time.perf_counter() - start


def perturb(text: str, rng: random.Random) -> str:
    """Change or drop one word: what a slightly different letter looks like."""
    words = text.split()
    i = rng.randrange(len(words))
    if rng.random() < 0.5 and len(words) > 3:
        del words[i]
    else:
        words[i] = rng.choice(["pension", "caisse", "dossier", "Monday", "twelve", "benefit"])
    return " ".join(words)


def queries(session: Session, corpora: Path, n: int, seed: int) -> dict[str, list[str]]:
    """Exact, near and unseen queries, n/3 of each."""
    rng = random.Random(seed + 1)
    third = n // 3
    top = session.scalar(select(func.max(MemoryEntry.id))) or 0
    ids = rng.sample(range(1, top + 1), min(top, 2 * third))
    stored = list(session.scalars(select(MemoryEntry.source_text).where(MemoryEntry.id.in_(ids))))
    rng.shuffle(stored)
    test = corpora / "test" / "tatoeba" / "eng-fra" / "tatoeba-test-v2021-08-07.eng"
    unseen = [line.strip() for line in test.open(encoding="utf-8") if line.strip()]
    return {"exact": stored[:third], "fuzzy": [perturb(s, rng) for s in stored[third:2 * third]],
            "unseen": rng.sample(unseen, third)}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def time_lookups(session: Session, texts: list[str], threshold: float) -> tuple[list[float], int]:
    """Milliseconds per lookup, and how many found a match."""
    times, hits = [], 0
    for text in texts:
        start = time.perf_counter()
        match = memory_service.lookup(session, **PAIR, text=text, threshold=threshold)
        times.append((time.perf_counter() - start) * 1000)
        hits += match is not None
    return times, hits


def row(kind: str, times: list[float], hits: int | None) -> str:
    """One line of the results table."""
    shown = "" if hits is None else hits
    return (f"{kind:<8} {len(times):>5} {shown:>5} {percentile(times, 50):>8.2f} "
            f"{percentile(times, 95):>8.2f} {percentile(times, 99):>8.2f} {statistics.mean(times):>7.2f}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    Base.metadata.create_all(get_engine(args.url))
    pairs = read_pairs(args.corpora)
    with new_session(args.url) as session:
        seconds = build(session, pairs, args.entries, args.seed)
        size = memory_service.size(session, **PAIR)
        print(f"memory: {size:,} entries ({args.url}); build {seconds:.0f} s")
        sets = queries(session, args.corpora, args.queries, args.seed)
        time_lookups(session, sets["unseen"][:50], args.threshold)  # warm caches
        everything: list[float] = []
        print(f"{'queries':<8} {'n':>5} {'hits':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean':>7}")
        for kind, texts in sets.items():
            times, hits = time_lookups(session, texts, args.threshold)
            everything += times
            print(row(kind, times, hits))
        print(row("all", everything, None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
