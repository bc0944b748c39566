"""Dates, numeric ("03.06.1961", "3/6/61", "1961-06-03") and with month names in the partner languages.

Month names come from CLDR through babel (wide and abbreviated, format and stand-alone forms, so the
Polish genitive "czerwca" and nominative "czerwiec" both count). Every form that mt_models/dates.py
protects ("3 May 2019", "3rd of May 2019", "12. März 1975", "1er janvier 2020", "3 de mayo de 2019",
"May 3, 2019") is found here too. Times ("14:30", "9h30") are reported as dates with an ISO time value.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from babel import Locale

from entities.text import SP, fold, has_digit
from entities.types import Entity, Hints

LANGUAGES = ("de", "es", "it", "pt", "pl", "ro", "nl", "en", "fr")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
          "xii": 12}


@cache
def month_names() -> tuple[dict[str, int], dict[str, int]]:
    """(wide names, abbreviations) of every partner language, folded (lower case, no accents) -> month."""
    wide: dict[str, int] = {"janner": 1, "setiembre": 9}
    short: dict[str, int] = {"sept": 9, "sep": 9, "jan": 1}
    for lang in LANGUAGES:
        months = Locale.parse(lang).months
        for context in ("format", "stand-alone"):
            for n in range(1, 13):
                wide[fold(months[context]["wide"][n])] = n
                short[fold(months[context]["abbreviated"][n]).rstrip(".")] = n
    return wide, {k: v for k, v in short.items() if k not in wide and len(k) >= 3}


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    wide, short = month_names()
    any_month = "|".join(sorted([*wide, *short], key=len, reverse=True))
    wide_month = "|".join(sorted(wide, key=len, reverse=True))
    day = r"(?P<d>[0-3]?\d)(?:er|\.|º|°|ª|st|nd|rd|th)?"
    year = r"(?P<y>\d{4})"
    # Matched on the folded text (lower case, no accents), so one alternation serves every spelling.
    return (
        re.compile(rf"(?<![\w.]){day}{SP}*(?:de{SP}+|of{SP}+|-)?(?P<m>{any_month})\.?,?{SP}*(?:de{SP}+|del{SP}+|-)?"
                   rf"{year}(?!\d)"),
        re.compile(rf"(?<![\w.]){day}{SP}*(?:de{SP}+|of{SP}+)?(?P<m>{wide_month})(?![\w])"),
        re.compile(rf"(?<![\w])(?P<m>{any_month})\.?{SP}+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?{SP}+{year}(?!\d)"),
        re.compile(rf"(?<![\w])(?P<m>{wide_month}){SP}+(?:de{SP}+|of{SP}+)?{year}(?!\d)"),
    )


_NUMERIC = (
    re.compile(r"(?<![\w.,/-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w]|[.,/-]\d)"),
    re.compile(rf"(?<![\w.,/-])(?P<d>\d{{1,2}})(?P<sep>[./-]|\.{SP})(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})"
               r"(?![\w]|[.,/-]\d)"),
    re.compile(r"(?<![\w.,/-])(?P<d>\d{1,2})[. -](?P<m>(?i:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I))[. -](?P<y>\d{4})"
               r"(?![\w])"),
)
_TIME = re.compile(r"(?<![\w.,:])(?P<h>[01]?\d|2[0-3])(?::|h|\.(?=[0-5]\d{SP}?(?:Uhr|h\b)))(?P<min>[0-5]\d)"
                   r"(?![\d]|:\d)".replace("{SP}", SP))
_COMPACT = re.compile(r"(?<![\w])(?P<d>\d{2})(?P<m>\d{2})(?P<y>(?:19|20)\d{2})(?![\w])")

_BIRTH_CUE = re.compile(
    r"(?i:\b(?:geboren|geb\.|geburtsdatum|geburtstag|n[ée]e?|n[ée]\(e\)|date de naissance|nacid[oa]|"
    r"fecha de nacimiento|f\. nac\.|nat[oa]|data di nascita|nascid[oa]|data de nascimento|born|date of birth|"
    r"d\.?o\.?b\.?|birth date|urodzon[ya]|data urodzenia|n[ăa]scut[ăa]?|data na[șşs]terii|geboortedatum)"
    r")[\s:.,]*(?:am|le|el|il|em|a|on|w dniu|dnia|la|op)?[\s:]*$")


def _year(raw: str) -> int:
    if len(raw) == 4:
        return int(raw)
    pivot = date.today().year % 100
    return 2000 + int(raw) if int(raw) <= pivot else 1900 + int(raw)


def _iso(year: int | None, month: int, day: int | None) -> str | None:
    if year is not None and not 1800 <= year <= 2100:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}" if year is not None else None
    try:
        date(year if year is not None else 2000, month, day)  # a leap year checks 29 February
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


_WORDS = re.compile(r"[a-z]+")


def _word_dates(text: str, folded: str) -> list[Entity]:
    wide, short = month_names()
    found: list[Entity] = []
    words = set(_WORDS.findall(folded))
    if words.isdisjoint(wide) and words.isdisjoint(short):
        return found  # no month name: the four alternations of every month of nine languages need not run
    for pattern in _patterns():
        for match in pattern.finditer(folded):
            groups = match.groupdict()
            month = wide.get(groups["m"]) or short.get(groups["m"])
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            value = _iso(year, month or 0, day) if month else None
            if value is not None:
                found.append(Entity(text[match.start():match.end()], "date", match.start(), match.end(),
                                    value=value, source="pattern"))
    return found


def _numeric_dates(text: str, lang: str) -> list[Entity]:
    found: list[Entity] = []
    for pattern in _NUMERIC:
        for match in pattern.finditer(text):
            d, m = match.group("d"), match.group("m")
            month = _ROMAN[m.lower()] if m.isalpha() else int(m)
            day = int(d)
            if lang == "en" and month > 12 and day <= 12 and "-" not in match.group(0)[4:5]:
                day, month = month, day  # US order, "06/23/1961"
            value = _iso(_year(match.group("y")), month, day) if 1 <= month <= 12 else None
            if value is not None:
                found.append(Entity(match.group(0), "date", match.start(), match.end(), value=value))
    for match in _TIME.finditer(text):
        value = f"T{int(match.group('h')):02d}:{match.group('min')}"
        found.append(Entity(match.group(0), "date", match.start(), match.end(), value=value, confidence=0.9))
    return found


def _compact_birth_dates(text: str, hints: Hints | None) -> list[Entity]:
    # "03061961" is a date only when it is the subject's birth date or follows a birth cue.
    found = []
    for match in _COMPACT.finditer(text):
        value = _iso(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        hinted = hints is not None and hints.subject_birth_date is not None and \
            value == hints.subject_birth_date.isoformat()
        if value and (hinted or _BIRTH_CUE.search(text, max(0, match.start() - 40), match.start())):
            found.append(Entity(match.group(0), "date", match.start(), match.end(), value=value))
    return found


def _with_role(entity: Entity, text: str, hints: Hints | None) -> Entity:
    birth = hints.subject_birth_date.isoformat() if hints and hints.subject_birth_date else None
    if birth is not None and entity.value == birth:
        return Entity(entity.text, "date", entity.start, entity.end, value=entity.value, role="birth_date",
                      source="hint", confidence=1.0)
    if entity.value and not entity.value.startswith("T") and \
            _BIRTH_CUE.search(text, max(0, entity.start - 40), entity.start):
        return Entity(entity.text, "date", entity.start, entity.end, value=entity.value, role="birth_date",
                      source="cue", confidence=entity.confidence)
    return entity


def find(text: str, lang: str, hints: Hints | None = None) -> list[Entity]:
    """Every date, numeric or with a month name, and times; dates of birth get role "birth_date"."""
    found: list[Entity] = []
    if has_digit(text):
        found = _word_dates(text, fold(text)) + _numeric_dates(text, lang) + _compact_birth_dates(text, hints)
    return [_with_role(e, text, hints) for e in found]
