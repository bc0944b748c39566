"""The only bridge from the service to the libraries `ocr`, `mt_models` and `glossaries`.

Settings become the libraries' explicit option objects here, and heavy engines (MT models,
termbases) are built lazily once per process. Tests swap the translator with `use_translator`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service.config import get_settings

if TYPE_CHECKING:
    import entities
    import glossaries
    import mt_models
    import ocr
    from mt_models.protect import Span
    from ocr.redact import Redacted

_translator_override: mt_models.Translator | None = None


@dataclass(frozen=True)
class Subject:
    """Who a request's document is about, as the caisse gave it: hints for the entity detector."""

    name: str | None = None
    birth_date: date | None = None
    # Other people known to appear (masking looks again for every person it found once).
    names: tuple[str, ...] = ()


def ocr_options(language: str, progress: Callable[[int, int], None] | None = None,
                page_image_dir: Path | None = None, pages: tuple[int, ...] | None = None) -> ocr.ExtractOptions:
    """Extraction options for a document declared in `language` (page images into `page_image_dir`; only
    `pages` read, when given)."""
    import ocr

    settings = get_settings()
    return ocr.ExtractOptions(language=language, max_pages=settings.ocr_max_pages, dpi=settings.ocr_dpi,
                              max_image_pixels=settings.ocr_max_image_pixels, progress=progress,
                              page_image_dir=page_image_dir, processes=settings.ocr_page_processes,
                              pages=pages)


def likely_misread(confidence: float | None) -> bool:
    """Whether OCR text read at this mean word confidence likely holds errors (the calibrated cut)."""
    from ocr.confidence import likely_misread as misread

    return misread(confidence)


def located_sentences(page: ocr.Page, language: str) -> list[ocr.Sentence]:
    """The page's sentences in reading order, each with its paragraph, box and OCR confidence."""
    import ocr

    return ocr.sentences(page, language)


def page_preview(data: bytes, *, width: int = 160, max_thumbnails: int = 60) -> ocr.Preview | None:
    """Thumbnails of a document's pages (PDFium, Pillow), with the extraction's limits; None when the file
    cannot be shown page by page (encrypted, damaged, too long: extraction will say why)."""
    import ocr

    settings = get_settings()
    try:
        return ocr.preview(data, width=width, max_pages=settings.ocr_max_pages, max_thumbnails=max_thumbnails,
                           max_image_pixels=settings.ocr_max_image_pixels)
    except ocr.OcrError:
        return None


def translator() -> mt_models.Translator:
    """The process-wide MT engine (models load lazily on first use of each pair)."""
    if _translator_override is not None:
        return _translator_override
    return _engine()


@lru_cache(maxsize=1)
def _engine() -> mt_models.Engine:
    import mt_models

    settings = get_settings()
    options = mt_models.EngineOptions(
        beam_size=settings.mt_beam_size, inter_threads=settings.mt_inter_threads,
        intra_threads=settings.mt_intra_threads, max_batch_size=settings.mt_max_batch_size,
        memory_budget_mb=settings.mt_memory_budget_mb, repetition_penalty=settings.mt_repetition_penalty,
        no_repeat_ngram_size=settings.mt_no_repeat_ngram_size)
    return mt_models.Engine(mt_models.Catalogue.load(settings.model_dirs), options)


def use_translator(translator: mt_models.Translator | None) -> None:
    """Replace the MT engine (tests use a fake); None restores the real one."""
    global _translator_override
    _translator_override = translator


def entities_in(text: str, *, lang: str, subject: Subject | None = None) -> list[entities.Entity]:
    """Every entity the detector finds in `text` (library `entities`), the request's subject as hints."""
    import entities

    return entities.detect(text, lang, hints=_hints(subject))


def placeholder_label(entity: entities.Entity) -> str:
    """The typed placeholder label of an entity (PERSON, ADDRESS, IBAN, PHONE, ID, BIRTH_DATE...)."""
    from entities import masking

    return masking.label(entity)


def placeholder(label: str, n: int) -> str:
    """The n-th placeholder of `label`: "⟦PERSON_1⟧"."""
    from entities import masking

    return masking.placeholder(label, n)


def placeholders_in(text: str) -> list[str]:
    """The placeholders of a (possibly vendor-edited) text, in canonical form."""
    import entities

    return entities.placeholders_in(text)


