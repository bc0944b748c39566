"""The detector's vocabulary: entity kinds, the Entity record, the caller's hints and options."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from entities.errors import UnknownKindError

# Kinds exactly as the service's API exposes them (SegmentRead.entities[].kind). Phone numbers, IBAN and
# BIC are identifiers, told apart by their scheme ("phone", "iban", "bic").
KINDS: tuple[str, ...] = ("person", "address", "institution", "identifier", "date", "amount", "number",
                          "email", "url")

# Where an entity came from; the masking and QA layers may weigh them differently.
SOURCES: tuple[str, ...] = ("checksum", "library", "pattern", "cue", "label", "hint", "gazetteer")


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity found in a text: `text == source[start:end]`.

    Attributes:
        text: the entity exactly as written.
        kind: one of KINDS.
        start: offset of its first character in the detected text.
        end: offset just past its last character.
        scheme: for identifiers, what they are: "fr.nir", "de.rvnr", "iban", "bic", "phone", "reference",
            "eu.vat"... (python-stdnum module names where stdnum has the scheme).
        value: normalised value: identifiers compact and upper case, phones E.164, dates ISO 8601
            ("1961-06-03", or "1961-06" without a day), amounts and numbers as plain decimals ("1234.56"),
            e-mails lower case and de-obfuscated, institutions their gazetteer id.
        country: ISO 3166-1 alpha-2 code where the entity belongs to a country.
        currency: ISO 4217 code of an amount.
        role: "birth_date" for a date of birth (from a cue such as "geboren am" or the caller's hint).
        source: how it was found, one of SOURCES.
        confidence: in [0, 1]; checksums and the caller's hints give 1.0, cues less.
    """

    text: str
    kind: str
    start: int
    end: int
    scheme: str | None = None
    value: str | None = None
    country: str | None = None
    currency: str | None = None
    role: str | None = None
    source: str = "pattern"
    confidence: float = 1.0

    def as_dict(self) -> dict[str, object]:
        """The entity as a JSON-ready dict, without empty fields."""
        out: dict[str, object] = {"text": self.text, "kind": self.kind, "start": self.start, "end": self.end}
        for name in ("scheme", "value", "country", "currency", "role"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        out["source"], out["confidence"] = self.source, self.confidence
        return out


@dataclass(frozen=True, slots=True)
class Hints:
    """What the caller already knows about the document's subject (from the request's intake).

    Every occurrence of `subject_name` (any order of its words, any case, with or without accents) and of
    `subject_birth_date` (in any written form) is reported, with source "hint". `names` are other people
    known to appear (a spouse, a child) and are found the same way.
    """

    subject_name: str | None = None
    subject_birth_date: date | None = None
    names: tuple[str, ...] = ()

    def all_names(self) -> tuple[str, ...]:
        """The subject's name first, then the other known names; blanks dropped."""
        return tuple(n for n in (self.subject_name, *self.names) if n and n.strip())


def _all_kinds() -> frozenset[str]:
    return frozenset(KINDS)


@dataclass(frozen=True, slots=True)
class DetectOptions:
    """How `detect` works; the defaults suit drafting and masking.

    Attributes:
        kinds: the kinds to report (all by default).
        phone_region: region (ISO 3166-1 alpha-2) for phone numbers written without their country
            code; None takes the region of the text's language (de -> DE, en -> GB, pt -> PT...).
        fallback_regions: regions tried, in order, for a national number that is not valid in
            `phone_region` (the caisses' letters carry French numbers whatever their language).
        min_confidence: entities below this confidence are left out.
    """

    kinds: frozenset[str] = field(default_factory=_all_kinds)
    phone_region: str | None = None
    fallback_regions: tuple[str, ...] = ("FR",)
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise UnknownKindError(sorted(unknown), KINDS)


def check_kinds(kinds: Iterable[str], extra: tuple[str, ...] = ()) -> frozenset[str]:
    """`kinds` as a frozenset, refusing unknown names."""
    chosen = frozenset(kinds)
    unknown = chosen - set(KINDS) - set(extra)
    if unknown:
        raise UnknownKindError(sorted(unknown), KINDS + extra)
    return chosen
