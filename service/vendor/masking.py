"""What a vendor sees instead of personal values: typed placeholders ("⟦PERSON_1⟧", "⟦IBAN_1⟧") put by the
one entity detector (library `entities`, through `service.engines`), and the values put back on return.

What is masked: people (the request's subject as a hint, and every person found once is looked for again
everywhere, surname alone included), addresses, identifiers (national numbers checked by their check digits,
IBAN, BIC, phones, references), e-mails (obfuscated ones too) and dates of birth (a date the detector marks
as one, or any date of a sentence speaking of birth: "Sie wurden am 12.03.1985 in Köln geboren"). A value
found in one place is masked wherever else it is written, in sources and drafts alike; a draft's value
written in the target's form ("3 juin 1961" for "03.06.1961") gets its source's placeholder.

The same value keeps its placeholder across the document. Only where each placeholder sits (segment,
field, offsets) is stored on the job, never a value: the values are read back from the segments when the
vendor's file returns, so a detector upgraded in between cannot break an import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service import engines
from service.models import Segment

if TYPE_CHECKING:
    from entities import Entity

SOURCE, DRAFT = "source", "draft"
MASKED_KINDS = frozenset({"person", "address", "identifier", "email"})
# A date is a date of birth when its sentence speaks of birth, wherever the cue stands.
_BIRTH_WORDS = re.compile(r"(?i)\b(?:geboren|geb\.|geburtsdatum|nacid[oa]|naci[óo]|nacimiento|nasceu|nascid[oa]|"
                          r"nascimento|nat[oa]|nacque|nascita|born|birth|n[ée]e?|naissance|urodzi\w*|n[ăa]scut\w*|"
                          r"geboortedatum|doğum)\b")
# Placeholders another step left in a draft (a memory sentence's unfilled values) would read as ours.
_FOREIGN_PLACEHOLDER = re.compile(r"⟦[^⟦⟧\n]{1,40}⟧")
BLANK = "…"
# A word holding a known person's name of at least this many letters is masked whole.
_GLUED_NAME = 4
_WORD = re.compile(r"\S+")
# Groups of letters and digits holding this many digits, and at most this many letters, are an identifier.
_ID_DIGITS, _ID_LETTERS = 8, 4
_SYLLABLE = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Occurrence:
    """Where one placeholder stands: segment position, field ("source" or "draft") and offsets."""

    position: int
    field: str
    start: int
    end: int
    placeholder: str

    def as_list(self) -> list[object]:
        """The JSON form stored on the job (no value in it)."""
        return [self.position, self.field, self.start, self.end, self.placeholder]

    @classmethod
    def of(cls, row: Sequence[object]) -> Occurrence:
        """Read back the stored form."""
        position, field_, start, end, placeholder = row
        return cls(int(str(position)), str(field_), int(str(start)), int(str(end)), str(placeholder))


@dataclass
class DocumentMask:
    """A document's segments as the vendor sees them, and the values behind each placeholder."""

    sources: dict[int, str] = field(default_factory=dict)
    drafts: dict[int, str | None] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def by_placeholder(self) -> dict[str, str]:
        """Placeholder -> the value written back on return."""
        return self.values

    def source(self, segment: Segment) -> str:
        """The segment's source as the vendor sees it."""
        return self.sources.get(segment.position, segment.source_text)

    def draft(self, segment: Segment) -> str | None:
        """The segment's draft as the vendor sees it."""
        return self.drafts.get(segment.position, segment.draft_text)

    def apply(self, text: str) -> str:
        """Any other text (a glossary term) with the document's known values replaced by their placeholders."""
        for placeholder, value in sorted(self.values.items(), key=lambda kv: -len(kv[1])):
            text = _value_pattern(value).sub(placeholder, text)
        return text

    def restore(self, text: str) -> str:
        """`text` with every placeholder of this document turned back into its value."""
        return engines.unmask(text, self.values)

    def counts(self) -> dict[str, int]:
        """How many distinct values of each kind are masked (label in lower case: person, iban...)."""
        out: dict[str, int] = {}
        for kind in self.kinds.values():
            out[kind] = out.get(kind, 0) + 1
        return dict(sorted(out.items()))

    def stored(self) -> list[list[object]]:
        """What the job keeps to rebuild this mask: occurrences only."""
        return [o.as_list() for o in self.occurrences]


