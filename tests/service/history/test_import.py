"""Importing the previous platform's CSV: idempotent, line-numbered errors, all-or-nothing by default."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.cli import app
from service.history import service as history_service
from service.history.errors import HistoryFileInvalid, HistoryHeaderInvalid, HistoryNotUtf8
from service.indicator import service as indicator_service
from service.models import Caisse, TranslationRequest
from tests.factories import make_caisse, make_request

HEADER = ("reference,caisse_code,source_lang,target_lang,pages,received_on,delivered_on,handled_by,"
          "external_cost_eur\n")
TODAY = date(2026, 11, 23)


def _lines(*rows: str) -> list[str]:
    return (HEADER + "".join(r + "\n" for r in rows)).splitlines(keepends=True)


def _count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(TranslationRequest)) or 0


VALID = (
    "H-1,CPAM75,de,fr,3,2023-01-02,2023-01-12,internal,",
    "H-2,CAF93,es,fr,1,2023-01-05,2023-02-10,external,\"1234,50\"",
    "H-3,CPAM75,pl,fr,2,2023-03-01,,trainee,",
)


class TestImport:
    def test_rows_become_imported_requests_with_a_21_day_due_date(self, db: Session) -> None:
        make_caisse(db, code="CPAM75")
        make_caisse(db, code="CAF93")
        report = history_service.import_lines(db, _lines(*VALID), today=TODAY)
        db.commit()
        assert (report.rows, report.inserted, report.updated) == (3, 3, 0)
        h2 = db.scalar(select(TranslationRequest).where(TranslationRequest.reference == "H-2"))
        assert h2 is not None
        assert (h2.status, h2.imported, h2.external_cost_cents, h2.due_on) == (
            "delivered", True, 123_450, date(2023, 1, 26))
        h3 = db.scalar(select(TranslationRequest).where(TranslationRequest.reference == "H-3"))
        assert h3 is not None
        assert (h3.status, h3.delivered_on, h3.document_type) == ("assigned", None, "other")

    def test_imported_history_feeds_the_indicators(self, db: Session) -> None:
        history_service.import_lines(db, _lines(*VALID), today=TODAY)
        db.commit()
        report = indicator_service.report(db, year=2023)
        assert (report.delivered, report.late_count, report.average_delay_days) == (2, 1, 23.0)
        assert report.external_cost_eur == 1234.5

    def test_a_second_import_updates_and_never_duplicates(self, db: Session) -> None:
        history_service.import_lines(db, _lines(*VALID), today=TODAY)
        db.commit()
        again = history_service.import_lines(
            db, _lines("H-3,CPAM75,pl,fr,2,2023-03-01,2023-03-09,trainee,",
                       "H-4,CPAM75,it,fr,1,2023-04-01,,,"), today=TODAY)
        db.commit()
        assert (again.inserted, again.updated) == (1, 1)
        assert _count(db) == 4
        h3 = db.scalar(select(TranslationRequest).where(TranslationRequest.reference == "H-3"))
        assert h3 is not None and (h3.status, h3.delivered_on) == ("delivered", date(2023, 3, 9))

    def test_unknown_caisse_codes_are_created(self, db: Session) -> None:
        lines = _lines("H-9,URSSAF13,ro,fr,4,2022-06-01,2022-06-08,internal,")
        report = history_service.import_lines(db, lines, today=TODAY)
        db.commit()
        assert report.caisses_created == ["URSSAF13"]
        caisse = db.scalar(select(Caisse).where(Caisse.code == "URSSAF13"))
        assert caisse is not None and caisse.kind == "URSSAF"

    def test_a_live_request_with_the_same_reference_is_never_overwritten(self, db: Session) -> None:
        caisse = make_caisse(db, code="CPAM75")
        live = make_request(db, caisse=caisse)
        live.reference = "H-1"
        db.commit()
        with pytest.raises(HistoryFileInvalid) as refused:
            history_service.import_lines(db, _lines(*VALID), today=TODAY)
        assert refused.value.errors[0].line == 2
        db.rollback()
        db.refresh(live)
        assert (live.imported, live.status) == (False, "received")


class TestInvalidRows:
    BAD = (
        "H-1,CPAM75,de,fr,3,2023-01-02,2023-01-12,internal,",
        "H-2,CPAM75,de,fr,three,2023-01-02,2023-01-12,internal,",
        "H-3,CPAM75,de,fr,3,2023-01-12,2023-01-02,internal,",
        "H-4,CPAM75,de,fr,3,2023-01-02,2023-01-12,internal,45.00",
        "H-5,CPAM75,deu,fr,3,2023-01-02,2023-01-12,internal,",
        "H-6,CPAM75,de,fr,3,31/02/2023,2023-01-12,internal,",
        "H-7,CPAM75,de,fr,3,2023-01-02,2023-01-12,vendor,",
        "H-1,CPAM75,de,fr,3,2023-01-02,2023-01-12,internal,",
    )

    def test_each_invalid_row_is_reported_with_its_line_and_reason(self, db: Session) -> None:
        with pytest.raises(HistoryFileInvalid) as refused:
            history_service.import_lines(db, _lines(*self.BAD), today=TODAY)
        found = {e.line: e.reason for e in refused.value.errors}
        assert sorted(found) == [3, 4, 5, 6, 7, 8, 9]
        assert "pages 'three'" in found[3]
        assert "before received_on" in found[4]
        assert "empty unless handled_by is external" in found[5]
        assert "source_lang 'deu'" in found[6]
        assert "DD/MM/YYYY or YYYY-MM-DD" in found[7]
        assert "handled_by 'vendor'" in found[8]
        assert "already appears on line 2" in found[9]

    def test_the_whole_file_is_refused_without_skip_invalid(self, db: Session) -> None:
        with pytest.raises(HistoryFileInvalid):
            history_service.import_lines(db, _lines(*self.BAD), today=TODAY)
        db.rollback()
        assert _count(db) == 0

    def test_skip_invalid_imports_the_valid_rows_only(self, db: Session) -> None:
        report = history_service.import_lines(db, _lines(*self.BAD), skip_invalid=True, today=TODAY)
        db.commit()
        assert (report.inserted, len(report.skipped)) == (1, 7)
        assert _count(db) == 1

    def test_a_wrong_header_is_refused_even_with_skip_invalid(self, db: Session) -> None:
        lines = ["reference,caisse_name,source_lang,target_lang,pages,received_on,delivered_on,handled_by,"
                 "external_cost_eur\n"]
        with pytest.raises(HistoryHeaderInvalid, match="missing column.*caisse_code"):
            history_service.import_lines(db, lines, skip_invalid=True, today=TODAY)

    def test_a_file_in_no_known_encoding_names_the_bad_line(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "inconnu.csv"
        # 0x81 is neither UTF-8 (alone) nor a Windows-1252 character.
        path.write_bytes((HEADER + "H-1,CPAM75,de,fr,3,2023-01-02,2023-01-12,internal,\n").encode()
                         + b"H-2,CAF \x81rouse,de,fr,1,2023-01-02,,internal,\n")
        with pytest.raises(HistoryNotUtf8, match="Line 3 is neither UTF-8, UTF-16 nor Windows-1252"):
            history_service.import_file(db, path, today=TODAY)


class TestImportHistoryCommand:
    def test_the_command_imports_and_reports_counts(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "history.csv"
        path.write_text(HEADER + "\n".join(VALID) + "\n", encoding="utf-8")
        result = CliRunner().invoke(app, ["import-history", str(path)])
        assert result.exit_code == 0, result.output
        assert "Imported 3 rows (3 new, 0 updated, 0 skipped)" in result.output
        assert _count(db) == 3

    def test_the_command_refuses_an_invalid_file_and_lists_lines(self, tmp_path: Path, db: Session) -> None:
        path = tmp_path / "history.csv"
        path.write_text(HEADER + "\n".join(TestInvalidRows.BAD) + "\n", encoding="utf-8")
        result = CliRunner().invoke(app, ["import-history", str(path)])
        assert result.exit_code == 2
        assert "line 3: pages 'three'" in result.output
        assert _count(db) == 0
        skipped = CliRunner().invoke(app, ["import-history", str(path), "--skip-invalid"])
        assert skipped.exit_code == 0 and "1 new" in skipped.output


class TestLiveReferences:
    """Issue 15: an imported `TR-2026-000042` took the reference of a future request; intake answered 500."""

    def test_a_row_with_the_format_of_live_references_is_refused_with_a_hint(self, db: Session) -> None:
        lines = _lines("TR-2023-000042,CPAM75,de,fr,3,2023-01-02,2023-01-12,internal,",
                       "tr-2023-7,CPAM75,de,fr,3,2023-01-02,2023-01-12,internal,", VALID[0])
        with pytest.raises(HistoryFileInvalid) as refused:
            history_service.import_lines(db, lines, today=TODAY)
        assert [e.line for e in refused.value.errors] == [2, 3]
        assert "H-TR-2023-000042" in refused.value.errors[0].reason
        report = history_service.import_lines(db, lines, skip_invalid=True, today=TODAY)
        assert (report.inserted, len(report.skipped)) == (1, 2)

    def test_intake_steps_aside_from_a_row_imported_before_the_rule(self, client, db: Session) -> None:
        from service.models.enums import Role
        from service.translation_request import references
        from tests.factories import headers_for, make_user

        caisse = make_caisse(db, code="CPAM75")
        headers = headers_for(db, make_user(db, role=Role.SUBMITTER, caisse=caisse))
        year = date.today().year
        old = make_request(db, caisse=caisse, status="delivered", imported=True)
        old.reference = references.live(year, old.id + 1)  # the reference the next submission would get
        db.commit()
        form = {"source_lang": "de", "target_lang": "fr", "document_type": "civil_status"}
        submitted = [client.post("/api/requests", headers=headers, data=form,
                                 files={"file": (f"acte{n}.txt", f"Urkunde {n}.".encode(), "text/plain")})
                     for n in range(2)]
        assert [r.status_code for r in submitted] == [201, 201], submitted[0].text
        assert submitted[0].json()["reference"] == f"{references.live(year, old.id + 1)}-2"
        assert submitted[1].json()["reference"] == references.live(year, old.id + 2)
        db.expire_all()
        assert db.get(TranslationRequest, old.id).reference == references.live(year, old.id + 1)
