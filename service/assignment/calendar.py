"""Working days: Monday to Friday, minus a person's days off."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta


def is_working_day(day: date, days_off: Container[date] = ()) -> bool:
    """Whether `day` is a weekday and not a day off."""
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (a vendor's turnaround)."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def nth_working_day(start: date, n: int, days_off: Container[date] = ()) -> date:
    """The `n`-th working day counting `start` itself (n >= 1); `start` when n <= 0."""
    if n <= 0:
        return start
    day, count = start, 0
    # Ten years of days off would mean a data error: stop rather than loop forever.
    for _ in range(3650):
        if is_working_day(day, days_off):
            count += 1
            if count == n:
                return day
        day += timedelta(days=1)
    return date.max
