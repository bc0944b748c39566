"""How drafts serve the translators, per language pair: memory leverage, machine drafts shown, effort."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Segment, TranslationRequest
from service.models.enums import DraftOrigin, SegmentStatus

MACHINE = (DraftOrigin.MT, DraftOrigin.MT_PIVOT)


@dataclass(frozen=True)
class PairFigures:
    """One pair's drafts over a period: shares of the pair's non-blank segments, and means."""

    source_lang: str
    target_lang: str
    segments: int
    tm_exact: float
    tm_adapted: float
    tm_fuzzy: float
    machine: int
    machine_shown: float | None
    mean_confidence: float | None
    revised: int
    edit_distance: float | None


def by_pair(session: Session, *, start: date, end: date) -> list[PairFigures]:
    """Figures of the segments of requests received in [start, end), per pair, busiest pair first."""
    tr, seg = TranslationRequest, Segment
    origin = seg.draft_origin
    machine = origin.in_(MACHINE)
    confirmed = (seg.status == SegmentStatus.CONFIRMED) & seg.edit_distance.is_not(None)
    rows = session.execute(
        select(tr.source_lang, tr.target_lang, func.count(),
               func.count().filter(origin == DraftOrigin.TM_EXACT),
               func.count().filter(origin == DraftOrigin.TM_ADAPTED),
               func.count().filter(origin == DraftOrigin.TM_FUZZY),
               func.count().filter(machine), func.count().filter(machine & seg.draft_shown),
               func.avg(seg.draft_confidence).filter(machine),
               func.count().filter(confirmed), func.avg(seg.edit_distance).filter(confirmed))
        .join(tr, tr.id == seg.request_id)
        .where(tr.received_on >= start, tr.received_on < end, func.length(func.trim(seg.source_text)) > 0)
        .group_by(tr.source_lang, tr.target_lang).order_by(func.count().desc())
    ).all()
    return [_figures(*row) for row in rows]


def _figures(source: str, target: str, total: int, exact: int, adapted: int, fuzzy: int, machine: int,
             shown: int, confidence: float | None, revised: int, distance: float | None) -> PairFigures:
    return PairFigures(source_lang=source, target_lang=target, segments=total, tm_exact=exact / total,
                       tm_adapted=adapted / total, tm_fuzzy=fuzzy / total, machine=machine,
                       machine_shown=shown / machine if machine else None,
                       mean_confidence=float(confidence) if confidence is not None else None,
                       revised=revised, edit_distance=float(distance) if distance is not None else None)
