"""No translation when none is needed (issue 19, part 3): what can stand in for a new translation.

Two offers are made to the agent, and nothing more is done on the request until they answer:
- `reuse`: the exact file (same SHA-256) was already translated into the same language, with the same
  pages, for the same caisse, and delivered as a certified translation: that translation is offered;
- `standard_form`: the text is a multilingual standard form (Regulation (EU) 2016/1191) or a CIEC
  multilingual extract (`service/document/standard_forms.py` recognises them after extraction): its
  French key is offered, since the form's printed headings already exist in French.
Accepting closes the request without translation and records the avoided cost (`service/workflow/offers.py`);
declining lets the request go on as any other.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from service.models import Document, Event, TranslationRequest
from service.models.enums import DocumentRole, RequestStatus
from service.translation_request import levels

PENDING = "pending"
ACCEPTED = "accepted"
DECLINED = "declined"
REUSE = "reuse"
STANDARD_FORM = "standard_form"


def earlier_certified(session: Session, *, caisse_id: int, sha256: str, target_lang: str,
                      page_selection: str | None) -> int | None:
    """The newest delivered certified translation of the same file for the caisse (same language and pages)."""
    delivered_certified = select(Event.request_id).where(
        Event.action == "delivered", Event.detail["certified"].as_boolean().is_(True))
    delivered = aliased(Document)
    pages = TranslationRequest.page_selection.is_(None) if page_selection is None \
        else TranslationRequest.page_selection == page_selection
    return session.scalar(
        select(TranslationRequest.id).join(Document, Document.request_id == TranslationRequest.id)
        .where(TranslationRequest.caisse_id == caisse_id, Document.sha256 == sha256,
               Document.role == DocumentRole.ORIGINAL, TranslationRequest.target_lang == target_lang,
               TranslationRequest.status == RequestStatus.DELIVERED, pages,
               TranslationRequest.scope == "full",
               or_(TranslationRequest.service_level == levels.CERTIFIED,
                   TranslationRequest.id.in_(delivered_certified)),
               select(delivered.id).where(delivered.request_id == TranslationRequest.id,
                                          delivered.role == DocumentRole.DELIVERABLE,
                                          delivered.storage_key.is_not(None),
                                          delivered.purged_at.is_(None)).exists())
        .order_by(TranslationRequest.id.desc()).limit(1))


def pending(request: TranslationRequest) -> str | None:
    """The offer waiting for the agent's answer (`reuse` or `standard_form`), if any."""
    if request.offer_status != PENDING:
        return None
    return REUSE if request.reuse_of_id is not None else STANDARD_FORM


def waits_for_answer(request: TranslationRequest) -> bool:
    """Whether the request's automatic steps wait for the agent's answer to an offer."""
    return request.offer_status == PENDING
