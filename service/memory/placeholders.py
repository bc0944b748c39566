"""Memory entries hold typed placeholders, not values: "Herr ⟦PERSON_1⟧, geboren am ⟦DATE_1⟧".

A confirmed segment is remembered with every protected value (names, addresses, identifiers, dates,
amounts, numbers...) of its source replaced by a placeholder, and the same values found again in its
translation (verbatim, as an exonym, a date in the target's words or another numeric form, a number
however it is grouped) replaced by the same placeholders. So no person accumulates in the memory, a
lookup compares sentences whatever their values, and a match is filled with the NEW source's values.
A translation whose values cannot all be found, or that holds a value absent from its source, is not
remembered: it would bring a value into a draft that the new source does not have.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mt_models import dates
from mt_models.protect import Span, find

PLACEHOLDER = "⟦{name}⟧"
PLACEHOLDER_RE = re.compile(r"⟦\s*([A-Z]+_\d+)\s*⟧")
_NUMERIC_DATE = re.compile(r"(?<![\d./-])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2}))"
                           r"(?![./-]?\d)")
# A number however it is grouped ("1 234,56", "1.234,56", "1234.56"), with its currency or percent sign, or
# as an ordinal ("1er mars" for "1 March": the placeholder takes the suffix, a new value is written plainly).
_NUMBER = re.compile(r"(?<![\w.,])(?:[€$£][ \u00a0\u202f]?)?(?:\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+(?:[.,]\d+)?"
                     r"|\d+(?:[.,]\d+)?)(?:[ \u00a0\u202f]?(?:€|EUR|CHF|%)|er|re|st|nd|rd|th)?(?![\w])")
# Kinds kept in the memory as they are: nothing personal, and a match needs no new value for them.
KEPT_KINDS = frozenset({"institution"})


@dataclass(frozen=True)
class Value:
    """A value of a source segment: its placeholder name ("DATE_1"), kind, text, and the text a draft shows."""

    name: str
    kind: str
    text: str
    shown: str


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
            values[key] = Value(f"{kind}_{counts[kind]}", span.kind, raw, span.shown(text))
        parts += [text[at:span.start], PLACEHOLDER.format(name=values[key].name)]
        at = span.end
    parts.append(text[at:])
    return Masked("".join(parts), tuple(values.values()))


def mask_target(target: str, source: Masked, *, target_lang: str) -> str | None:
    """The translation with the source's values as placeholders; None if one is missing or one is left over."""
    out, missing = target, []
    for value in sorted(source.values, key=lambda v: -len(v.text)):  # "12.03.2024" before "12"
        out, found = _replace_written(out, value, target_lang)
        if not found:
            missing.append(value)
    for value in missing:  # written another way: the same date or number
        out, found = _replace_same_value(out, value)
        if not found:
            return None
    if find(PLACEHOLDER_RE.sub(" ", out)):
        return None  # a number, date or identifier the source does not have: it must not be reused
    return out


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
    localised = dates.localise(value.shown, target_lang)
    if localised != value.shown:
        return localised
    numeric = _NUMERIC_DATE.fullmatch(value.shown.strip())
    if numeric and not numeric.group(1) and target_lang == "fr":
        return "/".join(numeric.group(4, 5, 6))  # 03.06.1961 -> 03/06/1961
    return value.shown


def _replace_written(text: str, value: Value, target_lang: str) -> tuple[str, bool]:
    """`text` with `value` as written in the source, the draft or the target's form replaced by its placeholder."""
    placeholder, found = PLACEHOLDER.format(name=value.name), False
    for rendering in dict.fromkeys([value.text, value.shown, written(value, target_lang)]):
        pattern = re.compile(r"(?<!\w)" + r"\s*".join(map(re.escape, rendering.split())) + r"(?!\w)",
                             re.IGNORECASE if value.kind in ("person", "address") else 0)
        text, n = pattern.subn(placeholder, text)
        found = found or n > 0
    return text, found


def _replace_same_value(text: str, value: Value) -> tuple[str, bool]:
    """`text` with a date or number equal to `value` but written otherwise ("03/06/1961") replaced."""
    if value.kind not in ("date", "amount", "number"):
        return text, False
    wanted = _key(value.text, value.kind)
    regexes = (_NUMERIC_DATE, dates.WORD_DATE) if value.kind == "date" else (_NUMBER,)
    hits = [m for regex in regexes for m in regex.finditer(text) if _key(m.group(0), value.kind) == wanted]
    for m in sorted(hits, key=lambda m: -m.start()):
        text = text[:m.start()] + PLACEHOLDER.format(name=value.name) + text[m.end():]
    return text, bool(hits)


def _key(text: str, kind: str) -> str:
    """What makes two writings the same value: the date, the digits, or the words without case and spacing."""
    if kind == "date":
        parsed = dates.parse(text)
        if parsed:
            return f"{parsed[0]}.{parsed[1]}.{parsed[2] % 100}"
        m = _NUMERIC_DATE.fullmatch(text.strip())
        if m:
            y, mo, d = m.group(1, 2, 3) if m.group(1) else m.group(6, 5, 4)
            return f"{int(d)}.{int(mo)}.{int(y) % 100}"
    if kind in ("date", "amount", "number"):
        digits = re.sub(r"\D", "", text)
        return digits.lstrip("0") or digits
    return " ".join(text.casefold().split())
