"""Rows of the previous platform's export, and what an import did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

COLUMNS = ("reference", "caisse_code", "source_lang", "target_lang", "pages", "received_on",
           "delivered_on", "handled_by", "external_cost_eur")


@dataclass(slots=True)
class HistoryRow:
    """One valid line of the file."""

    line: int
    reference: str
    caisse_code: str
    source_lang: str
    target_lang: str
    pages: int
    received_on: date
    delivered_on: date | None
    handled_by: str | None
    external_cost_cents: int | None


class RowError(BaseModel):
    """Why the row on `line` (1 = the header) was refused."""

    line: int
    reason: str


class ImportReport(BaseModel):
    """What an import did: rows read, inserted, updated, refused, and caisses created."""

    rows: int
    inserted: int
    updated: int
    skipped: list[RowError]
    caisses_created: list[str]
