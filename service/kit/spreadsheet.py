"""Cells written for spreadsheet software: text that could run as a formula is neutralised.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is taken as a formula by Excel and
LibreOffice when a CSV is opened (OWASP "CSV injection"): an imported caisse code `=HYPERLINK(...)` would
become a live link in a manager's export. Such text gets a leading apostrophe, which spreadsheets show as
text. Numbers are the service's own values and stay numbers (a negative gap is still -0.02). XLSX cells
holding text are typed as strings, so openpyxl never stores them as formulas or error values.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """`value`, with an apostrophe in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A CSV row with every text cell neutralised."""
    return [neutralise(v) for v in values]


class CsvWriter:
    """`csv.writer` that neutralises every text cell it writes."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, values: Iterable[Any]) -> None:
        """Write one row."""
        self._writer.writerow(csv_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write several rows."""
        for values in rows:
            self.writerow(values)


def append(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append a row to a write-only sheet, text neutralised and typed as strings."""
    sheet.append(xlsx_row(sheet, values))


def xlsx_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """A row for a write-only sheet: text neutralised and typed as a string, other values as they are."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
