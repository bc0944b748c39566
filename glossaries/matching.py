"""Finding glossary terms in a source segment, enforcing them in a draft, checking a final text."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any

from glossaries.termbase import Termbase

# Endings tolerated after a word's stem, by language: plurals (and German/Romance adjective
# endings). Kept small on purpose: wider patterns would match unrelated words.
_ENDINGS = {
    "fr": "(?:s|x)?", "en": "(?:s|es)?", "es": "(?:s|es)?", "pt": "(?:s|es)?",
    "de": "(?:e|en|n|s|es|er|em)?", "it": "[aeio]", "nl": "(?:s|en|e)?",
}
_MIN_INFLECTED = 4  # shorter words ("de", "la", "AHV") are matched exactly
_APOSTROPHES = "'’ʼ"


@dataclass(frozen=True)
class TermHit:
    """A glossary term found in a source segment, with the renderings expected in the target."""

    concept_id: str
    source_lang: str
    target_lang: str
    source_term: str
    matched: str
    start: int
    end: int
    targets: tuple[str, ...]
    wrong: tuple[str, ...] = ()
    keep_as_is: bool = False
    note: str = ""

    @property
    def preferred(self) -> str:
        """The target rendering to use."""
        return self.targets[0]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (as stored on a segment), with plain "source"/"target" for readers."""
        data = asdict(self)
        data["targets"], data["wrong"] = list(self.targets), list(self.wrong)
        data["source"], data["target"] = self.source_term, self.preferred
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermHit:
        """The inverse of `to_dict`; keys added by callers (e.g. a status) are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        return cls(**{**values, "targets": tuple(data["targets"]), "wrong": tuple(data.get("wrong", ()))})


_SOURCE_KEYS = ("matched", "source_term", "source", "term", "src")
_TARGET_KEYS = ("targets", "target", "required", "target_term", "translation", "tgt")


def _first(data: Mapping[str, Any], keys: Sequence[str]) -> Any:
    return next((data[k] for k in keys if data.get(k)), None)


def stored_hit(data: Mapping[str, Any], *, source_lang: str = "", target_lang: str = "") -> TermHit:
    """A hit as stored on a segment: this library's own dict (`TermHit.to_dict`), or the short form of
    imported or hand-written data (`{"source": ..., "target(s)": ...}`), with the given languages where
    the dict has none. The one reader of stored hits, for checks and for display."""
    source = str(_first(data, _SOURCE_KEYS) or "")
    raw = _first(data, _TARGET_KEYS)
    targets = (str(raw),) if isinstance(raw, str) else tuple(str(t) for t in raw or () if t)
    return TermHit(
        concept_id=str(data.get("concept_id") or source.casefold()),
        source_lang=str(data.get("source_lang") or source_lang),
        target_lang=str(data.get("target_lang") or target_lang),
        source_term=str(data.get("source_term") or source), matched=source,
        start=int(data.get("start") or 0), end=int(data.get("end") or 0), targets=targets,
        wrong=tuple(data.get("wrong") or ()), keep_as_is=bool(data.get("keep_as_is")),
        note=str(data.get("note") or ""))


@dataclass(frozen=True)
class Enforcement:
    """A draft after glossary enforcement: terms replaced, and terms left for the translator."""

    text: str
    enforced: list[TermHit]
    flagged: list[TermHit]


def _is_code(word: str) -> bool:
    """Acronyms and codes (CPAM, S1, E 104) are matched exactly and case-sensitively."""
    letters = [c for c in word if c.isalpha()]
    return any(c.isdigit() for c in word) or (len(letters) >= 2 and all(c.isupper() for c in letters))


def _stem(word: str, lang: str) -> str:
    lower = word.lower()
    if lang == "it" and lower[-1:] in "aeio":
        return word[:-1]
    for ending in ("es", "en", "s", "x", "n", "e") if lang in ("de", "nl") else ("s", "x"):
        if lower.endswith(ending) and not lower.endswith("ss") and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _word_pattern(word: str, lang: str, inflect: bool) -> str:
    if _is_code(word):
        return "(?-i:" + re.escape(word) + ")"
    if any(a in word for a in _APOSTROPHES):
        # "d'invalidité", "survivor's": any apostrophe style, the part after it may inflect.
        head, tail = re.split(f"[{_APOSTROPHES}]", word, maxsplit=1)
        return re.escape(head) + f"[{_APOSTROPHES}]" + _word_pattern(tail, lang, inflect)
    if not inflect or len(word) < _MIN_INFLECTED or not word.isalpha() or lang not in _ENDINGS:
        return re.escape(word)
    if lang == "it" and word[-1].lower() not in "aeio":
        return re.escape(word)  # Italian plurals change a final vowel; other words stay
    return re.escape(_stem(word, lang)) + _ENDINGS[lang]


@lru_cache(maxsize=4096)
def _key(term: str, lang: str) -> str:
    """A lower-case substring every match of the term contains: a cheap pre-filter."""
    longest = max(term.split(), key=len)
    stem = longest if _is_code(longest) else _stem(longest, lang)
    if lang == "it" and not _is_code(longest):
        stem = stem[:-1] if stem[-1:] in "aeio" else stem
    return re.split(f"[{_APOSTROPHES}]", stem.lower())[-1] or stem.lower()


@lru_cache(maxsize=4096)
def term_pattern(term: str, lang: str, inflect: bool = True) -> re.Pattern[str]:
    """Case-insensitive pattern for a term at word boundaries, tolerant of simple plurals."""
    words = term.split()
    body = r"[\s\u00a0\u202f]+".join(_word_pattern(w, lang, inflect) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def find_terms(termbase: Termbase, text: str, *, source: str, target: str) -> list[TermHit]:
    """Glossary terms in text, longest match first, without overlaps, in text order."""
    entries = termbase.longest_first(source, target)
    lowered = text.lower()
    taken: list[tuple[int, int]] = []
    hits: list[TermHit] = []
    for entry in entries:
        if _key(entry.source.text, source) not in lowered:
            continue
        # Names kept as is ("France Travail", "CPAM") do not inflect.
        for m in term_pattern(entry.source.text, source, not entry.keep_as_is).finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            hits.append(TermHit(
                entry.concept_id, source, target, entry.source.text, m.group(0), m.start(),
                m.end(), tuple(t.text for t in entry.targets), tuple(t.text for t in entry.wrong),
                entry.keep_as_is, entry.note))
    return sorted(hits, key=lambda h: h.start)


def _count(text: str, hit: TermHit) -> int:
    """Occurrences of the hit's targets; overlapping variants ("Formular S1", "S1") count once."""
    lang, inflect = hit.target_lang, not hit.keep_as_is
    spans = sorted({m.span() for t in hit.targets
                    for m in term_pattern(t, lang, inflect).finditer(text)},
                   key=lambda s: (s[0], s[0] - s[1]))
    count, end = 0, -1
    for start, stop in spans:
        if start >= end:
            count, end = count + 1, stop
    return count


