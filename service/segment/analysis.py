"""What the entity detector found in a segment, and what drafting does with it.

Every protected span (names, addresses, institutions, identifiers, dates, amounts, numbers, e-mails,
URLs) is kept on the segment as an entity; a line made only of them (a letterhead, an address block,
a reference line) is copied rather than translated; a city with a target-language exonym is drafted
with it, and the segment says so in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mt_models.protect import Span
from service import engines

EXONYM = "exonym"
# Glossary hits of institutions: advice, not a rule (QA never asks for the designation).
DESIGNATION = "designation"
# A note on a draft naming someone its source does not (a model's invention, or a memory sentence's).
FOREIGN_NAMES = "names_not_in_source"
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?]\s)\b[^\W\d_][^\W\d_'’-]*")


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
             if e["kind"] == "address" and e["shown"] != e["text"]]
    copied = engines.only_entities(text, source=source, spans=spans, subject=subject)
    return Analysis(spans=spans, entities=entities, only_entities=copied, notes=notes)


def designations(facts: Analysis, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A glossary hit per institution of the gazetteer that no termbase hit covers already: its name stays,
    its French designation is offered."""
    covered = [(h.get("start") or 0, h.get("end") or 0) for h in hits]
    offered = []
    for entity in facts.entities:
        if entity["kind"] != "institution" or any(a < entity["end"] and entity["start"] < b for a, b in covered):
            continue
        french = engines.designation(entity["text"])
        if french:
            offered.append({"source_term": entity["text"], "matched": entity["text"], "targets": [french],
                            "start": entity["start"], "end": entity["end"], "status": DESIGNATION})
    return offered


def foreign_names(source: str, draft: str, *, target: str) -> list[dict[str, Any]]:
    """A note listing the people a draft names that its source does not, if any."""
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", source)}
    # Only a capitalised word the source lacks can start such a name: most drafts need no detection.
    if all(m.group(0).casefold() in words for m in _CAPITALISED.finditer(draft) if m.group(0)[0].isupper()):
        return []
    names = [n for n in engines.names_in(draft, target)
             if not all(w.casefold() in words for w in re.findall(r"[^\W\d_]+", n))]
    return [{"code": FOREIGN_NAMES, "names": names}] if names else []
