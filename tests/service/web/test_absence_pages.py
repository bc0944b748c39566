"""The absences screen: recording an absence changes the capacity per day and the at-risk list."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

from service.models import Absence
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user
from tests.service.web.conftest import csrf_token, sign_in


class TestAbsencesScreen:
    def test_an_absence_empties_capacity_and_puts_the_queue_at_risk(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], capacity=2)
        translator.full_name = "Claire Weber"
        received = date.today() - timedelta(days=10)
        request = make_request(db, caisse=make_caisse(db), status=RequestStatus.ASSIGNED, received_on=received,
                               pages=6, characters=9000, assignee_id=translator.id)
        db.commit()
        before = unescape(client.get("/pilotage/absences").text)
        assert request.reference not in before.split('id="a-risque"')[1]
        # Absent from today for two weeks: the 3 days of work end past the 21-day limit.
        start = date.today()
        token = csrf_token(client, "/pilotage/absences")
        added = client.post("/pilotage/absences", follow_redirects=False, data={
            "csrf_token": token, "traducteur": str(translator.id), "debut": start.isoformat(),
            "fin": (start + timedelta(days=13)).isoformat(), "motif": "congés"})
        assert added.status_code == 303
        after = unescape(client.get("/pilotage/absences").text)
        assert "Claire Weber" in after.split('id="liste-absences"')[1] and "congés" in after
        row = after.split('id="capacite"')[1].split("Claire Weber")[1].split("</tr>")[0]
        assert "<strong>abs.</strong>" in row
        assert request.reference in after.split('id="a-risque"')[1]

    def test_an_absence_ending_before_it_starts_is_refused_and_nothing_saved(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"], capacity=5)
        token = csrf_token(client, "/pilotage/absences")
        answer = client.post("/pilotage/absences", data={
            "csrf_token": token, "traducteur": str(translator.id), "debut": "2026-12-10", "fin": "2026-12-01"})
        assert answer.status_code == 422 and "La fin de l'absence est avant son début" in unescape(answer.text)
        assert db.query(Absence).count() == 0
