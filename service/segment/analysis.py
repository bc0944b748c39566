"""What the entity detector found in a segment, and what drafting does with it.

Every protected span (names, addresses, institutions, identifiers, dates, amounts, numbers, e-mails,
URLs) is kept on the segment as an entity; a line made only of them (a letterhead, an address block,
a reference line) is copied rather than translated; a city with a target-language exonym is drafted
with it, and the segment says so in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mt_models.protect import Span
from service import engines

EXONYM = "exonym"


@dataclass(frozen=True)
class Analysis:
    """A segment's protected spans, as stored entities, with the notes drafting adds."""

    spans: list[Span]
    entities: list[dict[str, Any]]
    only_entities: bool
    notes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def protected(self) -> list[str]:
        """The texts a draft must carry for each span (QA checks they survive)."""
        return [e["shown"] for e in self.entities]


def analyse(text: str, *, source: str, target: str, subject: engines.Subject | None = None) -> Analysis:
    """The protected spans of `text`, as entities, and whether the line is nothing but entities."""
    spans = engines.protected_spans(text, source=source, target=target, subject=subject)
    entities = [{"text": text[s.start:s.end], "kind": s.kind, "start": s.start, "end": s.end,
                 "shown": s.shown(text)} for s in spans]
    notes = [{"code": EXONYM, "source": e["text"], "target": e["shown"]} for e in entities
             if e["shown"] != e["text"]]
    return Analysis(spans=spans, entities=entities, only_entities=_only_entities(text, spans), notes=notes)


def _only_entities(text: str, spans: list[Span]) -> bool:
    """Whether nothing but entities and punctuation is left to translate (and there is some entity)."""
    if not spans or not text.strip():
        return False
    rest, at = [], 0
    for span in spans:
        rest.append(text[at:span.start])
        at = span.end
    rest.append(text[at:])
    return not any(ch.isalpha() for ch in "".join(rest))
