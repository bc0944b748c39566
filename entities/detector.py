"""`detect`: every detector run on a text, overlaps resolved so that the most specific, then the longest,
entity wins, and person and address candidates cut short rather than dropped when they run into a
better entity.
"""

from __future__ import annotations

import bisect
import re

from entities import addresses, contacts, dates, identifiers, institutions, numbers, persons, references
from entities.types import DetectOptions, Entity, Hints

# Placeholders of this library's masking ("⟦PERSON_1⟧") are not entities of the text around them.
PLACEHOLDER_SPAN = re.compile(r"(?:⟦|\[\[)[^⟦⟧\[\]\n]{1,40}(?:⟧|\]\])")

_DEFAULT_OPTIONS = DetectOptions()


def _tier(entity: Entity) -> int:
    """How specific an entity is: 3 when proven (a valid checksum, a phone number libphonenumber accepts, the
    caller's hint, the gazetteer, an e-mail, a URL with its scheme), 1 when weak (a plain number, a time, a
    code-shaped reference without its cue, a bare domain), else 2 (cues and patterns)."""
    proven = (entity.source in ("checksum", "library", "hint") and entity.confidence >= 1.0
              or entity.source == "gazetteer" or entity.kind == "email"
              or (entity.kind == "url" and entity.confidence >= 1.0))
    if proven:
        return 3
    weak = (entity.kind in ("number", "url") or (entity.scheme == "reference" and entity.source == "pattern")
            or (entity.kind == "date" and (entity.value or "").startswith("T")))
    return 1 if weak else 2


def _merge_persons(candidates: list[Entity], text: str) -> list[Entity]:
    """Overlapping person candidates become one person covering them all (a hint inside a cue's name)."""
    people = sorted((e for e in candidates if e.kind == "person"), key=lambda e: e.start)
    merged: list[Entity] = []
    for person in people:
        if merged and person.start < merged[-1].end:
            last = merged.pop()
            start, end = last.start, max(last.end, person.end)
            hint = "hint" in (last.source, person.source)
            merged.append(Entity(text[start:end], "person", start, end, source="hint" if hint else last.source,
                                 confidence=max(last.confidence, person.confidence)))
        else:
            merged.append(person)
    return [e for e in candidates if e.kind != "person"] + merged


class _Taken:
    """Non-overlapping spans accepted so far, kept sorted for bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def first_overlap(self, start: int, end: int) -> tuple[int, int] | None:
        """The accepted span overlapping [start, end), if any."""
        i = bisect.bisect_right(self.starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.starts) and self.starts[j] < end and start < self.ends[j]:
                return self.starts[j], self.ends[j]
        j = bisect.bisect_left(self.starts, start)
        if j < len(self.starts) and self.starts[j] < end:
            return self.starts[j], self.ends[j]
        return None

    def add(self, start: int, end: int) -> None:
        """Accept [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


_SEPARATORS = " \t\r\n,;:-–(/)"
_TRAILING_PARTICLES = re.compile(r"(?:\s+(?:von|van|de|der|den|da|do|di|del|la|le|du|des|zu|of|the))+$")


def _cut(entity: Entity, text: str, overlap: tuple[int, int]) -> Entity | None:
    """A person or address without the part a better entity took, or None when too little is left.

    The better entity ends the candidate ("Thomas Wagner von der | Bundesagentur") or opens it (an
    institution's name on the line above an address block).
    """
    start, end = entity.start, entity.end
    if overlap[0] > start:
        end = overlap[0]
    else:
        start = overlap[1]
    raw = text[start:end]
    stripped = raw.lstrip(_SEPARATORS)
    start += len(raw) - len(stripped)
    raw = stripped.rstrip(_SEPARATORS)
    if entity.kind == "person":
        raw = _TRAILING_PARTICLES.sub("", raw)
    if len(raw) < 2 or not any(c.isalpha() for c in raw):
        return None
    return Entity(raw, entity.kind, start, start + len(raw), scheme=entity.scheme, value=entity.value,
                  country=entity.country, role=entity.role, source=entity.source, confidence=entity.confidence)


def resolve(candidates: list[Entity], text: str, blocked: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Non-overlapping entities, sorted by position: the most specific, then the longest, wins."""
    taken = _Taken()
    for start, end in blocked or ():
        taken.add(start, end)
    chosen: list[Entity] = []
    for entity in sorted(_merge_persons(candidates, text), key=lambda e: (-_tier(e), -(e.end - e.start), e.start)):
        overlap = taken.first_overlap(entity.start, entity.end)
        while overlap is not None and entity.kind in ("person", "address"):
            cut = _cut(entity, text, overlap)
            if cut is None:
                break
            entity, overlap = cut, taken.first_overlap(cut.start, cut.end)
        if overlap is None:
            taken.add(entity.start, entity.end)
            chosen.append(entity)
    return sorted(chosen, key=lambda e: e.start)


def candidates(text: str, lang: str, hints: Hints | None, options: DetectOptions) -> list[Entity]:
    """Every detector's findings, overlapping."""
    found = identifiers.find(text, lang)
    found += contacts.phones(text, lang, options) + contacts.emails(text) + contacts.urls(text)
    found += dates.find(text, lang, hints) + numbers.find(text) + references.find(text)
    found += persons.find(text, hints) + addresses.find(text) + institutions.find(text)
    return found


def detect(text: str, lang: str, *, hints: Hints | None = None, options: DetectOptions | None = None) -> list[Entity]:
    """The entities of `text` (written in `lang`, an ISO 639-1 code), sorted and non-overlapping."""
    options = options or _DEFAULT_OPTIONS
    if not text:
        return []
    lang = (lang or "").lower()[:2]
    blocked = [m.span() for m in PLACEHOLDER_SPAN.finditer(text)] if ("⟦" in text or "[[" in text) else []
    entities = resolve(candidates(text, lang, hints, options), text, blocked)
    return [e for e in entities if e.kind in options.kinds and e.confidence >= options.min_confidence]
