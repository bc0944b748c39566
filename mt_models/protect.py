"""Tokens that must cross machine translation verbatim: identifiers, numbers, dates, addresses.

`protect` swaps each such token for a numbered placeholder the models copy through;
`restore` puts the originals back. `placeholders_intact` tells whether the model kept every
placeholder exactly once, so the engine can fall back when it did not (see engine.py).

The patterns here find what has a fixed shape (numbers, dates, identifiers, e-mails, URLs). What needs
a detector (names, addresses, institutions) comes from the caller as `Span`s, which win over the
patterns where they overlap; a span may carry the text the draft should show instead (an exonym).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mt_models import dates

# Placeholder shape: chosen because the shipped models copy it through unchanged (see
# tests/mt_models/test_real_models.py); restore accepts spacing the decoder may add.
PLACEHOLDER = "[{n}]"
PLACEHOLDER_RE = re.compile(r"\[\s*(\d{1,3})\s*\]")

_SP = r"[ \u00a0\u202f]"  # ordinary, no-break and narrow no-break spaces
_PATTERNS = [
    ("placeholder", PLACEHOLDER_RE.pattern),
    # Inline codes of XLIFF and TMX segments as the service keeps them in text ("<g1>", "</g1>", "<x2/>"):
    # formatting the deliverable needs back, never words to translate.
    ("inline", r"</?g\d{1,3}>|<x\d{1,3}/>"),
    # Masked values and memory placeholders of the entity library ("⟦PERSON_1⟧") cross as they are.
    ("entity_placeholder", r"⟦[^⟦⟧\n]{1,40}⟧"),
    ("url", r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]"),
    ("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ("iban", rf"\b[A-Z]{{2}}\d{{2}}(?:{_SP}?[A-Z0-9]{{4}}){{2,7}}(?:{_SP}?[A-Z0-9]{{1,3}})?\b"),
    # French NIR: sex, year, month, department (2A/2B for Corsica), commune, order, key.
    ("nir", rf"\b[1-478]{_SP}?\d{{2}}{_SP}?(?:0[1-9]|1[0-2]|[2-9]\d){_SP}?(?:\d{{2}}|2[AB])"
            rf"{_SP}?\d{{3}}{_SP}?\d{{3}}(?:{_SP}?\d{{2}})?\b"),
    # German Rentenversicherungsnummer: area, birth date, initial, serial and check digit.
    ("rvnr", rf"\b\d{{2}}{_SP}?\d{{6}}{_SP}?[A-Z]{_SP}?\d{{3}}\b"),
    # Case and file references such as TR-2026-000123 or CPAM/2025/17.
    ("reference", r"\b[A-Z][A-Z0-9]{0,9}(?:[-/][A-Z0-9]+)*[-/]\d[\dA-Z]*(?:[-/][A-Z0-9]+)*\b"),
    # EU coordination forms (E 104, S1, A1, DA1, U1...) keep their codes in every language.
    ("form", r"\b(?:E[ ]?[1-4]\d{2}|DA[ ]?\d|[ASPU]\d{1,2})\b"),
    ("word_date", dates.WORD_DATE.pattern),
    ("date", r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\b"),
    ("time", r"\b(?:[01]?\d|2[0-3])[:h][0-5]\d\b"),
    ("phone", rf"(?:\+\d{{2,3}}{_SP}?\d(?:[ .]?\d{{2}}){{4}}|\b0\d(?:[ .]?\d{{2}}){{4}})\b"),
    # Amounts and plain numbers, with their currency or percent sign; never inside a word.
    ("amount", rf"(?<![\w.,])(?:[€$£]{_SP}?\d[\d.,]*\d|\d{{1,3}}(?:{_SP}\d{{3}})+(?:[.,]\d+)?"
               rf"(?:{_SP}?(?:€|EUR|CHF|%))?|\d+(?:[.,]\d+)*(?:{_SP}?(?:€|EUR|CHF|%))?)(?![\w])"),
]
_PROTECTED = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS))
# The pattern names above as the entity kinds callers use (person, address... come from their spans).
KINDS = {"placeholder": "number", "inline": "inline", "url": "url", "email": "email", "iban": "identifier",
         "nir": "identifier", "rvnr": "identifier", "reference": "identifier", "form": "identifier",
         "word_date": "date", "date": "date", "time": "number", "phone": "identifier", "amount": "amount"}
_AMOUNT_SIGN = re.compile(r"[€$£%]|EUR|CHF")


@dataclass(frozen=True)
class Span:
    """A protected stretch of a text: `text[start:end]`, its kind, and what a draft shows for it.

    `output` is None when the draft carries the source text verbatim; otherwise the replacement
    (e.g. the French exonym of a city). `value` is the caller's normalised value, if it has one (a date
    as ISO 8601, an amount as a plain decimal): this library only carries it.
    """

    start: int
    end: int
    kind: str = "entity"
    output: str | None = None
    value: str | None = None

    def shown(self, text: str) -> str:
        """What the draft carries for this span of `text`."""
        return text[self.start:self.end] if self.output is None else self.output


def find(text: str, spans: Sequence[Span] = ()) -> list[Span]:
    """Every protected span of `text`, in order: the caller's spans, then the patterns' outside them."""
    given = sorted((s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in given:  # overlapping caller spans: the first (longest at a start) wins
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    found = list(kept)
    for match in _PROTECTED.finditer(text):
        start, end = match.span()
        if any(s.start < end and start < s.end for s in kept):
            continue
        kind = KINDS[match.lastgroup or "amount"]
        if kind == "amount" and not _AMOUNT_SIGN.search(match.group(0)):
            kind = "number"
        found.append(Span(start, end, kind))
    return sorted(found, key=lambda s: s.start)


def protect(text: str, spans: Sequence[Span] = ()) -> tuple[str, list[str]]:
    """Replace protected tokens with placeholders; return the masked text and what each stands for."""
    found = find(text, spans) if spans else None
    if found is None:  # the common case, kept on one regex pass
        tokens: list[str] = []

        def swap(match: re.Match[str]) -> str:
            tokens.append(match.group(0))
            return PLACEHOLDER.format(n=len(tokens) - 1)

        return _PROTECTED.sub(swap, text), tokens
    parts, at = [], 0
    for n, span in enumerate(found):
        parts += [text[at:span.start], PLACEHOLDER.format(n=n)]
        at = span.end
    parts.append(text[at:])
    return "".join(parts), [span.shown(text) for span in found]


def placeholders_intact(translated: str, tokens: list[str]) -> bool:
    """Whether every placeholder appears exactly once and no unknown one appears."""
    seen = [int(m.group(1)) for m in PLACEHOLDER_RE.finditer(translated)]
    return sorted(seen) == list(range(len(tokens)))


def restore(translated: str, tokens: list[str], *, language: str | None = None) -> str:
    """Put the protected tokens back; a token the model dropped is appended, never lost.

    With the target `language`, dates written with a month name come back in that language's form.
    """
    tokens = [dates.localise(token, language) for token in tokens]
    used: set[int] = set()

    def back(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n >= len(tokens) or n in used:
            return ""  # an invented or repeated placeholder carries no source token
        used.add(n)
        return tokens[n]

    text = PLACEHOLDER_RE.sub(back, translated)
    missing = [tokens[n] for n in range(len(tokens)) if n not in used]
    if missing:
        text = " ".join([text.rstrip(), *missing]).strip()
    return re.sub(r"  +", " ", text) if missing or len(used) < len(tokens) else text


def split_at_placeholders(masked: str) -> list[str]:
    """Split masked text into alternating text and placeholder parts (text first)."""
    return PLACEHOLDER_RE.split(masked)
