"""The agent's answer to an offer that stands in for a translation (issue 19, part 3).

Accepting an earlier certified translation, or a standard form's French key, closes the request without
translation (`cancelled`, action `offer.accepted`: it counts in no indicator) and records the avoided
cost at contract rates; declining lets the request go on, from the step it waited before.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.cost import billing
from service.errors import Forbidden
from service.models import TranslationRequest, User
from service.models.enums import RequestStatus, Role
from service.translation_request import offers, pipeline
from service.translation_request import service as request_service
from service.translation_request.errors import NoOfferPending
from service.vendor import avoided


def answer(session: Session, request: TranslationRequest, *, actor: User, accept: bool) -> None:
    """Record the agent's answer to the request's pending offer (its caisse, a manager or an admin)."""
    if actor.role == Role.TRANSLATOR:
        raise Forbidden("The caisse decides whether it needs a new translation; ask its agent or a manager.")
    request_service.lock(session, request)
    kind = offers.pending(request)
    if kind is None:
        raise NoOfferPending(request.reference)
    if not accept:
        request.offer_status = offers.DECLINED
        request_service.record_event(session, request, action="offer.declined", actor=actor,
                                     detail={"offer": kind})
        session.flush()
        pipeline.advance(session, request)
        return
    request.offer_status = offers.ACCEPTED
    if kind == offers.REUSE:
        earlier = request_service.get(session, request.reuse_of_id or 0)
        pages, units = earlier.pages or 0, billing.units_for(session, earlier)
        detail: dict[str, str | None] = {"earlier_reference": earlier.reference}
    else:
        earlier, pages, units = None, request.pages or 0, billing.units_for(session, request)
        detail = {"form": request.standard_form}
    avoided.record(session, request, kind=kind, pages=pages, units=units,
                   earlier_request_id=earlier.id if earlier else None, detail=detail)
    request_service.transition(session, request, to=RequestStatus.CANCELLED, actor=actor, action="offer.accepted",
                               detail={"offer": kind, **detail})
