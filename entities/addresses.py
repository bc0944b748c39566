"""Postal addresses: street and number, post boxes, postcode and city per country, and blocks of them
over several lines ("Ruhrstraße 2\n10709 Berlin\nDeutschland" is one address).
"""

from __future__ import annotations

import re

from entities import places
from entities.text import GAP, SP, fold, has_digit
from entities.types import Entity

_CAP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİĹĽŁŃŇŌŐŒŔŘŚŞŠȘŢŤȚŪŮŰŸŹŻŽ"
_WORD = rf"[{_CAP}][\w'’.-]*"
_NUMBER = (rf"\d{{1,4}}(?:{SP}?[a-zA-Z](?![\w]))?(?:{SP}?[-/]{SP}?(?:\d{{1,4}}[a-zA-Z]?|[A-Za-z](?![\w])))?"
           rf"(?:{SP}?(?:bis|ter)(?![\w]))?")
# Floor, door, staircase, flat... after the number ("3º B", "2.º Esq.", "bl. A3, sc. 2, ap. 14", "m. 5").
_EXTRA = (rf"(?:,?{SP}(?:\d{{1,2}}\.?[º°ª]{SP}?(?:[A-Z]|izq(?:da)?\.?|dcha\.?|Esq\.?|Dto\.?|Dt\.?|Dir\.?|Frente)?"
          rf"|(?i:piso|puerta|planta|esc\.|escalera|int\.|interno|sc\.|bl\.|ap\.|apt\.|et\.|m\.|lok\.|app\.|bus)"
          rf"{SP}?[\w]{{1,4}}|bajo|(?i:izq(?:da)?|dcha|esq|dto)\.?)(?![\w]))*")

_SUFFIXES = ("straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|gracht|straat|"
             "laan|kade|plein|singel|dreef|dijk|steeg|wal|baan|graben|zeile")
_GERMANIC = re.compile(
    rf"(?<![\w])(?:{_WORD}{GAP})?(?:[{_CAP}][\w'’-]*(?i:{_SUFFIXES})|(?i:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee"
    rf"|Ring|Damm|Ufer|Chaussee|Laan|Plein))(?:{GAP}(?:der|des|am|an|von|van|de|den)(?:{GAP}{_WORD})+)?"
    rf"{GAP}(?:Nr\.?{SP}?)?{_NUMBER}(?![\w]|[.,]\d)")
_TYPES_BEFORE = (
    "Calle|C/|C\\.|Avda\\.|Avenida|Av\\.|Avd\\.|Plaza|Pza\\.|Paseo|P[º°]|Camino|Carretera|Ctra\\.|Ronda|Travesía|"
    "Rambla|Glorieta|Via|V\\.|Viale|V\\.le|Piazza|P\\.zza|P\\.za|Piazzale|Corso|C\\.so|Largo|Vicolo|Strada|Str\\.|"
    "Rua|R\\.|Travessa|Tv\\.|Praça|Pç\\.|Estrada|Alameda|Calçada|ul\\.|ulica|al\\.|aleja|pl\\.|plac|os\\.|osiedle|"
    "Bulevardul|Bd\\.|B-dul|Bdul\\.|Calea|Aleea|Șoseaua|Şoseaua|Şos\\.|Șos\\.|Piața|Piaţa|Splaiul|Intrarea|"
    "Laan|Plein|Rue|Avenue|Boulevard|Chaussée|Place|Drève|Square")
_CONNECT = (r"(?:de|del|de la|de las|de los|la|las|los|el|da|do|dos|das|di|della|delle|dei|degli|al|e|y|des|du|d'|l'"
            r"|il|lo|le|gli|dello|dal|alla|sul|lui|van|der)")
_NAME_PART = rf"(?:{_WORD}|[IVXLC]+|\d{{1,2}}(?={GAP}(?:de|{_WORD})))"
_ROMANCE = re.compile(
    rf"(?<![\w])(?:{_TYPES_BEFORE}|(?i:calle|avenida|via|viale|piazza|rua|strada|ulica|aleja|plac))(?![\w]){GAP}?"
    rf"(?:{_CONNECT}{GAP})*{_NAME_PART}(?:{GAP}(?:{_CONNECT}{GAP})*{_NAME_PART}){{0,5}}"
    rf"(?:,?{GAP}|,)(?:(?i:n\.?[º°o]\.?|nº|núm\.?|num\.?|no\.?|nr\.?|n\.|civico){SP}?)?{_NUMBER}{_EXTRA}(?![\w]|[.,]\d)")
