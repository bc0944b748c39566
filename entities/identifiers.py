"""National identifiers, IBAN, BIC and VAT numbers, each confirmed by its check digits.

A candidate is found by a pattern of the identifier's shape (with the spaces, dots, hyphens and slashes
people write), then validated by python-stdnum; a shape without a valid checksum is not an identifier.
Where stdnum lacks a scheme (German Rentenversicherungsnummer, Spanish NAF, Portuguese NISS, British
NINO, Luxembourg matricule) the official rule is implemented in `checks.py`.

Schemes whose checksum a random number passes easily (a 9-digit BSN passes the 11-test one time in
eleven) are "weak": they count only in a text of their country's language or after their cue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from stdnum import bic, iban
from stdnum.at import vnr as at_vnr
from stdnum.be import ssn as be_ssn
from stdnum.ch import ssn as ch_ssn
from stdnum.de import idnr as de_idnr
from stdnum.es import cif as es_cif
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import nir as fr_nir
from stdnum.it import codicefiscale as it_cf
from stdnum.it import iva as it_iva
from stdnum.nl import bsn as nl_bsn
from stdnum.pl import nip as pl_nip
from stdnum.pl import pesel as pl_pesel
from stdnum.pt import cc as pt_cc
from stdnum.pt import nif as pt_nif
from stdnum.ro import cnp as ro_cnp
from stdnum.tr import tckimlik as tr_tckimlik

from entities import checks
from entities.text import SP
from entities.types import Entity

Validator = Callable[[str], "str | None"]


_SEPARATORS = re.compile(r"[\s./-]")
_DIGITS = re.compile(r"\d")


def _stdnum(module: ModuleType) -> Validator:
    def validate(raw: str) -> str | None:
        try:
            return str(module.validate(_SEPARATORS.sub("", raw)))
        except ValidationError:
            return None
    return validate


@dataclass(frozen=True, slots=True)
class Scheme:
    """One identifier scheme: its shape, its validation and how much a valid checksum proves."""

    name: str
    country: str | None
    pattern: re.Pattern[str]
    validate: Validator
    strong: bool = True
    cue: re.Pattern[str] | None = None
    min_digits: int = 6  # a text with fewer digits cannot hold one (skips most schemes on most lines)


_S = f"[{SP[1:-1]}.-]?"  # an optional separator inside a number: space, dot or hyphen
_D = r"(?<![\w])"  # not glued to a preceding word or digit
_E = r"(?![\w])"


def _shape(body: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(_D + body + _E, flags)


def _cue(words: str) -> re.Pattern[str]:
    # A cue counts when it closes the 48 characters before the number ("NIF: 123456789", "BSN 1234...").
    return re.compile(rf"(?i:\b(?:{words}))\b[^\n\d]{{0,24}}$")


_OMO = "[0-9LMNPQRSTUVlmnpqrstuv]"  # a digit of a codice fiscale, or its omocodia letter

SCHEMES: tuple[Scheme, ...] = (
    Scheme("iban", None, _shape(rf"[A-Za-z]{{2}}\d{{2}}(?:{SP}?[A-Za-z0-9]{{4}}){{2,7}}(?:{SP}?[A-Za-z0-9]{{1,3}})?"),
           _stdnum(iban), min_digits=8),
    Scheme("fr.nir", "FR", _shape(rf"[1-478]{_S}\d{{2}}{_S}(?:0[1-9]|1[0-2]|[2-9]\d){_S}(?:\d{{2}}|2[ABab]){_S}"
                                  rf"\d{{3}}{_S}\d{{3}}{_S}\d{{2}}"), _stdnum(fr_nir), min_digits=13),
    Scheme("de.rvnr", "DE", _shape(rf"\d{{2}}{SP}?\d{{6}}{SP}?[A-Za-z]{SP}?\d{{2}}{SP}?\d"), checks.de_rvnr,
           min_digits=11),
    Scheme("it.codicefiscale", "IT", _shape(rf"[A-Za-z]{{6}}{_OMO}{{2}}[A-Za-z]{_OMO}{{2}}[A-Za-z]{_OMO}{{3}}[A-Za-z]"),
           _stdnum(it_cf), min_digits=1),  # omocodia turns digits into letters
    Scheme("es.dni", "ES", _shape(rf"\d{{2}}\.?\d{{3}}\.?\d{{3}}{_S}[A-Za-z]"), _stdnum(es_dni), min_digits=8),
    Scheme("es.nie", "ES", _shape(rf"[XYZxyz]{_S}\d{{7}}{_S}[A-Za-z]"), _stdnum(es_nie), min_digits=7),
    # Company tax numbers (NIF of a company, formerly CIF): a letter for the legal form, 7 digits, a check.
    Scheme("es.cif", "ES", _shape(rf"[ABCDEFGHJNPQRSUVW]{_S}\d{{7}}{_S}[0-9A-J]"), _stdnum(es_cif), min_digits=7),
    Scheme("es.nss", "ES", _shape(rf"\d{{2}}{SP}?[/-]?{SP}?\d{{7,8}}{SP}?[/-]?{SP}?\d{{2}}"), checks.es_nss,
           strong=False, cue=_cue(r"NAF|NUSS|NSS|afiliaci[oó]n|seguridad social|n[º°]\.? de la seguridad social"),
           min_digits=11),
    Scheme("pl.pesel", "PL", _shape(r"\d{11}"), _stdnum(pl_pesel), min_digits=11),
    Scheme("pl.nip", "PL", _shape(r"\d{3}-?\d{3}-?\d{2}-?\d{2}|\d{3}-\d{2}-\d{2}-\d{3}"), _stdnum(pl_nip), strong=False,
           cue=_cue("NIP"), min_digits=10),
    Scheme("pt.nif", "PT", _shape(rf"\d{{3}}{SP}?\d{{3}}{SP}?\d{{3}}"), _stdnum(pt_nif), strong=False,
           cue=_cue(r"NIF|contribuinte|NIPC"), min_digits=9),
    Scheme("pt.niss", "PT", _shape(r"[12]\d{10}"), checks.pt_niss, strong=False,
           cue=_cue(r"NISS|seguran[cç]a social|identifica[cç][aã]o de seguran[cç]a"), min_digits=11),
    Scheme("pt.cc", "PT", _shape(rf"\d{{8}}{SP}?\d{SP}?[A-Za-z]{{2}}\d"), _stdnum(pt_cc), min_digits=10),
    Scheme("ro.cnp", "RO", _shape(r"[1-9]\d{12}"), _stdnum(ro_cnp), min_digits=13),
    Scheme("be.nn", "BE", _shape(rf"\d{{2}}\.?\d{{2}}\.?\d{{2}}{_S}\d{{3}}\.?\d{{2}}"), _stdnum(be_ssn), min_digits=11),
    Scheme("nl.bsn", "NL", _shape(r"\d{4}\.?\d{2}\.?\d{3}|\d{3}\.?\d{3}\.?\d{3}"), _stdnum(nl_bsn), strong=False,
           cue=_cue(r"BSN|burgerservicenummer|sofinummer"), min_digits=9),
    Scheme("de.idnr", "DE", _shape(rf"\d{{2}}{SP}?\d{{3}}{SP}?\d{{3}}{SP}?\d{{3}}"), _stdnum(de_idnr), strong=False,
           cue=_cue(r"Steuer-?ID|Steueridentifikationsnummer|Identifikationsnummer|IdNr"), min_digits=11),
    Scheme("at.vnr", "AT", _shape(rf"\d{{4}}{SP}?\d{{6}}"), _stdnum(at_vnr), strong=False,
           cue=_cue(r"Versicherungsnummer|SV-?Nummer|VSNR"), min_digits=10),
    Scheme("ch.ssn", "CH", _shape(r"756\.?\d{4}\.?\d{4}\.?\d{2}"), _stdnum(ch_ssn), min_digits=13),
    Scheme("it.iva", "IT", _shape(r"\d{11}"), _stdnum(it_iva), strong=False, cue=_cue(r"P\.?\s?IVA|partita IVA"),
           min_digits=11),
    Scheme("tr.tckimlik", "TR", _shape(r"[1-9]\d{10}"), _stdnum(tr_tckimlik), strong=False,
           cue=_cue(r"T\.?C\.? Kimlik|kimlik no|TCKN"), min_digits=11),
    Scheme("gb.nino", "GB", _shape(rf"[A-Za-z]{{2}}{SP}?\d{{2}}{SP}?\d{{2}}{SP}?\d{{2}}{SP}?[A-Da-d]"), checks.gb_nino,
           min_digits=6),
    Scheme("lu.matricule", "LU", _shape(rf"(?:19|20)\d{{2}}{SP}?\d{{4}}{SP}?\d{{5}}"), checks.lu_matricule,
           min_digits=13),
    Scheme("eu.vat", None, _shape(r"(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE"
                                  rf"|SI|SK|XI){SP}?[0-9A-Z](?:[0-9A-Z]|{SP}|[.-](?=\w)){{7,14}}[0-9A-Z]"),
           _stdnum(eu_vat), min_digits=7),
)

# A BIC has no checksum and its shape is that of many capitalised words ("DEUTSCHE" = DEUT SC HE), so it
# counts only after "BIC"/"SWIFT" or next to an IBAN.
_BIC = re.compile(rf"{_D}([A-Z]{{4}}[A-Z]{{2}}[A-Z0-9]{{2}}(?:[A-Z0-9]{{3}})?){_E}")
_BIC_CUE = re.compile(r"(?i:\b(?:BIC|SWIFT|BIC/SWIFT|SWIFT/BIC|code BIC|Bank Identifier Code))\b[\s:.\-]{0,4}"
                      r"(?:code\s*)?$")
_BIC_NEAR_IBAN = 48

_LANG_COUNTRY = {"de": "DE", "es": "ES", "it": "IT", "pt": "PT", "pl": "PL", "ro": "RO", "nl": "NL", "en": "GB",
                 "fr": "FR", "tr": "TR"}


def _iban_candidates(raw: str) -> list[str]:
    # The shape may have swallowed a trailing group (a year, a BIC's start): try shorter ones too.
    groups = re.split(f"({SP})", raw)
    words = [g for g in groups if g.strip()]
    return [raw] + [" ".join(words[:n]) for n in range(len(words) - 1, 2, -1)]


def _match_scheme(text: str, scheme: Scheme, country: str | None) -> list[Entity]:
    """Valid identifiers of one scheme (weak schemes only in their country's language or after their cue)."""
    found = []
    for match in scheme.pattern.finditer(text):
        raws = _iban_candidates(match.group(0)) if scheme.name == "iban" else [match.group(0)]
        for raw in raws:
            value = scheme.validate(raw)
            if value is None:
                continue
            start = match.start()
            if not scheme.strong and scheme.country != country:
                if scheme.cue is None or not scheme.cue.search(text, max(0, start - 48), start):
                    break
            ident_country = value[:2].upper() if scheme.name in ("iban", "eu.vat") else scheme.country
            found.append(Entity(raw, "identifier", start, start + len(raw), scheme=scheme.name,
                                value=value.upper(), country=ident_country, source="checksum",
                                confidence=1.0 if scheme.strong else 0.9))
            break
    return found


def _bics(text: str, ibans: list[Entity]) -> list[Entity]:
    found = []
    for match in _BIC.finditer(text):
        start, end = match.span(1)
        near_iban = any(abs(start - e.end) <= _BIC_NEAR_IBAN or abs(e.start - end) <= _BIC_NEAR_IBAN for e in ibans)
        if not near_iban and not _BIC_CUE.search(text, max(0, start - 24), start):
            continue
        value = _stdnum(bic)(match.group(1))
        if value is not None:
            found.append(Entity(match.group(1), "identifier", start, end, scheme="bic", value=value,
                                country=value[4:6], source="checksum", confidence=0.95))
    return found


def find(text: str, lang: str) -> list[Entity]:
    """Every identifier of a known scheme whose checksum holds (overlaps are left to the caller)."""
    country = _LANG_COUNTRY.get(lang)
    found: list[Entity] = []
    digits = len(_DIGITS.findall(text))
    for scheme in SCHEMES:
        if digits >= scheme.min_digits:
            found.extend(_match_scheme(text, scheme, country))
    found.extend(_bics(text, [e for e in found if e.scheme == "iban"]))
    return found
