"""The only bridge from the service to the libraries `ocr`, `mt_models` and `glossaries`.

Settings become the libraries' explicit option objects here, and heavy engines (MT models,
termbases) are built lazily once per process. Tests swap the translator with `use_translator`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from service.config import get_settings

if TYPE_CHECKING:
    import glossaries
    import mt_models
    import ocr
    from mt_models.protect import Span

_translator_override: mt_models.Translator | None = None


@dataclass(frozen=True)
class Subject:
    """Who a request's document is about, as the caisse gave it: hints for the entity detector."""

    name: str | None = None
    birth_date: date | None = None


def ocr_options(language: str, progress: Callable[[int, int], None] | None = None) -> ocr.ExtractOptions:
    """Extraction options for a document declared in `language`."""
    import ocr

    settings = get_settings()
    return ocr.ExtractOptions(language=language, max_pages=settings.ocr_max_pages, dpi=settings.ocr_dpi,
                              max_image_pixels=settings.ocr_max_image_pixels, progress=progress)


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
    """Every stretch of `text` that crosses translation verbatim (or as its target-language form), in order."""
    from mt_models.protect import find

    return find(text)
