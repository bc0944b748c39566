"""Amounts with their currency ("1.234,56 €", "EUR 1 234,56", "1,234.56 USD", "150 zł") and plain numbers."""

from __future__ import annotations

import re

from entities.text import SP, has_digit
from entities.types import Entity

# Symbols and words -> ISO 4217. Words are matched case-insensitively, symbols and codes as written.
_CURRENCY_WORDS = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "us$": "USD", "usd": "USD",
    "£": "GBP", "gbp": "GBP", "chf": "CHF", "fr.": "CHF", "sfr.": "CHF", "franken": "CHF", "pln": "PLN",
    "zł": "PLN", "zl": "PLN", "złotych": "PLN", "zlotys": "PLN", "ron": "RON", "lei": "RON", "mad": "MAD",
    "dh": "MAD", "dirhams": "MAD", "dzd": "DZD", "da": "DZD", "tnd": "TND", "dt": "TND", "try": "TRY", "₺": "TRY",
    "tl": "TRY", "dkk": "DKK", "sek": "SEK", "nok": "NOK", "czk": "CZK", "kč": "CZK", "huf": "HUF", "ft": "HUF",
    "bgn": "BGN", "лв": "BGN", "¥": "JPY", "jpy": "JPY", "cad": "CAD", "aud": "AUD",
}
_SYMBOLS = "€|\\$|US\\$|£|₺|¥"
_CODES = "EUR|USD|GBP|CHF|PLN|RON|MAD|DZD|TND|TRY|DKK|SEK|NOK|CZK|HUF|BGN|JPY|CAD|AUD"
_WORDS_AFTER = "(?i:euros?|zł|złotych|zlotys?|lei|Franken|dirhams|DH|DA|DT|TL|Kč|Ft|лв|Fr\\.)"
_WORDS_BEFORE = "(?:SFr\\.|Fr\\.|zł)"

_NUMBER = (rf"(?:\d{{1,3}}(?:(?:[.,'’]|{SP})\d{{3}})+(?:[.,]\d{{1,3}})?|\d+(?:[.,]\d{{1,3}})?)"
           r"(?:,-{1,2}|\.-|,–)?")
# Currency before and after are two patterns, so "2024 € 1.452,93" yields both readings for the resolver.
_AMOUNTS = (
    re.compile(rf"(?<![\w.,])(?P<c>{_SYMBOLS}|{_CODES}|{_WORDS_BEFORE}){SP}?(?P<n>{_NUMBER})(?![\w]|[.,]\d)"),
    re.compile(rf"(?<![\w.,])(?P<n>{_NUMBER}){SP}?(?P<c>{_SYMBOLS}|(?<![\w]){_CODES}|{_WORDS_AFTER})(?![\w])"),
)
_PLAIN = re.compile(
    rf"(?<![\w.,])[-−+]?(?:\d{{1,3}}(?:(?:[.'’]|[ \u00a0\u202f])\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"
    rf"|\d+(?:[.,]\d+)?)(?:{SP}?%)?(?![\w]|[.,]\d)")


def decimal(raw: str) -> str:
    """A written number as a plain decimal string: "1.234,56" -> "1234.56", "1,234.56" -> "1234.56"."""
    number = re.sub(r"(?:,-{1,2}|\.-|,–)$", "", raw.strip().rstrip("%").strip())
    number = re.sub(rf"{SP}|['’]", "", number).replace("−", "-")
    last_dot, last_comma = number.rfind("."), number.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        integer, _, fraction = number.rpartition(sep)
        grouping = number.count(sep) > 1 or (len(fraction) == 3 and integer.lstrip("-+") not in ("0", ""))
        decimal_sep = "" if grouping else sep
    else:
        decimal_sep = ""
    group_sep = {".": ",", ",": "."}.get(decimal_sep, "")
    number = number.replace(group_sep, "") if group_sep else number.replace(".", "").replace(",", "")
    return number.replace(",", ".") if decimal_sep == "," else number


def amounts(text: str) -> list[Entity]:
    """Amounts written with a currency symbol, ISO code or word, before or after the number."""
    found = []
    for pattern in _AMOUNTS:
        for match in pattern.finditer(text):
            currency = match.group("c")
            code = _CURRENCY_WORDS.get(currency.lower()) or currency.upper()
            found.append(Entity(match.group(0), "amount", match.start(), match.end(), value=decimal(match.group("n")),
                                currency=code, source="pattern"))
    return found


def plain_numbers(text: str) -> list[Entity]:
    """Numbers not inside words: integers, decimals, grouped thousands, percentages."""
    return [Entity(m.group(0), "number", m.start(), m.end(), value=decimal(m.group(0)), source="pattern")
            for m in _PLAIN.finditer(text)]


def find(text: str) -> list[Entity]:
    """Amounts and numbers (a number inside an amount is left to the overlap resolution)."""
    if not has_digit(text):
        return []
    return amounts(text) + plain_numbers(text)
