"""Factories for routing and outsourcing tests: drafted requests with segments, vendors, rates."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from service.models import Caisse, Segment, TranslationRequest, Vendor, VendorContract
from service.models.enums import RequestStatus
from tests.factories import make_request

Pairs = list[tuple[str, str | None]]
# A Monday, so working-day arithmetic in tests is easy to follow.
MONDAY = date(2026, 11, 23)


def make_drafted(session: Session, *, caisse: Caisse, characters: int = 3000, due_in_days: int = 21,
                 source_lang: str = "de", target_lang: str = "fr", segments: Pairs | None = None,
                 origin: str = "mt", score: float | None = -0.1, tm_score: float | None = None,
                 urgency: str = "normal", words: int | None = None, today: date = MONDAY,
                 status: RequestStatus = RequestStatus.DRAFTED) -> TranslationRequest:
    """A drafted request with its segments (drafts of the given origin and score)."""
    request = make_request(session, caisse=caisse, status=status, source_lang=source_lang,
                           target_lang=target_lang, received_on=today, characters=characters, words=words,
                           pages=max(1, characters // 1500))
    request.due_on = today + timedelta(days=due_in_days)
    request.urgency = urgency
    pairs = segments if segments is not None else [("Guten Tag.", "Bonjour."), ("Die Rente wird gezahlt.",
                                                                               "La pension est versée.")]
    for position, (source, draft) in enumerate(pairs, start=1):
        session.add(Segment(request_id=request.id, position=position, source_text=source, draft_text=draft,
                            draft_origin=origin if draft else "none", draft_score=score if draft else None,
                            tm_score=tm_score, status="drafted" if draft else "pending", glossary=[],
                            protected=[], qa=[]))
    session.commit()
    return request


def make_vendor(session: Session, *, name: str = "Lingua SARL") -> Vendor:
    """An active vendor."""
    vendor = Vendor(name=name, email=f"{name.split()[0].lower()}@vendor.example", is_active=True)
    session.add(vendor)
    session.commit()
    return vendor


def make_rate(session: Session, *, vendor: Vendor, job_class: str = "light_revision", source_lang: str = "de",
              target_lang: str = "fr", page: int | None = 2000, word: int | None = None, minimum: int = 0,
              urgent: int = 0, very_urgent: int = 0, turnaround: int = 5, valid_from: date = date(2026, 1, 1),
              valid_to: date | None = None) -> VendorContract:
    """A contract rate line (prices in cents)."""
    contract = VendorContract(vendor_id=vendor.id, source_lang=source_lang, target_lang=target_lang,
                              job_class=job_class, rate_page_cents=page, rate_word_cents=word,
                              minimum_cents=minimum, urgent_surcharge_pct=urgent,
                              very_urgent_surcharge_pct=very_urgent, turnaround_days=turnaround,
                              valid_from=valid_from, valid_to=valid_to)
    session.add(contract)
    session.commit()
    return contract