_FRENCH = re.compile(
    rf"(?<![\w,.])\d{{1,4}}(?:{SP}?(?:bis|ter|quater|[A-Za-z])(?![\w]))?,?{GAP}"
    rf"(?i:rue|avenue|av\.|bd|boulevard|bld|place|pl\.|chemin|ch\.|allée|impasse|imp\.|quai|route|rte|cours|square|"
    rf"passage|faubourg|fbg|rond-point|voie|résidence|lieu-dit|sentier|esplanade|parvis|promenade|chaussée|drève)"
    rf"(?![\w]){GAP}(?:(?:{_CONNECT}|{_WORD}|l'|d'|[IVX]+)(?:{GAP}|(?<=')|-)?){{1,7}}(?<![\s-])")
_ENGLISH = re.compile(
    rf"(?<![\w,.])(?:(?:Flat|Apartment|Unit){GAP}\d{{1,4}}[A-Za-z]?,{GAP})?\d{{1,4}}[A-Za-z]?{GAP}(?:{_WORD}{GAP}){{1,3}}"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Close|Drive|Way|Place|Square|Court|Crescent|Gardens|"
    r"Terrace|Row|Hill|Grove|Mews|Walk|Parade|Boulevard|Blvd\.?)(?![\w])")
_POST_BOX = re.compile(
    rf"(?<![\w])(?:Postfach|Apartado(?:{GAP}de{GAP}[Cc]orreos)?|Apdo\.|Casella{GAP}[Pp]ostale|Skrytka{GAP}pocztowa|"
    rf"Postbus|P\.?{SP}?O\.?{GAP}Box|B\.?P\.?|CS|Case{GAP}postale|Caixa{GAP}[Pp]ostal){SP}?\d[\d{SP[1:-1]}]*\d?"
    r"(?![\w])")
# Germanic prefixes ("Am Markt 5", "An der Alster 12") only count inside a block, before a postcode.
_WEAK_STREET = re.compile(
    rf"(?<![\w])(?:(?:Am|An{GAP}der|An{GAP}den|Auf{GAP}der|Auf{GAP}dem|Im|In{GAP}der|Unter{GAP}den|Zum|Zur|Hinter{GAP}der|"
    rf"Vor{GAP}dem|Alt|Alte|Neue|Hoher|Große|Kleine){GAP}{_WORD}{GAP}{_NUMBER}"
    # English street and estate names without a number, when a postcode line follows ("Whitley Road")
    rf"|(?:{_WORD}{GAP}){{1,3}}(?:Road|Street|Lane|Avenue|Drive|Way|Park|Close|Court|House|Place|Square))(?![\w])")

_COUNTRY_PREFIX = {"D": "DE", "DE": "DE", "E": "ES", "ES": "ES", "I": "IT", "IT": "IT", "F": "FR", "FR": "FR",
                   "P": "PT", "PT": "PT", "PL": "PL", "RO": "RO", "NL": "NL", "B": "BE", "BE": "BE", "L": "LU",
                   "LU": "LU", "CH": "CH", "A": "AT", "AT": "AT"}
# City words: capitalised, a full stop only inside an abbreviation ("St. Gallen", "Frankfurt a. M."), never
# "Cedex", which has its own place after the city.
_CITY_WORD = rf"(?!(?i:cedex)(?![\w]))[{_CAP}][\w'’-]*(?:\.(?={SP}?[{_CAP}a-z]\.?(?:{SP}|$)|{SP}[{_CAP}]))?"
_CITY = (rf"{_CITY_WORD}(?:(?:{GAP}|-|/)(?:(?:am|an{GAP}der|an|im|in|bei|ob|sur|sous|lès|les|le|la|de|del|di|do|da"
         rf"|dos|das|upon|on|en|aan{GAP}den|aan{GAP}de|op|a\.)(?:{GAP}|-))?{_CITY_WORD}){{0,3}}"
         rf"(?:{GAP}\([A-Z]{{2}}\))?(?:{GAP}(?i:cedex)(?:{GAP}\d{{1,2}})?)?")
_POSTCODE = re.compile(
    rf"(?<![\w.,/-])(?:(?P<cc>D|DE|E|ES|I|IT|F|FR|P|PT|PL|RO|NL|B|BE|L|LU|CH|A|AT)[-{SP[1:-1]}])?"
    rf"(?P<code>\d{{4}}-\d{{3}}|\d{{2}}-\d{{3}}|\d{{4}}{SP}?[A-Z]{{2}}(?![\w])|\d{{5}}|\d{{6}}|\d{{4}})"
    rf"{GAP}(?P<city>{_CITY})")
_UK_POSTCODE = re.compile(rf"(?<![\w])(?P<city>{_CITY_WORD}(?:{GAP}(?:upon{GAP}|on{GAP})?{_CITY_WORD}){{0,2}}),?{GAP}"
                          rf"(?P<code>[A-Z]{{1,2}}\d[A-Z\d]?{SP}\d[A-Z]{{2}})(?![\w])")