def build(segments: Sequence[Segment], *, source_lang: str, target_lang: str,
          subject: engines.Subject | None = None) -> DocumentMask:
    """Detect and number the personal values of the segments' sources and drafts."""
    found = _detected(segments, source_lang=source_lang, target_lang=target_lang, subject=subject)
    numbering = _Numbering()
    spans: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for segment in segments:
        in_source: dict[str, list[str]] = {}
        for entity in found.get((segment.position, SOURCE), []):
            key = numbering.placeholder(entity, _label(entity))
            in_source.setdefault(_label(entity), []).append(key)
            spans.setdefault((segment.position, SOURCE), []).append((entity.start, entity.end, key))
        for entity in found.get((segment.position, DRAFT), []):
            # A value the draft writes otherwise ("München" -> "Munich") is its segment's value of that kind.
            key = numbering.placeholder(entity, _label(entity), fallback=in_source.get(_label(entity), []))
            spans.setdefault((segment.position, DRAFT), []).append((entity.start, entity.end, key))
    texts = _texts(segments)
    _propagate(texts, spans, numbering)
    return _assemble(texts, spans, numbering)


def rebuild(segments: Sequence[Segment], stored: Iterable[Sequence[object]]) -> DocumentMask:
    """The mask a job was sent with, from its stored occurrences and the segments' texts."""
    texts = _texts(segments)
    spans: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    numbering = _Numbering()
    for occurrence in map(Occurrence.of, stored):
        text = texts.get((occurrence.position, occurrence.field))
        if text is None or occurrence.end > len(text):
            continue  # the segment changed since: its placeholder is unknown, and the import says so
        spans.setdefault((occurrence.position, occurrence.field), []).append(
            (occurrence.start, occurrence.end, occurrence.placeholder))
        numbering.remember(occurrence.placeholder, text[occurrence.start:occurrence.end], occurrence.field)
    return _assemble(texts, spans, numbering)


def empty() -> DocumentMask:
    """No masking (the operator turned it off with PASSERELLE_VENDOR_MASK_PII=false)."""
    return DocumentMask()


def values_to_hide(mask: DocumentMask, segments: Sequence[Segment]) -> list[str]:
    """Every masked value as the original document writes it (its sources' spellings), for redaction."""
    by_segment = {s.position: s for s in segments}
    hidden = {by_segment[o.position].source_text[o.start:o.end] for o in mask.occurrences
              if o.field == SOURCE and o.position in by_segment}
    return sorted(hidden)


def _texts(segments: Sequence[Segment]) -> dict[tuple[int, str], str]:
    texts: dict[tuple[int, str], str] = {}
    for segment in segments:
        texts[(segment.position, SOURCE)] = segment.source_text
        if segment.draft_text:
            texts[(segment.position, DRAFT)] = _FOREIGN_PLACEHOLDER.sub(BLANK, segment.draft_text)
    return texts


def _detected(segments: Sequence[Segment], *, source_lang: str, target_lang: str,
              subject: engines.Subject | None) -> dict[tuple[int, str], list[Entity]]:
    """The detector's masked entities of every source and draft; people found once are looked for again (in
    the segments that mention them), and each distinct text is read once (letterheads repeat on every page)."""
    seen: dict[tuple[str, str, engines.Subject | None], list[Entity]] = {}

    def detect(text: str, lang: str, hints: engines.Subject | None) -> list[Entity]:
        if (text, lang, hints) not in seen:
            seen[(text, lang, hints)] = engines.entities_in(text, lang=lang, subject=hints)
        return seen[(text, lang, hints)]

    first = {s.position: _masked(detect(s.source_text, source_lang, subject), s.source_text) for s in segments}
    people = tuple(sorted({e.text for found in first.values() for e in found if e.kind == "person"}))
    tokens = {w for name in people for w in _fold(name).replace("-", " ").split() if len(w) >= 3}
    hinted = engines.Subject(name=subject.name if subject else None,
                             birth_date=subject.birth_date if subject else None, names=people)
    found: dict[tuple[int, str], list[Entity]] = {}
    for segment in segments:
        source = segment.source_text
        mentions = any(t in _fold(source) for t in tokens)
        found[(segment.position, SOURCE)] = _masked(detect(source, source_lang, hinted), source) if mentions \
            else first[segment.position]
    # A draft's value written otherwise than in its source (a date in French words) is still that value.
    source_values = {e.value for found_ in found.values() for e in found_ if e.value}
    for segment in segments:
        if segment.draft_text:
            draft = _FOREIGN_PLACEHOLDER.sub(BLANK, segment.draft_text)
            found[(segment.position, DRAFT)] = _masked(detect(draft, target_lang, hinted), draft, also=source_values)
    return found


