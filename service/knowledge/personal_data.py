"""What the expert must remove before publishing: persons, dates of birth, identifiers.

The seam for the personal-data detector: `find()` is what the publishing screen highlights. It asks
the `entities` library (the drafts and privacy issues' detector) when it is installed, and falls
back on the identifiers the vendor packages already mask (NIR, IBAN, e-mail, phone) plus dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.vendor import pii

DATE = re.compile(r"\b(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)\d{2}\b")


@dataclass(frozen=True)
class Finding:
    """A span of text that looks like personal data."""

    start: int
    end: int
    kind: str
    text: str


def find(text: str) -> list[Finding]:
    """Spans of `text` that look like personal data, in order, without overlaps."""
    found = _from_entities(text)
    if found is None:
        found = [Finding(m.start(), m.end(), kind, m.group(0)) for kind, pattern in pii.PATTERNS
                 for m in pattern.finditer(text)]
        found += [Finding(m.start(), m.end(), "date", m.group(0)) for m in DATE.finditer(text)]
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def _from_entities(text: str) -> list[Finding] | None:
    """The `entities` library's findings (persons, birth dates, identifiers), or None when not installed."""
    try:
        import entities  # type: ignore[import-not-found]  # noqa: F401  (built by the entities issue)
    except ImportError:
        return None
    detect = getattr(entities, "detect", None)
    if detect is None:
        return None
    return [Finding(e.start, e.end, str(e.kind), text[e.start:e.end]) for e in detect(text)]
