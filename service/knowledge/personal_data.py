"""What the expert must remove before publishing: persons, dates of birth, identifiers, contact details.

The one entity detector of the service (`engines.protected_spans`, which the drafts and privacy issues
grow with names and addresses) finds the spans; what is not about a person (amounts, plain numbers,
URLs, institutions) is left out. The publishing screen highlights the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from service import engines

NOT_PERSONAL = frozenset({"number", "amount", "url", "institution", "entity"})


@dataclass(frozen=True)
class Finding:
    """A span of text that looks like personal data."""

    start: int
    end: int
    kind: str
    text: str


def find(text: str) -> list[Finding]:
    """Spans of `text` that look like personal data, in order."""
    spans = engines.protected_spans(text, source="fr", target="fr")
    return [Finding(s.start, s.end, s.kind, text[s.start:s.end]) for s in spans if s.kind not in NOT_PERSONAL]
