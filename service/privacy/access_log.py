"""The access log as managers read it: every read of a document's content, filtered and exported.

A line says who read (the actor), when, which request and object (original, page image, extracted text,
a segment, a page of segments, a deliverable, a vendor package, an attachment), why (the purpose) and
through what (api, portal, editor). The person a document is about is the request's subject (its name as
the caisse gave it), so "person" filters on it; retention clears it, and the lines stay, anonymous.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from openpyxl import Workbook
from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.orm import Session

from service.kit import spreadsheet
from service.models import DocumentAccess, TranslationRequest, User
from service.privacy.errors import UnknownExportFormat

MAX_PAGE_SIZE = 200
EXPORT_BATCH = 2000
HEADER = ["date_heure_utc", "acteur", "role", "reference", "objet", "element", "motif", "canal"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class AccessFilters:
    """Which lines to read: by request reference, person (the request's subject), actor (e-mail or name),
    period (days, inclusive) and object kind."""

    reference: str | None = None
    person: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None
    object_kind: str | None = None


@dataclass(frozen=True)
class AccessLine:
    """One read, as the screen and the exports show it."""

    id: int
    at: datetime
    actor_id: int | None
    actor: str | None
    actor_role: str | None
    request_id: int
    reference: str
    object_kind: str
    object_ref: str | None
    purpose: str
    channel: str | None


def search(session: Session, filters: AccessFilters, *, page: int = 1,
           page_size: int = 50) -> tuple[list[AccessLine], int]:
    """One page of the lines matching `filters`, newest first, and how many match in all."""
    query = _filtered(filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    rows = session.execute(query.order_by(DocumentAccess.at.desc(), DocumentAccess.id.desc())
                           .offset((max(page, 1) - 1) * size).limit(size))
    return [_line(row) for row in rows], total


def lines(session: Session, filters: AccessFilters) -> Iterator[AccessLine]:
    """Every matching line, oldest first, read in batches (for the exports)."""
    after = 0
    while True:
        rows = session.execute(_filtered(filters).where(DocumentAccess.id > after)
                               .order_by(DocumentAccess.id).limit(EXPORT_BATCH)).all()
        for row in rows:
            yield _line(row)
        if len(rows) < EXPORT_BATCH:
            return
        after = rows[-1][0].id


def export(session: Session, filters: AccessFilters, *, fmt: str) -> bytes:
    """The matching lines as CSV or XLSX (text that would run as a formula is neutralised)."""
    if fmt not in MEDIA_TYPES:
        raise UnknownExportFormat(fmt)
    rows = (_cells(line) for line in lines(session, filters))
    if fmt == "csv":
        out = io.StringIO()
        writer = spreadsheet.CsvWriter(out)
        writer.writerow(HEADER)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM: spreadsheets then read the accents
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Journal des accès")
    spreadsheet.append(sheet, HEADER)
    for cells in rows:
        spreadsheet.append(sheet, cells)
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    return out_bytes.getvalue()


def _filtered(f: AccessFilters) -> Select[DocumentAccess, str, str, str, str]:
    query = (select(DocumentAccess, TranslationRequest.reference, User.email, User.full_name, User.role)
             .join(TranslationRequest, TranslationRequest.id == DocumentAccess.request_id)
             .outerjoin(User, User.id == DocumentAccess.user_id))
    conditions: list[ColumnElement[bool]] = []
    if f.reference:
        conditions.append(TranslationRequest.reference.ilike(f"%{f.reference.strip()}%"))
    if f.person:
        conditions.append(TranslationRequest.subject_name.ilike(f"%{f.person.strip()}%"))
    if f.actor:
        pattern = f"%{f.actor.strip()}%"
        conditions.append(User.email.ilike(pattern) | User.full_name.ilike(pattern))
    if f.since:
        conditions.append(DocumentAccess.at >= datetime.combine(f.since, time.min))
    if f.until:
        conditions.append(DocumentAccess.at < datetime.combine(f.until + timedelta(days=1), time.min))
    if f.object_kind:
        conditions.append(DocumentAccess.object_kind == f.object_kind)
    return query.where(*conditions)


def _line(row: Row[DocumentAccess, str, str, str, str]) -> AccessLine:
    access, reference, email, name, role = row
    actor = f"{name} <{email}>" if email else None
    return AccessLine(id=access.id, at=access.at, actor_id=access.user_id, actor=actor, actor_role=role,
                      request_id=access.request_id, reference=reference, object_kind=access.object_kind,
                      object_ref=access.object_ref, purpose=access.purpose, channel=access.channel)


def _cells(line: AccessLine) -> list[object]:
    return [line.at.strftime("%Y-%m-%d %H:%M:%S"), line.actor or "", line.actor_role or "", line.reference,
            line.object_kind, line.object_ref or "", line.purpose, line.channel or ""]