def _by_concept(hits: Sequence[TermHit]) -> dict[str, list[TermHit]]:
    groups: dict[str, list[TermHit]] = defaultdict(list)
    for hit in hits:
        groups[hit.concept_id].append(hit)
    return groups


def _match_case(found: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement


def enforce(draft: str, hits: Sequence[TermHit], *, source_text: str) -> Enforcement:
    """Replace known wrong renderings by the required term; flag what cannot be fixed safely."""
    for hit in hits:
        if source_text[hit.start:hit.end] != hit.matched:
            raise ValueError(f"term hit {hit.matched!r} does not come from this source text")
    text, enforced, flagged = draft, [], []
    for group in _by_concept(hits).values():
        first = group[0]
        missing = len(group) - _count(text, first)
        for hit in group[len(group) - max(missing, 0):]:
            replaced = _replace_wrong(text, hit)
            if replaced is None:
                flagged.append(hit)
            else:
                text = replaced
                enforced.append(hit)
    return Enforcement(text, enforced, flagged)


def _replace_wrong(text: str, hit: TermHit) -> str | None:
    """Swap one exact occurrence of a known wrong rendering for the preferred term."""
    for wrong in sorted(hit.wrong, key=len, reverse=True):
        m = term_pattern(wrong, hit.target_lang, False).search(text)
        if m:
            return text[: m.start()] + _match_case(m.group(0), hit.preferred) + text[m.end():]
    return None


def check(final_text: str, hits: Sequence[TermHit]) -> list[TermHit]:
    """Hits whose required target term is missing from the final text (QA before delivery)."""
    violations = []
    for group in _by_concept(hits).values():
        first = group[0]
        missing = len(group) - _count(final_text, first)
        if missing > 0:
            violations.extend(group[len(group) - missing:])
    return violations
