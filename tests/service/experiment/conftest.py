"""A small hand-made history for the MT experiment report: every figure of it is worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from service.models import AvoidedWork, RoutingDecision, Segment, TranslationRequest, Vendor, VendorContract
from service.models.enums import RequestStatus, Role
from tests.factories import make_caisse, make_request, make_user

START, END = date(2025, 1, 1), date(2025, 12, 31)

def segments(db: Session, request: TranslationRequest,
             rows: list[tuple[str, str, bool, float | None, float | None]]) -> None:
    """(source, origin, shown, edit distance, editing seconds) each, confirmed unless the distance is None."""
    for position, (source, origin, shown, distance, seconds) in enumerate(rows, start=1):
        db.add(Segment(request_id=request.id, position=position, page=1, paragraph=position, source_text=source,
                       draft_text=None if origin == "none" else "brouillon", draft_origin=origin, draft_shown=shown,
                       final_text="texte", status="confirmed" if distance is not None else "drafted",
                       edit_distance=distance, editing_seconds=seconds, glossary=[], protected=[], qa=[]))
    db.commit()


def decision(db: Session, request: TranslationRequest, *, outcome: str, job_class: str,
             considered: list[dict[str, object]], on: date) -> None:
    db.add(RoutingDecision(request_id=request.id, outcome=outcome, job_class=job_class, considered=considered,
                           reasons=[], decided_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC)))
    db.commit()


def contract(db: Session, vendor: Vendor, source: str, *, page: int | None = None, word: int | None = None,
             valid_to: date | None = None) -> None:
    db.add(VendorContract(vendor_id=vendor.id, source_lang=source, target_lang="fr", job_class="translation",
                          rate_page_cents=page, rate_word_cents=word, minimum_cents=2500, turnaround_days=5,
                          valid_from=date(2024, 1, 1), valid_to=valid_to))
    db.commit()


def translator(user_id: int, *, trainee: bool = False, level: int | None = None, meets_due: bool = True,
               excluded: str | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"kind": "translator", "translator_id": user_id, "trainee": trainee,
                                "meets_due": meets_due}
    if level is not None:
        entry["level"] = level
    if excluded:
        entry["excluded"] = excluded
    return entry


@pytest.fixture
def history(db: Session) -> dict[str, TranslationRequest]:
    """Two de>fr full revisions, an en>fr light revision, an information request, and what must not count."""
    caisse = make_caisse(db)
    staff = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr", "en>fr"])
    trainee = make_user(db, role=Role.TRANSLATOR, pairs=["en>fr"], trainee=True)
    delivered = {"status": RequestStatus.DELIVERED, "caisse": caisse}
    r1 = make_request(db, **delivered, delivered_on=date(2025, 3, 10), handled_by="internal",
                      characters=3000, words=400)
    segments(db, r1, [("Das ist ein Test", "tm_exact", True, 0.0, 2.0),
                      ("Die Rente wird ab Januar gezahlt", "mt", True, 0.2, 12.0),
                      ("Der Antrag wurde abgelehnt", "mt", False, 0.6, 20.0),  # held back
                      ("Anna Schmidt", "copied", True, 0.0, 1.0),
                      ("   ", "none", True, None, None),  # blank: not counted
                      ("Bitte antworten Sie bald", "none", False, 1.0, 16.0)])
    # Only the staff translator, at revision level on de>fr: without drafts nobody in house translates it.
    decision(db, r1, outcome="internal", job_class="light_revision", considered=[translator(staff.id, level=1)],
             on=date(2025, 3, 2))
    r2 = make_request(db, **delivered, delivered_on=date(2025, 6, 1), handled_by="internal")
    segments(db, r2, [("Ein kurzer Satz hier", "mt", True, 0.4, 8.0), ("Geboren am 1.1.1980", "tm_adapted",
                                                                         True, 0.1, 3.0)])
    decision(db, r2, outcome="internal", job_class="full_revision", considered=[translator(staff.id, level=2)],
             on=date(2025, 5, 20))
    r3 = make_request(db, **delivered, source_lang="en", delivered_on=date(2025, 4, 1), handled_by="trainee",
                      characters=2800, words=500, service_level="light_revision")
    segments(db, r3, [("The pension is paid monthly", "mt", True, 0.1, 5.0)])
    # The trainee may revise but not translate; the staff translator was away.
    decision(db, r3, outcome="trainee", job_class="light_revision",
             considered=[translator(trainee.id, trainee=True, level=2), translator(staff.id, excluded="absent")],
             on=date(2025, 3, 25))
    r6 = make_request(db, **delivered, delivered_on=date(2025, 7, 1), service_level="information")
    segments(db, r6, [("Nur zur Information", "mt", True, None, None)])
    outside = make_request(db, **delivered, delivered_on=date(2026, 1, 5), handled_by="internal")
    segments(db, outside, [("Nicht in der Periode", "mt", True, 0.3, 9.0)])
    open_one = make_request(db, caisse=caisse, status=RequestStatus.IN_REVISION)
    segments(db, open_one, [("Noch offen", "mt", True, 0.3, 9.0)])
    reused = make_request(db, caisse=caisse, status=RequestStatus.CANCELLED)
    vendor = Vendor(name="Rhin Traductions", is_active=True)
    db.add(vendor)
    db.commit()
    contract(db, vendor, "de", page=3000)
    contract(db, vendor, "de", page=3500)
    contract(db, vendor, "de", page=1000, valid_to=date(2024, 12, 31))  # expired before the decisions
    contract(db, vendor, "en", word=10)
    db.add_all([AvoidedWork(request_id=r1.id, kind="scope", pages=2, cost_cents=6000, recorded_on=date(2025, 3, 1)),
                AvoidedWork(request_id=reused.id, kind="reuse", pages=3, cost_cents=9000,
                            recorded_on=date(2025, 5, 1)),
                AvoidedWork(request_id=reused.id, kind="standard_form", pages=4, cost_cents=0,
                            recorded_on=date(2024, 5, 1))])  # before the period
    db.commit()
    return {"r1": r1, "r3": r3}