_NOT_CITY = frozenset(fold(w) for w in (
    "Euro Euros EUR Mitglieder Versicherte Personen Jahre Jahren Tage Tagen Monate Stück Kinder Einwohner Seiten "
    "Wochen Stunden Punkte Entgeltpunkte Beitragsmonate Monats Rentenpunkte Menschen Arbeitnehmer Años Días Meses "
    "Anni Giorni Mesi Anos Dias Meses Lat Dni Ani Zile Jaar Dagen Years Days Months Ans Jours Mois "
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()))


def _line_start_or_after_comma(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start]
    return start == 0 or bool(re.search(r"(?:\n|,|;|-|–|\|)[ \t]*$|^[ \t]*$", before)) or \
        bool(re.search(r"(?i:\b(?:in|à|en|a|w|în|te|at)\s)$", text[max(0, start - 4):start]))


def _country_of(cc: str | None, code: str) -> str | None:
    if cc:
        return _COUNTRY_PREFIX.get(cc)
    if re.fullmatch(r"\d{4}-\d{3}", code):
        return "PT"
    if re.fullmatch(r"\d{2}-\d{3}", code):
        return "PL"
    if re.fullmatch(rf"\d{{4}}{SP}?[A-Z]{{2}}", code):
        return "NL"
    if len(code) == 6:
        return "RO"
    return None


def _postcode_cities(text: str) -> list[Entity]:
    found = []
    for match in _POSTCODE.finditer(text):
        code, city, cc = match.group("code"), match.group("city"), match.group("cc")
        first = fold(city.split()[0]).strip(".,")
        if first in _NOT_CITY or city[0].isdigit():
            continue
        known = places.is_city(city)
        strong_shape = cc is not None or not code.isdigit() or "-" in code
        context = _line_start_or_after_comma(text, match.start())
        if len(code) == 4 and code.isdigit() and not (cc or known or context):
            continue
        if not (strong_shape or known or context):
            continue
        country = _country_of(cc, code) or places.city_country(city)
        found.append(Entity(match.group(0), "address", match.start(), match.end(), country=country,
                            source="pattern", confidence=0.95 if (strong_shape or known) else 0.8))
    for match in _UK_POSTCODE.finditer(text):
        found.append(Entity(match.group(0), "address", match.start(), match.end(), country="GB", confidence=0.9))
    return found


def _streets(text: str) -> tuple[list[Entity], list[Entity]]:
    strong = [Entity(m.group(0).rstrip(" ,"), "address", m.start(), m.start() + len(m.group(0).rstrip(" ,")),
                     source="pattern", confidence=0.9)
              for pattern in (_GERMANIC, _ROMANCE, _FRENCH, _ENGLISH, _POST_BOX) for m in pattern.finditer(text)]
    weak = [Entity(m.group(0), "address", m.start(), m.end(), source="pattern", confidence=0.8)
            for m in _WEAK_STREET.finditer(text)]
    return strong, weak


_JOIN = re.compile(r"[ \t]*(?:,|;|–|-|\|)?[ \t]*(?:\r?\n[ \t]*)?$")
_COUNTRY_AFTER = re.compile(rf"[ \t]*(?:,|\n|\(|-|–)?[ \t]*(?P<country>[{_CAP}][\w'’ .-]{{2,40}}?)\)?"
                            r"(?=[ \t]*(?:\n|$|,|\.))")


def _joined(text: str, left: Entity, right: Entity) -> bool:
    gap = text[left.end:right.start]
    return right.start >= left.end and gap.count("\n") <= 1 and len(gap) <= 6 and bool(_JOIN.fullmatch(gap))


def _blocks(text: str, streets: list[Entity], weak: list[Entity], cities: list[Entity]) -> list[Entity]:
    """Street (or weak street) followed by postcode and city, maybe a country after: one address each."""
    blocks = []
    for city in cities:
        end, country = city.end, city.country
        after = _COUNTRY_AFTER.match(text, end)
        if after and places.country_code(after.group("country")):
            end, country = after.end(), places.country_code(after.group("country"))
        start, joined_to = city.start, city
        for street in sorted(streets + weak, key=lambda e: -e.end):
            if street.end <= joined_to.start and _joined(text, street, joined_to):
                start, joined_to = street.start, street
        if (start, end) != (city.start, city.end):
            blocks.append(Entity(text[start:end], "address", start, end, country=country, source="pattern",
                                 confidence=max(city.confidence, 0.9)))
    return blocks


def find(text: str) -> list[Entity]:
    """Every street line, post box, postcode and city, and the blocks they form."""
    if not has_digit(text):
        return []
    streets, weak = _streets(text)
    cities = _postcode_cities(text)
    return streets + cities + _blocks(text, streets, weak, cities)
