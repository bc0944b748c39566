"""Working days for projected completion: weekends, French public holidays, a person's days off."""

from __future__ import annotations

from datetime import date

import pytest

from service.kit.calendar import add_working_days, easter, nth_working_day, public_holidays


@pytest.mark.parametrize(("year", "sunday"), [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
                                              (2026, date(2026, 4, 5)), (2038, date(2038, 4, 25))])
def test_easter_sunday(year: int, sunday: date) -> None:
    assert easter(year) == sunday


def test_the_eleven_public_holidays_of_2026() -> None:
    holidays = public_holidays(2026)
    assert len(holidays) == 11
    # Easter Monday, Ascension Thursday and Whit Monday move with Easter.
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)} <= holidays
    assert {date(2026, 7, 14), date(2026, 11, 11), date(2026, 12, 25)} <= holidays


def test_a_vendor_turnaround_skips_the_may_bridges() -> None:
    # Thursday 30 April 2026 + 3 working days: Friday 1 May and Friday 8 May are holidays.
    assert add_working_days(date(2026, 4, 30), 3) == date(2026, 5, 6)
    assert add_working_days(date(2026, 5, 6), 2) == date(2026, 5, 11)


def test_a_translators_days_off_and_holidays_both_push_the_date() -> None:
    # Mon 21 Dec 2026: 22 and 23 off, 25 a holiday, 26-27 a weekend: the third working day is the 28th.
    assert nth_working_day(date(2026, 12, 21), 3, days_off={date(2026, 12, 22), date(2026, 12, 23)}) == \
        date(2026, 12, 28)
