"""Factories of the consultation tests: partner organisations, their agents, experts."""

from __future__ import annotations

import io
import itertools

from PIL import Image
from sqlalchemy.orm import Session

from service.models import Partner, User
from service.models.enums import Role
from service.partner import service as partner_service
from tests.factories import make_user

_seq = itertools.count(1)


def make_partner(session: Session, *, code: str | None = None) -> Partner:
    """A partner organisation (and its caisse row), committed."""
    partner = partner_service.create(session, code=code or f"PART{next(_seq)}", name="Service partenaire")
    session.commit()
    return partner


def make_partner_user(session: Session, partner: Partner) -> User:
    """An agent of `partner`."""
    return make_user(session, role=Role.PARTNER, partner=partner)


def make_expert(session: Session, *, countries: list[str], languages: list[str] | None = None,
                role: Role = Role.EXPERT) -> User:
    """A legal expert (or translator) declaring these countries and languages."""
    user = make_user(session, role=role)
    user.expert_countries, user.expert_languages = countries, languages or []
    session.commit()
    return user


def scan() -> bytes:
    """A small PNG standing for a scanned document."""
    out = io.BytesIO()
    Image.new("L", (60, 80), color=230).save(out, format="PNG")
    return out.getvalue()
