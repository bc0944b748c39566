"""Consultations: ask (routed to an expert, due in working days), discuss, answer, close, reopen, convert."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from service.config import get_settings
from service.consultation import routing
from service.consultation.errors import (
    AlreadyConverted,
    ConsultationNotFound,
    IllegalConsultationMove,
    InvalidConsultation,
    NoDocument,
    NotAPartner,
    StaffOnly,
)
from service.consultation.schemas import ConsultationFilters, ConvertBody
from service.db.base import utcnow
from service.kit import countries
from service.kit.calendar import add_working_days
from service.kit.storage import get_store
from service.message import notify
from service.message import thread as message_thread
from service.message.thread import Thread, Upload
from service.models import Consultation, Message, MessageAttachment, Partner, TranslationRequest, User
from service.models.enums import ConsultationStatus, Role
from service.translation_request import intake
from service.translation_request import service as request_service
from service.translation_request.schemas import DOCUMENT_TYPES, LANGUAGES

S = ConsultationStatus


def consultation_thread(consultation: Consultation) -> Thread:
    """The consultation's thread."""
    return Thread(consultation_id=consultation.id, base_path=f"/api/consultations/{consultation.id}/messages")


def create(session: Session, *, author: User, country: str, document_type: str, question: str,
           subject: str = "", language: str | None = None, files: list[Upload] | None = None) -> Consultation:
    """Ask a question about a foreign document; it is routed to an expert and due in N working days."""
    if author.role != Role.PARTNER or author.partner_id is None:
        raise NotAPartner()
    code = countries.normalise(country)
    if code is None:
        raise InvalidConsultation("country", f"'{country}' is not an ISO 3166 country code (MA, PT, PL...).")
    if document_type not in DOCUMENT_TYPES:
        raise InvalidConsultation("document_type", f"use one of: {', '.join(DOCUMENT_TYPES)}.")
    if language and language not in LANGUAGES:
        raise InvalidConsultation("language", f"use one of: {', '.join(sorted(LANGUAGES))}.")
    text = question.strip()
    if len(text) < 10:
        raise InvalidConsultation("question", "write the question (10 characters at least).")
    expert = routing.choose_expert(session, country=code, language=language or None)
    today = date.today()
    consultation = Consultation(
        reference=f"pending-{utcnow().timestamp()}", partner_id=author.partner_id, author_id=author.id,
        expert_id=expert.id if expert else None, country=code, document_type=document_type,
        language=language or None, subject=(subject.strip() or text.splitlines()[0])[:200], question=text,
        status=S.OPEN, due_on=add_working_days(today, get_settings().consultation_due_working_days))
    session.add(consultation)
    session.flush()
    consultation.reference = f"CS-{today.year}-{consultation.id:06d}"
    message = message_thread.post(session, consultation_thread(consultation), author=author, body=text,
                                  files=files or [], kind="question")
    notify.message_created(session, message, author=author)
    return consultation


def visibility(user: User) -> ColumnElement[bool]:
    """A SQL condition selecting the consultations `user` may see."""
    if user.role in (Role.MANAGER, Role.ADMIN):
        return true()
    if user.role == Role.PARTNER:
        return Consultation.partner_id == user.partner_id if user.partner_id else false()
    if user.role in (Role.EXPERT, Role.TRANSLATOR):
        return Consultation.expert_id == user.id
    return false()


def get_visible(session: Session, *, user: User, consultation_id: int, lock: bool = False) -> Consultation:
    """The consultation if `user` may see it; 404 otherwise (its existence is not disclosed)."""
    query = select(Consultation).where(Consultation.id == consultation_id, visibility(user))
    if lock:
        query = query.with_for_update(of=Consultation).execution_options(populate_existing=True)
    found = session.scalar(query)
    if found is None:
        raise ConsultationNotFound(consultation_id)
    return found


def get_for_staff_action(session: Session, *, user: User, consultation_id: int) -> Consultation:
    """The consultation for its expert or a manager (answer, publish); 404 or 403 otherwise."""
    consultation = get_visible(session, user=user, consultation_id=consultation_id, lock=True)
    if message_thread.side(user) != "staff":
        raise StaffOnly()
    return consultation


