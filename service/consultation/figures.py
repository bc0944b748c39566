"""The consultations' figures: volume per partner, country and type, answer times, share answered on time."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.kit import countries
from service.models import Consultation, Partner


class CountRow(BaseModel):
    key: str
    label: str
    consultations: int


class ConsultationFigures(BaseModel):
    """Consultations asked in [start, end); answer times in days, from the question to the first answer."""

    start: date
    end: date
    asked: int
    answered: int
    open: int
    median_answer_days: float | None
    p90_answer_days: float | None
    # Among the answered ones: answered on or before the due date (5 working days by default).
    on_time_share: float | None
    by_partner: list[CountRow]
    by_country: list[CountRow]
    by_document_type: list[CountRow]


def figures(session: Session, *, start: date, end: date) -> ConsultationFigures:
    """The figures of the consultations asked in [start, end)."""
    rows = session.execute(
        select(Consultation.created_at, Consultation.first_answered_at, Consultation.due_on, Consultation.status,
               Consultation.country, Consultation.document_type, Partner.code, Partner.name)
        .join(Partner, Partner.id == Consultation.partner_id)
        .where(Consultation.created_at >= _midnight(start), Consultation.created_at < _midnight(end))).all()
    answered = [r for r in rows if r.first_answered_at is not None]
    days = sorted((_aware(r.first_answered_at) - _aware(r.created_at)).total_seconds() / 86400 for r in answered)
    on_time = sum(1 for r in answered if _aware(r.first_answered_at).date() <= r.due_on)
    return ConsultationFigures(
        start=start, end=end, asked=len(rows), answered=len(answered),
        open=sum(1 for r in rows if r.status == "open"),
        median_answer_days=round(statistics.median(days), 2) if days else None,
        p90_answer_days=round(_percentile(days, 0.9), 2) if days else None,
        on_time_share=round(on_time / len(answered), 4) if answered else None,
        by_partner=_count(rows, lambda r: (r.code, r.name)),
        by_country=_count(rows, lambda r: (r.country, countries.name(r.country))),
        by_document_type=_count(rows, lambda r: (r.document_type, r.document_type)),
    )


def _count(rows, key) -> list[CountRow]:  # type: ignore[no-untyped-def]
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[key(row)] = counts.get(key(row), 0) + 1
    return [CountRow(key=k, label=label, consultations=n)
            for (k, label), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]


def _percentile(values: list[float], q: float) -> float:
    """The q-quantile with linear interpolation between closest ranks (as PostgreSQL's percentile_cont)."""
    position = (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
