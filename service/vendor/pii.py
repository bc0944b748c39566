"""Masking of personal identifiers a vendor does not need: NIR, IBAN, e-mail, phone numbers.

Placeholders are numbered in order of first appearance in the source segments, so the same mapping
is rebuilt at import time from the source text alone: no identifier is stored anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Order matters: an IBAN or a NIR contains digit runs that the phone pattern would also take.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")),
    ("nir", re.compile(r"\b[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2A|2B)[ .]?\d{3}"
                       r"[ .]?\d{3}(?:[ .]?\d{2})?\b")),
    ("phone", re.compile(r"(?<![\w+])(?:\+\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\d{2,4}){2,5}"
                         r"|0\d(?:[ .-]?\d{2}){4})\b")),
]
PLACEHOLDER = re.compile(r"\[PII-(\d+)\]")


def placeholder(n: int) -> str:
    """The placeholder for the n-th masked value."""
    return f"[PII-{n}]"


@dataclass
class Mask:
    """The values found in a document's source and their placeholders."""

    by_value: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    @property
    def by_placeholder(self) -> dict[str, str]:
        """Placeholder -> original value, for restoring."""
        return {p: v for v, p in self.by_value.items()}

    def apply(self, text: str) -> str:
        """`text` with every known value replaced by its placeholder (longest values first)."""
        for value in sorted(self.by_value, key=len, reverse=True):
            text = text.replace(value, self.by_value[value])
        return text

    def restore(self, text: str) -> str:
        """`text` with placeholders turned back into the values."""
        values = self.by_placeholder
        return PLACEHOLDER.sub(lambda m: values.get(m.group(0), m.group(0)), text)


def build_mask(sources: Iterable[str]) -> Mask:
    """Find identifiers in the source segments and number them in order of appearance."""
    mask = Mask()
    for text in sources:
        for kind, value in _matches(text):
            if value not in mask.by_value and not _inside_known(value, mask):
                mask.by_value[value] = placeholder(len(mask.by_value) + 1)
                mask.kinds[value] = kind
    return mask


def _matches(text: str) -> list[tuple[str, str]]:
    """Non-overlapping (kind, value) matches in reading order; earlier patterns win overlaps."""
    found = [(rank, m.start(), m.end(), kind, m.group(0))
             for rank, (kind, pattern) in enumerate(PATTERNS) for m in pattern.finditer(text)]
    taken: list[tuple[int, int, str, str]] = []
    for _, start, end, kind, value in sorted(found):
        if all(end <= s or start >= e for s, e, _, _ in taken):
            taken.append((start, end, kind, value))
    return [(kind, value) for _, _, kind, value in sorted(taken)]


def _inside_known(value: str, mask: Mask) -> bool:
    return any(value in known for known in mask.by_value)


def placeholders_in(text: str) -> set[str]:
    """The placeholders that `text` contains."""
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}
