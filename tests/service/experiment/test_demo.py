"""The demo's MT experiment history: every figure of the report has data, with or without the simulated year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service import demo
from service.experiment import report as experiment_report
from service.indicator import simulate
from service.models import TranslationRequest

YEAR = 2025


def figures(db: Session) -> dict[str, object]:
    built = experiment_report.build(db, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31))
    return experiment_report.figures(built.total)


def references(db: Session, prefix: str) -> int:
    return int(db.scalar(select(func.count()).where(TranslationRequest.reference.like(f"{prefix}-{YEAR}-%"))) or 0)


class TestDemoExperiment:
    def test_without_a_simulated_year_it_makes_its_own_requests_and_every_figure_shows(self, db: Session) -> None:
        assert demo.seed_experiment(db, year=YEAR) == 240
        db.commit()
        total = figures(db)
        assert total["requests"] == 231 and total["words"] > 10_000  # 9 answered by an earlier translation
        assert all(v["segments"] > 0 for v in total["segments_by_origin"].values())  # type: ignore[attr-defined]
        assert 0 < total["post_edit_distance"] < 0.5  # type: ignore[operator]
        with_draft, without = total["seconds_per_word_with_draft"], total["seconds_per_word_without_draft"]
        assert with_draft and without and with_draft < without  # type: ignore[operator]
        assert total["words_per_hour"] and total["kept_in_house"] > 0  # type: ignore[operator]
        assert total["vendor_cost_avoided_eur"] > 0  # type: ignore[operator]
        assert total["pages_avoided"]["scope"] > 0 and total["pages_avoided"]["reuse"] > 0  # type: ignore[index]
        assert demo.seed_experiment(db, year=YEAR) == 0  # twice adds nothing
        assert references(db, "EXP") == 240

    def test_on_the_simulated_year_it_enriches_those_requests_and_adds_none(self, db: Session) -> None:
        simulate.seed_year(db, year=YEAR, requests=3000, today=date(YEAR + 1, 6, 1))
        delivered = experiment_report.build(db, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31))
        assert delivered.total.requests == 0  # the simulated history has no drafts to report on
        assert demo.seed_experiment(db, year=YEAR) == 240
        db.commit()
        assert references(db, "EXP") == 0 and references(db, "SIM") == 3000
        total = figures(db)
        # Some received late in the year are delivered the next: reported there.
        assert 200 < total["requests"] <= 231 and total["kept_in_house"] > 0  # type: ignore[operator]
