"""The languages the service reads, and their names for tesseract and the language detector."""

from __future__ import annotations

from ocr.errors import UnsupportedLanguageError

# ISO 639-1 -> tesseract trained-data name (Debian package `tesseract-ocr-<name>`).
SUPPORTED_LANGUAGES: dict[str, str] = {
    "fr": "fra",
    "en": "eng",
    "de": "deu",
    "es": "spa",
    "it": "ita",
    "pt": "por",
    "pl": "pol",
    "ro": "ron",
    "nl": "nld",
    "ar": "ara",
    "tr": "tur",
}

# Names of the same languages in lingua's `Language` enum.
LINGUA_NAMES: dict[str, str] = {
    "fr": "FRENCH",
    "en": "ENGLISH",
    "de": "GERMAN",
    "es": "SPANISH",
    "it": "ITALIAN",
    "pt": "PORTUGUESE",
    "pl": "POLISH",
    "ro": "ROMANIAN",
    "nl": "DUTCH",
    "ar": "ARABIC",
    "tr": "TURKISH",
}


def resolve(language: str) -> str:
    """Return the supported ISO 639-1 code for `language` (`FR`, `fr-FR`, `fra` accepted), or raise."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    if code in SUPPORTED_LANGUAGES:
        return code
    for iso, tesseract_code in SUPPORTED_LANGUAGES.items():
        if code == tesseract_code:
            return iso
    raise UnsupportedLanguageError(language, sorted(SUPPORTED_LANGUAGES))


def tesseract_code(language: str) -> str:
    """The tesseract trained-data name for a supported language."""
    return SUPPORTED_LANGUAGES[resolve(language)]
