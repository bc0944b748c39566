#!/usr/bin/env python
"""How well draft confidence ranks machine drafts, per pair, on Tatoeba, NTREX-128 and TICO-19.

For every pair the engine translates and every test set that has it, prints: sentences, Spearman
correlation between confidence and sentence chrF (sacrebleu), the share of drafts shown (confidence at
or above the threshold), and the mean sentence chrF of shown and of hidden drafts.

Each test set is cut in two by a hash of the source sentence: `--calibrate` fits the confidence
(a logistic fit per model, and one pooled over all models for models calibrated on nothing) on the
calibration half, picks the threshold there, and writes them to mt_models/calibration.json; the
figures are always measured on the other half. Re-run `--calibrate` whenever models change.

    python scripts/eval_drafts.py --calibrate --lines 1000
    python scripts/eval_drafts.py --lines 1000
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import sacrebleu  # noqa: E402

from mt_models import Catalogue, Engine, EngineOptions  # noqa: E402
from mt_models.confidence import FEATURES, SHIPPED, Calibration, Fit  # noqa: E402

ISO3 = {"ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "nl": "nld",
        "pl": "pol", "pt": "por", "ro": "ron", "tr": "tur"}
NTREX = {"ar": "arb", "de": "deu", "en": "eng-US", "es": "spa", "fr": "fra", "it": "ita", "nl": "nld",
         "pl": "pol", "pt": "por", "ro": "ron", "tr": "tur"}
TICO = {"fr": "en-fr/tico19-test.fr", "es": "en-es_LA/tico19-test.es_LA", "pt": "en-pt_BR/tico19-test.pt_BR",
        "ar": "en-ar/tico19-test.ar"}
SETS = ("tatoeba", "ntrex", "tico")
# A draft worth revising: at this sentence chrF a translator edits rather than retypes. The threshold is
# the confidence that best tells such drafts from the others on the calibration half (Youden's J).
USABLE_CHRF = 40.0
MIN_MODEL_SENTENCES = 300  # fewer calibration sentences for a model: it uses the pooled fit
L2 = 1e-3


@dataclass(frozen=True)
class Scored:
    """One drafted test sentence: its signals, confidence and sentence chrF."""

    model: str
    signals: dict[str, float]
    confidence: float | None
    chrf: float


def read(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle]


def test_set(corpora: Path, name: str, source: str, target: str) -> tuple[list[str], list[str]] | None:
    """(sources, references) of one test set for a pair, or None where the set lacks the pair."""
    test = corpora / "test"
    if name == "tatoeba" and source in ISO3 and target in ISO3:
        a, b = ISO3[source], ISO3[target]
        folder = test / "tatoeba" / "-".join(sorted([a, b]))
        files = folder / f"tatoeba-test-v2021-08-07.{a}", folder / f"tatoeba-test-v2021-08-07.{b}"
        return (read(files[0]), read(files[1])) if all(f.is_file() for f in files) else None
    if name == "ntrex" and source in NTREX and target in NTREX:
        files = test / "ntrex128" / f"ntrex.{NTREX[source]}.txt", test / "ntrex128" / f"ntrex.{NTREX[target]}.txt"
        return (read(files[0]), read(files[1])) if all(f.is_file() for f in files) else None
    if name == "tico":
        sides = {lang: _tico_side(test / "tico19", lang) for lang in (source, target)}
        if any(side is None for side in sides.values()):
            return None
        src, ref = sides[source], sides[target]
        assert src is not None and ref is not None
        shared = [en for en in src if en in ref]  # aligned through their common English sentences
        return [src[en] for en in shared], [ref[en] for en in shared]
    return None


def _tico_side(folder: Path, lang: str) -> dict[str, str] | None:
    """A TICO-19 language by its English sentence (English itself maps to itself)."""
    if lang == "en":
        path = folder / "en-fr" / "tico19-test.en"
        return {line: line for line in read(path)} if path.is_file() else None
    if lang not in TICO:
        return None
    path = folder / TICO[lang]
    english = path.parent / "tico19-test.en"
    if not path.is_file() or not english.is_file():
        return None
    return dict(zip(read(english), read(path), strict=True))


def part(sentence: str) -> str:
    """Which half a test sentence belongs to: a hash, so the split is the same on every run."""
    return "calibration" if hashlib.blake2b(sentence.encode()).digest()[0] % 2 == 0 else "evaluation"


def sample(pairs: list[tuple[str, str]], half: str, lines: int) -> list[tuple[str, str]]:
    """`lines` evenly spaced pairs of one half (the files are sorted: a prefix would be biased)."""
    chosen = [(s, r) for s, r in pairs if s.strip() and r.strip() and part(s) == half]
    if lines and len(chosen) > lines:
        step = len(chosen) / lines
        chosen = [chosen[int(i * step)] for i in range(lines)]
    return chosen


def score_set(engine: Engine, pairs: list[tuple[str, str]], source: str, target: str) -> list[Scored]:
    """Draft the sources and score each draft against its reference."""
    drafts = engine.translate_batch([s for s, _ in pairs], source=source, target=target)
    return [Scored(d.model, dict(d.signals), d.confidence, sacrebleu.sentence_chrf(d.text, [ref]).score)
            for d, (_, ref) in zip(drafts, pairs, strict=True) if d.signals]


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged (sentence chrF is often exactly 0)."""
    order = values.argsort(kind="stable")
    out = np.empty(len(values))
    out[order] = np.arange(len(values))
    for value in np.unique(values):
        tied = values == value
        out[tied] = out[tied].mean()
    return out


