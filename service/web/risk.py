"""Requests at risk of passing 21 days, as the indicator domain's monitoring judges them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.indicator import monitoring as monitoring_service
from service.indicator.schemas import OpenRequest
from service.models import TranslationRequest


def at_risk(session: Session) -> list[OpenRequest]:
    """Open requests projected past their deadline, most urgent first."""
    return monitoring_service.at_risk(session)


def at_risk_ids(session: Session, rows: list[TranslationRequest]) -> set[int]:
    """Ids among `rows` that the monitoring flags."""
    wanted = {r.id for r in rows}
    return {o.id for o in monitoring_service.at_risk(session, limit=5000) if o.id in wanted}
