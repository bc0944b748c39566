#!/usr/bin/env python
"""BLEU and chrF of every installed pair on Tatoeba, NTREX-128, WMT newstest and TICO-19.

For each pair, every route is scored in the same run: each model that translates the pair
directly (the new ones and, with --old-models, the ones they replace) and the pivot through
English (best X->en model, then best en->fr model), so the catalogue's choice can be checked
against the alternatives. Test files live under <corpora>/test (PASSERELLE_CORPORA_DIR, by
default <repo>/../shared/corpora):

  tatoeba/<a>-<b>/tatoeba-test-v2021-08-07.<lang>   (a, b: ISO 639-3 codes, sorted)
  ntrex128/ntrex.<lang>.txt                          (aligned across languages; English: eng-US)
  wmt/<src>-<tgt>.newstest*.tsv                       (deu-fra, eng-fra; eng-fra also serves fr->en)
  tico19/en-<lang>/tico19-test.{en,<lang>}          (X->fr lines joined on the English side)

    python scripts/eval_mt.py --lines 500 --old-models /work/train/old-models
    python scripts/eval_mt.py --pairs it-fr,pt-fr --sets tatoeba,ntrex --json scores.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sacrebleu  # noqa: E402

from mt_models import Catalogue, Engine, EngineOptions  # noqa: E402
from mt_models.catalogue import normalise_language  # noqa: E402
from mt_models.engine import Leg  # noqa: E402

ISO3 = {"ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "nl": "nld",
        "pl": "pol", "pt": "por", "ro": "ron", "tr": "tur"}
NTREX = {**ISO3, "ar": "arb", "en": "eng-US"}
TICO = {"en": "en", "fr": "fr", "es": "es_LA", "pt": "pt_BR", "ar": "ar"}
STEM = "tatoeba-test-v2021-08-07"
SETS = ("tatoeba", "ntrex", "wmt", "tico")
TEST_SET_NAMES = {"tatoeba": "tatoeba-test-v2021-08-07", "ntrex": "NTREX-128", "wmt": "WMT newstest",
                  "tico": "TICO-19"}

Pairs = list[tuple[str, str]]


def _lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle]


def tatoeba(corpora: Path, source: str, target: str) -> Pairs | None:
    """Tatoeba test pairs; eng-fra also serves fr->en."""
    if source not in ISO3 or target not in ISO3:
        return None
    a, b = ISO3[source], ISO3[target]
    folder = corpora / "test" / "tatoeba" / "-".join(sorted([a, b]))
    src, ref = folder / f"{STEM}.{a}", folder / f"{STEM}.{b}"
    if not (src.is_file() and ref.is_file()):
        return None
    return list(zip(_lines(src), _lines(ref), strict=True))


def ntrex(corpora: Path, source: str, target: str) -> Pairs | None:
    """NTREX-128 pairs (the same 1,997 news sentences in every language)."""
    folder = corpora / "test" / "ntrex128"
    if source not in NTREX or target not in NTREX:
        return None
    src, ref = folder / f"ntrex.{NTREX[source]}.txt", folder / f"ntrex.{NTREX[target]}.txt"
    if not (src.is_file() and ref.is_file()):
        return None
    return list(zip(_lines(src), _lines(ref), strict=True))


def wmt(corpora: Path, source: str, target: str) -> Pairs | None:
    """WMT newstest pairs from `<a>-<b>.newstest*.tsv`, in either direction."""
    folder = corpora / "test" / "wmt"
    if source not in ISO3 or target not in ISO3 or not folder.is_dir():
        return None
    for order in ((source, target), (target, source)):
        found = sorted(folder.glob(f"{ISO3[order[0]]}-{ISO3[order[1]]}.newstest*.tsv"))
        if found:
            rows = [line.split("\t") for line in _lines(found[0])]
            pairs = [(r[0], r[1]) for r in rows if len(r) >= 2]
            return pairs if order == (source, target) else [(t, s) for s, t in pairs]
    return None


def tico(corpora: Path, source: str, target: str) -> Pairs | None:
    """TICO-19 pairs: English-X sets joined on their English sentences for X->fr."""
    folder = corpora / "test" / "tico19"

    def side(lang: str) -> dict[str, str] | None:
        if lang not in TICO or lang == "en":
            return None
        sub = folder / f"en-{TICO[lang]}"
        en, other = sub / "tico19-test.en", sub / f"tico19-test.{TICO[lang]}"
        if not (en.is_file() and other.is_file()):
            return None
        return dict(zip(_lines(en), _lines(other), strict=True))

    if source == "en" or target == "en":
        table = side(target if source == "en" else source)
        if table is None:
            return None
        return list(table.items()) if source == "en" else [(x, e) for e, x in table.items()]
    src, ref = side(source), side(target)
    if src is None or ref is None:
        return None
    return [(src[e], ref[e]) for e in src if e in ref]


READERS: dict[str, Callable[[Path, str, str], Pairs | None]] = {
    "tatoeba": tatoeba, "ntrex": ntrex, "wmt": wmt, "tico": tico}


def sample(pairs: Pairs, limit: int) -> Pairs:
    """`limit` evenly spaced pairs (all when 0): Tatoeba files are sorted, a prefix is biased."""
    if not limit or limit >= len(pairs):
        return pairs
    step = len(pairs) / limit
    return [pairs[int(i * step)] for i in range(limit)]


@dataclass
class Row:
    """One scored route on one test set."""

    pair: str
    test_set: str
    route: str
    lines: int
    bleu: float
    chrf: float
    seconds: float
    chosen: bool


def routes(engine: Engine, source: str, target: str) -> list[list[Leg]]:
    """Every direct model of the pair, then the pivot through English if both legs exist."""
    direct = [[Leg(m, source, target)] for m in engine.catalogue.models if (source, target) in m.pairs()]
    found = []
    if "en" not in (source, target):
        first, second = engine.catalogue.find(source, "en"), engine.catalogue.find("en", target)
        if first is not None and second is not None:
            found = [[Leg(first, source, "en"), Leg(second, "en", target)]]
    return direct + found


def score(engine: Engine, legs: list[Leg], pairs: Pairs) -> tuple[float, float, float]:
    """BLEU, chrF and seconds of a route on test pairs, through the engine's own code path."""
    sources, refs = [s for s, _ in pairs], [r for _, r in pairs]
    start = time.perf_counter()
    texts = [o.text for o in engine._translate_texts(legs, sources)]
    seconds = time.perf_counter() - start
    return (sacrebleu.corpus_bleu(texts, [refs]).score, sacrebleu.corpus_chrf(texts, [refs]).score,
            seconds)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_corpora = os.environ.get("PASSERELLE_CORPORA_DIR", str(ROOT.parent / "shared" / "corpora"))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=int, default=500, help="sentences per test set (0: all)")
    p.add_argument("--corpora", type=Path, default=Path(default_corpora))
    p.add_argument("--models-dir", type=Path, action="append",
                   help="model folder(s); default: the shipped models and PASSERELLE_MODELS_DIR")
    p.add_argument("--old-models", type=Path, action="append", default=[],
                   help="folder(s) of the models the current ones replace, scored beside them")
    p.add_argument("--pairs", help="comma-separated pairs, e.g. en-fr,de-fr (default: every pair)")
    p.add_argument("--sets", default=",".join(SETS), help=f"test sets among {','.join(SETS)}")
    p.add_argument("--beam-size", type=int, default=4)
    p.add_argument("--threads", type=int, default=0, help="CTranslate2 intra_threads (0: automatic)")
    p.add_argument("--json", type=Path, help="also write the rows as JSON")
    return p.parse_args(argv)


