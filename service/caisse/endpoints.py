"""HTTP API of caisses: the list, and the callback hosts an administrator allow-lists for one."""

from __future__ import annotations

from fastapi import APIRouter, Response

from service.caisse import service as caisse_service
from service.caisse.schemas import CaisseRead, CallbackHostCreate, CallbackHostRead
from service.deps import AdminUser, SessionDep

router = APIRouter(prefix="/api/caisses", tags=["caisses"])


@router.get("", response_model=list[CaisseRead])
def list_caisses(session: SessionDep, user: AdminUser) -> list[CaisseRead]:
    """Every caisse, by code (administrators)."""
    return [CaisseRead.model_validate(c) for c in caisse_service.list_all(session)]


@router.get("/{code}/callback-hosts", response_model=list[CallbackHostRead])
def list_callback_hosts(session: SessionDep, user: AdminUser, code: str) -> list[CallbackHostRead]:
    """Hosts the caisse's callbacks may reach although their address is not public (administrators)."""
    caisse = caisse_service.get_by_code(session, code)
    return [CallbackHostRead.model_validate(h) for h in caisse_service.callback_hosts(session, caisse.id)]


@router.post("/{code}/callback-hosts", response_model=CallbackHostRead, status_code=201)
def allow_callback_host(session: SessionDep, user: AdminUser, code: str, body: CallbackHostCreate) -> CallbackHostRead:
    """Allow-list a host (name or address) for the caisse's callbacks, such as its system on an internal network."""
    caisse = caisse_service.get_by_code(session, code)
    return CallbackHostRead.model_validate(
        caisse_service.allow_callback_host(session, caisse=caisse, host=body.host, actor=user))


@router.delete("/{code}/callback-hosts/{host}", status_code=204)
def disallow_callback_host(session: SessionDep, user: AdminUser, code: str, host: str) -> Response:
    """Remove a host from the caisse's allow-list; callbacks to it are refused again."""
    caisse = caisse_service.get_by_code(session, code)
    caisse_service.disallow_callback_host(session, caisse=caisse, host=host)
    return Response(status_code=204)
