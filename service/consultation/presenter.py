"""The API view of a consultation."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from service.consultation.schemas import ConsultationRead, ExpertRead
from service.kit import countries
from service.knowledge import repository as knowledge_repository
from service.knowledge import service as knowledge_service
from service.message import repository as message_repository
from service.models import Consultation, User
from service.models.enums import ConsultationStatus


def to_read(session: Session, consultation: Consultation, *, reader: User,
            with_suggestions: bool = False) -> ConsultationRead:
    """What `reader` sees of a consultation (suggested entries on the detail view)."""
    expert = session.get(User, consultation.expert_id) if consultation.expert_id else None
    entry = knowledge_repository.for_consultation(session, consultation.id)
    suggestions = knowledge_service.suggestions(session, country=consultation.country,
                                                document_type=consultation.document_type) if with_suggestions else []
    return ConsultationRead(
        id=consultation.id, reference=consultation.reference, partner_code=consultation.partner.code,
        partner_name=consultation.partner.name, country=consultation.country,
        country_name=countries.name(consultation.country), document_type=consultation.document_type,
        language=consultation.language, subject=consultation.subject, question=consultation.question,
        status=consultation.status, due_on=consultation.due_on,
        overdue=consultation.status == ConsultationStatus.OPEN and date.today() > consultation.due_on,
        expert=ExpertRead(id=expert.id, name=expert.full_name) if expert else None,
        created_at=consultation.created_at, first_answered_at=consultation.first_answered_at,
        answered_at=consultation.answered_at, closed_at=consultation.closed_at, request_id=consultation.request_id,
        knowledge_entry_id=entry.id if entry else None,
        unread=message_repository.unread_count(session, message_repository.in_thread(
            consultation_id=consultation.id), reader),
        suggestions=[s for s in suggestions if s.id != (entry.id if entry else None)],
    )
