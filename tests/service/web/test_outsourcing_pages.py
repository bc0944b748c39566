"""The outsourcing screen: proposed jobs, masked preview, sending, return with its report, service done, invoice."""

from __future__ import annotations

import io
import zipfile
from html import unescape

from sqlalchemy import select

from service.assignment import service as assignment_service
from service.models import DocumentAccess, OutsourcedJob, TranslationRequest
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_user
from tests.service.vendor.helpers import make_drafted, make_rate, make_vendor
from tests.service.vendor.test_outsourced_job import _fill_targets
from tests.service.web.conftest import csrf_token, sign_in

SEGMENTS = [("Frau Anna Schmidt wohnt in Köln.", "Mme Anna Schmidt habite à Cologne."),
            ("Die Rente wird monatlich gezahlt.", "La pension est versée chaque mois.")]


def _proposed(db):
    """A drafted request that routing proposed to outsource (no translator covers its pair)."""
    vendor = make_vendor(db, name="Traductions Rhin SARL")
    make_rate(db, vendor=vendor, page=2000, minimum=2500, urgent=25)
    request = make_drafted(db, caisse=make_caisse(db), characters=4500, segments=SEGMENTS)
    request.subject_name = "Anna Schmidt"
    assignment_service.route(db, request)
    db.commit()
    job = db.scalars(select(OutsourcedJob).where(OutsourcedJob.request_id == request.id)).one()
    return request, job


def _post(client, path, page, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data}, follow_redirects=False)


class TestOutsourcingScreen:
    def test_proposed_job_is_listed_with_the_contract_price(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        request, job = _proposed(db)
        page = unescape(client.get("/pilotage/externalisation").text)
        assert "Proposées à l'externalisation <span class=\"count\">(1)" in page
        assert request.reference in page and "Traductions Rhin SARL" in page
        # 3 pages at 20 € = 60 €, above the 25 € minimum.
        assert "60,00\u00a0€" in page

    def test_preview_masks_the_person_and_is_logged(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        request, job = _proposed(db)
        page = unescape(client.get(f"/pilotage/externalisation/{job.id}").text)
        assert "Aperçu du dossier masqué" in page and "noms de personnes : 1" in page
        assert "Anna Schmidt" not in page.split("Aperçu du dossier masqué")[1]
        assert "3,00 pages × 20,00\u00a0€" in page
        channels = db.scalars(select(DocumentAccess.channel).where(DocumentAccess.request_id == request.id)).all()
        assert channels == ["pilotage"]

    def test_send_return_certify_and_invoice_mismatch(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        request, job = _proposed(db)
        path = f"/pilotage/externalisation/{job.id}"
        assert _post(client, f"{path}/envoi", path, xliff="2.0").status_code == 303
        package = client.get(f"{path}/dossier")
        assert package.headers["content-type"] == "application/zip"
        xlf = zipfile.ZipFile(io.BytesIO(package.content)).read(f"{request.reference}.xlf")
        bad = client.post(f"{path}/retour", data={"csrf_token": csrf_token(client, path)},
                          files={"fichier": ("r.xlf", xlf.replace(b'trgLang="fr"', b'trgLang="es"'))})
        assert bad.status_code == 422 and "a été refusé et rien n'a été modifié" in unescape(bad.text)
        assert "Rapport de contrôle du fichier" in unescape(bad.text)
        assert "Paire de langues de>es au lieu de de>fr" in unescape(bad.text)
        db.expire_all()
        assert db.get(OutsourcedJob, job.id).status == "sent"
        good = client.post(f"{path}/retour", data={"csrf_token": csrf_token(client, path)},
                           files={"fichier": ("r.xlf", _fill_targets(xlf, "2.0"))})
        assert good.status_code == 200 and "2 segments importés" in good.text
        assert "Distance de révision" in good.text
        assert _post(client, f"{path}/service-fait", path, remarques="RAS").status_code == 303
        db.expire_all()
        assert db.get(TranslationRequest, request.id).status == RequestStatus.DELIVERED
        refused = _post(client, f"{path}/facture", path, numero="F-12", montant="douze")
        assert refused.status_code == 422 and "Montant incorrect" in refused.text
        assert _post(client, f"{path}/facture", path, numero="F-12", montant="75,50").status_code == 303
        page = client.get(path).text
        assert "15,50\u00a0€ : la facture ne correspond pas au contrat" in page
        listing = client.get("/pilotage/externalisation").text
        assert "Factures <span class=\"count\">(1)" in listing and "15,50\u00a0€" in listing

    def test_a_translator_is_sent_back_to_the_workspace(self, client, db):
        sign_in(client, db, make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"]))
        answer = client.get("/pilotage/externalisation", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/atelier"

    def test_a_package_that_could_not_be_prepared_says_why_in_french(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        _, job = _proposed(db)
        job.package_state, job.package_error = "failed", "not_redactable"
        db.commit()
        page = unescape(client.get(f"/pilotage/externalisation/{job.id}").text)
        assert "n'a pas d'images de pages à caviarder" in page and "Envoyez le dossier sans l'original" in page
        assert "Envoyer le dossier à Traductions Rhin SARL" in page
