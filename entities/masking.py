"""Masking: values replaced by typed placeholders ("⟦PERSON_1⟧"), the same value by the same placeholder
across a document, and restored afterwards.

The form "⟦KIND_n⟧" was chosen because it survives what a document goes through on its way to a vendor
and back: it is plain text in XLIFF and TMX (no markup to escape or to lose), one CSV field without quoting
(no comma, quote or newline), and no language's words: a translator or an MT model has nothing to
translate in it. Restoring accepts what tools do to it: spaces inside or around ("⟦ PERSON_1 ⟧"), a space
for the underscore, lower case, and "[[PERSON_1]]" where a tool replaced the brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from entities.errors import UnknownPlaceholderError
from entities.types import Entity, check_kinds

# The kinds masked by default before anything leaves: people, their addresses, identifiers (phones, IBAN,
# references included), e-mails and dates of birth. "birth_date" selects dates whose role is birth_date.
DEFAULT_MASK_KINDS: tuple[str, ...] = ("person", "address", "identifier", "email", "birth_date")
_PSEUDO_KINDS = ("birth_date",)

PLACEHOLDER_RE = re.compile(r"(?:⟦|\[\[)[ \u00a0]*([A-Za-z]+(?:_[A-Za-z]+)*)[ \u00a0]*[_ ][ \u00a0]*(\d{1,5})[ \u00a0]*"
                            r"(?:⟧|\]\])")

_SCHEME_LABELS = {"phone": "PHONE", "iban": "IBAN", "bic": "BIC", "reference": "REF"}


def label(entity: Entity) -> str:
    """The placeholder label of an entity: PERSON, ADDRESS, PHONE, IBAN, ID, BIRTH_DATE..."""
    if entity.kind == "identifier":
        return _SCHEME_LABELS.get(entity.scheme or "", "ID")
    if entity.kind == "date" and entity.role == "birth_date":
        return "BIRTH_DATE"
    return {"institution": "INSTITUTION"}.get(entity.kind, entity.kind.upper())


def placeholder(label_: str, n: int) -> str:
    """The canonical placeholder for the n-th value of a label."""
    return f"⟦{label_}_{n}⟧"


@dataclass(frozen=True)
class Masked:
    """A masked text and every placeholder known so far in its document (placeholder -> original value).

    Pass `placeholders` to the next `mask` call of the same document so the same value keeps its placeholder.
    """

    text: str
    placeholders: dict[str, str]
    masked: tuple[Entity, ...] = field(default=())


def _selected(entity: Entity, kinds: frozenset[str]) -> bool:
    if entity.kind == "date" and entity.role == "birth_date" and "birth_date" in kinds:
        return True
    return entity.kind in kinds


def mask(text: str, entities: Iterable[Entity], *, kinds: Iterable[str] = DEFAULT_MASK_KINDS,
         placeholders: Mapping[str, str] | None = None) -> Masked:
    """Replace the values of `entities` whose kind is in `kinds` by typed placeholders.

    Args:
        text: the text the entities were detected in.
        entities: from `detect(text, ...)`.
        kinds: entity kinds to mask, plus "birth_date" for dates of birth.
        placeholders: the document's placeholders so far (from the previous `Masked`), reused for equal values.
    """
    chosen = check_kinds(kinds, _PSEUDO_KINDS)
    known = dict(placeholders or {})
    by_value = {(m.group(1), value): key for key, value in known.items() if (m := PLACEHOLDER_RE.fullmatch(key))}
    counts: dict[str, int] = {}
    for key in known:
        if (m := PLACEHOLDER_RE.fullmatch(key)) is not None:
            counts[m.group(1)] = max(counts.get(m.group(1), 0), int(m.group(2)))
    parts, masked, last = [], [], 0
    for entity in sorted(entities, key=lambda e: e.start):
        if not _selected(entity, chosen) or entity.start < last or text[entity.start:entity.end] != entity.text:
            continue
        kind_label = label(entity)
        key = by_value.get((kind_label, entity.text)) or ""
        if not key:
            counts[kind_label] = counts.get(kind_label, 0) + 1
            key = placeholder(kind_label, counts[kind_label])
            by_value[(kind_label, entity.text)], known[key] = key, entity.text
        parts += [text[last:entity.start], key]
        masked.append(entity)
        last = entity.end
    parts.append(text[last:])
    return Masked("".join(parts), known, tuple(masked))


def _canonical(match: re.Match[str]) -> str:
    return placeholder(match.group(1).upper(), int(match.group(2)))


def placeholders_in(text: str) -> list[str]:
    """The placeholders of a (possibly vendor-edited) text, in canonical form, in order."""
    return [_canonical(m) for m in PLACEHOLDER_RE.finditer(text)]


def unmask(text: str, placeholders: Mapping[str, str], *, strict: bool = True) -> str:
    """Put the original values back in place of their placeholders.

    A placeholder glued to a word by the vendor's tool gets a space back. With `strict`, a placeholder
    the masking never produced raises UnknownPlaceholderError; otherwise it is left as it is.
    """
    unknown = [key for key in placeholders_in(text) if key not in placeholders]
    if unknown and strict:
        raise UnknownPlaceholderError(sorted(set(unknown)))

    def back(match: re.Match[str]) -> str:
        value = placeholders.get(_canonical(match))
        if value is None:
            return match.group(0)
        before = match.string[match.start() - 1] if match.start() else ""
        after = match.string[match.end()] if match.end() < len(match.string) else ""
        return (" " if before.isalnum() else "") + value + (" " if after.isalnum() else "")

    return PLACEHOLDER_RE.sub(back, text)
