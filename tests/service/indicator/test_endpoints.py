"""The indicators API: manager only, the report, targets, exports as CSV and XLSX."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user
from tests.service.indicator.helpers import delivered, insert_requests


def _seed(db: Session) -> None:
    insert_requests(db, make_caisse(db, code="CPAM75"), [
        delivered(date(2024, 3, 1), 10), delivered(date(2024, 3, 1), 22),
        delivered(date(2024, 3, 2), 6, handled_by="external", external_cost_cents=51_680_000),
        delivered(date(2024, 4, 2), 2, channel="posted_worker_fraud"),
    ])


class TestIndicatorEndpoints:
    def test_a_submitter_is_refused(self, client: TestClient, db: Session) -> None:
        agent = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        response = client.get("/api/indicators?year=2024", headers=headers_for(db, agent))
        assert response.status_code == 403

    def test_a_manager_reads_the_year_and_its_breakdowns(self, client: TestClient, db: Session) -> None:
        _seed(db)
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        body = client.get("/api/indicators?year=2024", headers=headers).json()
        assert (body["delivered"], body["late_count"], body["late_share"]) == (4, 1, 0.25)
        assert body["status"]["external_cost_change"]["status"] == "at_risk"
        details = client.get("/api/indicators/breakdowns?year=2024", headers=headers).json()
        channels = {r["key"]: r["delivered"] for r in details["by_channel"]}
        assert channels == {"posted_worker_fraud": 1, "standard": 3}
        assert [m["month"] for m in details["volume"]][:2] == ["2024-01", "2024-02"]

    def test_a_period_without_end_is_a_problem_json(self, client: TestClient, db: Session) -> None:
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        response = client.get("/api/indicators?start=2024-01-01", headers=headers)
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_period"

    def test_targets_set_by_a_manager_change_the_status(self, client: TestClient, db: Session) -> None:
        _seed(db)
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        put = client.put("/api/indicators/targets/2024", headers=headers,
                         json={"average_delay_days": 12, "late_share": 0.3, "external_cost_change": -0.01})
        assert put.status_code == 200 and put.json()["source"] == "configured"
        status = client.get("/api/indicators?year=2024", headers=headers).json()["status"]
        assert status["late_share"]["status"] == "met"
        assert status["average_delay_days"]["status"] == "met"
        reset = client.delete("/api/indicators/targets/2024", headers=headers).json()
        assert (reset["source"], reset["late_share"]) == ("agreement", 0.03)

    def test_a_share_above_one_is_refused(self, client: TestClient, db: Session) -> None:
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        response = client.put("/api/indicators/targets/2024", headers=headers,
                              json={"average_delay_days": 8, "late_share": 3})
        assert response.status_code == 422


class TestExports:
    def test_csv_export_lists_indicators_and_breakdowns(self, client: TestClient, db: Session) -> None:
        _seed(db)
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        response = client.get("/api/indicators/export?year=2024&format=csv", headers=headers)
        assert response.status_code == 200
        assert "indicateurs-2024.csv" in response.headers["content-disposition"]
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("section,cle,valeur,cible,statut")
        assert "indicateur,IR.8.3,0.25,0.03,non atteint,0.22,,,,,,," in lines
        assert any(line.startswith("by_channel,posted_worker_fraud,") for line in lines)

    def test_xlsx_export_has_one_sheet_per_view(self, client: TestClient, db: Session) -> None:
        _seed(db)
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        response = client.get("/api/indicators/export?year=2024&format=xlsx", headers=headers)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Indicateurs", "Par mois", "Par langue", "Par caisse", "Par canal",
                                   "Par traitant", "Par type", "Volume", "Consultations"]
        rows = list(book["Indicateurs"].iter_rows(values_only=True))
        assert ("IR.8.2", "Délai moyen de traduction (jours)", 10.0, 8.0, "non atteint", 2.0) in rows
        assert list(book["Par caisse"].iter_rows(values_only=True))[1][:2] == ("CPAM75", 4)


class TestFormulaInjection:
    """Issue 15: imported caisse codes such as `=HYPERLINK(...)` landed as formulas in the exports."""

    CODES = ('=HYPERLINK("HTTP://EV.IL","X")', "+CMD|' /C CALC'!A0", "-2+3", "@SUM(A1:A9)")

    def _export(self, client: TestClient, db: Session, fmt: str) -> bytes:
        from service.history import service as history_service

        header = ("reference,caisse_code,source_lang,target_lang,pages,received_on,delivered_on,handled_by,"
                  "external_cost_eur\n")
        rows = "".join(f'H-{n},"{code.replace(chr(34), chr(34) * 2)}",de,fr,1,2024-03-01,2024-03-05,internal,\n'
                       for n, code in enumerate(self.CODES))
        history_service.import_lines(db, (header + rows).splitlines(keepends=True), today=date(2024, 12, 31))
        db.commit()
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        response = client.get(f"/api/indicators/export?year=2024&format={fmt}", headers=headers)
        assert response.status_code == 200
        return response.content

    def test_csv_cells_that_would_run_as_formulas_start_with_an_apostrophe(self, client, db) -> None:
        import csv

        content = self._export(client, db, "csv").decode("utf-8-sig")
        keys = [row[1] for row in csv.reader(io.StringIO(content)) if row and row[0] == "by_caisse"]
        assert sorted(keys) == sorted("'" + code for code in self.CODES)
        assert "indicateur,IR.8.1," in content  # numbers (a negative gap included) stay numbers

    def test_xlsx_writes_them_as_strings_never_as_formulas(self, client, db) -> None:
        book = load_workbook(io.BytesIO(self._export(client, db, "xlsx")))
        cells = [row[0] for row in book["Par caisse"].iter_rows(min_row=2)]
        assert len(cells) == len(self.CODES)
        assert {c.data_type for c in cells} == {"s"}
        assert sorted(c.value for c in cells) == sorted("'" + code for code in self.CODES)
        gap = [r for r in book["Indicateurs"].iter_rows(values_only=True) if r and r[0] == "IR.8.1"][0][5]
        assert gap is None or isinstance(gap, float)

    def test_tab_and_carriage_return_are_neutralised_and_plain_text_is_left_alone(self) -> None:
        from service.kit import spreadsheet

        assert spreadsheet.csv_row(["\tcmd", "\rcmd", "CPAM75", "", -0.02, 3]) == ["'\tcmd", "'\rcmd", "CPAM75",
                                                                                   "", -0.02, 3]
