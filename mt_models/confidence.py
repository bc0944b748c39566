"""How far a machine draft can be trusted: a confidence in [0, 1] from the model's score and cheap checks.

The signals are the model's mean token log-probability, how much shorter or longer the draft is than
its source, source words left untranslated, repeated words, protected tokens the model lost, whether
the draft is in the target language (lingua), and how familiar the source is to the model (pieces
per word). A logistic fit turns them into a confidence; its parameters are data
(`calibration.json`), written by `scripts/eval_drafts.py --calibrate` from held-out sentences and
their sentence chrF, so the confidence reads as the expected chrF / 100 of the draft. The same file
holds the threshold below which the service holds a draft back.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mt_models.protect import PLACEHOLDER_RE

SHIPPED = Path(__file__).resolve().parent / "calibration.json"
FEATURES = ("score", "shorter", "longer", "copied", "repeated", "language", "log_words", "source_pieces",
            "target_pieces", "fallback", "limit",
            # Products and squares: a low score matters more on a long sentence, a short draft more so too.
            "score_sq", "score_x_words", "shorter_sq", "language_sq", "score_x_language", "pieces_x_words",
            "shorter_x_words")
# lingua's names of the languages the service translates (the detector is limited to these).
LINGUA = {"fr": "FRENCH", "en": "ENGLISH", "de": "GERMAN", "es": "SPANISH", "it": "ITALIAN",
          "pt": "PORTUGUESE", "pl": "POLISH", "ro": "ROMANIAN", "nl": "DUTCH", "ar": "ARABIC", "tr": "TURKISH"}

_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class Fit:
    """One logistic fit: standardise each signal, weigh, add the bias, squash to (0, 1)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    sentences: int = 0

    def confidence(self, signals: Mapping[str, float]) -> float:
        """The calibrated confidence of a draft with these signals."""
        z = self.bias + sum(w * (signals.get(name, 0.0) - m) / s for name, m, s, w in
                            zip(FEATURES, self.mean, self.scale, self.weights, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def as_dict(self) -> dict[str, Any]:
        """The fit as stored in the calibration file."""
        return {"mean": list(self.mean), "scale": list(self.scale), "weights": list(self.weights),
                "bias": self.bias, "sentences": self.sentences}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fit:
        """A fit read back from the calibration file."""
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["bias"]),
                   int(data.get("sentences", 0)))


@dataclass(frozen=True)
class Calibration:
    """Fits per model (a pivot route is named "first>second"), a pooled fit for the others, the threshold."""

    default: Fit
    threshold: float
    models: dict[str, Fit] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)

    def confidence(self, model: str, signals: Mapping[str, float]) -> float:
        """The confidence of a draft of `model` (the pooled fit for a model calibrated on nothing)."""
        return round(self.models.get(model, self.default).confidence(signals), 4)

    def dump(self, path: Path) -> None:
        """Write the calibration file (features listed, so a stale file is refused on load)."""
        data = {"features": list(FEATURES), "threshold": self.threshold, "provenance": self.provenance,
                "default": self.default.as_dict(),
                "models": {name: fit.as_dict() for name, fit in sorted(self.models.items())}}
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Calibration | None:
        """The calibration in `path`; None when the file is absent or made for other signals."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        if tuple(data.get("features", ())) != FEATURES:
            return None
        return cls(default=Fit.from_dict(data["default"]), threshold=float(data["threshold"]),
                   models={k: Fit.from_dict(v) for k, v in data.get("models", {}).items()},
                   provenance=dict(data.get("provenance", {})))


@lru_cache(maxsize=1)
def shipped() -> Calibration | None:
    """The calibration shipped with the library (None if it was removed)."""
    return Calibration.load(SHIPPED)


def signals(source: str, draft: str, *, score: float | None, target: str, source_pieces: int,
            target_pieces: int, warnings: Sequence[str] = ()) -> dict[str, float]:
    """The cheap checks on one draft, as numbers (see FEATURES).

    `source` and `draft` are compared with their protected tokens still as placeholders, so a long
    IBAN restored into the draft does not read as a longer translation.
    """
    src = PLACEHOLDER_RE.sub(" ", source)
    ratio = math.log((len(draft) + 1) / (len(source) + 1))
    lower = [w for w in _WORD.findall(src) if w.islower()]
    drafted = {w.casefold() for w in _WORD.findall(draft)}
    words = draft.casefold().split()
    source_words = max(len(source.split()), 1)
    found = {
        "score": score if score is not None else -1.0,
        "shorter": min(ratio, 0.0),
        "longer": max(ratio, 0.0),
        "copied": sum(w in drafted for w in lower) / len(lower) if lower else 0.0,
        "repeated": 1.0 - len(set(words)) / len(words) if words else 1.0,
        "language": language_share(PLACEHOLDER_RE.sub(" ", draft), target),
        "log_words": math.log(source_words + 1),
        "source_pieces": source_pieces / source_words,
        "target_pieces": target_pieces / max(len(words), 1),
        "fallback": 1.0 if "placeholder_fallback" in warnings else 0.0,
        "limit": 1.0 if "decoding_limit" in warnings else 0.0,
    }
    found.update(score_sq=found["score"] ** 2, score_x_words=found["score"] * found["log_words"],
                 shorter_sq=found["shorter"] ** 2, language_sq=found["language"] ** 2,
                 score_x_language=found["score"] * found["language"],
                 pieces_x_words=found["source_pieces"] * found["log_words"],
                 shorter_x_words=found["shorter"] * found["log_words"])
    return found


def language_share(text: str, language: str) -> float:
    """lingua's confidence (0-1) that `text` is in `language`, among the languages the service translates."""
    if language not in LINGUA or not any(ch.isalpha() for ch in text):
        return 0.0
    from lingua import Language

    # The one language's value (the same as its entry among all values, at a sixth of the cost).
    return float(_detector().compute_language_confidence(text, getattr(Language, LINGUA[language])))


@lru_cache(maxsize=1)
def _detector() -> Any:
    # Imported here: only drafting with confidence needs lingua. Low-accuracy mode (trigrams) loads in
    # about a second and is cheap per call; on one short sentence it still tells French from German.
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LINGUA.values()]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
