"""Dates written with a month name ("3 May 2019", "12. März 1975", "1er janvier 2020").

Small MT models garble them (a month name is a rare word, "May" is also a verb), yet they are what
civil-status documents are made of. They are protected like numbers, then written back in the target
language's own form, so a draft says "3 mai 2019" and never "3 Peut-être 2019".
"""

from __future__ import annotations

import re
import unicodedata

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
}


def _ascii(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


# Any spelling above (and Austrian "Jänner", and each without accents), lower case -> month number.
MONTHS: dict[str, int] = {name.casefold(): n for names in MONTH_NAMES.values() for n, name in enumerate(names, 1)}
MONTHS["jänner"] = 1
MONTHS.update({_ascii(name): n for name, n in list(MONTHS.items())})

# Case-insensitive inside the pattern itself, so it can join the case-sensitive identifier patterns.
_MONTH = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
# "3 May 2019", "3rd of May 2019", "12. März 1975", "1er janvier 2020", "3 de mayo de 2019", "May 3, 2019".
WORD_DATE = re.compile(
    rf"\b(?:(\d{{1,2}})(?:er|st|nd|rd|th|\.|º|°)?\s+(?:de\s+|of\s+)?({_MONTH})\.?\s+(?:de\s+)?(\d{{4}})"
    rf"|({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}))\b")


def parse(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) when `text` is exactly one date with a month name and a valid day."""
    match = WORD_DATE.fullmatch(text.strip())
    if match is None:
        return None
    day, month, year = match.group(1, 2, 3) if match.group(1) else match.group(5, 4, 6)
    if not 1 <= int(day) <= 31:
        return None
    return int(day), MONTHS[month.casefold()], int(year)


def write(day: int, month: int, year: int, language: str) -> str | None:
    """The date as `language` writes it; None for a language without a form here."""
    names = MONTH_NAMES.get(language)
    if names is None:
        return None
    name = names[month - 1]
    if language == "fr":
        return f"{'1er' if day == 1 else day} {name} {year}"
    if language == "de":
        return f"{day}. {name} {year}"
    if language in ("es", "pt"):
        return f"{day} de {name} de {year}"
    return f"{day} {name} {year}"  # en (British order), it, nl


def localise(token: str, language: str | None) -> str:
    """A protected token as it should appear in `language`: dates with a month name are rewritten."""
    if language is None:
        return token
    parsed = parse(token)
    if parsed is None:
        return token
    return write(*parsed, language) or token
