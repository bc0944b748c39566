"""Caisses and the callback hosts an administrator allow-lists for them."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.caisse.errors import CaisseExists, CaisseNotFound, CallbackUrlRefused, InvalidCaisse, InvalidCallbackHost
from service.db.base import utcnow
from service.kit import outbound
from service.models import Caisse, CallbackHost, User
from service.models.enums import CaisseKind

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


_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create(session: Session, *, code: str, name: str, kind: str, contact_name: str = "", contact_email: str = "",
           contact_phone: str = "") -> tuple[Caisse, str]:
    """A new caisse and its callback secret, returned once in clear for the administrator to pass on.

    The secret stays stored (callbacks are signed with it) but no page shows it again; rotate it instead.
    """
    code = code.strip().upper()
    if not _CODE.match(code):
        raise InvalidCaisse("code")
    if not name.strip() or len(name) > 200:
        raise InvalidCaisse("name")
    if kind not in {k.value for k in CaisseKind}:
        raise InvalidCaisse("kind")
    if session.scalar(select(Caisse.id).where(Caisse.code == code)) is not None:
        raise CaisseExists(code)
    caisse = Caisse(code=code, name=name.strip(), kind=kind, callback_secret=secrets.token_urlsafe(32))
    update_contact(session, caisse=caisse, name=contact_name, email=contact_email, phone=contact_phone)
    session.add(caisse)
    session.flush()
    return caisse, caisse.callback_secret


def update_contact(session: Session, *, caisse: Caisse, name: str, email: str, phone: str) -> Caisse:
    """Set whom the translation unit calls at the caisse; every field may be left empty."""
    email = email.strip().lower()
    if email and not _EMAIL.match(email):
        raise InvalidCaisse("contact_email")
    if len(name.strip()) > 200:
        raise InvalidCaisse("contact_name")
    if len(phone.strip()) > 40 or (phone.strip() and not re.fullmatch(r"[0-9+ ().-]{6,40}", phone.strip())):
        raise InvalidCaisse("contact_phone")
    caisse.contact_name, caisse.contact_email, caisse.contact_phone = name.strip(), email, phone.strip()
    return caisse


def rotate_secret(session: Session, *, caisse: Caisse) -> str:
    """Replace the callback secret; the new one is returned once. Callbacks sent from now on use it."""
    caisse.callback_secret = secrets.token_urlsafe(32)
    caisse.callback_secret_rotated_at = utcnow()
    session.flush()
    return caisse.callback_secret


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