def spearman(a: list[float], b: list[float]) -> float:
    if len(a) < 3:
        return float("nan")
    x, y = ranks(np.asarray(a, dtype=float)), ranks(np.asarray(b, dtype=float))
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def fit(rows: list[Scored]) -> Fit:
    """A logistic fit of chrF / 100 on the standardised signals (Newton steps, small L2 penalty)."""
    x = np.array([[r.signals[name] for name in FEATURES] for r in rows])
    y = np.array([r.chrf / 100 for r in rows])
    mean, scale = x.mean(0), x.std(0)
    scale[scale < 1e-9] = 1.0  # a signal constant here (no decoding limit hit) gets no weight
    z = np.c_[np.ones(len(x)), (x - mean) / scale]
    w = np.zeros(z.shape[1])
    penalty = L2 * np.diag([0.0] + [1.0] * len(FEATURES))
    for _ in range(100):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) / len(y) + penalty @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z / len(y) + penalty + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return Fit(tuple(mean.round(6)), tuple(scale.round(6)), tuple(w[1:].round(6)), round(float(w[0]), 6),
               sentences=len(rows))


def youden_threshold(confidences: list[float], chrfs: list[float]) -> float:
    """The confidence that best separates usable drafts (chrF >= USABLE_CHRF) from the others."""
    conf, good = np.asarray(confidences), np.asarray(chrfs) >= USABLE_CHRF
    best, at = -1.0, 0.5
    for threshold in np.arange(0.05, 0.951, 0.01):
        shown = conf >= threshold
        j = (shown & good).sum() / max(good.sum(), 1) - (shown & ~good).sum() / max((~good).sum(), 1)
        if j > best:
            best, at = j, float(threshold)
    return round(at, 2)


def calibrate(scored: dict[tuple[str, str, str], list[Scored]], lines: int) -> Calibration:
    """Fits per model and pooled, and the threshold, from the calibration half."""
    rows = [r for group in scored.values() for r in group]
    by_model: dict[str, list[Scored]] = {}
    for r in rows:
        by_model.setdefault(r.model, []).append(r)
    models = {name: fit(group) for name, group in by_model.items() if len(group) >= MIN_MODEL_SENTENCES}
    pooled = fit(rows)
    trial = Calibration(default=pooled, threshold=0.5, models=models)
    threshold = youden_threshold([trial.confidence(r.model, r.signals) for r in rows], [r.chrf for r in rows])
    provenance = {"made_by": "scripts/eval_drafts.py --calibrate", "on": date.today().isoformat(),
                  "data": "calibration half (hash of the source) of Tatoeba, NTREX-128 and TICO-19 test sets",
                  "sets": sorted(f"{s}:{p}" for p, s, _ in scored), "lines_per_set": lines,
                  "sentences": len(rows), "usable_chrf": USABLE_CHRF,
                  "target": "sentence chrF / 100 (sacrebleu)"}
    return Calibration(default=pooled, threshold=threshold, models=models, provenance=provenance)


