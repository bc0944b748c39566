"""`only_entities`: lines made only of entities (letterhead, address block, reference line, date line),
which drafting copies instead of translating.
"""

from __future__ import annotations

import re
from functools import cache

from entities import persons, places, references
from entities.detector import PLACEHOLDER_SPAN, detect
from entities.text import fold
from entities.types import Hints

# Words that may stand between entities on such a line: labels of the line's values, the connectors of
# date lines ("Berlin, den 3. Mai 2024", "Madrid, a 3 de mayo"), page numbering, titles.
_FILLERS = (
    "tel telefon telephone téléphone teléfono telefone telefono telefoon tél phone fax telefax mobil mobile handy "
    "móvil cell e mail email courriel correo iban bic swift az aktenzeichen zeichen unser ihr datum date fecha data "
    "datum ref réf rif referencia référence riferimento referência kenmerk nr n no nº n° núm num número numero "
    "numéro den le el il am a à au du de em w dnia op on the of in per c o z hd seite page página pagina strona "
    "pagină blatt von sur di z din postfach bp cs apartado casella postale postbus box www http https "
    "our your ons uw nos vos notre votre nuestra su ns vs cedex"
    # the labels of identifiers
    " versicherungsnummer rentenversicherungsnummer versichertennummer sozialversicherungsnummer vsnr rvnr "
    "steuer id idnr identifikationsnummer ust idnr ahv nss naf nuss afiliacion seguridad social dni nie nif cif "
    "codice fiscale cf partita iva pesel nip regon niss contribuinte cnp cui bsn burgerservicenummer nir insee "
    "securite sociale ss national insurance ni nino tva vat btw matricule rijksregisternummer registre national "
    "numero nationaal rijksregister ssn kimlik"
).split()


def _labels() -> tuple[str, ...]:
    return (*persons._TITLES, *persons._LABELS, *references._CUES)


@cache
def _fillers() -> frozenset[str]:
    """The filler words, and the labels of one word ("Herrn", "Aktenzeichen")."""
    words = set(_FILLERS)
    for label in _labels():
        parts = re.findall(r"[^\W\d_]+", label)
        if len(parts) == 1:
            words.add(fold(parts[0]))
    return frozenset(words)


@cache
def _phrases() -> re.Pattern[str]:
    """Labels of several words ("Family name", "Unser Zeichen"): fillers only as a whole, so that "the family"
    alone stays a word to translate."""
    phrases = {label for label in _labels() if len(re.findall(r"[^\W\d_]+", label)) > 1}
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _is_place(words: list[str], i: int) -> int:
    """How many words from i name a known city or country (0 if none)."""
    for n in range(min(4, len(words) - i), 0, -1):
        name = " ".join(words[i:i + n])
        if fold(name) in places.cities() or places.country_code(name):
            return n
    return 0


def only_entities(text: str, lang: str, *, hints: Hints | None = None) -> bool:
    """True for a line made only of entities, punctuation and their labels: it can be copied as is."""
    if not text.strip():
        return False
    spans = [(e.start, e.end) for e in detect(text, lang, hints=hints)]
    spans += [m.span() for m in PLACEHOLDER_SPAN.finditer(text)]
    if not spans:
        return False
    rest, last = [], 0
    for start, end in sorted(spans):
        rest.append(text[last:start])
        last = max(last, end)
    rest.append(text[last:])
    words = re.findall(r"[^\W_]+", _phrases().sub(" ", " ".join(rest)))
    fillers, i = _fillers(), 0
    while i < len(words):
        if fold(words[i]) in fillers:
            i += 1
            continue
        n = _is_place(words, i)
        if n == 0:
            return False
        i += n
    return True
