"""The dialogue's figures in the indicator exports and API: consultations, and waits reported apart."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook

from service.models import Consultation
from service.models.enums import RequestStatus, Role
from tests.factories import headers_for, make_caisse, make_request, make_user
from tests.service.consultation.helpers import make_expert, make_partner, make_partner_user


def _world(client, db):  # type: ignore[no-untyped-def]
    today = date.today()
    caisse = make_caisse(db)
    # Two delivered this year: one waited 4 days for its submitter, delivered 10 days after receipt.
    make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, received_on=today - timedelta(days=10),
                 delivered_on=today, waiting_seconds=4 * 86400)
    make_request(db, caisse=caisse, status=RequestStatus.DELIVERED, received_on=today - timedelta(days=6),
                 delivered_on=today)
    agent = make_partner_user(db, make_partner(db, code="SANDIA"))
    make_expert(db, countries=["MA"])
    asked = client.post("/api/consultations", data={"country": "MA", "document_type": "civil_status",
                                                    "question": "Copie intégrale ou extrait ?"},
                        headers=headers_for(db, agent)).json()
    row = db.get(Consultation, asked["id"])
    row.first_answered_at = row.created_at + timedelta(days=2)
    row.status = "answered"
    db.commit()
    return make_user(db, role=Role.MANAGER)


class TestDialogueFigures:
    def test_the_api_reports_consultations_and_waits_while_ir82_stays_calendar_days(self, client, db) -> None:
        manager = _world(client, db)
        year = date.today().year
        got = client.get("/api/indicators/dialogue", params={"year": year}, headers=headers_for(db, manager)).json()
        c, w = got["consultations"], got["waiting"]
        assert (c["asked"], c["answered"], c["median_answer_days"], c["on_time_share"]) == (1, 1, 2.0, 1.0)
        assert c["by_partner"][0]["key"] == "SANDIA" and c["by_country"][0]["label"] == "Maroc"
        assert (w["delivered"], w["waited"], w["waiting_days_total"]) == (2, 1, 4.0)
        assert w["average_delay_without_waiting_days"] == 6.0
        report = client.get("/api/indicators", params={"year": year}, headers=headers_for(db, manager)).json()
        assert report["average_delay_days"] == 8.0  # (10 + 6) / 2: the 4 days of waiting are not taken out

    def test_the_csv_and_xlsx_exports_carry_them(self, client, db) -> None:
        manager = _world(client, db)
        year = date.today().year
        body = client.get("/api/indicators/export", params={"year": year, "format": "csv"},
                          headers=headers_for(db, manager)).content.decode("utf-8-sig")
        rows = {(r["section"], r["cle"]): r["valeur"] for r in csv.DictReader(io.StringIO(body))}
        assert rows[("consultations", "posees")] == "1" and rows[("consultations_pays", "MA")] == "1"
        assert rows[("consultations", "part_repondue_a_temps")] == "1.0"
        assert rows[("attente_demandeur", "jours_attente_total")] == "4.0"
        book = load_workbook(io.BytesIO(client.get("/api/indicators/export", params={"year": year},
                                                   headers=headers_for(db, manager)).content))
        values = [[c.value for c in row] for row in book["Consultations"].iter_rows()]
        assert ["Délai de réponse médian (jours)", 2.0] in values and ["Maroc", 1] in values

    def test_the_dashboard_shows_the_panel(self, client, db) -> None:
        from tests.service.web.conftest import sign_in

        manager = _world(client, db)
        sign_in(client, db, manager)
        page = client.get("/pilotage").text
        panel = page[page.index('id="consultations"'):page.index('id="titre-stock"')]
        assert "Consultations des partenaires" in panel and "Service partenaire" in panel and "Maroc" in panel
        assert "2,0 j" in panel and "4,0 j" in panel and "100,0 %" in panel
