"""The MT experiment report (E.8.3, R.8.3.c): what drafts changed, per language pair and service level.

Who is counted: requests delivered in the period that went through drafting (they have segments); the
simulated or imported history without segments says nothing about drafts. Non-blank segments only.

- Segments by origin: memory (exact or fuzzy), adapted memory (a memory sentence with this document's
  values put in), machine draft shown, machine draft held back as unreliable, copied (names, references,
  dates only) and no draft. A held-back draft is not shown: the translator works as without one.
- Post-editing distance: the mean normalised Levenshtein distance between the draft shown and the
  confirmed text, over confirmed segments whose draft was shown.
- Seconds per word: active editing time the editor measured, over the source words of the confirmed
  segments measured, with a draft shown versus without one (held back or none); segments held back are
  the natural comparison, drafted like the others but not shown. Words are counted as spaces + 1.
- Words per hour: words of every measured segment over their editing time.
- Kept in house: requests handled in house whose last automatic routing decision classed them as a
  revision (the drafts' doing) and where no in-house translator it considered could have taken a full
  translation: trainees and translators at revision level on the pair do not translate, and those who
  could not finish before the due date stay out. Without drafts the routing would have outsourced them.
- Vendor cost avoided: what the cheapest vendor translation rate valid on the decision day charges for
  those requests (contract rates, the request's words and pages, urgency surcharge included).
- Pages avoided: pages left out by the scope chosen at intake, by reuse of an earlier certified
  translation, and by standard forms that need none, recorded in the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from service.cost import billing
from service.errors import InvalidInput
from service.models import (
    AvoidedWork,
    RoutingDecision,
    Segment,
    TranslationRequest,
    TranslatorPairLevel,
    VendorContract,
)
from service.models.enums import DraftOrigin, HandledBy, RequestStatus, SegmentStatus
from service.vendor import service as vendor_service

TR, SEG = TranslationRequest, Segment
ORIGINS = ("memory", "adapted_memory", "machine_shown", "machine_held_back", "copied", "no_draft")
AVOIDED_KINDS = ("scope", "reuse", "standard_form")
DEFAULT_LEVEL = "full_revision"
REVISION_CLASSES = ("light_revision", "full_revision")
IN_HOUSE = (HandledBy.INTERNAL.value, HandledBy.TRAINEE.value)
FULL_TRANSLATION_LEVEL = 2  # a translator's pair level from which they translate (assignment service)
Key = tuple[str, str, str]


@dataclass
class Sums:
    """Additive sums behind one row of the report (a pair and level, or the total)."""

    requests: int = 0
    words: int = 0
    origins: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ORIGINS, 0))
    distance_sum: float = 0.0
    distance_count: int = 0
    seconds_with: float = 0.0
    words_with: int = 0
    seconds_without: float = 0.0
    words_without: int = 0
    seconds_all: float = 0.0
    words_all: int = 0
    kept_in_house: int = 0
    vendor_cost_avoided_cents: int = 0
    pages_avoided: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AVOIDED_KINDS, 0))

    def add(self, other: Sums) -> None:
        """Add `other`'s sums into these."""
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for k, v in theirs.items():
                    mine[k] = mine.get(k, 0) + v
            else:
                setattr(self, f.name, mine + theirs)


@dataclass(frozen=True)
class Row:
    """One pair and service level of the report, with its sums."""

    source_lang: str
    target_lang: str
    service_level: str
    sums: Sums


@dataclass(frozen=True)
class Report:
    """The report over [start, end]: its rows, busiest first, and their total."""

    start: date
    end: date
    rows: list[Row]
    total: Sums


def ratio(numerator: float, denominator: float, digits: int = 2) -> float | None:
    """numerator / denominator rounded, None without a denominator."""
    return round(numerator / denominator, digits) if denominator else None


def period(start: date | None, end: date | None, *, today: date | None = None) -> tuple[date, date]:
    """The period asked for; by default the last full calendar year (an assessment covers a finished test)."""
    today = today or date.today()
    if start is None and end is None:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    start = start or date((end or today).year, 1, 1)
    end = end or today
    if start > end:
        raise InvalidInput(f"The period starts ({start.isoformat()}) after it ends ({end.isoformat()}): give "
                           "`from` on or before `to` (both included, YYYY-MM-DD).", field="from")
    return start, end


def build(session: Session, *, start: date, end: date) -> Report:
    """The experiment's figures for requests delivered from `start` to `end` (both included)."""
    groups: dict[Key, Sums] = defaultdict(Sums)
    _segment_sums(session, start, end, groups)
    _request_counts(session, start, end, groups)
    _kept_in_house(session, start, end, groups)
    _pages_avoided(session, start, end, groups)
    rows = [Row(*key, sums) for key, sums in groups.items()]
    rows.sort(key=lambda r: (-r.sums.requests, -r.sums.words, r.source_lang, r.target_lang, r.service_level))
    total = Sums()
    for row in rows:
        total.add(row.sums)
    return Report(start=start, end=end, rows=rows, total=total)