def groups(engine: Engine, corpora: Path, pairs: list[tuple[str, str]], half: str,
           lines: int) -> Iterator[tuple[tuple[str, str, str], list[Scored]]]:
    for source, target in pairs:
        for name in SETS:
            data = test_set(corpora, name, source, target)
            if data is None:
                continue
            chosen = sample(list(zip(*data, strict=True)), half, lines)
            if chosen:
                yield (f"{source}-{target}", name, half), score_set(engine, chosen, source, target)


def report(scored: dict[tuple[str, str, str], list[Scored]], threshold: float) -> None:
    print(f"threshold {threshold:.2f} (drafts below it are held back)")
    print(f"{'pair':<7} {'set':<8} {'lines':>5} {'spearman':>8} {'shown':>6} {'chrF shown':>10} "
          f"{'chrF hidden':>11} {'gap':>6} {'mean conf':>9}")
    for (pair, name, _), rows in scored.items():
        conf = [r.confidence if r.confidence is not None else 0.0 for r in rows]
        chrf = [r.chrf for r in rows]
        shown = [c for c, k in zip(chrf, conf, strict=True) if k >= threshold]
        hidden = [c for c, k in zip(chrf, conf, strict=True) if k < threshold]
        mean_shown = sum(shown) / len(shown) if shown else float("nan")
        mean_hidden = sum(hidden) / len(hidden) if hidden else float("nan")
        print(f"{pair:<7} {name:<8} {len(rows):>5} {spearman(conf, chrf):>8.2f} {len(shown) / len(rows):>6.0%} "
              f"{mean_shown:>10.1f} {mean_hidden:>11.1f} {mean_shown - mean_hidden:>6.1f} "
              f"{sum(conf) / len(conf):>9.2f}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_corpora = os.environ.get("PASSERELLE_CORPORA_DIR", str(ROOT.parent / "shared" / "corpora"))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--calibrate", action="store_true", help=f"fit on the calibration half, write {SHIPPED.name}")
    p.add_argument("--lines", type=int, default=1000, help="sentences per set and half (0: all)")
    p.add_argument("--corpora", type=Path, default=Path(default_corpora))
    p.add_argument("--models-dir", type=Path, action="append",
                   help="model folder(s); default: the shipped models and PASSERELLE_MODELS_DIR")
    p.add_argument("--pairs", help="comma-separated pairs, e.g. en-fr,de-fr (default: every pair)")
    p.add_argument("--output", type=Path, default=SHIPPED, help="where --calibrate writes")
    p.add_argument("--threads", type=int, default=0, help="CTranslate2 intra_threads (0: automatic)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.models_dir:
        dirs = list(args.models_dir)
    else:
        from service.config import get_settings

        dirs = get_settings().model_dirs
    catalogue = Catalogue.load(dirs)
    options = EngineOptions(intra_threads=args.threads)
    engine = Engine(catalogue, options)
    pairs = engine.pairs()
    if args.pairs:
        wanted = {tuple(p.split("-")) for p in args.pairs.split(",")}
        pairs = [p for p in pairs if p in wanted]
    if args.calibrate:
        held = dict(groups(engine, args.corpora, pairs, "calibration", args.lines))
        calibration = calibrate(held, args.lines)
        calibration.dump(args.output)
        print(f"wrote {args.output}: {len(calibration.models)} model fit(s), pooled fit on "
              f"{calibration.default.sentences} sentences, threshold {calibration.threshold:.2f}")
        engine = Engine(catalogue, options, calibration=calibration)
    if engine.calibration is None:
        print(f"no calibration at {SHIPPED}: run with --calibrate first", file=sys.stderr)
        return 1
    report(dict(groups(engine, args.corpora, pairs, "evaluation", args.lines)), engine.calibration.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