def model_dirs(args: argparse.Namespace) -> list[Path]:
    """Folders to search: the explicit ones, else the service's configured ones."""
    if args.models_dir:
        return list(args.models_dir)
    from service.config import get_settings

    return get_settings().model_dirs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = EngineOptions(beam_size=args.beam_size, intra_threads=args.threads)
    current = Catalogue.load(model_dirs(args))
    engine = Engine(current, options)
    # Old models are scored too, but only the current catalogue decides what is "chosen".
    every = Catalogue.load([*args.old_models, *model_dirs(args)])
    scoring = Engine(Catalogue({**every.by_name, **current.by_name}, every.tier), options,
                     pool=engine.pool)
    pairs = sorted(set(engine.pairs()) | {p for m in every.models for p in m.pairs()})
    if args.pairs:
        wanted = {tuple(normalise_language(x) for x in p.split("-")) for p in args.pairs.split(",")}
        pairs = [p for p in pairs if p in wanted]
    sets = [s for s in args.sets.split(",") if s in READERS]
    rows: list[Row] = []
    print(f"{'pair':<7} {'test set':<9} {'route':<34} {'lines':>5} {'BLEU':>6} {'chrF':>6} {'sec':>6}")
    for source, target in pairs:
        try:
            chosen = ">".join(leg.model.name for leg in engine.route(source, target))
        except Exception:  # noqa: BLE001 - a pair only old models translate
            chosen = ""
        for name in sets:
            test = READERS[name](args.corpora, source, target)
            if not test:
                continue
            test = sample(test, args.lines)
            for legs in routes(scoring, source, target):
                route = ">".join(leg.model.name for leg in legs)
                bleu, chrf, seconds = score(scoring, legs, test)
                row = Row(f"{source}-{target}", name, route, len(test), round(bleu, 1), round(chrf, 1),
                          round(seconds, 1), route == chosen)
                rows.append(row)
                mark = "*" if row.chosen else " "
                print(f"{row.pair:<7} {name:<9} {mark}{route:<33} {row.lines:>5} {row.bleu:>6.1f} "
                      f"{row.chrf:>6.1f} {row.seconds:>6.1f}", flush=True)
    print("* = the route the catalogue picks for the pair")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
