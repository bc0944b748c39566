"""Import the previous platform's history: check every row, then upsert in chunks on `reference`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.agreement import DELAY_DAYS
from service.caisse import service as caisse_service
from service.history import dialect, parsing
from service.history.errors import HistoryFileInvalid
from service.history.schemas import HistoryRow, ImportReport, RowError
from service.indicator import bulk
from service.models import Caisse, TranslationRequest
from service.models.enums import CaisseKind, HandledBy, RequestStatus

TR = TranslationRequest
CHUNK = 2000
# What a re-import may change on an imported request (never its id or its live-request fields).
UPDATED_COLUMNS = ("caisse_id", "source_lang", "target_lang", "pages", "received_on", "due_on",
                   "delivered_on", "status", "handled_by", "external_cost_cents")


def import_file(session: Session, path: Path, *, skip_invalid: bool = False,
                today: date | None = None) -> ImportReport:
    """Import the CSV at `path` (see `import_lines`)."""
    return import_lines(session, dialect.decode_lines(path.read_bytes()), skip_invalid=skip_invalid,
                        today=today)


def import_lines(session: Session, lines: list[str], *, skip_invalid: bool = False,
                 today: date | None = None) -> ImportReport:
    """Check every row; refuse the whole file on any error unless `skip_invalid`; upsert the rest."""
    rows, errors = parsing.parse(lines, today=today or date.today())
    existing, live = _existing_references(session, rows)
    if live:
        clashes = [RowError(line=r.line, reason=f"reference {r.reference} belongs to a request submitted "
                            "on Passerelle; an import cannot overwrite it")
                   for r in rows if r.reference in live]
        errors = sorted(errors + clashes, key=lambda e: e.line)
        rows = [r for r in rows if r.reference not in live]
    if errors and not skip_invalid:
        raise HistoryFileInvalid(errors)
    caisse_ids, created = _caisse_ids(session, {r.caisse_code for r in rows})
    values = [_values(r, caisse_ids[r.caisse_code]) for r in rows]
    # New references go in as plain INSERTs (SQLite runs them ~3x faster than an upsert); a concurrent
    # import of the same reference makes this transaction fail whole rather than duplicate it.
    bulk.insert_requests(session, [v for v in values if v["reference"] not in existing])
    bulk.insert_requests(session, [v for v in values if v["reference"] in existing],
                         update_columns=UPDATED_COLUMNS)
    updated = sum(1 for r in rows if r.reference in existing)
    return ImportReport(rows=len(rows) + len(errors), inserted=len(rows) - updated, updated=updated,
                        skipped=errors, caisses_created=created)


def _existing_references(session: Session, rows: list[HistoryRow]) -> tuple[set[str], set[str]]:
    """References already stored: those from an earlier import, and those of live requests."""
    imported: set[str] = set()
    live: set[str] = set()
    for chunk in parsing.chunks(rows, CHUNK):
        found = session.execute(select(TR.reference, TR.imported)
                                .where(TR.reference.in_([r.reference for r in chunk])))
        for reference, was_imported in found:
            (imported if was_imported else live).add(reference)
    return imported, live


def _caisse_ids(session: Session, codes: set[str]) -> tuple[dict[str, int], list[str]]:
    """Ids of the caisses named in the file, creating the unknown ones."""
    found = session.execute(select(Caisse.code, Caisse.id).where(Caisse.code.in_(codes)))
    known: dict[str, int] = {code: caisse_id for code, caisse_id in found}
    created = sorted(codes - known.keys())
    for code in created:
        known[code] = caisse_service.ensure(session, code=code, name=f"Caisse {code}", kind=_kind(code)).id
    return known, created


def _kind(code: str) -> str:
    """The network a caisse belongs to, read from its code's prefix (CPAM75 -> CPAM)."""
    for kind in sorted((k for k in CaisseKind if k != CaisseKind.OTHER), key=len, reverse=True):
        if code.startswith(kind.value):
            return kind.value
    return CaisseKind.OTHER.value


def _values(row: HistoryRow, caisse_id: int) -> dict[str, Any]:
    if row.delivered_on is not None:
        status = RequestStatus.DELIVERED
    elif row.handled_by == HandledBy.EXTERNAL:
        status = RequestStatus.OUTSOURCED
    else:
        status = RequestStatus.ASSIGNED
    return {"reference": row.reference, "caisse_id": caisse_id, "source_lang": row.source_lang,
            "target_lang": row.target_lang, "document_type": "other", "channel": "standard",
            "urgency": "normal", "received_on": row.received_on,
            "due_on": row.received_on + timedelta(days=DELAY_DAYS), "delivered_on": row.delivered_on,
            "pages": row.pages, "status": status.value, "handled_by": row.handled_by,
            "external_cost_cents": row.external_cost_cents, "warnings": "[]", "imported": True}