def _level() -> InstrumentedAttribute[str]:
    # The plain column (grouped on as it is on PostgreSQL); a missing level reads as full revision in `_key`.
    return TR.service_level


def _key(source: str, target: str, level: str | None) -> Key:
    return source, target, level or DEFAULT_LEVEL


def _delivered(start: date, end: date) -> ColumnElement[bool]:
    return and_(TR.status == RequestStatus.DELIVERED, TR.delivered_on >= start, TR.delivered_on <= end)


def _words() -> ColumnElement[int]:
    text = func.trim(SEG.source_text)
    return func.length(text) - func.length(func.replace(text, " ", "")) + 1


def _origin_filters() -> dict[str, ColumnElement[bool]]:
    machine = SEG.draft_origin.in_((DraftOrigin.MT, DraftOrigin.MT_PIVOT))
    has_draft = and_(SEG.draft_text.is_not(None), func.length(func.trim(SEG.draft_text)) > 0)
    return {
        "memory": SEG.draft_origin.in_((DraftOrigin.TM_EXACT, DraftOrigin.TM_FUZZY)),
        "adapted_memory": SEG.draft_origin == DraftOrigin.TM_ADAPTED,
        "machine_shown": machine & has_draft & SEG.draft_shown.is_(True),
        "machine_held_back": machine & has_draft & SEG.draft_shown.is_(False),
        "copied": SEG.draft_origin == DraftOrigin.COPIED,
        "no_draft": or_(SEG.draft_origin.is_(None), SEG.draft_origin == DraftOrigin.NONE,
                        and_(machine, ~has_draft)),
    }


SHOWN = ("memory", "adapted_memory", "machine_shown")
UNSHOWN = ("machine_held_back", "no_draft")


def _segment_sums(session: Session, start: date, end: date, groups: dict[Key, Sums]) -> None:
    # Each segment's words, origin and measured time worked out once, then summed per pair, level, origin
    # and confirmation: a few dozen rows, folded into the report's sums here.
    confirmed = SEG.status == SegmentStatus.CONFIRMED
    measured = confirmed & SEG.editing_seconds.is_not(None) & (SEG.editing_seconds > 0)
    per_segment = (
        select(TR.source_lang.label("source"), TR.target_lang.label("target"), _level().label("level"),
               _words().label("words"), case(*[(cond, name) for name, cond in _origin_filters().items()])
               .label("origin"), confirmed.label("confirmed"), SEG.edit_distance.label("distance"),
               case((measured, SEG.editing_seconds)).label("seconds"))
        .join(TR, TR.id == SEG.request_id)
        .where(_delivered(start, end), func.length(func.trim(SEG.source_text)) > 0).subquery())
    c = per_segment.c
    query = (select(c.source, c.target, c.level, c.origin, c.confirmed, func.count(), func.sum(c.words),
                    func.sum(c.distance), func.count(c.distance), func.sum(c.seconds),
                    func.sum(c.words).filter(c.seconds.is_not(None)))
             .group_by(c.source, c.target, c.level, c.origin, c.confirmed))
    for source, target, level, origin, is_confirmed, n, words, d_sum, d_count, seconds, timed_words in \
            session.execute(query):
        sums = groups[_key(source, target, level)]
        sums.words += int(words or 0)
        if origin is None:
            continue
        sums.origins[origin] += int(n)
        if is_confirmed and origin in SHOWN:
            sums.distance_sum += float(d_sum or 0)
            sums.distance_count += int(d_count)
        seconds, timed_words = float(seconds or 0), int(timed_words or 0)
        sums.seconds_all += seconds
        sums.words_all += timed_words
        if origin in SHOWN:
            sums.seconds_with += seconds
            sums.words_with += timed_words
        elif origin in UNSHOWN:
            sums.seconds_without += seconds
            sums.words_without += timed_words


def _drafted() -> ColumnElement[bool]:
    return exists().where(SEG.request_id == TR.id)


def _request_counts(session: Session, start: date, end: date, groups: dict[Key, Sums]) -> None:
    query = (select(TR.source_lang, TR.target_lang, _level(), func.count())
             .where(_delivered(start, end), _drafted()).group_by(TR.source_lang, TR.target_lang, _level()))
    for source, target, level, n in session.execute(query):
        groups[_key(source, target, level)].requests = int(n)