def unmask(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value (unknown ones left as they are)."""
    import entities

    return entities.unmask(text, values, strict=False)


def redact(data: bytes, values: list[str], *, language: str) -> Redacted:
    """The document as a PDF of page images with every value hidden under an opaque box, no text layer."""
    from ocr import redact as redaction

    settings = get_settings()
    options = redaction.RedactOptions(language=language, dpi=settings.ocr_dpi, max_pages=settings.ocr_max_pages,
                                      max_image_pixels=settings.ocr_max_image_pixels)
    return redaction.redact(data, values, options)


@lru_cache(maxsize=1)
def termbase() -> glossaries.Termbase:
    """The shipped social-security termbase and those imported (`passerelle glossary import`), once per process."""
    import glossaries

    loaded = glossaries.Termbase.load(glossaries.STARTER_TERMBASE)
    folder = get_settings().glossaries_dir
    for path in sorted(folder.glob("*.tbx")) if folder is not None and folder.is_dir() else []:
        loaded.extend(glossaries.Termbase.load(path).concepts)
    return loaded


def draft_threshold() -> float:
    """The confidence below which a machine draft is held back: the setting, else the calibration's choice."""
    from mt_models import confidence

    chosen = get_settings().draft_min_confidence
    if chosen is not None:
        return chosen
    calibration = confidence.shipped()
    return calibration.threshold if calibration is not None else 0.0


def personal_entities(text: str, *, lang: str = "fr") -> list[Any]:
    """The entity detector's persons, addresses, identifiers, e-mails and dates in `text` (library `entities`)."""
    import entities

    return [e for e in entities.detect(text, lang) if e.kind in PERSONAL_KINDS]


PERSONAL_KINDS = frozenset({"person", "address", "identifier", "email", "date"})


def protected_spans(text: str, *, source: str, target: str, subject: Subject | None = None) -> list[Span]:
    """Every stretch of `text` that crosses translation verbatim (or as its target-language form), in order.

    The entity detector's findings (names, addresses, institutions, identifiers, dates, amounts, numbers,
    e-mails, URLs; the request's subject as hints) and the cities and countries of running text (as their
    exonym where the target has one: "in Köln" -> "à Cologne"). The engine adds mt_models' fixed patterns
    (form codes, times...) outside them when it translates.
    """
    import entities
    from mt_models import dates
    from mt_models.protect import Span

    found = entities.detect(text, source, hints=_hints(subject))
    # Dates with a month name are shown in the target's words, on copied lines as in translated ones.
    spans = [Span(e.start, e.end, e.kind, _changed(e.text, dates.localise(e.text, target)) if e.kind == "date"
                  else None, e.value) for e in found]
    return sorted(spans + _places(text, spans, target), key=lambda s: s.start)


def only_entities(text: str, *, source: str, spans: list[Span], subject: Subject | None = None) -> bool:
    """Whether `text` is nothing but entities and their labels (a letterhead, an address, a reference line)."""
    import entities

    rest = _outside(text, spans)
    # Only short remainders can be labels and connectors: a sentence is not worth a second detection.
    if not spans or len(_WORDS.findall(rest)) > ONLY_ENTITIES_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in rest):
        return True
    return entities.only_entities(text, source, hints=_hints(subject))


def values_in(text: str, language: str) -> list[Span]:
    """The detector's entities of a text with their normalised values (to find a source's values in its
    translation however the translator wrote them)."""
    import entities
    from mt_models.protect import Span

    return [Span(e.start, e.end, e.kind, value=e.value) for e in entities.detect(text, language)]


def designation(name: str) -> str | None:
    """The French designation of an institution of the gazetteer (offered as a glossary hit)."""
    import entities

    record = entities.institution(name)
    return record.fr if record is not None and record.fr else None


def names_in(text: str, language: str) -> list[str]:
    """The person names the detector finds in `text` (to check a draft carries no one the source lacks)."""
    import entities

    return [e.text for e in entities.detect(text, language, options=_persons_only())]


ONLY_ENTITIES_MAX_WORDS = 8
_WORDS = re.compile(r"[^\W\d_]+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ -][A-ZÀ-ÖØ-Þ][\w'’-]*){0,2}")


@lru_cache(maxsize=1)
def _persons_only() -> entities.DetectOptions:
    import entities

    return entities.DetectOptions(kinds=frozenset({"person"}))


def _changed(text: str, written: str) -> str | None:
    return written if written != text else None


def _hints(subject: Subject | None) -> entities.Hints | None:
    import entities

    if subject is None or not (subject.name or subject.birth_date or subject.names):
        return None
    return entities.Hints(subject_name=subject.name, subject_birth_date=subject.birth_date, names=subject.names)


def _places(text: str, spans: list[Span], target: str) -> list[Span]:
    """Cities and countries named outside the detector's entities, with their exonym in `target` if any."""
    import entities
    from entities import places
    from mt_models.protect import Span

    out: list[Span] = []
    for match in _CAPITALISED.finditer(text):
        if any(s.start < match.end() and match.start() < s.end for s in spans):
            continue
        words = match.group(0).split()
        for n in range(len(words), 0, -1):  # "Den Haag" before "Den"
            name = " ".join(words[:n])
            if _fold_place(name) in places.cities() or places.country_code(name):
                out.append(Span(match.start(), match.start() + len(name), "address", entities.exonym(name, target)))
                break
    return out


def _fold_place(name: str) -> str:
    """A place name as the city table keys it."""
    from entities.text import fold

    return fold(name.strip(" .,"))


def _outside(text: str, spans: list[Span]) -> str:
    parts, at = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(text[at:span.start])
        at = max(at, span.end)
    parts.append(text[at:])
    return " ".join(parts)
