"""One channel's figures for its own panel: the posted-worker-fraud channel (agreement: requests the caisses
send about fraud to the posting of workers, handled urgently). Volume, delays and which caisses send them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.indicator import breakdowns as breakdown_queries
from service.indicator.sql import TR, delivered_between, indicator_columns
from service.models import Caisse
from service.models.enums import RequestStatus


@dataclass(frozen=True)
class CaisseFigures:
    """One caisse's requests of the channel in the period."""

    code: str
    name: str
    received: int
    delivered: int
    average_delay_days: float | None


@dataclass(frozen=True)
class ChannelFigures:
    """A channel over [start, end): received, delivered, open now, delays, and its caisses."""

    channel: str
    received: int
    delivered: int
    open_now: int
    average_delay_days: float | None
    late_share: float | None
    external_cost_eur: float
    caisses: list[CaisseFigures]


def figures(session: Session, *, channel: str, start: date, end: date) -> ChannelFigures:
    """The channel's volume, delays (IR.8.2 and IR.8.3 over its deliveries) and caisses, largest first."""
    of_channel = TR.channel == channel
    row = session.execute(select(*indicator_columns()).where(delivered_between(start, end), of_channel)).one()
    delivered = int(row.delivered)
    received = int(session.scalar(select(func.count()).where(
        of_channel, TR.received_on >= start, TR.received_on < end)) or 0)
    open_now = int(session.scalar(select(func.count()).where(
        of_channel, TR.status.not_in([RequestStatus.DELIVERED, RequestStatus.CANCELLED]))) or 0)
    return ChannelFigures(
        channel=channel, received=received, delivered=delivered, open_now=open_now,
        average_delay_days=breakdown_queries.average(row.delay_sum, delivered),
        late_share=breakdown_queries.share(row.late_count, delivered),
        external_cost_eur=int(row.external_cost_cents) / 100,
        caisses=_caisses(session, channel=channel, start=start, end=end))


def _caisses(session: Session, *, channel: str, start: date, end: date) -> list[CaisseFigures]:
    received = dict(session.execute(
        select(TR.caisse_id, func.count()).where(TR.channel == channel, TR.received_on >= start,
                                                 TR.received_on < end).group_by(TR.caisse_id)).tuples().all())
    delivered = {cid: (int(n), int(delay_sum)) for cid, n, delay_sum in session.execute(
        select(TR.caisse_id, *indicator_columns()[:2]).where(TR.channel == channel, delivered_between(start, end))
        .group_by(TR.caisse_id)).tuples()}
    ids = set(received) | set(delivered)
    names = {c.id: c for c in session.scalars(select(Caisse).where(Caisse.id.in_(ids)))} if ids else {}
    rows = []
    for cid in ids & set(names):
        count, delay_sum = delivered.get(cid, (0, 0))
        rows.append(CaisseFigures(code=names[cid].code, name=names[cid].name, received=int(received.get(cid, 0)),
                                  delivered=count, average_delay_days=breakdown_queries.average(delay_sum, count)))
    return sorted(rows, key=lambda r: (-r.received, -r.delivered, r.code))