def _masked(found: list[Entity], text: str, also: set[str] | None = None) -> list[Entity]:
    """The entities that are personal values (dates: only dates of birth), and any whose value is in `also`."""
    birth_sentence = _BIRTH_WORDS.search(text) is not None
    return [e for e in found if e.kind in MASKED_KINDS or (e.kind == "date" and (e.role == "birth_date" or (
        birth_sentence and not (e.value or "").startswith("T")))) or (also and e.value in also)]


def _label(entity: Entity) -> str:
    if entity.kind == "date":
        return "BIRTH_DATE"  # only dates of birth are masked
    return engines.placeholder_label(entity)


class _Numbering:
    """Placeholders numbered per label in order of first appearance; equal values share one."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], str] = {}
        self.by_value: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.values: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self._from_draft: set[str] = set()

    def placeholder(self, entity: Entity, label: str, fallback: list[str] | None = None) -> str:
        """The placeholder of `entity`: an existing one for a value already seen, else the first of
        `fallback` (taken), else a new one."""
        norm = _fold(entity.text)
        key = self.keys.get((label, norm)) or (self.by_value.get(entity.value) if entity.value else None) \
            or self.keys.get(("*", norm))
        if key is not None and fallback and key in fallback:
            fallback.remove(key)
        elif key is None and fallback:
            key = fallback.pop(0)
        if key is None:
            self.counts[label] = self.counts.get(label, 0) + 1
            key = engines.placeholder(label, self.counts[label])
            self.kinds[key] = label.lower()
        self.keys[(label, norm)] = self.keys[("*", norm)] = key
        if entity.value:
            self.by_value.setdefault(entity.value, key)
        return key

    def for_text(self, label: str, text: str, fallback: list[str] | None = None) -> str:
        """The placeholder of a value no detector reported (a word a name is glued into): a known one, else the
        first of `fallback` with this label (taken), else a new one."""
        key = self.keys.get((label, _fold(text)))
        if key is None:
            key = next((k for k in fallback or [] if self.kinds.get(k) == label.lower()), None)
            if key is not None:
                assert fallback is not None
                fallback.remove(key)
                self.keys[(label, _fold(text))] = key
        if key is None:
            self.counts[label] = self.counts.get(label, 0) + 1
            key = engines.placeholder(label, self.counts[label])
            self.kinds[key] = label.lower()
            self.keys[(label, _fold(text))] = key
        return key

    def remember(self, key: str, text: str, where: str) -> None:
        """A placeholder read back from a job: its value, and a draft's spelling before a source's."""
        label = key.strip("⟦⟧").rsplit("_", 1)[0]
        self.kinds.setdefault(key, label.lower())
        if key not in self.values or (where == DRAFT and key not in self._from_draft):
            self.values[key] = text
        if where == DRAFT:
            self._from_draft.add(key)


def _propagate(texts: dict[tuple[int, str], str], spans: dict[tuple[int, str], list[tuple[int, int, str]]],
               numbering: _Numbering) -> None:
    """Mask a value found somewhere wherever else it is written, where the detector did not see it, and any
    word a person's name is glued into (an e-mail address OCR misread: "javier.garciaO'correo.es")."""
    known: dict[str, str] = {}
    names: set[str] = set()
    for where, found in spans.items():
        for start, end, key in found:
            value = texts[where][start:end]
            if len(_fold(value)) >= 3:
                known.setdefault(value, key)
            if numbering.kinds.get(key) == "person":
                names |= {w for w in _fold(value).replace("-", " ").split() if len(w) >= _GLUED_NAME and w.isalpha()}
    patterns = [(_value_pattern(value), key) for value, key in sorted(known.items(), key=lambda kv: -len(kv[0]))]
    for where, text in texts.items():
        taken = spans.setdefault(where, [])
        folded = text.casefold()
        for pattern, key in patterns:
            for match in pattern.finditer(text):
                if _free(taken, match.start(), match.end()):
                    taken.append((match.start(), match.end(), key))
        # A draft's value no detector saw is its source's value of that kind that the draft lacks.
        unmatched = [k for _, _, k in spans.get((where[0], SOURCE), [])] if where[1] == DRAFT else []
        unmatched = [k for k in unmatched if k not in {key for _, _, key in taken}]
        if names and any(n in _fold(folded) for n in names):
            for start, end, word in _words(text):
                if _free(taken, start, end) and any(n in _fold(word) for n in names):
                    label = "EMAIL" if "." in word or "@" in word else "PERSON"
                    taken.append((start, end, numbering.for_text(label, word, fallback=unmatched)))
        if _digits(text) >= _ID_DIGITS:
            for start, end in _identifier_shaped(text):
                if _free(taken, start, end):
                    taken.append((start, end, numbering.for_text("ID", text[start:end], fallback=unmatched)))


