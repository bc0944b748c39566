"""The vendors screen: pairs, contract rates, performance; admins edit the contracts."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

from service.models import OutsourcedJob, VendorContract
from service.models.enums import Role
from tests.factories import make_caisse, make_request, make_user
from tests.service.vendor.helpers import make_rate, make_vendor
from tests.service.web.conftest import csrf_token, sign_in


def _job(db, vendor, *, due, returned, distance, status="returned"):
    request = make_request(db, caisse=make_caisse(db))
    job = OutsourcedJob(request_id=request.id, vendor_id=vendor.id, job_class="light_revision", status=status,
                        due_on=due, returned_on=returned, return_distance=distance, computed_cost_cents=5000)
    db.add(job)
    db.commit()
    return job


class TestVendorsScreen:
    def test_rates_pairs_and_performance_are_shown(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        vendor = make_vendor(db, name="Iberia Lingua")
        make_rate(db, vendor=vendor, source_lang="es", page=1650, minimum=2500, urgent=25, very_urgent=50,
                  turnaround=4)
        today = date.today()
        _job(db, vendor, due=today, returned=today - timedelta(days=1), distance=0.10)
        _job(db, vendor, due=today - timedelta(days=3), returned=today, distance=0.30, status="paid")
        _job(db, vendor, due=today, returned=None, distance=None, status="sent")
        page = unescape(client.get("/pilotage/prestataires").text)
        assert "espagnol → français" in page
        assert "16,50\u00a0€" in page and "25,00\u00a0€" in page and "+25 %" in page and "+50 %" in page
        assert "4 j ouvrés" in page
        row = page.split('href="#prestataire-')[1].split("</tr>")[0]
        # Two returns, one on time; distances 10 % and 30 %; one job still out.
        assert "50 %" in row and "20,0 %" in row
        assert "Ajouter un tarif" not in page  # managers read, admins edit

    def test_admin_adds_a_rate_and_a_bad_one_is_refused_in_french(self, client, db):
        sign_in(client, db, make_user(db, role=Role.ADMIN))
        vendor = make_vendor(db, name="Polyglotte Est")
        form = {"source": "pl", "cible": "fr", "prestation": "translation", "prix_page": "39,00",
                "minimum": "25", "urgent": "25", "tres_urgent": "50", "delai": "7", "debut": "2026-01-01"}
        token = csrf_token(client, "/pilotage/prestataires")
        added = client.post(f"/pilotage/prestataires/{vendor.id}/tarifs", data={"csrf_token": token, **form},
                            follow_redirects=False)
        assert added.status_code == 303
        contract = db.query(VendorContract).filter_by(vendor_id=vendor.id).one()
        assert (contract.rate_page_cents, contract.minimum_cents, contract.turnaround_days) == (3900, 2500, 7)
        bad = client.post(f"/pilotage/prestataires/{vendor.id}/tarifs",
                          data={"csrf_token": token, **form, "prix_page": "", "prix_mot": ""})
        assert bad.status_code == 422 and "indiquez un prix à la page ou au mot" in unescape(bad.text)
        assert db.query(VendorContract).filter_by(vendor_id=vendor.id).count() == 1

    def test_a_manager_cannot_change_a_contract(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        vendor = make_vendor(db)
        token = csrf_token(client, "/pilotage/prestataires")
        answer = client.post(f"/pilotage/prestataires/{vendor.id}/etat", data={"csrf_token": token},
                             follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/pilotage"
        db.refresh(vendor)
        assert vendor.is_active
