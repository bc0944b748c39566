"""Breakdowns, volume and backlog, and the simulated year, pinned on small hand-computed sets."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.cli import app
from service.indicator import service as indicator_service
from service.indicator import simulate
from service.models import TranslationRequest, User
from tests.factories import make_caisse
from tests.service.indicator.helpers import delivered, insert_requests, open_request


class TestBreakdowns:
    def test_each_dimension_sums_the_year_and_keeps_the_rules(self, db: Session) -> None:
        paris, lyon = make_caisse(db, code="CPAM75"), make_caisse(db, code="CAF69")
        insert_requests(db, paris, [
            delivered(date(2024, 1, 5), 30, handled_by="trainee", document_type="medical"),
            delivered(date(2024, 1, 8), 25, channel="posted_worker_fraud", document_type="medical"),
            delivered(date(2023, 12, 20), 10, source_lang="es"),  # delivered 30 December: not in 2024
        ])
        insert_requests(db, lyon, [
            delivered(date(2024, 2, 1), 4, handled_by="external", external_cost_cents=12_000,
                      source_lang="es"),
        ])
        result = indicator_service.breakdowns(db, year=2024)
        months = {r.key: (r.delivered, r.late_count) for r in result.by_month}
        assert months == {"2024-02": (3, 1)}  # 4 Feb, 2 Feb, 5 Feb deliveries; one counted late
        assert {r.key: r.delivered for r in result.by_language_pair} == {"de>fr": 2, "es>fr": 1}
        assert {r.key: (r.delivered, r.external_cost_eur) for r in result.by_caisse} == {
            "CPAM75": (2, 0.0), "CAF69": (1, 120.0)}
        assert {r.key: r.late_count for r in result.by_channel} == {"posted_worker_fraud": 1, "standard": 0}
        assert {r.key: (r.delivered, r.late_count) for r in result.by_handled_by} == {
            "trainee": (1, 0), "internal": (1, 1), "external": (1, 0)}
        by_type = {r.key: r.average_delay_days for r in result.by_document_type}
        assert by_type == {"medical": 27.5, "other": 4.0}

    def test_backlog_is_what_was_open_at_each_month_end(self, db: Session) -> None:
        caisse = make_caisse(db, code="CPAM75")
        insert_requests(db, caisse, [
            delivered(date(2023, 12, 28), 10),            # open at the start, delivered 7 January
            delivered(date(2024, 1, 20), 15),             # delivered 4 February
            open_request(date(2024, 2, 10)),              # still open
            open_request(date(2024, 2, 11), status="cancelled"),  # never counts
        ])
        volume = indicator_service.breakdowns(db, start=date(2024, 1, 1), end=date(2024, 3, 1)).volume
        assert [(m.month, m.received, m.delivered, m.backlog_end) for m in volume] == [
            ("2024-01", 1, 1, 1), ("2024-02", 1, 1, 1)]


class TestSimulatedYear:
    def test_a_simulated_year_is_reproducible_and_true_to_life(self, db: Session) -> None:
        first = simulate.seed_year(db, year=2023, requests=4_000, today=date(2026, 11, 23))
        db.commit()
        report = indicator_service.report(db, year=2023)
        again = simulate.seed_year(db, year=2023, requests=4_000, today=date(2026, 11, 23))
        db.commit()
        assert first == again
        assert indicator_service.report(db, year=2023).model_dump() == report.model_dump()
        assert 3_700 < report.delivered < 4_000
        assert 7 < (report.average_delay_days or 0) < 12
        assert 0.025 < (report.late_share or 0) < 0.06
        # A 4,000-request year costs ~8 % of a 50,000 one: near the prorated baseline, a few % under.
        assert 0.06 * 544_000 < report.external_cost_eur < 0.09 * 544_000
        handlers = {r.key: r.delivered for r in indicator_service.breakdowns(db, year=2023).by_handled_by}
        assert 0.6 < handlers["internal"] / report.delivered < 0.8


class TestDemoSeedCommand:
    def test_without_options_only_the_demo_accounts_are_created(self, db: Session) -> None:
        result = CliRunner().invoke(app, ["demo", "seed"])
        assert result.exit_code == 0, result.output
        assert db.scalar(select(func.count()).select_from(TranslationRequest)) == 0
        assert db.scalar(select(func.count()).select_from(User)) >= 6

    def test_requests_and_year_seed_a_simulated_year(self, db: Session) -> None:
        result = CliRunner().invoke(app, ["demo", "seed", "--requests", "2000", "--year", "2025"])
        assert result.exit_code == 0, result.output
        assert "Simulated 2025: 2,000 requests" in result.output
        assert db.scalar(select(func.count()).select_from(TranslationRequest)) == 2_000
        assert indicator_service.report(db, year=2025).delivered > 1_900