def list_visible(session: Session, *, user: User, filters: ConsultationFilters) -> tuple[list[Consultation], int]:
    """One page of the consultations `user` may see, open and soonest due first, and the total."""
    query = select(Consultation).where(visibility(user))
    if filters.status:
        query = query.where(Consultation.status.in_(filters.status.split(",")))
    if filters.country:
        query = query.where(Consultation.country == filters.country.upper())
    if filters.document_type:
        query = query.where(Consultation.document_type == filters.document_type)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    size = max(1, min(filters.page_size, 100))
    order = (Consultation.status != S.OPEN, Consultation.due_on, Consultation.id.desc())
    rows = session.scalars(query.order_by(*order).offset((max(filters.page, 1) - 1) * size).limit(size))
    return list(rows), total


def post(session: Session, consultation: Consultation, *, author: User, body: str, files: list[Upload]) -> Message:
    """Write on the consultation's thread; the other side is told by e-mail when SMTP is configured."""
    message = message_thread.post(session, consultation_thread(consultation), author=author, body=body,
                                  files=files)
    notify.message_created(session, message, author=author)
    return message


def answer(session: Session, consultation: Consultation, *, actor: User, body: str,
           files: list[Upload]) -> Message:
    """The expert's answer: the consultation becomes `answered`; the first answer fixes the answer time."""
    if message_thread.side(actor) != "staff":
        raise StaffOnly()
    if consultation.status != S.OPEN:
        raise IllegalConsultationMove(consultation.reference, consultation.status, "answered")
    message = message_thread.post(session, consultation_thread(consultation), author=actor, body=body,
                                  files=files, kind="answer")
    now = utcnow()
    consultation.status, consultation.answered_at = S.ANSWERED, now
    consultation.first_answered_at = consultation.first_answered_at or now
    if consultation.expert_id is None:
        consultation.expert_id = actor.id
    notify.message_created(session, message, author=actor)
    return message


def close(session: Session, consultation: Consultation, *, actor: User) -> None:
    """Close the consultation (the partner is satisfied, or the expert ends it)."""
    if consultation.status == S.CLOSED:
        raise IllegalConsultationMove(consultation.reference, consultation.status, "closed")
    consultation.status, consultation.closed_at = S.CLOSED, utcnow()


def reopen(session: Session, consultation: Consultation, *, actor: User) -> None:
    """Open an answered or closed consultation again (a new question on the same document)."""
    if consultation.status == S.OPEN:
        raise IllegalConsultationMove(consultation.reference, consultation.status, "reopened")
    consultation.status, consultation.closed_at = S.OPEN, None


def convert(session: Session, consultation: Consultation, *, actor: User, body: ConvertBody) -> TranslationRequest:
    """Turn the consultation into a translation request of its document, for the partner's own caisse row.

    The request's submitter is the partner agent who asked, so the partner follows it like any caisse.
    """
    if consultation.request_id is not None:
        raise AlreadyConverted(consultation.reference, consultation.request_id)
    document = _document(session, consultation, body.attachment_id)
    partner = session.get(Partner, consultation.partner_id)
    author = session.get(User, consultation.author_id)
    assert partner is not None and author is not None and document.storage_key is not None
    submission = intake.validate(
        data=get_store().read(document.storage_key), filename=document.original_name,
        source_lang=body.source_lang or consultation.language or "", target_lang=body.target_lang,
        document_type=consultation.document_type, channel=None, urgency=body.urgency,
        external_reference=consultation.reference, callback_url=None, max_bytes=get_settings().max_upload_bytes,
        country=consultation.country)
    request = request_service.create(session, submitter=author, submission=submission, caisse_id=partner.caisse_id)
    request_service.record_event(session, request, action="converted_from_consultation", actor=actor,
                                 detail={"consultation": consultation.reference})
    consultation.request_id = request.id
    return request


def _document(session: Session, consultation: Consultation, attachment_id: int | None) -> MessageAttachment:
    query: Any = select(MessageAttachment).join(Message, Message.id == MessageAttachment.message_id).where(
        Message.consultation_id == consultation.id, MessageAttachment.storage_key.is_not(None),
        MessageAttachment.purged_at.is_(None))
    if attachment_id is not None:
        query = query.where(MessageAttachment.id == attachment_id)
    found = session.scalar(query.order_by(MessageAttachment.id.desc()).limit(1))
    if found is None:
        raise NoDocument(consultation.reference)
    return found