def _kept_in_house(session: Session, start: date, end: date, groups: dict[Key, Sums]) -> None:
    # The last automatic decision of each request (decisions are appended: the highest id is the last).
    last = (select(func.max(RoutingDecision.id).label("id")).join(TR, TR.id == RoutingDecision.request_id)
            .where(_delivered(start, end), TR.handled_by.in_(IN_HOUSE), RoutingDecision.is_override.is_(False))
            .group_by(RoutingDecision.request_id).subquery())
    rows = session.execute(
        select(RoutingDecision.outcome, RoutingDecision.job_class, RoutingDecision.considered,
               RoutingDecision.decided_at, TR.source_lang, TR.target_lang, TR.service_level, TR.urgency,
               TR.characters, TR.words, TR.pages)
        .join(last, last.c.id == RoutingDecision.id).join(TR, TR.id == RoutingDecision.request_id)
        .where(RoutingDecision.outcome.in_(IN_HOUSE), RoutingDecision.job_class.in_(REVISION_CLASSES),
               _drafted()))
    levels = _LevelCache(session)
    rates = _TranslationRates(session)
    for row in rows:
        if not would_have_outsourced(row.outcome, row.job_class, row.considered or [], levels,
                                     pair=f"{row.source_lang}>{row.target_lang}"):
            continue
        sums = groups[_key(row.source_lang, row.target_lang, row.service_level)]
        sums.kept_in_house += 1
        units = _units(row.characters, row.words, row.pages)
        sums.vendor_cost_avoided_cents += rates.cheapest(row.source_lang, row.target_lang, units=units,
                                                         urgency=row.urgency, on=row.decided_at.date()) or 0


def would_have_outsourced(outcome: str, job_class: str, considered: list[dict[str, Any]], levels: _LevelCache, *,
                          pair: str) -> bool:
    """Whether a request routed in house as a revision (a decision's outcome, class and who it considered)
    had no in-house taker for a full translation."""
    if outcome not in IN_HOUSE or job_class not in REVISION_CLASSES:
        return False
    for entry in considered:
        if entry.get("kind") != "translator" or entry.get("excluded") or not entry.get("meets_due"):
            continue
        if entry.get("trainee"):
            continue  # trainees revise drafts; full translations go to staff or vendors
        level = entry.get("level")
        if level is None:
            level = levels.level(int(entry["translator_id"]), pair)
        if level >= FULL_TRANSLATION_LEVEL:
            return False
    return True


class _LevelCache:
    """Translators' pair levels (for decisions recorded before the level was noted), read once each."""

    def __init__(self, session: Session) -> None:
        self._levels = {(r.user_id, r.pair): r.level for r in session.scalars(select(TranslatorPairLevel))}

    def level(self, translator_id: int, pair: str) -> int:
        return self._levels.get((translator_id, pair), FULL_TRANSLATION_LEVEL)


class _TranslationRates:
    """Vendors' full-translation rate lines, read once, priced per request."""

    def __init__(self, session: Session) -> None:
        self._by_pair: dict[tuple[str, str], list[VendorContract]] = defaultdict(list)
        for contract in session.scalars(select(VendorContract).where(VendorContract.job_class == "translation")):
            if contract.vendor.is_active:
                self._by_pair[(contract.source_lang, contract.target_lang)].append(contract)

    def cheapest(self, source_lang: str, target_lang: str, *, units: billing.BillingUnits, urgency: str,
                 on: date) -> int | None:
        """The cheapest vendor price of a full translation of `units` valid on `on`, in cents."""
        prices = [vendor_service.price_contract(c, units=units, urgency=urgency).total_cents
                  for c in self._by_pair.get((source_lang, target_lang), [])
                  if c.valid_from <= on and (c.valid_to is None or c.valid_to >= on)]
        return min(prices) if prices else None


def _units(characters: int | None, words: int | None, pages: int | None) -> billing.BillingUnits:
    """What a vendor would bill: counted characters, else the request's pages as standard pages."""
    counted = characters if characters is not None else (pages or 0) * billing.PAGE_CHARACTERS
    return billing.units_from_counts(counted, words)


def _pages_avoided(session: Session, start: date, end: date, groups: dict[Key, Sums]) -> None:
    query = (select(TR.source_lang, TR.target_lang, _level(), AvoidedWork.kind, func.sum(AvoidedWork.pages))
             .join(TR, TR.id == AvoidedWork.request_id)
             .where(AvoidedWork.recorded_on >= start, AvoidedWork.recorded_on <= end)
             .group_by(TR.source_lang, TR.target_lang, _level(), AvoidedWork.kind))
    for source, target, level, kind, pages in session.execute(query):
        sums = groups[_key(source, target, level)]
        sums.pages_avoided[kind] = sums.pages_avoided.get(kind, 0) + int(pages or 0)


def figures(sums: Sums) -> dict[str, Any]:
    """The report's figures from a row's sums (the API's keys)."""
    segments = sum(sums.origins.values())
    return {
        "requests": sums.requests,
        "words": sums.words,
        "segments_by_origin": {name: {"segments": n, "share": ratio(n, segments, 4)}
                               for name, n in sums.origins.items()},
        "post_edit_distance": ratio(sums.distance_sum, sums.distance_count, 4),
        "seconds_per_word_with_draft": ratio(sums.seconds_with, sums.words_with),
        "seconds_per_word_without_draft": ratio(sums.seconds_without, sums.words_without),
        "words_per_hour": ratio(3600 * sums.words_all, sums.seconds_all, 0),
        "kept_in_house": sums.kept_in_house,
        "vendor_cost_avoided_eur": round(sums.vendor_cost_avoided_cents / 100, 2),
        "pages_avoided": dict(sums.pages_avoided),
    }
