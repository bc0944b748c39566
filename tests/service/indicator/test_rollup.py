"""The monthly rollup gives the very figures of the full computation, whatever changed the requests."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db.session import new_session
from service.history import service as history_service
from service.indicator import breakdowns, rollup, simulate
from service.indicator import service as indicator_service
from service.indicator.sql import delivered_between, indicator_columns
from service.models import IndicatorRollup, Segment, TranslationRequest, User
from service.models.enums import RequestStatus, Role
from service.revision import service as revision_service
from tests.conftest import TEST_DB
from tests.factories import make_caisse, make_request, make_user
from tests.service.indicator.helpers import delivered, insert_requests, open_request

YEAR = date.today().year - 1


def assert_rollup_matches(db: Session, year: int = YEAR) -> None:
    """The year's indicators and breakdowns from the rollup equal those computed from the requests."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    full = db.execute(select(*indicator_columns()).where(delivered_between(start, end))).one()
    assert tuple(rollup.totals(db, start, end)) == tuple(int(v) for v in full)
    assert breakdowns.present(db, rollup.rows(db, start, end)) == breakdowns.compute(db, start, end)
    delivered = {r.key: r.delivered for r in breakdowns.compute(db, start, end)["by_month"]}
    assert breakdowns.volume(db, start, end, delivered=delivered, arrived=rollup.arrivals(db, start, end)) == \
        breakdowns.volume(db, start, end, delivered=delivered)
    report = indicator_service.report(db, year=year)
    assert (report.delivered, report.late_count) == (int(full.delivered), int(full.late_count))


def _month_delivered(db: Session, month: str) -> int:
    return db.scalar(select(IndicatorRollup.delivered).where(IndicatorRollup.month == month,
                                                            IndicatorRollup.dimension == "by_month")) or 0


def _in_revision(db: Session, caisse, translator) -> TranslationRequest:  # type: ignore[no-untyped-def]
    request = make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION, assignee_id=translator.id,
                           received_on=date.today() - timedelta(days=30))
    db.add(Segment(request_id=request.id, position=1, page=1, paragraph=0, source_text="Geburtsurkunde.",
                   draft_text="Acte de naissance.", final_text="Acte de naissance.", draft_origin="mt",
                   status="confirmed", glossary=[], protected=[], qa=[]))
    db.commit()
    return request


