"""Publish an answered consultation as a knowledge entry; search and suggest entries."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.kit import countries
from service.knowledge import personal_data, repository
from service.knowledge import text as search_text
from service.knowledge.errors import AlreadyPublished, NotAnswered, PersonalDataLeft
from service.knowledge.schemas import KnowledgeCreate, KnowledgePage, KnowledgeRead
from service.models import Consultation, KnowledgeEntry, User
from service.translation_request.schemas import DOCUMENT_TYPES

SUGGESTIONS = 5


def publish(session: Session, consultation: Consultation, *, actor: User, entry_in: KnowledgeCreate) -> KnowledgeEntry:
    """A new entry from an answered consultation; refused while the detector still flags unchecked data."""
    if consultation.first_answered_at is None:
        raise NotAnswered(consultation.reference)
    existing = repository.for_consultation(session, consultation.id)
    if existing is not None:
        raise AlreadyPublished(consultation.reference, existing.id)
    flagged = personal_data.find(f"{entry_in.title}\n{entry_in.answer}\n{entry_in.sources}")
    if flagged and not entry_in.personal_data_checked:
        raise PersonalDataLeft([f.kind for f in flagged])
    entry = KnowledgeEntry(consultation_id=consultation.id, country=consultation.country,
                           document_type=consultation.document_type, title=entry_in.title.strip(),
                           answer=entry_in.answer.strip(), sources=entry_in.sources.strip(),
                           published_by_id=actor.id)
    index(session, entry)
    session.add(entry)
    session.flush()
    return entry


def index(session: Session, entry: KnowledgeEntry) -> None:
    """Fill what the full-text index reads (the country's and type's French names are searched too)."""
    document = " ".join([entry.title, countries.name(entry.country), DOCUMENT_TYPES.get(entry.document_type, ""),
                         entry.answer, entry.sources or ""])
    entry.search_text = " ".join(search_text.words(document))
    if session.get_bind().dialect.name != "postgresql":  # PostgreSQL generates its tsvector itself
        entry.search_vector = " ".join(search_text.stems(document))


def search(session: Session, *, q: str = "", country: str | None = None, document_type: str | None = None,
           page: int = 1, page_size: int = 20) -> KnowledgePage:
    """Entries matching the words, country and type, best match first."""
    size = max(1, min(page_size, 100))
    rows, total = repository.search(session, q=q, country=country, document_type=document_type, limit=size,
                                    offset=(max(page, 1) - 1) * size)
    return KnowledgePage(items=[to_read(e) for e in rows], total=total)


def suggestions(session: Session, *, country: str | None, document_type: str | None) -> list[KnowledgeRead]:
    """Entries about documents of the same country and type (shown beside a new consultation or request)."""
    if not country or not document_type:
        return []
    rows = repository.same_country_and_type(session, country=country, document_type=document_type,
                                            limit=SUGGESTIONS)
    return [to_read(e) for e in rows]


def to_read(entry: KnowledgeEntry) -> KnowledgeRead:
    """The API view of an entry."""
    return KnowledgeRead(id=entry.id, consultation_id=entry.consultation_id, country=entry.country,
                         country_name=countries.name(entry.country), document_type=entry.document_type,
                         title=entry.title, answer=entry.answer, sources=entry.sources or "",
                         published_at=entry.published_at)
