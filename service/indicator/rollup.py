"""The monthly rollup of the indicators, kept in the same transaction as every change that moves them.

A year's indicators and breakdowns read `indicator_rollup` (a few hundred rows) instead of the year's
50,000 requests. The rollup of a month is recomputed from the requests themselves, with the very
statements of the full computation (`breakdowns.statements`), whenever a flush inserts, changes or
deletes a request delivered in that month (or delivers one there): a delivery, an invoice that changes
the external cost, a manager's correction. Writes that bypass the ORM (`bulk.insert_requests`, the
history import and the simulated year) call `refresh` for the months they touched. Recomputing a month
rather than adding increments keeps the rollup exact whatever changed; on PostgreSQL a transaction-level
advisory lock per month makes two deliveries of the same month recompute one after the other, the second
seeing the first's committed row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, event, func, inspect, select, union_all
from sqlalchemy.orm import Session

from service.indicator import breakdowns
from service.indicator.sql import TR, MonthText
from service.models import IndicatorRollup
from service.models.translation_request import OPEN_CONDITION

ROLLUP: Table = IndicatorRollup.__table__  # type: ignore[assignment]
# What the indicators read of a request: a change to any of these on a delivered request moves them.
WATCHED = ("status", "delivered_on", "received_on", "handled_by", "pages", "external_cost_cents", "source_lang",
           "target_lang", "caisse_id", "channel", "document_type", "service_level")
_SUMS = ("delivered", "delay_sum", "late_count", "late_all", "external_cost_cents")
_PENDING = "passerelle_rollup_months"
_LOCK_NAMESPACE = 8_2_1  # IR.8.2/8.3/8.1: the advisory locks of this module, apart from any other


def month_of(day: date) -> str:
    """'YYYY-MM' of a day."""
    return f"{day.year:04d}-{day.month:02d}"


def bounds(month: str) -> tuple[date, date]:
    """[first day, first day of the next month) of 'YYYY-MM'."""
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, 1), date(year + (number == 12), number % 12 + 1, 1)


def months_between(start: date, end: date) -> list[str]:
    """Every month [start, end) touches."""
    return breakdowns.month_keys(start, end)


def refresh(session: Session | Connection, months: Iterable[str]) -> None:
    """Recompute the rollup of `months` from the requests (in the caller's transaction)."""
    connection = session.connection() if isinstance(session, Session) else session
    chosen = sorted(set(months))  # always in the same order: two refreshes never deadlock
    if connection.dialect.name == "postgresql":
        for month in chosen:
            year, number = int(month[:4]), int(month[5:7])
            connection.execute(select(func.pg_advisory_xact_lock(_LOCK_NAMESPACE, year * 100 + number)))
    for first, last in _runs(chosen):
        start, end = bounds(first)[0], bounds(last)[1]
        connection.execute(delete(ROLLUP).where(ROLLUP.c.month >= first, ROLLUP.c.month <= last))
        grouped = union_all(*breakdowns.statements(start, end, per_month=True)).subquery()
        connection.execute(ROLLUP.insert().from_select(
            ["month", "dimension", "k0", "k1", *_SUMS],
            select(grouped.c.month, grouped.c.dimension, func.coalesce(grouped.c.k0, ""),
                   func.coalesce(grouped.c.k1, ""), *(func.coalesce(grouped.c[name], 0) for name in _SUMS))))


def _runs(months: list[str]) -> list[tuple[str, str]]:
    """Sorted months as runs of consecutive ones: each run is one statement."""
    runs: list[tuple[str, str]] = []
    for month in months:
        if runs and month_of(bounds(runs[-1][1])[1]) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


def rebuild(session: Session) -> None:
    """Recompute the whole rollup (after a migration or a bulk load of unknown extent)."""
    first, last = session.execute(select(func.min(TR.delivered_on), func.max(TR.delivered_on))).one()
    session.execute(delete(ROLLUP))
    if first is not None:
        refresh(session, months_between(_as_date(first), _as_date(last) + timedelta(days=1)))


def totals(session: Session, start: date, end: date) -> Any:
    """The indicator sums over the whole months of [start, end): delivered, delay_sum, late_count, ..."""
    sums = [func.coalesce(func.sum(ROLLUP.c[name]), 0).label(name) for name in _SUMS]
    return session.execute(select(*sums).where(*_months(start, end), ROLLUP.c.dimension == "by_month")).one()


def rows(session: Session, start: date, end: date) -> Any:
    """The breakdown rows of [start, end), shaped as `breakdowns.statements` makes them."""
    sums = [func.sum(ROLLUP.c[name]).label(name) for name in _SUMS]
    per_month = select(ROLLUP.c.dimension, ROLLUP.c.month.label("k0"), ROLLUP.c.k1, *sums).where(
        *_months(start, end), ROLLUP.c.dimension == "by_month").group_by(ROLLUP.c.dimension, ROLLUP.c.month,
                                                                        ROLLUP.c.k1)
    per_key = select(ROLLUP.c.dimension, ROLLUP.c.k0, ROLLUP.c.k1, *sums).where(
        *_months(start, end), ROLLUP.c.dimension.in_(breakdowns.DIMENSIONS[1:])).group_by(
        ROLLUP.c.dimension, ROLLUP.c.k0, ROLLUP.c.k1)
    return session.execute(union_all(per_month, per_key))


def arrivals(session: Session, start: date, end: date) -> tuple[int, dict[str, int]]:
    """As `breakdowns.arrivals`: the backlog at `start` and the requests received (cancelled aside) by month,
    from the rollup's months of receipt of what was delivered, and the index of the open requests."""
    first, last = month_of(start), month_of(end)
    received = ROLLUP.c.k0
    delivered_by_receipt = select(received, func.sum(ROLLUP.c.delivered)).where(
        ROLLUP.c.dimension == "by_received_month", received >= first, received < last).group_by(received)
    # Delivered on or after `start`, received before it: in the backlog at `start`.
    crossing = session.scalar(select(func.coalesce(func.sum(ROLLUP.c.delivered), 0)).where(
        ROLLUP.c.dimension == "by_received_month", ROLLUP.c.month >= first, received < first)) or 0
    open_month = MonthText(TR.received_on)
    still_open = session.execute(select(open_month, func.count()).where(
        OPEN_CONDITION, TR.received_on < end).group_by(open_month)).all()
    counts: dict[str, int] = {}
    for month, n in [*session.execute(delivered_by_receipt).all(), *still_open]:
        counts[str(month)] = counts.get(str(month), 0) + int(n)
    opening = int(crossing) + sum(n for month, n in still_open if str(month) < first)
    return opening, {month: n for month, n in counts.items() if first <= month < last}


def covers(start: date, end: date) -> bool:
    """Whether [start, end) is made of whole months, which the rollup answers."""
    return start.day == 1 and end.day == 1


def _months(start: date, end: date) -> list[Any]:
    return [ROLLUP.c.month >= month_of(start), ROLLUP.c.month < month_of(end)]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


@event.listens_for(Session, "before_flush")
def _note_changed_months(session: Session, _context: Any, _instances: Any) -> None:
    months: set[str] = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, TR) and obj.delivered_on is not None:
            months.add(month_of(obj.delivered_on))
    for obj in session.dirty:
        if not isinstance(obj, TR):
            continue
        state = inspect(obj)
        if not any(state.attrs[name].history.has_changes() for name in WATCHED):
            continue
        history = state.attrs["delivered_on"].history
        for day in (obj.delivered_on, *(history.deleted or ())):
            if day is not None:
                months.add(month_of(day))


@event.listens_for(Session, "after_flush")
def _refresh_changed_months(session: Session, _context: Any) -> None:
    months = session.info.pop(_PENDING, None)
    if months:
        refresh(session.connection(), months)


@event.listens_for(Session, "after_rollback")
def _forget_months(session: Session) -> None:
    session.info.pop(_PENDING, None)
