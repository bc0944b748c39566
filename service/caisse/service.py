"""Caisses and the callback hosts an administrator allow-lists for them."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.caisse.errors import CaisseNotFound, CallbackUrlRefused, InvalidCallbackHost
from service.kit import outbound
from service.models import Caisse, CallbackHost, User

# A DNS name (labels of letters, digits and hyphens), or anything `ipaddress` reads as an address.
_HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def list_all(session: Session) -> list[Caisse]:
    """Every caisse, by code."""
    return list(session.scalars(select(Caisse).order_by(Caisse.code)))


def ensure(session: Session, *, code: str, name: str, kind: str) -> Caisse:
    """The caisse with `code`, created (with a fresh callback secret) if missing."""
    caisse = session.scalar(select(Caisse).where(Caisse.code == code))
    if caisse is None:
        caisse = Caisse(code=code, name=name, kind=kind, callback_secret=secrets.token_urlsafe(32))
        session.add(caisse)
        session.flush()
    return caisse


def get_by_code(session: Session, code: str) -> Caisse:
    """The caisse with `code`; 404 otherwise."""
    caisse = session.scalar(select(Caisse).where(Caisse.code == code.strip().upper()))
    if caisse is None:
        raise CaisseNotFound(code)
    return caisse


def callback_hosts(session: Session, caisse_id: int) -> list[CallbackHost]:
    """The hosts allow-listed for the caisse's callbacks, by name."""
    return list(session.scalars(select(CallbackHost).where(CallbackHost.caisse_id == caisse_id)
                                .order_by(CallbackHost.host)))


def allowed_hosts(session: Session, caisse_id: int) -> list[str]:
    """The allow-listed host names of the caisse, for the outbound client."""
    return [h.host for h in callback_hosts(session, caisse_id)]


def allow_callback_host(session: Session, *, caisse: Caisse, host: str, actor: User | None = None) -> CallbackHost:
    """Let the caisse's callbacks reach `host` whatever its address; allowing it twice changes nothing."""
    normalised = outbound.normalise_host(host)
    if outbound.literal_address(normalised) is None and not _HOST_NAME.match(normalised):
        raise InvalidCallbackHost(host)
    existing = session.scalar(select(CallbackHost).where(CallbackHost.caisse_id == caisse.id,
                                                         CallbackHost.host == normalised))
    if existing is not None:
        return existing
    row = CallbackHost(caisse_id=caisse.id, host=normalised, added_by_id=actor.id if actor else None)
    session.add(row)
    session.flush()
    return row


def disallow_callback_host(session: Session, *, caisse: Caisse, host: str) -> bool:
    """Remove `host` from the caisse's allow-list; False when it was not there."""
    result = session.execute(delete(CallbackHost).where(CallbackHost.caisse_id == caisse.id,
                                                        CallbackHost.host == outbound.normalise_host(host)))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def check_callback_url(session: Session, *, caisse_id: int, url: str) -> None:
    """Refuse (422, naming the rule) a callback URL the outbound client would not call for this caisse.

    A name that does not resolve now is accepted: DNS may be down for a moment, or the caisse's record not
    published yet. The worker checks again when it connects, so it can never reach a refused address.
    """
    try:
        outbound.check_url(url, allowed_hosts=allowed_hosts(session, caisse_id))
    except outbound.OutboundRefused as e:
        if e.rule != outbound.UNRESOLVABLE:
            raise CallbackUrlRefused(e) from e
