"""HTTP API of the knowledge base: search (partners and staff), publish from a consultation (its expert)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from service.consultation import service as consultation_service
from service.deps import SessionDep, require_roles
from service.knowledge import service as knowledge_service
from service.knowledge.schemas import KnowledgeCreate, KnowledgePage, KnowledgeRead
from service.models import User
from service.models.enums import Role

router = APIRouter(prefix="/api/knowledge", tags=["knowledge"])

Reader = Annotated[User, Depends(require_roles(Role.PARTNER, Role.TRANSLATOR, Role.EXPERT, Role.MANAGER,
                                               Role.ADMIN), scope="function")]


@router.get("", response_model=KnowledgePage)
def search(session: SessionDep, _: Reader, q: Annotated[str, Query(max_length=200)] = "",
           country: Annotated[str | None, Query(max_length=2)] = None,
           document_type: Annotated[str | None, Query(max_length=64)] = None,
           page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> KnowledgePage:
    """Published answers matching every word of `q` (French stems, accents ignored), a country and a type."""
    return knowledge_service.search(session, q=q, country=country.upper() if country else None,
                                    document_type=document_type, page=page)


@router.post("", response_model=KnowledgeRead, status_code=201)
def publish(session: SessionDep, user: Reader, body: KnowledgeCreate) -> KnowledgeRead:
    """Publish an answered consultation (its expert or a manager), once its personal data is removed."""
    consultation = consultation_service.get_for_staff_action(session, user=user,
                                                             consultation_id=body.consultation_id)
    return knowledge_service.to_read(knowledge_service.publish(session, consultation, actor=user, entry_in=body))
