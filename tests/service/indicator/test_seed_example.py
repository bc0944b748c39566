"""The objectives agreement's own 2019 figures, and the `indicators` command's output."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.cli import app
from service.indicator import service as indicator_service
from tests.factories import make_caisse
from tests.service.indicator.helpers import delivered, insert_requests

START = date(2019, 1, 1)


def _seed_2019(db: Session) -> None:
    """49,830 deliveries in 2019: 1,615 internal and 1,057 external counted late, plus excluded late ones."""
    rows = []
    for i in range(49_830):
        received = START + timedelta(days=i % 330)
        if i < 1_615:
            rows.append(delivered(received, 25, handled_by="internal"))
        elif i < 1_615 + 1_057:
            rows.append(delivered(received, 30, handled_by="external", external_cost_cents=10_000))
        elif i < 2_672 + 120:
            rows.append(delivered(received, 35, handled_by="trainee"))
        elif i < 2_672 + 200:
            rows.append(delivered(received, 28, pages=80))
        else:
            rows.append(delivered(received, 8))
    insert_requests(db, make_caisse(db, code="CPAM75"), rows)


class TestSeedExample:
    def test_2019_late_share_is_5_4_percent(self, db: Session) -> None:
        _seed_2019(db)
        report = indicator_service.report(db, year=2019)
        assert report.delivered == 49_830
        assert (report.late_count, report.late_excluded) == (2_672, 200)
        assert round(report.late_share or 0, 3) == 0.054
        expected_delay = (1_615 * 25 + 1_057 * 30 + 120 * 35 + 80 * 28 + (49_830 - 2_872) * 8) / 49_830
        assert report.average_delay_days == round(expected_delay, 2)
        assert report.external_cost_eur == 105_700.0


class TestIndicatorsCommand:
    def test_json_output_has_the_agreed_keys(self, db: Session) -> None:
        insert_requests(db, make_caisse(db, code="CPAM75"), [
            delivered(date(2024, 3, 1), 10),
            delivered(date(2024, 3, 1), 22),
            delivered(date(2024, 3, 1), 6, handled_by="external", external_cost_cents=51_680_000),
            delivered(date(2024, 3, 1), 2),
        ])
        result = CliRunner().invoke(app, ["indicators", "--year", "2024", "--json"])
        assert result.exit_code == 0, result.output
        body = json.loads(result.output)
        assert {"year", "delivered", "average_delay_days", "late_count", "late_share", "external_cost_eur",
                "external_cost_change", "targets", "status"} <= body.keys()
        assert (body["year"], body["delivered"], body["late_count"]) == (2024, 4, 1)
        assert (body["average_delay_days"], body["late_share"]) == (10.0, 0.25)
        assert (body["external_cost_eur"], body["external_cost_change"]) == (516_800.0, -0.05)
        assert body["targets"]["late_share"] == 0.03
        assert body["status"]["late_share"]["status"] == "missed"
        assert body["status"]["external_cost_change"]["status"] == "at_risk"

    def test_table_output_names_the_three_indicators(self, db: Session) -> None:
        insert_requests(db, make_caisse(db, code="CPAM75"), [delivered(date(2024, 3, 1), 4)])
        result = CliRunner().invoke(app, ["indicators", "--year", "2024"])
        assert result.exit_code == 0, result.output
        for expected in ("IR.8.2", "IR.8.3", "IR.8.1", "4.00 days", "Delivered: 1"):
            assert expected in result.output

    def test_an_impossible_year_exits_with_a_message(self) -> None:
        result = CliRunner().invoke(app, ["indicators", "--year", "1850"])
        assert result.exit_code == 2
        assert "invalid_year" in result.output
