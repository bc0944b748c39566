"""Cities and countries: known city names (for addresses), and exonyms (Köln -> Cologne).

Country names come from CLDR through babel, in every partner language; city exonyms from the table
shipped in data/cities.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale

from entities.errors import DataFileError
from entities.text import fold

_COUNTRY_LANGUAGES = ("fr", "en", "de", "es", "it", "pt", "pl", "ro", "nl", "tr")
# The language a country's own names are written in, to answer exonym("Cologne", "de") -> "Köln".
_NATIVE_LANGUAGE = {"DE": "de", "AT": "de", "ES": "es", "IT": "it", "PT": "pt", "PL": "pl", "RO": "ro", "NL": "nl",
                    "GB": "en", "IE": "en", "FR": "fr", "TR": "tr", "LU": "fr", "MA": "fr", "DZ": "fr", "TN": "fr"}


@dataclass(frozen=True, slots=True)
class City:
    """One row of the city table: the native names and the French and English exonyms."""

    country: str
    names: tuple[str, ...]
    fr: str | None
    en: str | None

    def name_in(self, lang: str) -> str | None:
        """The city's name in `lang`: its exonym, or its native name for the country's own language."""
        if lang == "fr":
            return self.fr or self.names[0]
        if lang == "en":
            return self.en or self.names[0]
        return self.names[0] if _NATIVE_LANGUAGE.get(self.country) == lang else None


def _umlaut_variants(name: str) -> set[str]:
    # "Köln" is also written "Koeln" where a keyboard has no umlaut.
    variants = {fold(name)}
    if any(c in name for c in "äöüÄÖÜ"):
        variants.add(fold(re.sub("[äÄ]", "ae", re.sub("[öÖ]", "oe", re.sub("[üÜ]", "ue", name)))))
    return variants


@cache
def cities() -> dict[str, City]:
    """Folded name (native or exonym) -> city, from data/cities.tsv."""
    path = "entities/data/cities.tsv"
    table: dict[str, City] = {}
    text = resources.files("entities").joinpath("data/cities.tsv").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 4 or len(columns[0]) != 2:
            raise DataFileError(path, number, f"expected 4 columns, got {len(columns)}")
        names = tuple(n.strip() for n in columns[1].split("|") if n.strip())
        city = City(columns[0], names, columns[2].strip() or None, columns[3].strip() or None)
        for name in (*names, city.fr, city.en):
            for variant in _umlaut_variants(name) if name else ():
                table.setdefault(variant, city)
    return table


@cache
def countries() -> dict[str, str]:
    """Folded country name in any partner language (CLDR) -> ISO 3166-1 alpha-2 code."""
    table: dict[str, str] = {}
    for lang in _COUNTRY_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                table.setdefault(fold(name), code)
    for alias, code in (("deutschland", "DE"), ("brd", "DE"), ("great britain", "GB"), ("england", "GB"),
                        ("scotland", "GB"), ("wales", "GB"), ("holland", "NL"), ("usa", "US"), ("uk", "GB")):
        table.setdefault(alias, code)
    return table


def country_code(name: str) -> str | None:
    """ISO code of a country written in any partner language ("Deutschland", "ESPAÑA", "Niemcy")."""
    return countries().get(fold(name.strip(" .,()")))


def _city(name: str) -> City | None:
    table = cities()
    folded = fold(name.strip(" .,"))
    if folded in table:
        return table[folded]
    # "Berlin-Charlottenburg", "Paris Cedex 15", "Roma (RM)": the first words name the city.
    words = re.split(r"[\s/]+|-(?=[A-Z])", name.strip())
    for n in range(min(len(words), 4), 0, -1):
        candidate = fold(" ".join(words[:n]).strip(" .,"))
        if candidate in table:
            return table[candidate]
    return None


def is_city(name: str) -> bool:
    """Whether `name` starts with a city of the table."""
    return _city(name) is not None


def city_country(name: str) -> str | None:
    """Country code of a known city, else None."""
    city = _city(name)
    return city.country if city else None


def exonym(name: str, target_lang: str) -> str | None:
    """The name of a city or country as `target_lang` writes it, where it differs from `name`.

    `exonym("Köln", "fr")` is "Cologne", `exonym("Deutschland", "fr")` is "Allemagne",
    `exonym("Cologne", "de")` is "Köln"; None when the target writes the name unchanged or nothing is known.
    """
    folded = fold(name.strip())
    city = cities().get(folded)
    if city is not None:
        result = city.name_in(target_lang)
    else:
        code = countries().get(folded)
        try:
            result = Locale.parse(target_lang).territories.get(code) if code else None
        except (ValueError, TypeError):
            result = None
    if result is None or fold(result) == folded:
        return None
    return result


@dataclass(frozen=True, slots=True)
class Place:
    """A city or country named in a text, with its name in the target language where that differs."""

    text: str
    start: int
    end: int
    kind: str  # "city" or "country"
    country: str
    exonym: str | None


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def _place_index() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First folded word -> (folded words, kind, country) of every city and country name, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    names = [(name, "city", city.country) for name, city in cities().items()]
    names += [(name, "country", code) for name, code in countries().items()]
    for name, kind, country in names:
        words = tuple(_TOKEN.findall(name))
        if words:
            index.setdefault(words[0], []).append((words, kind, country))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def find_places(text: str, target_lang: str, *, skip: Iterable[tuple[int, int]] = ()) -> list[Place]:
    """Cities of the table and countries (CLDR) named in `text`, each with its `target_lang` exonym or None.

    Names are matched as whole capitalised words. Spans in `skip` (e.g. the addresses `detect` found,
    which stay as written) are left out.
    """
    skipped = sorted(skip)
    tokens = list(_TOKEN.finditer(text))
    folded = fold(text)
    words = [folded[t.start():t.end()] for t in tokens]
    index, found, i = _place_index(), [], 0
    while i < len(tokens):
        entries = index.get(words[i], []) if tokens[i].group(0)[:1].isupper() else []
        match = next((e for e in entries if tuple(words[i:i + len(e[0])]) == e[0]), None)
        if match is None:
            i += 1
            continue
        start, end = tokens[i].start(), tokens[i + len(match[0]) - 1].end()
        if not any(s < end and start < e for s, e in skipped):
            name = text[start:end]
            found.append(Place(name, start, end, match[1], match[2], exonym(name, target_lang)))
        i += len(match[0])
    return found
