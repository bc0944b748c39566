"""Every counting rule of IR.8.1-8.3 pinned with hand-computed cases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from service.indicator import service as indicator_service
from service.indicator import targets
from service.indicator.errors import InvalidPeriod, InvalidYear
from tests.factories import make_caisse
from tests.service.indicator.helpers import delivered, insert_requests, open_request

JAN = date(2024, 1, 10)


@pytest.fixture
def caisse(db: Session):  # type: ignore[no-untyped-def]
    return make_caisse(db, code="CPAM75")


class TestLateShare:
    def test_exactly_21_days_is_not_late_and_22_is(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(JAN, 21), delivered(JAN, 22), delivered(JAN, 5),
                                     delivered(JAN, 6)])
        report = indicator_service.report(db, year=2024)
        assert report.delivered == 4
        assert report.late_count == 1
        assert report.late_share == 0.25

    def test_trainee_late_request_counts_in_denominator_only(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(JAN, 30, handled_by="trainee"), delivered(JAN, 30),
                                     delivered(JAN, 2), delivered(JAN, 2)])
        report = indicator_service.report(db, year=2024)
        assert (report.delivered, report.late_count, report.late_excluded) == (4, 1, 1)
        assert report.late_share == 0.25

    def test_61_page_late_request_is_excluded_but_60_page_one_counts(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(JAN, 40, pages=61), delivered(JAN, 40, pages=60),
                                     delivered(JAN, 3, pages=100), delivered(JAN, 3)])
        report = indicator_service.report(db, year=2024)
        assert (report.delivered, report.late_count, report.late_excluded) == (4, 1, 1)
        assert report.late_share == 0.25

    def test_excluded_requests_still_weigh_on_the_average_delay(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(JAN, 40, pages=61), delivered(JAN, 30, handled_by="trainee"),
                                     delivered(JAN, 5)])
        assert indicator_service.report(db, year=2024).average_delay_days == 25.0


class TestPopulation:
    def test_december_receipt_delivered_in_january_counts_in_january_year(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(date(2023, 12, 20), 25)])  # delivered 14 January 2024
        in_2023 = indicator_service.report(db, year=2023)
        in_2024 = indicator_service.report(db, year=2024)
        assert in_2023.delivered == 0
        assert (in_2024.delivered, in_2024.late_count, in_2024.average_delay_days) == (1, 1, 25.0)

    def test_open_and_cancelled_requests_count_nowhere(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [
            delivered(JAN, 10),
            open_request(date(2024, 1, 2)),
            open_request(date(2024, 1, 2), status="outsourced", handled_by="external"),
            delivered(JAN, 40, status="cancelled", external_cost_cents=90_000),
        ])
        report = indicator_service.report(db, year=2024)
        assert (report.delivered, report.late_count, report.average_delay_days) == (1, 0, 10.0)
        assert report.external_cost_eur == 0

    def test_average_delay_is_the_mean_of_calendar_days(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(date(2024, 2, 27), 3), delivered(date(2024, 3, 1), 8)])
        report = indicator_service.report(db, year=2024)
        assert report.average_delay_days == 5.5  # 27 Feb -> 1 Mar crosses the 29 February of 2024

    def test_a_year_without_deliveries_has_no_average(self, db: Session, caisse) -> None:
        report = indicator_service.report(db, year=2024)
        assert (report.delivered, report.average_delay_days, report.late_share) == (0, None, None)
        assert report.status["average_delay_days"].status == "no_target"


class TestExternalCost:
    def test_cost_is_attributed_to_the_year_of_delivery(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [
            delivered(date(2023, 12, 28), 10, handled_by="external", external_cost_cents=27_200_000),
            delivered(date(2024, 3, 1), 10, handled_by="external", external_cost_cents=24_480_000),
        ])
        in_2023 = indicator_service.report(db, year=2023)
        in_2024 = indicator_service.report(db, year=2024)
        assert in_2023.external_cost_eur == 0
        assert in_2024.external_cost_eur == 516_800.0
        assert in_2024.external_cost_change == -0.05  # (516,800 - 544,000) / 544,000

    def test_a_half_year_is_compared_with_half_the_baseline(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(date(2023, 2, 1), 10, handled_by="external",
                                               external_cost_cents=27_200_000)])
        report = indicator_service.report(db, start=date(2023, 1, 1), end=date(2023, 7, 2))
        assert report.baseline_eur == round(544_000 * 182 / 365, 2)
        half = 544_000 * 182 / 365
        assert report.external_cost_change == round((272_000 - half) / half, 4)


class TestPeriods:
    def test_an_empty_period_is_refused(self, db: Session) -> None:
        with pytest.raises(InvalidPeriod):
            indicator_service.report(db, start=date(2024, 5, 1), end=date(2024, 5, 1))

    def test_a_year_out_of_range_is_refused(self, db: Session) -> None:
        with pytest.raises(InvalidYear):
            indicator_service.report(db, year=1850)


class TestForecast:
    def test_a_running_year_extrapolates_its_external_cost(self, db: Session, caisse) -> None:
        insert_requests(db, caisse, [delivered(date(2024, 1, 2), 5, handled_by="external",
                                               external_cost_cents=13_600_000)])
        # 136,000 EUR after 91 days of a 366-day year: 547,000 EUR at that pace.
        running = indicator_service.report(db, year=2024, today=date(2024, 3, 31))
        assert running.external_cost_forecast_eur == round(136_000 * 366 / 91, 2)
        assert running.external_cost_change_forecast == round((136_000 * 366 / 91 - 544_000) / 544_000, 4)
        closed = indicator_service.report(db, year=2024, today=date(2025, 2, 1))
        assert (closed.external_cost_forecast_eur, closed.external_cost_change_forecast) == (None, None)


class TestTargets:
    def test_status_is_met_at_risk_or_missed_around_the_target(self) -> None:
        assert targets.judge("IR.8.3", 0.026, 0.03).status == "met"
        assert targets.judge("IR.8.3", 0.028, 0.03).status == "at_risk"
        assert targets.judge("IR.8.3", 0.03, 0.03).status == "at_risk"
        missed = targets.judge("IR.8.3", 0.031, 0.03)
        assert (missed.status, missed.gap) == ("missed", 0.001)
        assert targets.judge("IR.8.1", -0.052, -0.05).status == "at_risk"
        assert targets.judge("IR.8.1", -0.06, -0.05).status == "met"

    def test_years_outside_the_agreement_take_the_nearest_agreed_targets(self) -> None:
        assert targets.agreement_targets(2019).late_share == 0.05
        assert targets.agreement_targets(2019).external_cost_change is None
        assert targets.agreement_targets(2026).average_delay_days == 8.0
