"""Check rules of the identifiers python-stdnum does not have, each citing the rule it implements.

Each function takes the identifier as written and returns its compact form when valid, else None.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum import luhn, verhoeff

_SPACES = re.compile(r"[\s./-]")


def _compact(raw: str) -> str:
    return _SPACES.sub("", raw).upper()


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# Deutsche Rentenversicherung, "Versicherungsnummer" (Sozialgesetzbuch VI § 147 and the
# Versicherungsnummern-, Kontoführungs- und Versicherungsverlaufsverordnung, VKVV § 2): 2-digit area number,
# birth date DDMMYY, initial of the birth name, 2-digit serial (00-49 men, 50-99 women), 1 check digit.
# The letter is replaced by its 2-digit position in the alphabet (A = 01), the 12 digits are weighted
# 2 1 2 5 7 1 2 1 2 1 2 1, the digits of each product are added, and the check digit is that sum modulo 10.
_RVNR_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)


def de_rvnr(raw: str) -> str | None:
    """German pension insurance number (Rentenversicherungsnummer), e.g. "15 070649 C 103"."""
    number = _compact(raw)
    if not re.fullmatch(r"\d{8}[A-Z]\d{3}", number):
        return None
    day, month = int(number[2:4]), int(number[4:6])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    digits = number[:8] + f"{ord(number[8]) - 64:02d}" + number[9:11]
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, _RVNR_WEIGHTS, strict=True))
    return number if total % 10 == int(number[11]) else None


# Tesorería General de la Seguridad Social, número de afiliación (NAF / NUSS): 2-digit province (01-53),
# a 7- or 8-digit number and 2 control digits. The control is (province * 10^8 + number) mod 97 when the
# number is 10,000,000 or more, else (province * 10^7 + number) mod 97 (the TGSS rule, as in RED/SILTRA).
def es_nss(raw: str) -> str | None:
    """Spanish social-security affiliation number (NAF/NSS), e.g. "28/12345678/40"."""
    number = _compact(raw)
    if not (number.isdigit() and len(number) in (11, 12)):
        return None
    province, body, control = int(number[:2]), int(number[2:-2]), int(number[-2:])
    if not 1 <= province <= 53:
        return None
    base = province * 10**8 + body if body >= 10**7 else province * 10**7 + body
    return number if base % 97 == control else None


# Instituto da Segurança Social, número de identificação da segurança social (NISS): 11 digits, the first
# 1 (person) or 2 (body); the first ten weighted by the primes 29 23 19 17 13 11 7 5 3 2, and the check
# digit is 9 minus that sum modulo 10.
_NISS_WEIGHTS = (29, 23, 19, 17, 13, 11, 7, 5, 3, 2)


def pt_niss(raw: str) -> str | None:
    """Portuguese social-security number (NISS), e.g. "12345678910"."""
    number = _compact(raw)
    if not (number.isdigit() and len(number) == 11 and number[0] in "12"):
        return None
    total = sum(int(d) * w for d, w in zip(number[:10], _NISS_WEIGHTS, strict=True))
    return number if 9 - total % 10 == int(number[10]) else None


# HMRC National Insurance Manual NIM39110: two prefix letters (the first not D, F, I, Q, U or V, the second
# not D, F, I, O, Q, U or V; BG, GB, KN, NK, NT, TN and ZZ never issued), six digits, suffix A-D. No checksum.
_NINO = re.compile(r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")


def gb_nino(raw: str) -> str | None:
    """British National Insurance number, e.g. "AB 12 34 56 C"."""
    number = _compact(raw)
    return number if _NINO.fullmatch(number) else None


# Centre commun de la sécurité sociale (Luxembourg), matricule national since 2014 (loi du 19 juin 2013):
# birth date YYYYMMDD, 3 digits, then a Luhn check digit and a Verhoeff check digit, both over the first 11.
def lu_matricule(raw: str) -> str | None:
    """Luxembourg national identification number (matricule), e.g. "1983 0811 12345"."""
    number = _compact(raw)
    if not (number.isdigit() and len(number) == 13):
        return None
    if not _is_date(int(number[:4]), int(number[4:6]), int(number[6:8])):
        return None
    body = number[:11]
    if luhn.calc_check_digit(body) != number[11] or verhoeff.calc_check_digit(body) != number[12]:
        return None
    return number
