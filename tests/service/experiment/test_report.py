"""The MT experiment report on a small hand-made history whose every figure is worked out by hand."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from service.experiment import exports
from service.experiment import report as experiment_report
from service.models import TranslationRequest
from service.models.enums import Role
from tests.factories import headers_for, make_user
from tests.service.experiment.conftest import END, START, decision, translator

KEYS = {"requests", "words", "segments_by_origin", "post_edit_distance", "seconds_per_word_with_draft",
        "seconds_per_word_without_draft", "words_per_hour", "kept_in_house", "vendor_cost_avoided_eur",
        "pages_avoided"}


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
