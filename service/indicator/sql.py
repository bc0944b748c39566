"""Portable SQL pieces for the indicators: day differences and the delivered-in-period filter."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, and_, case, func, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql._typing import _ColumnExpressionArgument
from sqlalchemy.sql.expression import ColumnElement as _ColumnElement

from service.agreement import DELAY_DAYS, LONG_DOCUMENT_PAGES
from service.config import get_settings
from service.models import TranslationRequest
from service.models.enums import HandledBy, RequestStatus

TR = TranslationRequest
LATE_AFTER_DAYS = DELAY_DAYS
# Documents longer than this are excluded from IR.8.3's numerator (never from its denominator).
MAX_COUNTED_PAGES = LONG_DOCUMENT_PAGES


class DaysBetween(_ColumnElement[int]):
    """Calendar days from `start` to `end` (`end - start`) as an integer, on any supported engine."""

    inherit_cache = True
    type = Integer()

    def __init__(self, end: _ColumnExpressionArgument[Any], start: _ColumnExpressionArgument[Any]) -> None:
        self.end = end
        self.start = start


@compiles(DaysBetween)
def _days_between_default(element: DaysBetween, compiler: Any, **kw: Any) -> str:
    # PostgreSQL (and the SQL standard) subtract dates into an integer number of days.
    return f"({compiler.process(element.end, **kw)} - {compiler.process(element.start, **kw)})"


@compiles(DaysBetween, "sqlite")
def _days_between_sqlite(element: DaysBetween, compiler: Any, **kw: Any) -> str:
    # SQLite stores dates as ISO text; julianday() turns them into day numbers.
    end, start = compiler.process(element.end, **kw), compiler.process(element.start, **kw)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def delay_days() -> DaysBetween:
    """The delay of a delivered request: calendar days from receipt to delivery."""
    return DaysBetween(TR.delivered_on, TR.received_on)


# The `information` service level: an unrevised machine translation, delivered the same day.
INFORMATION_LEVEL = "information"


def counted_in_agreement() -> ColumnElement[bool]:
    """Whether a delivered request counts in the agreement's indicators: `information` deliveries do not,
    unless `PASSERELLE_INDICATORS_COUNT_INFORMATION` is set (see service/translation_request/levels.py)."""
    if get_settings().indicators_count_information:
        return true()
    return TR.service_level != INFORMATION_LEVEL


def delivered_between(start: date, end: date) -> ColumnElement[bool]:
    """Requests delivered on a day of [start, end): the indicators' population (cancelled never is, nor
    `information` deliveries, reported apart)."""
    return and_(TR.status == RequestStatus.DELIVERED, TR.delivered_on >= start, TR.delivered_on < end,
                counted_in_agreement())


def information_between(start: date, end: date) -> ColumnElement[bool]:
    """`information` deliveries of [start, end): reported apart from the indicators."""
    return and_(TR.status == RequestStatus.DELIVERED, TR.delivered_on >= start, TR.delivered_on < end,
                TR.service_level == INFORMATION_LEVEL)


def counted_late() -> ColumnElement[bool]:
    """IR.8.3's numerator: late (> 21 days), not handled by a trainee, not over 60 pages."""
    return and_(delay_days() > LATE_AFTER_DAYS,
                func.coalesce(TR.handled_by, "") != HandledBy.TRAINEE,
                func.coalesce(TR.pages, 0) <= MAX_COUNTED_PAGES)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END), portable where FILTER is not."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def indicator_columns() -> list[ColumnElement[Any]]:
    """The aggregates every indicator row needs: count, delay sum, late counts and external cost."""
    return [
        func.count().label("delivered"),
        func.coalesce(func.sum(delay_days()), 0).label("delay_sum"),
        count_if(counted_late()).label("late_count"),
        count_if(delay_days() > LATE_AFTER_DAYS).label("late_all"),
        func.coalesce(func.sum(TR.external_cost_cents), 0).label("external_cost_cents"),
    ]


class MonthOf(_ColumnElement[str]):
    """The month of a date column, as a value whose text starts with 'YYYY-MM', on any engine."""

    inherit_cache = True
    type = String()

    def __init__(self, day: _ColumnExpressionArgument[Any]) -> None:
        self.day = day


@compiles(MonthOf)
def _month_of_default(element: MonthOf, compiler: Any, **kw: Any) -> str:
    # date_trunc is several times cheaper than to_char or two EXTRACTs over a year of rows.
    return f"date_trunc('month', {compiler.process(element.day, **kw)})"


@compiles(MonthOf, "sqlite")
def _month_of_sqlite(element: MonthOf, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.day, **kw)})"


class MonthText(_ColumnElement[str]):
    """The month of a date column as 'YYYY-MM' text, on any engine (dearer than MonthOf: for few rows)."""

    inherit_cache = True
    type = String()

    def __init__(self, day: _ColumnExpressionArgument[Any]) -> None:
        self.day = day


@compiles(MonthText)
def _month_text_default(element: MonthText, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.day, **kw)}, 'YYYY-MM')"


@compiles(MonthText, "sqlite")
def _month_text_sqlite(element: MonthText, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.day, **kw)})"