def _words(text: str) -> list[tuple[int, int, str]]:
    """The text's words without their trailing punctuation, with their offsets."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".,;:!?)»\"'")
        if word:
            found.append((match.start(), match.start() + len(word), word))
    return found


def _identifier_shaped(text: str) -> list[tuple[int, int]]:
    """Runs of letter-and-digit groups with many digits and few letters: an identifier whose check digits OCR
    broke ("PT5O0 0002 0123 1234 5678 9015 4") is still one, and goes masked."""
    runs: list[list[tuple[int, int, str]]] = [[]]
    for start, end, word in _words(text):
        if not (word.isalnum() and any(c.isdigit() for c in word)):
            runs.append([])
        elif runs[-1] and not text[runs[-1][-1][1]:start].strip(" \u00a0\t"):
            runs[-1].append((start, end, word))
        else:
            runs.append([(start, end, word)])
    shaped = []
    for run in runs:
        # A word at either end holding a real word ("conta5") is text a digit ran into, not the identifier.
        while run and _SYLLABLE.search(run[0][2]):
            run = run[1:]
        while run and _SYLLABLE.search(run[-1][2]):
            run = run[:-1]
        joined = "".join(w for _, _, w in run)
        if _digits(joined) >= _ID_DIGITS and _letters(joined) <= _ID_LETTERS:
            shaped.append((run[0][0], run[-1][1]))
    return shaped


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _free(taken: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e, _ in taken)


def _assemble(texts: dict[tuple[int, str], str], spans: dict[tuple[int, str], list[tuple[int, int, str]]],
              numbering: _Numbering) -> DocumentMask:
    mask = DocumentMask(kinds=numbering.kinds)
    for (position, where), text in sorted(texts.items(), key=lambda kv: (kv[0][0], kv[0][1] != SOURCE)):
        parts, at = [], 0
        for start, end, key in sorted(spans.get((position, where), [])):
            if start < at:
                continue
            parts += [text[at:start], key]
            mask.occurrences.append(Occurrence(position, where, start, end, key))
            numbering.remember(key, text[start:end], where)
            at = end
        parts.append(text[at:])
        (mask.sources if where == SOURCE else mask.drafts)[position] = "".join(parts)
    mask.values = numbering.values
    mask.kinds = {k: v for k, v in numbering.kinds.items() if k in mask.values}
    return mask


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _value_pattern(value: str) -> re.Pattern[str]:
    """`value` as written anywhere, whatever its case and spacing, not inside a longer word or number.

    A value that starts or ends with a digit may touch a letter: machine drafts glue words to numbers
    ("12.03.1975C'est"), and such a date is still the person's date of birth.
    """
    words = [re.escape(w) for w in value.split()]
    before = r"(?<![\d@])(?<!\d[.,])" if value[:1].isdigit() else r"(?<![\w@.])"
    after = r"(?!\d|[.,]\d)" if value[-1:].isdigit() else r"(?![\w@]|\.\w)"
    return re.compile(before + r"\s+".join(words) + after, re.IGNORECASE)
