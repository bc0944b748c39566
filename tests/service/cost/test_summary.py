"""The year's external cost against the 544,000 EUR baseline, its projection and target."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from service.cost import service as cost_service
from service.indicator import targets
from service.models.enums import RequestStatus
from tests.factories import make_caisse, make_request


class TestYearSummary:
    def test_cost_counts_external_deliveries_of_the_year_only(self, db: Session) -> None:
        caisse = make_caisse(db)
        for delivered_on, cents, handled in [(date(2024, 3, 1), 30_000_000, "external"),
                                             (date(2024, 11, 2), 21_680_000, "external"),
                                             (date(2023, 12, 31), 5_000_000, "external"),
                                             (date(2024, 5, 5), None, "internal")]:
            make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, delivered_on=delivered_on,
                         external_cost_cents=cents, handled_by=handled)
        make_request(db, caisse=caisse, status=RequestStatus.OUTSOURCED, handled_by="external",
                     external_cost_cents=999)
        target = targets.get(db, year=2024).external_cost_change
        figures = cost_service.summary(db, year=2024, target_change=target, today=date(2025, 2, 1))
        assert (figures.external_cost_cents, figures.delivered_jobs) == (51_680_000, 2)
        # 516,800 EUR against 544,000 EUR: -5 %, the agreement's 2024 target.
        assert figures.change == pytest.approx(-0.05) and figures.target_change == pytest.approx(-0.05)
        assert figures.projected_cost_cents == 51_680_000

    def test_current_year_is_projected_at_the_pace_so_far(self) -> None:
        # A quarter of a (non-leap) year spent 136,000 EUR: the year heads for 544,000 EUR.
        assert cost_service.projected(13_600_000, year=2025, today=date(2025, 4, 1)) == pytest.approx(
            54_400_000, rel=0.02)
