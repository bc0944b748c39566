"""The CTranslate2 drafting engine: pick a model (or pivot through English), protect, split, batch."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mt_models import confidence
from mt_models.catalogue import Catalogue, normalise_language
from mt_models.errors import UnsupportedPairError
from mt_models.loaded import ModelPool
from mt_models.manifest import ModelManifest
from mt_models.protect import (
    PLACEHOLDER,
    PLACEHOLDER_RE,
    Span,
    placeholders_intact,
    protect,
    restore,
    split_at_placeholders,
)
from mt_models.splitter import split_long
from mt_models.types import PLACEHOLDER_FALLBACK, SEGMENT_SPLIT, Draft, EngineOptions, Origin

DECODING_LIMIT = "decoding_limit"
# Once a route has lost placeholders in more than 80 % of 20 segments, its segments with
# placeholders are translated piecewise at once: one CTranslate2 pass instead of two.
LEARN_AFTER = 20
KEEP_RATE = 0.2


@dataclass(frozen=True)
class Leg:
    """One model call of a route: the model and the languages it translates between."""

    model: ModelManifest
    source: str
    target: str


@dataclass(frozen=True)
class _Output:
    """A text translated through every leg, rejoined if it had to be split."""

    text: str
    score: float | None
    split: bool
    hit_limit: bool
    tokens: int = 0


def _translatable(text: str) -> bool:
    """Whether text has words to translate (not only placeholders, digits or punctuation)."""
    return any(ch.isalpha() for ch in PLACEHOLDER_RE.sub("", text))


def _mean(scores: list[float | None], weights: list[int]) -> float | None:
    pairs = [(s, max(w, 1)) for s, w in zip(scores, weights, strict=True) if s is not None]
    if not pairs:
        return None
    return sum(s * w for s, w in pairs) / sum(w for _, w in pairs)


class Engine:
    """Translator backed by the catalogue's CTranslate2 models (see the Translator protocol)."""

    def __init__(self, catalogue: Catalogue, options: EngineOptions | None = None, *,
                 pool: ModelPool | None = None, calibration: confidence.Calibration | None = None) -> None:
        self.catalogue = catalogue
        self.options = options or EngineOptions()
        self.pool = pool or ModelPool.shared(self.options)
        # Drafts get a confidence from this calibration (the shipped one by default) unless options say not;
        # without any calibration they still carry their signals, which is what calibrating starts from.
        self.calibration = calibration or (confidence.shipped() if self.options.confidence else None)
        # Per route: segments with placeholders seen, and how many lost one (see _first_pass).
        self._placeholder_stats: dict[str, tuple[int, int]] = {}

    def pairs(self) -> list[tuple[str, str]]:
        """Every pair the engine translates: direct models, then pivots (English by default)."""
        direct = set(self.catalogue.pairs())
        pairs = set(direct)
        for pivot in self.options.pivot_languages:
            into = {s for s, t in direct if t == pivot}
            out_of = {t for s, t in direct if s == pivot}
            pairs |= {(s, t) for s in into for t in out_of if s != t}
        return sorted(pairs)

    def route(self, source: str, target: str) -> list[Leg]:
        """The model for a pair, or the two legs of a pivot; else UnsupportedPairError."""
        s, t = normalise_language(source), normalise_language(target)
        direct = self.catalogue.find(s, t) if s != t else None
        if direct is not None:
            return [Leg(direct, s, t)]
        for pivot in self.options.pivot_languages if s != t else ():
            if pivot in (s, t):
                continue
            first, second = self.catalogue.find(s, pivot), self.catalogue.find(pivot, t)
            if first is not None and second is not None:
                return [Leg(first, s, pivot), Leg(second, pivot, t)]
        raise UnsupportedPairError(s, t, self.pairs())

    def translate_batch(self, segments: Sequence[str], *, source: str, target: str,
                        spans: Sequence[Sequence[Span]] | None = None) -> list[Draft]:
        """Draft every segment; same length and order, empty or number-only segments unchanged.

        `spans[i]` are stretches of `segments[i]` the caller protects too (names, addresses...).
        """
        legs = self.route(source, target)
        origin: Origin = "mt" if len(legs) == 1 else "mt_pivot"
        name = ">".join(leg.model.name for leg in legs)
        drafts = [Draft(seg, None, origin, name) for seg in segments]
        protected = [protect(seg.strip(), _shifted(spans[i], seg) if spans else ())
                     for i, seg in enumerate(segments)]
        todo = [(i, seg) for i, seg in enumerate(segments) if _translatable(protected[i][0])]
        masked = [protected[i] for i, _ in todo]
        if not masked:
            return drafts  # nothing to translate: no model needs loading
        early = {k for k, (_, tokens) in enumerate(masked) if tokens and self._drops_placeholders(name)}
        outputs = self._first_pass(legs, [m for m, _ in masked], early)
        late = [k for k, (out, (_, tokens)) in enumerate(zip(outputs, masked, strict=True))
                if k not in early and not placeholders_intact(out.text, tokens)]
        self._learn(name, sum(1 for k, (_, t) in enumerate(masked) if t and k not in early), len(late))
        repaired = dict(zip(late, self._piecewise(legs, [masked[k][0] for k in late]), strict=True))
        for k, (i, seg) in enumerate(todo):
            out = repaired.get(k, outputs[k])
            warnings = [w for w, on in ((SEGMENT_SPLIT, out.split), (DECODING_LIMIT, out.hit_limit),
                                        (PLACEHOLDER_FALLBACK, k in early or k in repaired)) if on]
            text = restore(out.text, masked[k][1], language=normalise_language(target))
            lead, trail = seg[: len(seg) - len(seg.lstrip())], seg[len(seg.rstrip()):]
            found = self._signals(legs, masked[k][0], out, warnings) if self.options.confidence else {}
            trust = self.calibration.confidence(name, found) if self.calibration and found else None
            drafts[i] = Draft(lead + text + trail, out.score, origin, name, tuple(warnings), trust, found)
        return drafts

    def _signals(self, legs: list[Leg], masked: str, out: _Output, warnings: Sequence[str]) -> dict[str, float]:
        """The checks the confidence is computed from, on the masked source and the draft before restore."""
        pieces = self.pool.get(legs[0].model).count_tokens(masked)
        return confidence.signals(masked, out.text, score=out.score, target=legs[-1].target,
                                  source_pieces=pieces, target_pieces=out.tokens, warnings=warnings)

    def _drops_placeholders(self, route: str) -> bool:
        """Whether this route has been seen to lose placeholders so often that trying is waste."""
        seen, lost = self._placeholder_stats.get(route, (0, 0))
        return seen >= LEARN_AFTER and (seen - lost) / seen < KEEP_RATE

    def _learn(self, route: str, seen: int, lost: int) -> None:
        before = self._placeholder_stats.get(route, (0, 0))
        self._placeholder_stats[route] = (before[0] + seen, before[1] + lost)

    def _first_pass(self, legs: list[Leg], masked: list[str], early: set[int]) -> list[_Output]:
        """One CTranslate2 pass: whole segments, and `early` ones already cut at their placeholders."""
        whole = [k for k in range(len(masked)) if k not in early]
        parts = [split_at_placeholders(masked[k]) for k in sorted(early)]
        outputs = self._translate_texts(legs, [masked[k] for k in whole] + _part_texts(parts))
        result = dict(zip(whole, outputs[: len(whole)], strict=True))
        rest = iter(outputs[len(whole):])
        for k, ps in zip(sorted(early), parts, strict=True):
            result[k] = _assemble(ps, rest)
        return [result[k] for k in range(len(masked))]

    def _translate_texts(self, legs: list[Leg], texts: Sequence[str]) -> list[_Output]:
        """Translate texts through the legs, splitting over-long ones and rejoining them."""
        models = [self.pool.get(leg.model) for leg in legs]
        limit = self.options.max_segment_tokens
        splits = [split_long(text, models[0].count_tokens, limit) for text in texts]
        pieces = [piece for split in splits for piece, _ in split]
        scores: list[float | None] = [0.0] * len(pieces)
        lengths, capped = [0] * len(pieces), [False] * len(pieces)
        for leg, model in zip(legs, models, strict=True):
            hyps = model.translate(pieces, source=leg.source, target=leg.target)
            pieces = [h.text for h in hyps]
            scores = [None if a is None or h.score is None else a + h.score
                      for a, h in zip(scores, hyps, strict=True)]
            lengths = [h.tokens for h in hyps]
            capped = [c or h.hit_limit for c, h in zip(capped, hyps, strict=True)]
        outputs, at = [], 0
        for split in splits:
            end = at + len(split)
            text = "".join(p + sep for p, (_, sep) in zip(pieces[at:end], split, strict=True))
            outputs.append(_Output(text, _mean(scores[at:end], lengths[at:end]), len(split) > 1,
                                   any(capped[at:end]), sum(lengths[at:end])))
            at = end
        return outputs

    def _piecewise(self, legs: list[Leg], masked: list[str]) -> list[_Output]:
        """Fallback when a model mangled placeholders: translate the text between them alone.

        Fluency suffers (clauses lose their context), but every protected token stays in
        place; the draft carries the "placeholder_fallback" warning so the reviser checks it.
        """
        if not masked:
            return []
        parts = [split_at_placeholders(m) for m in masked]
        done = iter(self._translate_texts(legs, _part_texts(parts)))
        return [_assemble(ps, done) for ps in parts]


