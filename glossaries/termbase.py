"""Termbases: multilingual concepts with their terms, usable in every language direction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TermStatus = Literal["preferred", "admitted", "deprecated"]


@dataclass(frozen=True)
class Term:
    """One term of a concept in one language; "deprecated" marks a known wrong rendering."""

    text: str
    lang: str
    status: TermStatus = "preferred"
    pos: str = ""
    note: str = ""


@dataclass(frozen=True)
class Concept:
    """A concept and its terms in several languages.

    `keep_as_is` marks names that stay untranslated (e.g. "CPAM"): the same term is the
    expected rendering in every language, and the note explains it to the translator.
    """

    id: str
    terms: tuple[Term, ...]
    subject: str = ""
    definition: str = ""
    note: str = ""
    keep_as_is: bool = False

    def terms_in(self, lang: str, *, deprecated: bool = False) -> list[Term]:
        """Terms in a language, preferred before admitted; deprecated ones only on request."""
        order = {"preferred": 0, "admitted": 1, "deprecated": 2}
        found = [t for t in self.terms if t.lang == lang and (deprecated or t.status != "deprecated")]
        return sorted(found, key=lambda t: order[t.status])

    def languages(self) -> set[str]:
        """Languages with at least one usable (non-deprecated) term."""
        return {t.lang for t in self.terms if t.status != "deprecated"}


@dataclass(frozen=True)
class Entry:
    """A source term and how it must (and must not) be rendered in a target language."""

    concept_id: str
    source: Term
    targets: tuple[Term, ...]
    wrong: tuple[Term, ...]
    keep_as_is: bool = False
    note: str = ""


@dataclass
class Termbase:
    """A set of concepts; `entries(source, target)` gives the glossary of one direction."""

    concepts: list[Concept] = field(default_factory=list)
    name: str = ""
    _by_pair: dict[tuple[str, str], list[Entry]] = field(default_factory=dict, repr=False,
                                                         compare=False)

    @classmethod
    def load(cls, path: Path | str, *, source: str | None = None,
             target: str | None = None) -> Termbase:
        """Read a TBX file, or a CSV/TSV file (then source and target languages are required)."""
        from glossaries.formats import read_termbase

        return cls(read_termbase(Path(path), source=source, target=target), Path(path).stem)

    def save(self, path: Path | str, *, source: str | None = None,
             target: str | None = None) -> None:
        """Write as TBX, or as CSV/TSV for one language pair (chosen by the file extension)."""
        from glossaries.formats import write_termbase

        write_termbase(self, Path(path), source=source, target=target)

    def extend(self, concepts: Iterable[Concept]) -> None:
        """Add concepts (e.g. from an imported CSV) to this termbase."""
        self.concepts.extend(concepts)
        self._by_pair.clear()

    def languages(self) -> list[str]:
        """Every language with at least one term."""
        return sorted({lang for c in self.concepts for lang in c.languages()})

    def entries(self, source: str, target: str) -> list[Entry]:
        """One entry per usable source term of each concept that has a target rendering."""
        out = []
        for concept in self.concepts:
            targets = concept.terms_in(target)
            if not targets:
                continue
            wrong = tuple(t for t in concept.terms_in(target, deprecated=True)
                          if t.status == "deprecated")
            note = "\n".join(n for n in (concept.note, *(t.note for t in targets)) if n)
            for term in concept.terms_in(source):
                out.append(Entry(concept.id, term, tuple(targets), wrong, concept.keep_as_is, note))
        return out

    def longest_first(self, source: str, target: str) -> list[Entry]:
        """`entries`, longest source term first, computed once per direction."""
        key = (source, target)
        if key not in self._by_pair:
            # Longest first, so "caisse primaire d'assurance maladie" wins over
            # "assurance maladie" on the same words.
            self._by_pair[key] = sorted(self.entries(source, target), key=lambda e: -len(e.source.text))
        return self._by_pair[key]

    def pairs(self, around: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """Language pairs with at least one entry (optionally only those involving `around`)."""
        langs = self.languages()
        return [(s, t) for s in langs for t in langs if s != t
                and (around is None or s in around or t in around)]
