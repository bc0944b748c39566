"""Memory entries hold typed placeholders, not values: "Herr ⟦PERSON_1⟧, geboren am ⟦DATE_1⟧".

A confirmed segment is remembered with every protected value (names, addresses, identifiers, dates,
amounts, numbers...) of its source replaced by a placeholder, and the same values found again in its
translation replaced by the same placeholders: verbatim, as an exonym, or written another way (the
entity detector's normalised values: "03.06.1961" is "3 juin 1961", "1.234,56 €" is "1 234,56 €").
So no person accumulates in the memory, a lookup compares sentences whatever their values, and a match
is filled with the NEW source's values. A translation whose values cannot all be found, or that holds a
value absent from its source, is not remembered: it would bring that value into another document.
The placeholders have the entity library's shape (⟦KIND_n⟧), named after the value's kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mt_models import dates
from mt_models.protect import Span

PLACEHOLDER = "⟦{name}⟧"
PLACEHOLDER_RE = re.compile(r"⟦\s*([A-Z]+_\d+)\s*⟧")
# Kinds kept in the memory as they are: nothing personal, and a match needs no new value for them.
KEPT_KINDS = frozenset({"institution"})
_ISO_DATE = re.compile(r"(\d{4}|-)-(\d{2})-(\d{2})")
_NUMERIC_DATE = re.compile(r"\d{1,2}([./-])\d{1,2}\1\d{2,4}")

# Finds the values of a text in a language: (start, end, kind, normalised value) as Spans.
Detector = Callable[[str, str], Sequence[Span]]


@dataclass(frozen=True)
class Value:
    """A source value: its placeholder name ("DATE_1"), kind, text, what a draft shows, normalised value."""

    name: str
    kind: str
    text: str
    shown: str
    norm: str | None = None


@dataclass(frozen=True)
class Masked:
    """A segment with its values replaced by placeholders; the same value twice gets the same placeholder."""

    text: str
    values: tuple[Value, ...]

    def by_name(self) -> dict[str, Value]:
        """The values by placeholder name."""
        return {v.name: v for v in self.values}


def mask(text: str, spans: Sequence[Span]) -> Masked:
    """`text` with each span (but kept kinds) replaced by its typed placeholder."""
    values: dict[tuple[str, str], Value] = {}
    counts: dict[str, int] = {}
    parts, at = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.kind in KEPT_KINDS or span.start < at:
            continue
        raw = text[span.start:span.end]
        key = (span.kind, " ".join(raw.casefold().split()))
        if key not in values:
            kind = span.kind.upper()
            counts[kind] = counts.get(kind, 0) + 1
            values[key] = Value(f"{kind}_{counts[kind]}", span.kind, raw, span.shown(text), span.value)
        parts += [text[at:span.start], PLACEHOLDER.format(name=values[key].name)]
        at = span.end
    parts.append(text[at:])
    return Masked("".join(parts), tuple(values.values()))


def mask_target(target: str, source: Masked, *, target_lang: str, detect: Detector) -> str | None:
    """The translation with the source's values as placeholders; None if one is missing or one is left over."""
    out, missing = target, []
    for value in sorted(source.values, key=lambda v: -len(v.text)):  # "12.03.2024" before "12"
        out, found = _replace_written(out, value, target_lang)
        if not found:
            missing.append(value)
    if missing:  # written another way: the same date, amount or identifier by its normalised value
        out, missing = _replace_same_value(out, missing, target_lang, detect)
    if missing:
        return None
    # A value the source does not have must not be reused; one the source has as it is (a form code the
    # detector saw only in the translation's words) comes back with the same sentence.
    left = [s for s in detect(PLACEHOLDER_RE.sub(_blank, out), target_lang)
            if s.kind not in KEPT_KINDS and not _literally_in(out[s.start:s.end], source.text)]
    return None if left else out


def fill(masked_target: str, values: Mapping[str, Value], *, target_lang: str) -> tuple[str, list[str]]:
    """A stored translation with the new source's values in; the placeholders nothing fills stay, listed."""
    unfilled: list[str] = []

    def put(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if value is None:
            unfilled.append(match.group(0))
            return match.group(0)
        return written(value, target_lang)

    return PLACEHOLDER_RE.sub(put, masked_target), unfilled


def written(value: Value, target_lang: str) -> str:
    """A value as the target text writes it: dates in the target's form, everything else as the draft shows it."""
    if value.kind != "date":
        return value.shown
    iso = _ISO_DATE.fullmatch(value.norm or "")
    if iso is None:
        return dates.localise(value.shown, target_lang)
    year, month, day = (None if iso.group(1) == "-" else int(iso.group(1))), int(iso.group(2)), int(iso.group(3))
    numeric = _NUMERIC_DATE.fullmatch(value.shown.strip())
    if numeric is not None:  # 03.06.1961 -> 03/06/1961 in French, the digits as the source wrote them
        return value.shown.strip().replace(numeric.group(1), "/") if target_lang == "fr" else value.shown
    if year is None:
        whole = dates.write(day, month, 2000, target_lang)  # a day and a month: "1er mars"
        return whole.rsplit(" ", 1)[0].removesuffix(" de") if whole else value.shown
    return dates.write(day, month, year, target_lang) or value.shown


def _literally_in(value: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text) is not None


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _replace_written(text: str, value: Value, target_lang: str) -> tuple[str, bool]:
    """`text` with `value` as written in the source, the draft or the target's form replaced by its placeholder."""
    placeholder, found = PLACEHOLDER.format(name=value.name), False
    for rendering in dict.fromkeys([value.text, value.shown, written(value, target_lang)]):
        pattern = re.compile(r"(?<!\w)" + r"\s*".join(map(re.escape, rendering.split())) + r"(?!\w)",
                             re.IGNORECASE if value.kind in ("person", "address") else 0)
        text, n = pattern.subn(placeholder, text)
        found = found or n > 0
    return text, found


def _replace_same_value(text: str, missing: list[Value], target_lang: str,
                        detect: Detector) -> tuple[str, list[Value]]:
    """`text` with the entities whose normalised value is a missing value's replaced; what is still missing."""
    by_norm: dict[tuple[str, str | None], Value] = {(v.kind, v.norm): v for v in missing if v.norm}
    hits = [(s, by_norm[(s.kind, s.value)]) for s in detect(PLACEHOLDER_RE.sub(_blank, text), target_lang)
            if (s.kind, s.value) in by_norm]
    for span, value in sorted(hits, key=lambda h: -h[0].start):
        text = text[:span.start] + PLACEHOLDER.format(name=value.name) + text[span.end:]
    placed = {value.name for _, value in hits}
    return text, [v for v in missing if v.name not in placed]
