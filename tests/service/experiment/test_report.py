"""The MT experiment report on a small hand-made history whose every figure is worked out by hand."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from service.experiment import exports
from service.experiment import report as experiment_report
from service.models import AvoidedWork, RoutingDecision, Segment, TranslationRequest, Vendor, VendorContract
from service.models.enums import RequestStatus, Role
from tests.factories import headers_for, make_caisse, make_request, make_user

START, END = date(2025, 1, 1), date(2025, 12, 31)
KEYS = {"requests", "words", "segments_by_origin", "post_edit_distance", "seconds_per_word_with_draft",
        "seconds_per_word_without_draft", "words_per_hour", "kept_in_house", "vendor_cost_avoided_eur",
        "pages_avoided"}


def segments(db: Session, request: TranslationRequest,
             rows: list[tuple[str, str, bool, float | None, float | None]]) -> None:
    """(source, origin, shown, edit distance, editing seconds) each, confirmed unless the distance is None."""
    for position, (source, origin, shown, distance, seconds) in enumerate(rows, start=1):
        db.add(Segment(request_id=request.id, position=position, page=1, paragraph=position, source_text=source,
                       draft_text=None if origin == "none" else "brouillon", draft_origin=origin, draft_shown=shown,
                       final_text="texte", status="confirmed" if distance is not None else "drafted",
                       edit_distance=distance, editing_seconds=seconds, glossary=[], protected=[], qa=[]))
    db.commit()


def decision(db: Session, request: TranslationRequest, *, outcome: str, job_class: str,
             considered: list[dict[str, object]], on: date) -> None:
    db.add(RoutingDecision(request_id=request.id, outcome=outcome, job_class=job_class, considered=considered,
                           reasons=[], decided_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC)))
    db.commit()


def contract(db: Session, vendor: Vendor, source: str, *, page: int | None = None, word: int | None = None,
             valid_to: date | None = None) -> None:
    db.add(VendorContract(vendor_id=vendor.id, source_lang=source, target_lang="fr", job_class="translation",
                          rate_page_cents=page, rate_word_cents=word, minimum_cents=2500, turnaround_days=5,
                          valid_from=date(2024, 1, 1), valid_to=valid_to))
    db.commit()


def translator(user_id: int, *, trainee: bool = False, level: int | None = None, meets_due: bool = True,
               excluded: str | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"kind": "translator", "translator_id": user_id, "trainee": trainee,
                                "meets_due": meets_due}
    if level is not None:
        entry["level"] = level
    if excluded:
        entry["excluded"] = excluded
    return entry


@pytest.fixture
def history(db: Session) -> dict[str, TranslationRequest]:
    """Two de>fr full revisions, an en>fr light revision, an information request, and what must not count."""
    caisse = make_caisse(db)
    staff = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr", "en>fr"])
    trainee = make_user(db, role=Role.TRANSLATOR, pairs=["en>fr"], trainee=True)
    delivered = {"status": RequestStatus.DELIVERED, "caisse": caisse}
    r1 = make_request(db, **delivered, delivered_on=date(2025, 3, 10), handled_by="internal",
                      characters=3000, words=400)
    segments(db, r1, [("Das ist ein Test", "tm_exact", True, 0.0, 2.0),
                      ("Die Rente wird ab Januar gezahlt", "mt", True, 0.2, 12.0),
                      ("Der Antrag wurde abgelehnt", "mt", False, 0.6, 20.0),  # held back
                      ("Anna Schmidt", "copied", True, 0.0, 1.0),
                      ("   ", "none", True, None, None),  # blank: not counted
                      ("Bitte antworten Sie bald", "none", False, 1.0, 16.0)])
    # Only the staff translator, at revision level on de>fr: without drafts nobody in house translates it.
    decision(db, r1, outcome="internal", job_class="light_revision", considered=[translator(staff.id, level=1)],
             on=date(2025, 3, 2))
    r2 = make_request(db, **delivered, delivered_on=date(2025, 6, 1), handled_by="internal")
    segments(db, r2, [("Ein kurzer Satz hier", "mt", True, 0.4, 8.0), ("Geboren am 1.1.1980", "tm_adapted",
                                                                         True, 0.1, 3.0)])
    decision(db, r2, outcome="internal", job_class="full_revision", considered=[translator(staff.id, level=2)],
             on=date(2025, 5, 20))
    r3 = make_request(db, **delivered, source_lang="en", delivered_on=date(2025, 4, 1), handled_by="trainee",
                      characters=2800, words=500, service_level="light_revision")
    segments(db, r3, [("The pension is paid monthly", "mt", True, 0.1, 5.0)])
    # The trainee may revise but not translate; the staff translator was away.
    decision(db, r3, outcome="trainee", job_class="light_revision",
             considered=[translator(trainee.id, trainee=True, level=2), translator(staff.id, excluded="absent")],
             on=date(2025, 3, 25))
    r6 = make_request(db, **delivered, delivered_on=date(2025, 7, 1), service_level="information")
    segments(db, r6, [("Nur zur Information", "mt", True, None, None)])
    outside = make_request(db, **delivered, delivered_on=date(2026, 1, 5), handled_by="internal")
    segments(db, outside, [("Nicht in der Periode", "mt", True, 0.3, 9.0)])
    open_one = make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION)
    segments(db, open_one, [("Noch offen", "mt", True, 0.3, 9.0)])
    reused = make_request(db, caisse=caisse, status=RequestStatus.CANCELLED)
    vendor = Vendor(name="Rhin Traductions", is_active=True)
    db.add(vendor)
    db.commit()
    contract(db, vendor, "de", page=3000)
    contract(db, vendor, "de", page=3500)
    contract(db, vendor, "de", page=1000, valid_to=date(2024, 12, 31))  # expired before the decisions
    contract(db, vendor, "en", word=10)
    db.add_all([AvoidedWork(request_id=r1.id, kind="scope", pages=2, cost_cents=6000, recorded_on=date(2025, 3, 1)),
                AvoidedWork(request_id=reused.id, kind="reuse", pages=3, cost_cents=9000,
                            recorded_on=date(2025, 5, 1)),
                AvoidedWork(request_id=reused.id, kind="standard_form", pages=4, cost_cents=0,
                            recorded_on=date(2024, 5, 1))])  # before the period
    db.commit()
    return {"r1": r1, "r3": r3}


def rows_of(db: Session) -> dict[tuple[str, str, str], dict[str, object]]:
    built = experiment_report.build(db, start=START, end=END)
    return {(r.source_lang, r.target_lang, r.service_level): experiment_report.figures(r.sums) for r in built.rows}


class TestArithmetic:
    def test_de_fr_full_revision_worked_by_hand(self, db: Session, history: dict[str, TranslationRequest]) -> None:
        row = rows_of(db)[("de", "fr", "full_revision")]
        assert (row["requests"], row["words"]) == (2, 27)  # 4+6+4+2+4 and 4+3 words, the blank one left out
        assert {k: v["segments"] for k, v in row["segments_by_origin"].items()} == {  # type: ignore[attr-defined]
            "memory": 1, "adapted_memory": 1, "machine_shown": 2, "machine_held_back": 1, "copied": 1,
            "no_draft": 1}
        assert row["segments_by_origin"]["machine_shown"]["share"] == round(2 / 7, 4)  # type: ignore[index]
        assert row["post_edit_distance"] == 0.175  # (0 + 0.2 + 0.4 + 0.1) / 4 drafts shown
        assert row["seconds_per_word_with_draft"] == 1.47  # (2 + 12 + 8 + 3) s / (4 + 6 + 4 + 3) words
        assert row["seconds_per_word_without_draft"] == 4.5  # (20 held back + 16 none) s / (4 + 4) words
        assert row["words_per_hour"] == 1568  # 3600 * 27 / 62 s
        assert (row["kept_in_house"], row["vendor_cost_avoided_eur"]) == (1, 60.0)  # 2 pages at 30 EUR
        assert row["pages_avoided"] == {"scope": 2, "reuse": 3, "standard_form": 0}

    def test_a_trainee_revision_counts_as_kept_and_is_priced_per_word(
        self, db: Session, history: dict[str, TranslationRequest]
    ) -> None:
        row = rows_of(db)[("en", "fr", "light_revision")]
        assert (row["requests"], row["words"], row["post_edit_distance"]) == (1, 5, 0.1)
        assert (row["seconds_per_word_with_draft"], row["seconds_per_word_without_draft"]) == (1.0, None)
        assert row["words_per_hour"] == 3600
        assert (row["kept_in_house"], row["vendor_cost_avoided_eur"]) == (1, 50.0)  # 500 words at 0.10 EUR

    def test_information_deliveries_are_a_row_apart_and_the_total_adds_up(
        self, db: Session, history: dict[str, TranslationRequest]
    ) -> None:
        rows = rows_of(db)
        assert set(rows) == {("de", "fr", "full_revision"), ("en", "fr", "light_revision"),
                             ("de", "fr", "information")}
        assert rows[("de", "fr", "information")]["requests"] == 1
        assert rows[("de", "fr", "information")]["seconds_per_word_with_draft"] is None
        total = experiment_report.figures(experiment_report.build(db, start=START, end=END).total)
        assert (total["requests"], total["words"], total["kept_in_house"]) == (4, 27 + 5 + 3, 2)
        assert total["vendor_cost_avoided_eur"] == 110.0
        assert total["seconds_per_word_with_draft"] == round(30 / 22, 2)  # ratios of the sums, not a mean

    def test_a_staff_translator_who_could_translate_means_the_drafts_kept_nothing(
        self, db: Session, history: dict[str, TranslationRequest]
    ) -> None:
        decision(db, history["r1"], outcome="internal", job_class="full_revision",
                 considered=[translator(1, level=1), translator(2, level=2, meets_due=True)], on=date(2025, 3, 3))
        assert rows_of(db)[("de", "fr", "full_revision")]["kept_in_house"] == 0

    def test_an_empty_period_has_no_rows_and_empty_figures(self, db: Session) -> None:
        built = experiment_report.build(db, start=date(2001, 1, 1), end=date(2001, 12, 31))
        total = experiment_report.figures(built.total)
        assert built.rows == [] and total["requests"] == 0 and total["words_per_hour"] is None


class TestApi:
    def test_the_json_has_exactly_the_keys_of_the_issue_per_pair_and_level(
        self, client, db: Session, history: dict[str, TranslationRequest]
    ) -> None:
        manager = make_user(db, role=Role.MANAGER)
        response = client.get("/api/reports/mt-experiment?from=2025-01-01&to=2025-12-31",
                              headers=headers_for(db, manager))
        assert response.status_code == 200
        body = response.json()
        assert (body["from"], body["to"]) == ("2025-01-01", "2025-12-31")
        for row in body["rows"]:
            assert set(row) == KEYS | {"source_lang", "target_lang", "service_level"}
        assert set(body["total"]) == KEYS
        first = body["rows"][0]
        assert (first["source_lang"], first["service_level"], first["seconds_per_word_without_draft"]) == (
            "de", "full_revision", 4.5)

    def test_translators_may_not_read_it_and_a_reversed_period_is_explained(
        self, client, db: Session
    ) -> None:
        staff = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        assert client.get("/api/reports/mt-experiment", headers=headers_for(db, staff)).status_code == 403
        manager = make_user(db, role=Role.MANAGER)
        response = client.get("/api/reports/mt-experiment?from=2025-12-31&to=2025-01-01",
                              headers=headers_for(db, manager))
        assert response.status_code == 422 and "`from` on or before `to`" in response.json()["detail"]


class TestExports:
    def test_the_workbook_holds_the_figures_and_the_total(
        self, db: Session, history: dict[str, TranslationRequest]
    ) -> None:
        built = experiment_report.build(db, start=START, end=END)
        sheet = load_workbook(io.BytesIO(exports.to_xlsx(built)))["Expérimentation TA"]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        header = rows[2]
        first = dict(zip(header, rows[3], strict=True))
        assert (first["Langue source"], first["Niveau de service"]) == ("allemand", "Révision complète")
        assert first["Secondes par mot sans pré-traduction"] == 4.5
        assert first["Coût prestataire évité (EUR)"] == 60.0
        assert rows[-1][0] == "Total" and rows[-1][header.index("Demandes")] == 4

    def test_the_pdf_assessment_states_the_comparison_and_draws_its_charts(
        self, db: Session, history: dict[str, TranslationRequest]
    ) -> None:
        import pypdfium2

        built = experiment_report.build(db, start=START, end=END)
        pdf = pypdfium2.PdfDocument(exports.to_pdf(built))
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        assert "Expérimentation de la traduction automatique" in text
        assert "1,36 s par mot, contre 4,5 s" in text.replace("\u202f", " ")  # 30/22 with, 36/8 without
        assert "avec pré-traduction affichée" in text and "Mémoire adaptée" in text  # the charts' legends
        assert "110 €" in text