class TestRollup:
    def test_rows_written_around_the_orm_are_rolled_up(self, db: Session) -> None:
        caisse = make_caisse(db)
        insert_requests(db, caisse, [
            delivered(date(YEAR - 1, 12, 15), 30), open_request(date(YEAR - 1, 11, 2)),
            open_request(date(YEAR, 2, 2), status="cancelled"), open_request(date(YEAR, 2, 3), status="failed"),
            delivered(date(YEAR, 1, 3), 5), delivered(date(YEAR, 1, 20), 30, handled_by="trainee"),
            delivered(date(YEAR, 3, 1), 25, pages=80), delivered(date(YEAR, 6, 1), 40, source_lang="es"),
            delivered(date(YEAR, 12, 20), 20, external_cost_cents=12_345, handled_by="external"),
            open_request(date(YEAR, 5, 5)),
        ])
        assert_rollup_matches(db)
        assert_rollup_matches(db, YEAR + 1)  # December's request delivered in January

    def test_a_delivery_moves_its_month_in_the_same_transaction_and_a_rollback_undoes_it(self, db) -> None:
        caisse, translator = make_caisse(db), make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        request = _in_revision(db, caisse, translator)
        month = rollup.month_of(date.today())
        revision_service.deliver(db, request, actor=translator)
        db.flush()
        assert _month_delivered(db, month) == 1
        db.rollback()
        assert _month_delivered(db, month) == 0
        revision_service.deliver(db, db.get(TranslationRequest, request.id), actor=translator)  # type: ignore[arg-type]
        db.commit()
        assert _month_delivered(db, month) == 1
        assert_rollup_matches(db, date.today().year)

    def test_an_invoice_after_delivery_changes_the_external_cost(self, db: Session) -> None:
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.DELIVERED, handled_by="external",
                               received_on=date(YEAR, 4, 1), delivered_on=date(YEAR, 4, 20),
                               external_cost_cents=10_000)
        request.external_cost_cents = 12_500  # what vendor.jobs.record_invoice does
        db.commit()
        assert indicator_service.report(db, year=YEAR).external_cost_eur == 125.0
        assert_rollup_matches(db)

    def test_a_reimport_that_moves_a_delivery_to_another_month_moves_it_in_the_rollup(self, db, tmp_path) -> None:
        make_caisse(db, code="CPAM75")
        header = ("reference,caisse_code,source_lang,target_lang,pages,received_on,delivered_on,handled_by,"
                  "external_cost_eur\n")
        path = tmp_path / "history.csv"
        path.write_text(header + f"H-1,CPAM75,de,fr,3,{YEAR}-01-02,{YEAR}-01-12,internal,\n", encoding="utf-8")
        history_service.import_file(db, path)
        db.commit()
        assert _month_delivered(db, f"{YEAR}-01") == 1
        path.write_text(header + f"H-1,CPAM75,de,fr,3,{YEAR}-01-02,{YEAR}-02-12,internal,\n", encoding="utf-8")
        history_service.import_file(db, path)
        db.commit()
        assert (_month_delivered(db, f"{YEAR}-01"), _month_delivered(db, f"{YEAR}-02")) == (0, 1)
        assert_rollup_matches(db)

    @pytest.mark.slow
    def test_the_simulated_year_is_rolled_up_again_when_replaced(self, db: Session) -> None:
        simulate.seed_year(db, year=YEAR, requests=2_000, seed=1)
        simulate.seed_year(db, year=YEAR, requests=1_500, seed=2)
        db.commit()
        assert_rollup_matches(db)

    def test_rebuild_gives_back_what_was_maintained(self, db: Session) -> None:
        caisse = make_caisse(db)
        insert_requests(db, caisse, [delivered(date(YEAR, m, 2), 3 * m) for m in range(1, 13)])
        before = db.execute(select(IndicatorRollup).order_by(IndicatorRollup.month, IndicatorRollup.dimension,
                                                             IndicatorRollup.k0)).scalars().all()
        kept = [(r.month, r.dimension, r.k0, r.k1, r.delivered, r.delay_sum) for r in before]
        rollup.rebuild(db)
        db.commit()
        db.expire_all()
        after = db.execute(select(IndicatorRollup).order_by(IndicatorRollup.month, IndicatorRollup.dimension,
                                                            IndicatorRollup.k0)).scalars().all()
        assert [(r.month, r.dimension, r.k0, r.k1, r.delivered, r.delay_sum) for r in after] == kept


@pytest.mark.postgres
@pytest.mark.skipif(TEST_DB != "postgresql", reason="concurrent writers are PostgreSQL's; SQLite serialises them")
class TestConcurrentDeliveries:
    def test_two_deliveries_of_one_month_at_once_are_both_counted(self, db: Session) -> None:
        caisse, translator = make_caisse(db), make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        first, second = _in_revision(db, caisse, translator), _in_revision(db, caisse, translator)
        one = new_session()
        try:
            revision_service.deliver(one, one.get(TranslationRequest, first.id),  # type: ignore[arg-type]
                                     actor=one.get(User, translator.id))  # type: ignore[arg-type]
            one.flush()  # holds the month's rollup lock until it commits

            def deliver_second() -> None:
                with new_session() as two:
                    revision_service.deliver(two, two.get(TranslationRequest, second.id),  # type: ignore[arg-type]
                                             actor=two.get(User, translator.id))  # type: ignore[arg-type]
                    two.commit()

            racer = threading.Thread(target=deliver_second)
            racer.start()
            racer.join(0.5)
            assert racer.is_alive(), "the second delivery did not wait for the month's rollup"
            one.commit()
            racer.join(20)
        finally:
            one.close()
        assert _month_delivered(db, rollup.month_of(date.today())) == 2
        assert_rollup_matches(db, date.today().year)
