"""Reading and checking the previous platform's CSV, line by line, with no database access."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from service.history import dialect
from service.history.errors import HistoryHeaderInvalid
from service.history.schemas import COLUMNS, HistoryRow, RowError
from service.models.enums import HandledBy
from service.translation_request import references

LANG = re.compile(r"^[a-z]{2}$")
HANDLERS = {h.value for h in HandledBy}
FRENCH_HANDLERS = {"interne": "internal", "externe": "external", "stagiaire": "trainee", "apprenti": "trainee",
                   "apprentie": "trainee"}
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# Amounts as French Excel writes them: "1 234,56 €", thousands grouped by (narrow) no-break spaces.
SPACES = re.compile(r"[\s\u00a0\u202f]+")
CURRENCY = re.compile(r"(?:€|EUR)$", re.IGNORECASE)
MAX_REFERENCE = 32
MAX_PAGES = 10_000


class RowInvalid(ValueError):
    """A field of the current row is wrong; the message says which and why."""


def parse(lines: Iterable[str], *, today: date) -> tuple[list[HistoryRow], list[RowError]]:
    """Every valid row and every refused one (line number and reason), in file order."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None or not first.strip():
        raise HistoryHeaderInvalid("The file is empty.")
    reader = csv.reader(itertools.chain([first], lines), delimiter=dialect.separator(first))
    order = _header_order(next(reader))
    rows: list[HistoryRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        try:
            row = _row(line, fields, order, today)
            if row.reference in seen:
                raise RowInvalid(f"reference {row.reference} already appears on line {seen[row.reference]}")
        except RowInvalid as e:
            errors.append(RowError(line=line, reason=str(e)))
            continue
        seen[row.reference] = line
        rows.append(row)
    return rows, errors


def _header_order(header: list[str]) -> list[int]:
    while header and not header[-1].strip():  # Excel keeps empty columns after the last one
        header = header[:-1]
    names = [dialect.column_of(h) or h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    extra = [n for n in names if n not in COLUMNS]
    if missing or extra or len(names) != len(COLUMNS):
        parts = ([f"missing column(s): {', '.join(missing)}."] if missing else []) + \
                ([f"unexpected column(s): {', '.join(extra)}."] if extra else [])
        raise HistoryHeaderInvalid(" ".join(parts) or "A column is named twice.")
    return [names.index(c) for c in COLUMNS]


def _row(line: int, fields: list[str], order: list[int], today: date) -> HistoryRow:
    while len(fields) > len(COLUMNS) and not fields[-1].strip():
        fields = fields[:-1]
    if len(fields) != len(COLUMNS):
        raise RowInvalid(f"expected {len(COLUMNS)} fields, found {len(fields)}")
    (reference, caisse, source, target, pages, received, delivered, handler, cost) = \
        (fields[i].strip() for i in order)
    if not reference or len(reference) > MAX_REFERENCE:
        raise RowInvalid(f"reference must have 1 to {MAX_REFERENCE} characters")
    if references.is_live(reference):
        raise RowInvalid(f"reference {reference} has the format of the references Passerelle gives its own "
                         "requests (TR-year-number); prefix the previous platform's references, e.g. "
                         f"H-{reference}, so that they never take the reference of a future request")
    if not caisse or len(caisse) > 32:
        raise RowInvalid("caisse_code must have 1 to 32 characters")
    received_on = _date("received_on", received, today)
    delivered_on = _date("delivered_on", delivered, today) if delivered else None
    if delivered_on is not None and delivered_on < received_on:
        raise RowInvalid(f"delivered_on {delivered} is before received_on {received}")
    handled_by = FRENCH_HANDLERS.get(handler.lower(), handler.lower()) or None
    if handled_by is not None and handled_by not in HANDLERS:
        raise RowInvalid(f"handled_by '{handler}' must be internal, external or trainee "
                         "(interne, externe, stagiaire)")
    if handled_by is None and delivered_on is not None:
        raise RowInvalid("handled_by is required for a delivered request (internal, external or trainee)")
    return HistoryRow(line=line, reference=reference, caisse_code=caisse.upper(),
                      source_lang=_lang("source_lang", source), target_lang=_lang("target_lang", target),
                      pages=_pages(pages), received_on=received_on, delivered_on=delivered_on,
                      handled_by=handled_by, external_cost_cents=_cost(cost, handled_by))


def _lang(name: str, value: str) -> str:
    code = value.lower()
    if not LANG.match(code):
        raise RowInvalid(f"{name} '{value}' must be a two-letter ISO 639-1 code such as de or fr")
    return code


def _pages(value: str) -> int:
    try:
        pages = int(value)
    except ValueError:
        raise RowInvalid(f"pages '{value}' must be a whole number") from None
    if not 1 <= pages <= MAX_PAGES:
        raise RowInvalid(f"pages {pages} must be between 1 and {MAX_PAGES}")
    return pages


def _date(name: str, value: str, today: date) -> date:
    french = FRENCH_DATE.match(value)
    try:
        if french:
            day = date(int(french.group(3)), int(french.group(2)), int(french.group(1)))
        else:
            day = date.fromisoformat(value)
    except ValueError:
        raise RowInvalid(f"{name} '{value}' must be a date written DD/MM/YYYY or YYYY-MM-DD") from None
    if day > today:
        raise RowInvalid(f"{name} {value} is in the future")
    return day


def _cost(value: str, handled_by: str | None) -> int | None:
    if not value:
        return None
    if handled_by != HandledBy.EXTERNAL:
        raise RowInvalid(f"external_cost_eur must be empty unless handled_by is external "
                         f"(it is {handled_by})")
    digits = CURRENCY.sub("", SPACES.sub("", value))
    if "," in digits:  # French: a decimal comma, so any dot groups thousands
        digits = digits.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        raise RowInvalid(f"external_cost_eur '{value}' must be an amount in euros such as 123.45") from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise RowInvalid(f"external_cost_eur '{value}' must be a positive amount with at most 2 decimals")
    return int(amount * 100)


def chunks(items: list[HistoryRow], size: int) -> Iterator[list[HistoryRow]]:
    """`items` in slices of `size`."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
