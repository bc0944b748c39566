"""Create and list partner organisations; each gets its own caisse row of kind "other" for its requests."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import Caisse, Partner
from service.models.enums import CaisseKind
from service.partner.errors import InvalidPartnerCode, PartnerExists, PartnerNotFound

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,23}$")


def create(session: Session, *, code: str, name: str) -> Partner:
    """A new partner organisation and the caisse row its translation requests will belong to."""
    code = code.strip().upper()
    if not CODE.match(code):
        raise InvalidPartnerCode(code)
    taken = session.scalar(select(Partner.id).where(Partner.code == code)) or \
        session.scalar(select(Caisse.id).where(Caisse.code == code))
    if taken:
        raise PartnerExists(code)
    caisse = Caisse(code=code, name=name.strip(), kind=CaisseKind.OTHER, callback_secret=secrets.token_urlsafe(32))
    session.add(caisse)
    session.flush()
    partner = Partner(code=code, name=name.strip(), caisse_id=caisse.id, is_active=True)
    session.add(partner)
    session.flush()
    return partner


def ensure(session: Session, *, code: str, name: str) -> Partner:
    """The partner with `code`, created if missing (demo seeding)."""
    found = session.scalar(select(Partner).where(Partner.code == code))
    return found or create(session, code=code, name=name)


def get_by_code(session: Session, code: str) -> Partner:
    """The partner with `code`; 404 otherwise."""
    found = session.scalar(select(Partner).where(Partner.code == code.strip().upper()))
    if found is None:
        raise PartnerNotFound(code)
    return found


def list_partners(session: Session) -> list[Partner]:
    """Every partner organisation, by code."""
    return list(session.scalars(select(Partner).order_by(Partner.code)))
