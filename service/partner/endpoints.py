"""HTTP API of partner organisations (admins create them; managers list them)."""

from __future__ import annotations

from fastapi import APIRouter

from service.deps import AdminUser, ManagerUser, SessionDep
from service.partner import service as partner_service
from service.partner.schemas import PartnerCreate, PartnerRead

router = APIRouter(prefix="/api/partners", tags=["partners"])


@router.get("", response_model=list[PartnerRead])
def list_partners(session: SessionDep, _: ManagerUser) -> list[PartnerRead]:
    """The partner organisations that consult the experts."""
    return [PartnerRead.model_validate(p) for p in partner_service.list_partners(session)]


@router.post("", response_model=PartnerRead, status_code=201)
def create_partner(session: SessionDep, _: AdminUser, body: PartnerCreate) -> PartnerRead:
    """Create a partner organisation; its agents are then created with `passerelle users create --role partner`."""
    return PartnerRead.model_validate(partner_service.create(session, code=body.code, name=body.name))
