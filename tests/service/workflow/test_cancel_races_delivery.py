"""A caisse cancelling while a translator delivers: one consistent end state, recorded once, whoever wins.

Neither side locks the row itself here (plain reads, as a caller that forgot would do): the lock that
`transition` takes, and that `deliver` takes first, is what keeps them apart. PostgreSQL only: SQLite
serialises writers.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db.session import new_session
from service.models import Document, Event, Segment, TranslationRequest, User
from service.models.enums import DocumentRole, RequestStatus, Role
from service.revision import service as revision_service
from service.revision.errors import NotDeliverable
from service.translation_request.errors import IllegalTransition
from service.workflow import cancellation
from tests.conftest import TEST_DB
from tests.factories import make_caisse, make_request, make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(TEST_DB != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises writers"),
]


@pytest.fixture
def in_revision(db: Session) -> tuple[int, int]:
    """A request in revision, every segment confirmed: ready to deliver. Returns (request id, translator id)."""
    translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
    request = make_request(db, caisse=make_caisse(db), status=RequestStatus.IN_REVISION, assignee_id=translator.id)
    db.add_all(Segment(request_id=request.id, position=n, page=1, paragraph=n, source_text=source,
                       draft_text=final, final_text=final, draft_origin="mt", status="confirmed", glossary=[],
                       protected=[], qa=[])
               for n, (source, final) in enumerate([("Geburtsurkunde.", "Acte de naissance."),
                                                    ("Berlin, den 3. Mai.", "Berlin, le 3 mai.")], start=1))
    db.commit()
    return request.id, translator.id


def _outcome(db: Session, request_id: int) -> tuple[str, list[str], int]:
    db.expire_all()
    status = db.get(TranslationRequest, request_id).status  # type: ignore[union-attr]
    moves = list(db.scalars(select(Event.to_status).where(Event.request_id == request_id,
                                                         Event.to_status.is_not(None)).order_by(Event.id)))
    deliverables = len(db.scalars(select(Document).where(Document.request_id == request_id,
                                                         Document.role == DocumentRole.DELIVERABLE)).all())
    return status, moves, deliverables


class TestCancelRacingDelivery:
    def test_a_cancel_committed_first_stops_the_delivery(self, db: Session, in_revision: tuple[int, int]) -> None:
        request_id, translator_id = in_revision
        delivering = new_session()
        try:
            stale = delivering.get(TranslationRequest, request_id)  # the editor read "in revision"
            translator = delivering.get(User, translator_id)
            with new_session() as caisse_side:
                cancellation.cancel(caisse_side, caisse_side.get(TranslationRequest, request_id),  # type: ignore[arg-type]
                                    actor=None, reason="envoi en double")
                caisse_side.commit()
            with pytest.raises(NotDeliverable):
                revision_service.deliver(delivering, stale, actor=translator)  # type: ignore[arg-type]
            delivering.rollback()
        finally:
            delivering.close()
        assert _outcome(db, request_id) == ("cancelled", ["cancelled"], 0)

    def test_a_cancel_during_the_delivery_waits_and_finds_it_delivered(
            self, db: Session, in_revision: tuple[int, int]) -> None:
        request_id, translator_id = in_revision
        delivering = new_session()
        refused: list[Exception] = []

        def cancel() -> None:
            with new_session() as caisse_side:
                request = caisse_side.get(TranslationRequest, request_id)
                try:
                    cancellation.cancel(caisse_side, request, actor=None, reason="trop tard")  # type: ignore[arg-type]
                    caisse_side.commit()
                except IllegalTransition as exc:
                    refused.append(exc)
                    caisse_side.rollback()

        try:
            revision_service.deliver(delivering, delivering.get(TranslationRequest, request_id),  # type: ignore[arg-type]
                                     actor=delivering.get(User, translator_id))  # type: ignore[arg-type]
            delivering.flush()
            racer = threading.Thread(target=cancel)
            racer.start()
            racer.join(0.5)
            assert racer.is_alive(), "the cancel did not wait for the delivery's row lock"
            delivering.commit()
        finally:
            delivering.close()
        racer.join(10)
        assert len(refused) == 1 and refused[0].status_code == 409  # type: ignore[attr-defined]
        assert _outcome(db, request_id) == ("delivered", ["delivered"], 1)
