"""Every message a page shows is French: services give codes, labels.py words every one of them.

These tests walk the codes themselves (every ServiceError subclass, every failure code a background step
records, every warning the OCR library and extraction write), so a new code without French words fails here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import mt_models.errors
import ocr.errors
import service
from ocr.model import Page
from ocr.pipeline import _language_warnings, _text_warnings
from service.assignment.errors import ROUTING_FAILED
from service.document import bounds
from service.document.errors import EXTRACTION_FAILED, ORIGINAL_MISSING
from service.document.extraction import NO_TEXT
from service.errors import ServiceError
from service.segment.errors import DRAFTING_FAILED
from service.web import labels
from service.worker.task import TIME_LIMIT_EXCEEDED

ENGLISH = re.compile(r"\b(the|was|were|found|looks|declared|check|page\(s\)|instead|documents over)\b", re.I)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _service_errors() -> set[type[ServiceError]]:
    for module in pkgutil.walk_packages(service.__path__, "service."):
        if module.name.endswith(".errors"):
            importlib.import_module(module.name)
    return _subclasses(ServiceError)


def _failure_codes() -> set[str]:
    library = {c.code for c in _subclasses(ocr.errors.OcrError) | _subclasses(mt_models.errors.MtError)
               if isinstance(getattr(c, "code", None), str)}
    return library | {bounds.DOCUMENT_TOO_LARGE, bounds.TOO_MANY_CHARACTERS, bounds.TOO_MANY_SEGMENTS,
                      NO_TEXT, ORIGINAL_MISSING, EXTRACTION_FAILED, TIME_LIMIT_EXCEEDED, DRAFTING_FAILED,
                      ROUTING_FAILED, "task_failed", "mt_error"}


class TestErrorCodes:
    def test_every_service_error_code_has_french_words(self):
        missing = sorted({e.code for e in _service_errors()
                          if e.code not in labels.ERROR_MESSAGES
                          and not any(k.startswith(f"{e.code}:") for k in labels.ERROR_MESSAGES)})
        assert missing == [], f"add these codes to labels.ERROR_MESSAGES: {missing}"

    def test_every_failure_code_has_a_reason_and_never_falls_back(self):
        missing = sorted(code for code in _failure_codes() if code not in labels.FAILURE_REASONS)
        assert missing == [], f"add these failure codes to labels.FAILURE_REASONS: {missing}"

    def test_no_french_message_is_left_in_english(self):
        texts = [*labels.ERROR_MESSAGES.values(), *labels.FAILURE_REASONS.values(), *labels.FAILURE_ADVICE.values()]
        assert [t for t in texts if ENGLISH.search(t)] == []


def _page(number: int, text: str, language: str | None = None) -> Page:
    return Page(number=number, text=text, method="ocr", confidence=90.0, language=language)


WARNINGS = [
    *_language_warnings([_page(1, "Hola")], "es", "de"),
    *_language_warnings([_page(1, "Hallo", "de"), _page(2, "Hola", "es"), _page(3, "Hola", "es")], None, "de"),
    *_text_warnings([_page(1, ""), _page(2, "texte")]),
    *_text_warnings([_page(1, "")]),
    "Page 3 was read with low confidence (41/100); check the text against the scan, or submit a sharper scan "
    "(300 DPI, straight, well lit).",
    "Page 2 is very large; it was read at 150 DPI instead of 300.",
    "142 pages: documents over 100 pages are counted apart in the late-delivery indicator (IR.8.3).",
]


class TestWarnings:
    @pytest.mark.parametrize("warning", WARNINGS)
    def test_every_warning_the_extraction_writes_is_shown_in_french(self, warning):
        french = labels.warning_fr(warning)
        assert french != warning and not ENGLISH.search(french), french

    def test_the_language_warning_names_both_languages(self):
        french = labels.warning_fr(_language_warnings([_page(1, "Hola")], "es", "de")[0])
        assert "espagnol" in french and "allemand" in french

    def test_a_warning_written_in_french_is_kept(self):
        assert labels.warning_fr("Routage bloqué : aucun tarif.") == "Routage bloqué : aucun tarif."
