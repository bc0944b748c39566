"""What the expert must remove before publishing: persons, addresses, identifiers, contact details, dates.

The library `entities` (the one detector of drafting and masking, reached through `service.engines`)
finds them; the publishing screen highlights each one and refuses to publish until they are removed
or the expert confirms they are not personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from service import engines


@dataclass(frozen=True)
class Finding:
    """A span of text that looks like personal data."""

    start: int
    end: int
    kind: str
    text: str


def find(text: str) -> list[Finding]:
    """Spans of `text` (a French answer) that look like personal data, in order."""
    return [Finding(e.start, e.end, e.kind, text[e.start:e.end]) for e in engines.personal_entities(text, lang="fr")]
