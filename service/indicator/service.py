"""IR.8.2, IR.8.3 and IR.8.1 for a year or any period, and their breakdowns, in SQL aggregates.

Whole months (a year, a quarter) are read from the monthly rollup (`rollup.py`); other periods from the
requests themselves, with the same statements.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.config import get_settings
from service.indicator import breakdowns as breakdown_queries
from service.indicator import rollup
from service.indicator import targets as targets_service
from service.indicator.errors import InvalidPeriod
from service.indicator.schemas import Breakdowns, IndicatorReport
from service.indicator.sql import TR, delay_days, delivered_between, indicator_columns, information_between
from service.models.enums import RequestStatus

# IR.8.1's reference: external translation cost of 2019, in euros.
BASELINE_EUR = 544_000.0


def year_bounds(year: int) -> tuple[date, date]:
    """[1 January, next 1 January) of `year`."""
    targets_service.check_year(year)
    return date(year, 1, 1), date(year + 1, 1, 1)


def period_baseline(start: date, end: date) -> float:
    """The 2019 baseline for [start, end): whole for a calendar year, prorated by days otherwise."""
    if start.month == 1 and start.day == 1 and end == date(start.year + 1, 1, 1):
        return BASELINE_EUR
    days_in_year = (date(start.year + 1, 1, 1) - date(start.year, 1, 1)).days
    return BASELINE_EUR * (end - start).days / days_in_year


def report(session: Session, *, year: int | None = None, start: date | None = None,
           end: date | None = None, today: date | None = None) -> IndicatorReport:
    """The three indicators over requests delivered in `year`, or in [start, end) when given."""
    start, end = _period(year, start, end)
    row = rollup.totals(session, start, end) if rollup.covers(start, end) else \
        session.execute(select(*indicator_columns()).where(delivered_between(start, end))).one()
    delivered = int(row.delivered)
    cost_eur = int(row.external_cost_cents) / 100
    baseline = period_baseline(start, end)
    average = breakdown_queries.average(row.delay_sum, delivered)
    share = breakdown_queries.share(row.late_count, delivered)
    change = round((cost_eur - baseline) / baseline, 4)
    targets = targets_service.get(session, year=start.year)
    status = {
        "average_delay_days": targets_service.judge("IR.8.2", average, targets.average_delay_days),
        "late_share": targets_service.judge("IR.8.3", share, targets.late_share),
        "external_cost_change": targets_service.judge("IR.8.1", change, targets.external_cost_change),
    }
    today = today or date.today()
    forecast = _cost_forecast(cost_eur, start, end, today)
    change_forecast = round((forecast - baseline) / baseline, 4) if forecast is not None else None
    if forecast is not None:
        # While the year runs, IR.8.1 is judged on the projection, never on the cost so far.
        status["external_cost_change_forecast"] = targets_service.judge(
            "IR.8.1", change_forecast, targets.external_cost_change)
    return IndicatorReport(
        year=year, start=start, end=end, delivered=delivered,
        average_delay_days=average, late_count=int(row.late_count),
        late_excluded=int(row.late_all) - int(row.late_count), late_share=share,
        external_cost_eur=cost_eur, baseline_eur=round(baseline, 2), external_cost_change=change,
        external_cost_forecast_eur=forecast, external_cost_change_forecast=change_forecast,
        external_cost_forecast_months=round((today - start).days / 30.44) if forecast is not None else None,
        targets=targets, status=status,
        information_delivered=int(session.scalar(
            select(func.count()).select_from(TR).where(information_between(start, end))) or 0),
        information_counted=get_settings().indicators_count_information)


def _cost_forecast(cost_eur: float, start: date, end: date, today: date) -> float | None:
    """The period's cost extrapolated at the pace so far; None once the period is over (or not begun)."""
    if not start <= today < end:
        return None
    elapsed = (today - start).days + 1
    return round(cost_eur * (end - start).days / elapsed, 2)


def breakdowns(session: Session, *, year: int | None = None, start: date | None = None,
               end: date | None = None) -> Breakdowns:
    """The indicators by month, language pair, caisse, channel, handler and document type; volume."""
    start, end = _period(year, start, end)
    views = breakdown_queries.present(session, rollup.rows(session, start, end)) if rollup.covers(start, end) \
        else breakdown_queries.compute(session, start, end)
    months = breakdown_queries.volume(session, start, end,
                                      delivered={r.key: r.delivered for r in views["by_month"]},
                                      arrived=rollup.arrivals(session, start, end) if rollup.covers(start, end)
                                      else None)
    return Breakdowns(start=start, end=end, **views, volume=months, received=sum(m.received for m in months),
                      backlog_end=months[-1].backlog_end if months else 0)


def _period(year: int | None, start: date | None, end: date | None) -> tuple[date, date]:
    if year is not None:
        return year_bounds(year)
    if start is None or end is None or end <= start:
        raise InvalidPeriod(start or date.min, end or date.min)
    return start, end


def delay_counts(session: Session, *, year: int) -> list[tuple[int, int]]:
    """(delay in calendar days, requests) over the requests delivered in `year`."""
    start, end = year_bounds(year)
    delay = delay_days()
    rows = session.execute(select(delay.label("d"), func.count()).where(delivered_between(start, end))
                           .group_by(delay)).all()
    return [(int(days), int(n)) for days, n in rows]


def backlog_by_pair(session: Session) -> list[tuple[str, str, int, int]]:
    """Open requests by language pair: (source, target, requests, pages), largest first."""
    rows = session.execute(
        select(TR.source_lang, TR.target_lang, func.count(), func.coalesce(func.sum(TR.pages), 0))
        .where(TR.status.not_in([RequestStatus.DELIVERED, RequestStatus.CANCELLED]))
        .group_by(TR.source_lang, TR.target_lang)
        .order_by(func.count().desc())
    ).all()
    return [(s, t, int(n), int(p or 0)) for s, t, n, p in rows]


def total_backlog(session: Session) -> int:
    """Requests open right now (neither delivered nor cancelled)."""
    return int(session.scalar(select(func.count()).where(
        TR.status.not_in([RequestStatus.DELIVERED, RequestStatus.CANCELLED]))) or 0)
