"""The quotes screen: clients, price list, quotes created, sent, accepted with the document or declined."""

from __future__ import annotations

from datetime import date
from html import unescape

from service.models import Client, Quote, TranslationRequest
from service.models.enums import Role
from service.quote import service as quote_service
from tests.factories import make_user
from tests.service.web.conftest import csrf_token, sign_in

LETTER = "Sehr geehrte Damen und Herren, wir bestätigen den Empfang Ihres Antrags.\n".encode()


def _post(web, path, **data):
    return web.post(path, data={"csrf_token": csrf_token(web, "/pilotage/devis"), **data}, follow_redirects=False)


def _priced(db):
    quote_service.add_price(db, pair="*", job_class="translation", price_page_cents=4500, minimum_cents=4000,
                            urgent_surcharge_pct=30, valid_from=date(2024, 1, 1))
    db.commit()


class TestQuotesScreen:
    def test_client_quote_send_pdf_and_accept_with_the_document(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        _priced(db)
        assert _post(client, "/pilotage/devis/clients", nom="Cabinet Martin Avocats",
                     courriel="contact@martin-avocats.example", adresse="12 rue de la Paix, Paris").status_code == 303
        customer = db.query(Client).one()
        made = _post(client, "/pilotage/devis", client=str(customer.id), source="de", cible="fr",
                     prestation="translation", urgence="urgent", pages="3")
        assert made.status_code == 303
        quote = db.query(Quote).one()
        # 3 pages at 45 € = 135 €, urgent +30 % = 175,50 €.
        assert quote.amount_cents == 17550
        page = unescape(client.get("/pilotage/devis").text)
        assert quote.reference in page and "175,50\u00a0€" in page and "à envoyer" in page
        pdf = client.get(f"/pilotage/devis/{quote.id}/pdf")
        assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        assert _post(client, f"/pilotage/devis/{quote.id}/envoi").status_code == 303
        db.refresh(quote)
        assert quote.status == "sent"
        accepted = client.post(f"/pilotage/devis/{quote.id}/acceptation",
                               data={"csrf_token": csrf_token(client, "/pilotage/devis"), "type_document": "other"},
                               files={"fichier": ("brief.txt", LETTER, "text/plain")}, follow_redirects=False)
        assert accepted.status_code == 303
        db.refresh(quote)
        request = db.get(TranslationRequest, quote.request_id)
        assert quote.status == "accepted" and request.external_reference == quote.reference

    def test_declined_quote_cannot_be_accepted_and_says_so_in_french(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        _priced(db)
        customer = quote_service.create_client(db, name="Études Durand", email="durand@example.org")
        quote = quote_service.create_quote(db, client=customer, source_lang="es", target_lang="fr",
                                           job_class="translation", characters=1500)
        db.commit()
        assert _post(client, f"/pilotage/devis/{quote.id}/refus").status_code == 303
        again = _post(client, f"/pilotage/devis/{quote.id}/refus")
        assert again.status_code == 409 and "déjà accepté, refusé ou expiré" in unescape(again.text)
        nothing = _post(client, f"/pilotage/devis/clients/{customer.id}/facture")
        assert nothing.status_code == 422 and "Aucun travail livré" in unescape(nothing.text)

    def test_a_quote_without_size_is_refused_and_nothing_saved(self, client, db):
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        _priced(db)
        customer = quote_service.create_client(db, name="Études Durand", email="durand@example.org")
        db.commit()
        answer = _post(client, "/pilotage/devis", client=str(customer.id), source="de", cible="fr",
                       prestation="translation", urgence="normal", pages="", caracteres="")
        assert answer.status_code == 422 and "nombre de pages" in unescape(answer.text)
        assert db.query(Quote).count() == 0
