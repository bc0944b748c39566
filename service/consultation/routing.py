"""Who answers a consultation: an expert or translator declaring the document's country or language."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Consultation, User
from service.models.enums import ConsultationStatus, Role


def choose_expert(session: Session, *, country: str, language: str | None) -> User | None:
    """The best placed expert: the country declared beats the language; then the fewest open consultations."""
    candidates = list(session.scalars(select(User).where(User.role.in_([Role.EXPERT, Role.TRANSLATOR]),
                                                         User.is_active.is_(True))))
    scored = [(score, user) for user in candidates if (score := _score(user, country, language)) > 0]
    if not scored:
        return None
    load = dict(session.execute(
        select(Consultation.expert_id, func.count()).where(Consultation.status == ConsultationStatus.OPEN,
                                                           Consultation.expert_id.in_([u.id for _, u in scored]))
        .group_by(Consultation.expert_id)).tuples().all())
    return min(scored, key=lambda su: (-su[0], load.get(su[1].id, 0), su[1].id))[1]


def _score(user: User, country: str, language: str | None) -> int:
    if country in (user.expert_countries or []):
        return 2
    if language and (language in (user.expert_languages or [])
                     or any(p.split(">", 1)[0] == language for p in user.language_pairs or [])):
        return 1
    return 0
