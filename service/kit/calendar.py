"""Working days: Monday to Friday, minus French public holidays and a person's days off."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta
from functools import lru_cache


def easter(year: int) -> date:
    """Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lc = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * lc) // 433
    month = (h + lc - 7 * m + 90) // 25
    return date(year, month, (h + lc - 7 * m + 33 * month + 19) % 32)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """The eleven public holidays of metropolitan France (Alsace-Moselle adds two, not counted here)."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [sunday + timedelta(days=n) for n in (1, 39, 50)]  # Easter Monday, Ascension, Whit Monday
    return frozenset([date(year, m, d) for m, d in fixed] + moving)


def is_working_day(day: date, days_off: Container[date] = ()) -> bool:
    """Whether `day` is a weekday, not a public holiday and not a day off."""
    return day.weekday() < 5 and day not in public_holidays(day.year) and day not in days_off


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
