"""Amounts on the manager pages: cents shown and typed in French (babel/CLDR), "1 234,50 €"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_currency, format_percent, parse_decimal

from service.web.common import templates

LOCALE = "fr_FR"


def euros(cents: int | None) -> str:
    """Cents as French euros ("1 234,50 €"), or a dash."""
    if cents is None:
        return "—"
    return str(format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE))


def percent(share: float | None, digits: int = 0) -> str:
    """A 0-1 share as a French percentage ("92 %"), or a dash."""
    if share is None:
        return "—"
    return str(format_percent(share, format="#,##0" + ("." + "0" * digits if digits else "") + " %",
                              locale=LOCALE))


def parse_euros(text: str) -> int | None:
    """A typed amount ("1 234,50", "1234.5 €") in cents; None when it is not a positive amount."""
    cleaned = text.replace("€", "").replace("\u202f", " ").replace("\xa0", " ").strip().replace(" ", "")
    if not cleaned:
        return None
    try:
        value = parse_decimal(cleaned, locale=LOCALE)
    except (NumberFormatError, InvalidOperation):
        try:
            value = Decimal(cleaned)  # "1234.50" typed with a dot
        except InvalidOperation:
            return None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


templates.env.filters.update(euros=euros, percent_fr=percent)