def _shifted(spans: Sequence[Span], segment: str) -> list[Span]:
    """The caller's spans of `segment` as offsets into the stripped segment the engine translates."""
    lead = len(segment) - len(segment.lstrip())
    return [Span(s.start - lead, s.end - lead, s.kind, s.output, s.value) for s in spans]


def _part_texts(parts: list[list[str]]) -> list[str]:
    """The texts to translate between placeholders (split_at_placeholders puts text first)."""
    return [p.strip() for ps in parts for p in ps[::2] if _translatable(p)]


def _assemble(parts: list[str], done: Iterator[_Output]) -> _Output:
    """Rebuild a segment from its translated text parts and its untouched placeholders."""
    chunks, scored = [], []
    for j, part in enumerate(parts):
        if j % 2:
            chunks.append(PLACEHOLDER.format(n=part))
        elif _translatable(part):
            out = next(done)
            scored.append(out)
            lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()):]
            chunks.append(lead + _fragment(part, out.text) + trail)
        else:
            chunks.append(part)
    score = _mean([o.score for o in scored], [1] * len(scored))
    return _Output("".join(chunks), score, any(o.split for o in scored), any(o.hit_limit for o in scored),
                   sum(o.tokens for o in scored))


def _fragment(source: str, translated: str) -> str:
    """A clause translated alone often comes back as a sentence: drop the full stop it gained."""
    if translated[-1:] in ".!?" and source.rstrip()[-1:] not in ".!?…":
        return translated.rstrip(".!? ")
    return translated
