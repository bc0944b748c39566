"""The gazetteer of social-security institutions (data/institutions.tsv) and its matcher.

Matching is by words, built once: every name and variant is split into words and indexed by its first
word, so a text is scanned word by word with one dictionary look-up per word. Acronyms ("AOK", "DRV",
"ZUS") match only as written in capitals; other words match in any case and with or without accents,
but a capitalised word of a name does not match a word written all in lower case ("l'assurance maladie"
is a phrase, "l'Assurance Maladie" the institution).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from entities.errors import DataFileError
from entities.text import fold
from entities.types import Entity

_TOKEN = re.compile(r"[^\W_]+")
# Between two words of a name: spaces, a hyphen, a dash, a slash, a comma, an apostrophe.
_GAP = re.compile(r"[\s\-–—/,.'’()]{1,4}")
# An acronym that labels a number ("CNP 1610603400015") or opens a reference ("ZUS/2024/55") is not
# a mention of the institution.
_LABELLING = re.compile(r"[ \t]*[:.]?[ \t]*\d|[/-][A-Z0-9/-]*\d")
# Portuguese public institutes carry ", I.P." in their official names.
_SUFFIX = re.compile(r",?[ \t]I\.[ \t]?P\.")


@dataclass(frozen=True, slots=True)
class Institution:
    """One institution of the gazetteer."""

    id: str
    country: str
    name: str
    variants: tuple[str, ...]
    fr: str


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    exact: str | None  # acronyms compare as written
    capitalised: bool


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def _words(name: str) -> tuple[_Word, ...]:
    return tuple(_Word(fold(w), w if _is_acronym(w) else None, w[:1].isupper()) for w in _TOKEN.findall(name))


@cache
def gazetteer() -> dict[str, Institution]:
    """Id -> institution, read once from data/institutions.tsv."""
    path = "entities/data/institutions.tsv"
    records: dict[str, Institution] = {}
    text = resources.files("entities").joinpath("data/institutions.tsv").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 5:
            raise DataFileError(path, number, f"expected 5 columns, got {len(columns)}")
        ident, country, name, variants, french = (c.strip() for c in columns)
        if ident in records:
            raise DataFileError(path, number, f"duplicate id {ident!r}")
        records[ident] = Institution(ident, country, name, tuple(v.strip() for v in variants.split("|") if v.strip()),
                                     french)
    return records


@cache
def _index() -> dict[str, list[tuple[tuple[_Word, ...], tuple[str, ...]]]]:
    by_words: dict[tuple[_Word, ...], list[str]] = {}
    for record in gazetteer().values():
        for name in (record.name, *record.variants):
            words = _words(name)
            if words and record.id not in by_words.setdefault(words, []):
                by_words[words].append(record.id)
    index: dict[str, list[tuple[tuple[_Word, ...], tuple[str, ...]]]] = {}
    for words, ids in by_words.items():
        key = words[0].exact or words[0].folded
        index.setdefault(key, []).append((words, tuple(ids)))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))  # longest name first
    return index


def _word_matches(word: _Word, written: str, folded: str) -> bool:
    if word.exact is not None:
        return written == word.exact
    if word.folded != folded:
        return False
    return not (word.capitalised and len(written) > 1 and written.islower())


def _match_at(tokens: list[re.Match[str]], folded: list[str], text: str, i: int,
              words: tuple[_Word, ...]) -> int | None:
    """Index of the last token of `words` matched from token i, or None."""
    if i + len(words) > len(tokens):
        return None
    for n, word in enumerate(words):
        token = tokens[i + n]
        if n and not _GAP.fullmatch(text, tokens[i + n - 1].end(), token.start()):
            return None
        if not _word_matches(word, token.group(0), folded[i + n]):
            return None
    return i + len(words) - 1


def find(text: str) -> list[Entity]:
    """Every name or abbreviation of a gazetteer institution, as whole words; the longest at each place."""
    index = _index()
    tokens = list(_TOKEN.finditer(text))
    folded_text = fold(text)
    folded = [folded_text[t.start():t.end()] for t in tokens]
    records = gazetteer()
    found, i = [], 0
    while i < len(tokens):
        entries = index.get(tokens[i].group(0), []) + index.get(folded[i], [])
        best: tuple[int, tuple[str, ...]] | None = None
        for words, ids in entries:
            last = _match_at(tokens, folded, text, i, words)
            if last is not None and (best is None or last > best[0]):
                best = (last, ids)
        if best is None:
            i += 1
            continue
        start, end = tokens[i].start(), tokens[best[0]].end()
        if best[0] == i and tokens[i].group(0).isupper() and _LABELLING.match(text, end):
            i += 1
            continue
        if suffix := _SUFFIX.match(text, end):
            end = suffix.end()
        countries = {records[ident].country for ident in best[1]}
        found.append(Entity(text[start:end], "institution", start, end, value=best[1][0],
                            country=countries.pop() if len(countries) == 1 else None, source="gazetteer",
                            confidence=1.0 if len(best[1]) == 1 else 0.9))
        i = best[0] + 1
    return found


def institution(name: str) -> Institution | None:
    """The gazetteer record of an institution named by its id, official name or any variant."""
    records = gazetteer()
    if name in records:
        return records[name]
    matches = institutions(name)
    return matches[0] if matches else None


def institutions(name: str) -> list[Institution]:
    """Every gazetteer record a name or abbreviation may designate ("CNSS": Morocco's and Tunisia's)."""
    words = _words(name)
    if not words:
        return []
    records = gazetteer()
    for entries_words, ids in _index().get(words[0].exact or words[0].folded, []):
        if len(entries_words) == len(words) and all(
                (a.exact == b.exact if a.exact or b.exact else a.folded == b.folded)
                for a, b in zip(entries_words, words, strict=True)):
            return [records[ident] for ident in ids]
    return []
