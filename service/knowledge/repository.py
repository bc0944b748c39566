"""Queries of the knowledge base, with each engine's own full-text search."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, column, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from service.knowledge import text as search_text
from service.models import KnowledgeEntry


def search(session: Session, *, q: str, country: str | None, document_type: str | None,
           limit: int, offset: int = 0) -> tuple[list[KnowledgeEntry], int]:
    """Entries matching every word of `q` (all entries when empty), best first, and how many match."""
    query: Select[Any] = select(KnowledgeEntry)
    if country:
        query = query.where(KnowledgeEntry.country == country)
    if document_type:
        query = query.where(KnowledgeEntry.document_type == document_type)
    order: list[Any] = []
    if search_text.words(q):
        condition, rank = _full_text(session, q)
        query = query.where(condition)
        order.append(rank)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(*order, KnowledgeEntry.published_at.desc(), KnowledgeEntry.id.desc())
                           .offset(offset).limit(limit))
    return list(rows), total


def _full_text(session: Session, q: str) -> tuple[ColumnElement[bool], Any]:
    folded = " ".join(search_text.words(q))
    if session.get_bind().dialect.name == "postgresql":
        vector = KnowledgeEntry.__table__.c.search_vector
        french = func.plainto_tsquery(literal_column("'french'::regconfig"), folded)
        simple = func.plainto_tsquery(literal_column("'simple'::regconfig"), folded)
        condition = or_(vector.op("@@")(french), vector.op("@@")(simple))
        return condition, func.ts_rank(vector, french.op("||")(simple)).desc()
    match = _fts5_query(q)
    matching = text("SELECT rowid FROM knowledge_entry_fts WHERE knowledge_entry_fts MATCH :match") \
        .bindparams(match=match).columns(column("rowid", Integer))
    # bm25 is lower for better matches; it is only defined inside a query on the FTS table.
    rank = text("(SELECT bm25(knowledge_entry_fts) FROM knowledge_entry_fts WHERE knowledge_entry_fts "
                "MATCH :match AND rowid = knowledge_entry.id)").bindparams(match=match)
    return KnowledgeEntry.id.in_(matching), rank


def _fts5_query(q: str) -> str:
    """Every stem in the stems column, or every word in the words column (each quoted: no FTS syntax)."""
    stems = " AND ".join(f'"{s}"' for s in search_text.stems(q))
    words = " AND ".join(f'"{w}"' for w in search_text.words(q))
    return f"search_vector : ({stems}) OR search_text : ({words})" if stems else f"search_text : ({words})"


def for_consultation(session: Session, consultation_id: int) -> KnowledgeEntry | None:
    """The entry published from a consultation, if any."""
    return session.scalar(select(KnowledgeEntry).where(KnowledgeEntry.consultation_id == consultation_id))


def same_country_and_type(session: Session, *, country: str, document_type: str, limit: int) -> list[KnowledgeEntry]:
    """The newest entries about documents of this country and type."""
    return list(session.scalars(select(KnowledgeEntry).where(KnowledgeEntry.country == country,
                                                             KnowledgeEntry.document_type == document_type)
                                .order_by(KnowledgeEntry.published_at.desc()).limit(limit)))
