"""Job class from the quality of the drafts and the pair's measured post-editing effort."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import JobClassThreshold, Segment, TranslationRequest
from service.models.enums import DraftOrigin, RequestStatus, SegmentStatus

LIGHT_REVISION = "light_revision"
FULL_REVISION = "full_revision"
TRANSLATION = "translation"
JOB_CLASSES = (LIGHT_REVISION, FULL_REVISION, TRANSLATION)
ALL_PAIRS = "*"

# A pivot translation goes through two models; its errors compound, so its score counts for less.
PIVOT_FACTOR = 0.9
EFFORT_WINDOW_DAYS = 365


@dataclass(frozen=True)
class Thresholds:
    """Where the classes start: draft quality (0-1) and pair effort (mean edit distance, 0-1)."""

    light_min_quality: float = 0.75
    full_min_quality: float = 0.45
    light_max_effort: float = 0.15
    full_max_effort: float = 0.40
    min_effort_segments: int = 20


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Classing:
    """A job class and the figures and reasons behind it."""

    job_class: str
    quality: float | None
    effort: float | None
    effort_segments: int
    reasons: list[str] = field(default_factory=list)


def segment_quality(segment: Segment) -> float:
    """A 0-1 quality estimate of one draft: 0 when held back, TM fuzzy score, MT confidence (or probability)."""
    if not segment.draft_text or segment.draft_shown is False:
        return 0.0  # an unreliable draft is not shown: the translator translates that segment
    origin = segment.draft_origin
    if origin in (DraftOrigin.TM_EXACT, DraftOrigin.TM_ADAPTED, DraftOrigin.COPIED):
        return 1.0
    if origin == DraftOrigin.TM_FUZZY:
        return max(0.0, min((segment.tm_score or 0.0) / 100.0, 1.0))
    if origin in (DraftOrigin.MT, DraftOrigin.MT_PIVOT) and segment.draft_confidence is not None:
        return segment.draft_confidence  # calibrated: pivots and weak models already score lower
    if origin in (DraftOrigin.MT, DraftOrigin.MT_PIVOT) and segment.draft_score is not None:
        # CTranslate2 gives the mean token log-probability: exp() is the geometric-mean token probability.
        quality = math.exp(min(segment.draft_score, 0.0))
        return quality * PIVOT_FACTOR if origin == DraftOrigin.MT_PIVOT else quality
    return 0.0


def shown_share(segments: list[Segment]) -> float | None:
    """The share of source text (by length) whose draft the editor pre-fills; None without text."""
    total = sum(len(s.source_text) for s in segments if s.source_text.strip())
    if total == 0:
        return None
    return sum(len(s.source_text) for s in segments
               if s.source_text.strip() and s.draft_text and s.draft_shown is not False) / total


def draft_quality(segments: list[Segment]) -> float | None:
    """The length-weighted mean quality of the drafts; None when there is no text."""
    total = sum(len(s.source_text) for s in segments)
    if total == 0:
        return None
    return sum(len(s.source_text) * segment_quality(s) for s in segments) / total


def pair_effort(session: Session, source_lang: str, target_lang: str,
                today: date | None = None) -> tuple[float | None, int]:
    """Mean edit distance of confirmed segments of the pair's requests delivered in the last year, and count.

    A year keeps the figure about the models in service now (they improve) and the query on the
    delivery-date index instead of the whole history.
    """
    since = (today or date.today()) - timedelta(days=EFFORT_WINDOW_DAYS)
    row = session.execute(
        select(func.avg(Segment.edit_distance), func.count(Segment.id))
        .join(TranslationRequest, TranslationRequest.id == Segment.request_id)
        .where(TranslationRequest.source_lang == source_lang, TranslationRequest.target_lang == target_lang,
               TranslationRequest.status == RequestStatus.DELIVERED, TranslationRequest.delivered_on >= since,
               Segment.status == SegmentStatus.CONFIRMED, Segment.edit_distance.is_not(None))
    ).one()
    return (float(row[0]) if row[0] is not None else None), int(row[1])


def thresholds_for(session: Session, pair: str) -> Thresholds:
    """The thresholds of `pair` ("de>fr"), else those set for every pair, else the defaults."""
    rows = {r.pair: r for r in session.scalars(
        select(JobClassThreshold).where(JobClassThreshold.pair.in_([pair, ALL_PAIRS])))}
    row = rows.get(pair) or rows.get(ALL_PAIRS)
    if row is None:
        return DEFAULT_THRESHOLDS
    return Thresholds(light_min_quality=row.light_min_quality, full_min_quality=row.full_min_quality,
                      light_max_effort=row.light_max_effort, full_max_effort=row.full_max_effort,
                      min_effort_segments=row.min_effort_segments)


def set_thresholds(session: Session, *, pair: str, thresholds: Thresholds) -> JobClassThreshold:
    """Create or replace the thresholds of `pair` (or "*" for every pair)."""
    row = session.scalar(select(JobClassThreshold).where(JobClassThreshold.pair == pair))
    if row is None:
        row = JobClassThreshold(pair=pair)
        session.add(row)
    for name, value in asdict(thresholds).items():
        setattr(row, name, value)
    session.flush()
    return row


def classify_figures(quality: float | None, effort: float | None, effort_segments: int,
                     thresholds: Thresholds, shown: float | None = None) -> Classing:
    """The class that quality and effort figures call for (pure: no database)."""
    reasons: list[str] = []
    if shown is not None:
        reasons.append(f"pré-traductions affichées sur {shown * 100:.0f} % du texte "
                       "(les suggestions peu fiables comptent comme du texte à traduire)")
    if effort_segments < thresholds.min_effort_segments:
        reasons.append(f"effort de post-édition non mesuré ({effort_segments} segments relus, "
                       f"{thresholds.min_effort_segments} requis) : "
                       "seule la qualité des pré-traductions compte")
        effort = None
    if quality is None or quality <= 0:
        return Classing(TRANSLATION, quality, effort, effort_segments,
                        reasons + ["aucune pré-traduction exploitable"])
    reasons.append(f"qualité des pré-traductions {quality:.2f}")
    if effort is not None:
        reasons.append(f"effort de post-édition mesuré sur la paire {effort:.2f}")
    effort_ok = effort is None or effort <= thresholds.light_max_effort
    if quality >= thresholds.light_min_quality and effort_ok:
        return Classing(LIGHT_REVISION, quality, effort, effort_segments, reasons)
    effort_ok = effort is None or effort <= thresholds.full_max_effort
    if quality >= thresholds.full_min_quality and effort_ok:
        return Classing(FULL_REVISION, quality, effort, effort_segments, reasons)
    return Classing(TRANSLATION, quality, effort, effort_segments,
                    reasons + ["sous les seuils de révision : traduction complète"])


def classify(session: Session, request: TranslationRequest) -> Classing:
    """The job class of `request` from its segments and its pair's history."""
    segments = list(session.scalars(select(Segment).where(Segment.request_id == request.id)))
    effort, count = pair_effort(session, request.source_lang, request.target_lang)
    thresholds = thresholds_for(session, f"{request.source_lang}>{request.target_lang}")
    return classify_figures(draft_quality(segments), effort, count, thresholds, shown=shown_share(segments))
