"""Quotes for external clients from the price list; accepted quotes become requests; invoices."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from service.models import Caisse, TranslationRequest
from service.models.enums import RequestStatus, Role
from service.quote import service as quote_service
from service.quote.errors import MissingPrice, NothingToInvoice, QuoteNotOpen
from tests.factories import headers_for, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _prices(db: Session) -> None:
    quote_service.add_price(db, pair="*", job_class="translation", price_page_cents=3500, minimum_cents=4000,
                            urgent_surcharge_pct=30, valid_from=date(2026, 1, 1))
    quote_service.add_price(db, pair="en>fr", job_class="translation", price_page_cents=2800,
                            valid_from=date(2026, 1, 1))
    db.commit()


class TestQuote:
    def test_pair_price_beats_the_general_one_and_minimum_and_urgency_apply(self, db: Session) -> None:
        _prices(db)
        client = quote_service.create_client(db, name="Ambassade X", email="contact@ambassade.example")
        on = date(2026, 6, 1)
        english = quote_service.create_quote(db, client=client, source_lang="en", target_lang="fr",
                                             job_class="translation", characters=15000, today=on)
        assert (english.pages, english.amount_cents) == (10.0, 28000)
        small = quote_service.create_quote(db, client=client, source_lang="de", target_lang="fr",
                                           job_class="translation", characters=1500, urgency="urgent",
                                           today=on)
        assert small.amount_cents == 5200  # minimum 40 EUR, +30 % urgency
        assert english.reference.startswith("DV-2026-") and english.valid_until == on + timedelta(days=30)
        with pytest.raises(MissingPrice, match="light_revision"):
            quote_service.create_quote(db, client=client, source_lang="de", target_lang="fr",
                                       job_class="light_revision", characters=1500, today=on)

    def test_client_gets_a_caisse_of_kind_other(self, db: Session) -> None:
        client = quote_service.create_client(db, name="Mairie Y", email="mairie@y.example")
        caisse = db.get(Caisse, client.caisse_id)
        assert caisse is not None and caisse.kind == "other" and caisse.name == "Mairie Y"


class TestAcceptAndInvoice:
    def test_accepted_quote_becomes_a_request_and_is_invoiced_once_delivered(self, client,
                                                                             db: Session) -> None:
        _prices(db)
        manager = make_user(db, role=Role.MANAGER)
        headers = headers_for(db, manager)
        created = client.post("/api/quotes/clients", headers=headers,
                              json={"name": "Consulat Z", "email": "z@consulat.example"}).json()
        quote = client.post("/api/quotes", headers=headers, json={
            "client_id": created["id"], "source_lang": "en", "target_lang": "fr", "pages": 3}).json()
        assert quote["amount_cents"] == 8400
        accepted = client.post(f"/api/quotes/{quote['id']}/accept", headers=headers,
                               files={"file": ("acte.pdf", PDF, "application/pdf")},
                               data={"document_type": "civil_status"})
        assert accepted.status_code == 201, accepted.text
        request = db.get(TranslationRequest, accepted.json()["id"])
        assert request is not None and request.caisse_id == created["caisse_id"]
        assert request.external_reference == quote["reference"]
        again = client.post(f"/api/quotes/{quote['id']}/accept", headers=headers,
                            files={"file": ("acte.pdf", PDF, "application/pdf")})
        assert again.status_code == 409
        nothing = client.post(f"/api/quotes/clients/{created['id']}/invoices", headers=headers)
        assert nothing.status_code == 422 and nothing.json()["code"] == "nothing_to_invoice"
        db.expire_all()
        request.status, request.delivered_on = RequestStatus.DELIVERED, date.today()
        db.commit()
        bill = client.post(f"/api/quotes/clients/{created['id']}/invoices", headers=headers)
        assert bill.status_code == 201 and bill.json()["amount_cents"] == 8400
        assert [line["quote"] for line in bill.json()["lines"]] == [quote["reference"]]

    def test_expired_quote_cannot_be_accepted(self, db: Session) -> None:
        _prices(db)
        client = quote_service.create_client(db, name="Musée W", email="w@musee.example")
        quote = quote_service.create_quote(db, client=client, source_lang="en", target_lang="fr",
                                           job_class="translation", characters=3000, today=date(2026, 1, 2))
        with pytest.raises(QuoteNotOpen):
            quote_service.accept(db, quote, data=PDF, filename="a.pdf", document_type="other",
                                 max_bytes=10**6,
                                 today=date(2026, 3, 1))
        with pytest.raises(NothingToInvoice):
            quote_service.invoice(db, client=client)

    def test_sent_quote_has_a_french_pdf_and_can_still_be_declined_once(self, client, db: Session) -> None:
        from io import BytesIO

        from pypdf import PdfReader

        _prices(db)
        headers = headers_for(db, make_user(db, role=Role.MANAGER))
        customer = quote_service.create_client(db, name="Consulat Y", email="y@consulat.example",
                                               address="3 avenue Foch, Paris")
        quote = quote_service.create_quote(db, client=customer, source_lang="de", target_lang="fr",
                                           job_class="translation", characters=4500, urgency="urgent")
        db.commit()
        sent = client.post(f"/api/quotes/{quote.id}/send", headers=headers)
        assert sent.status_code == 200 and sent.json()["status"] == "sent"
        pdf = client.get(f"/api/quotes/{quote.id}/pdf", headers=headers)
        text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
        assert quote.reference in text and "Consulat Y" in text and "allemand vers français" in text
        # 3 pages at 35 € = 105 €, urgent +30 %.
        assert "136,50" in text and "majoration urgence 30 %" in text
        assert client.post(f"/api/quotes/{quote.id}/decline", headers=headers).json()["status"] == "declined"
        assert client.post(f"/api/quotes/{quote.id}/send", headers=headers).status_code == 409
