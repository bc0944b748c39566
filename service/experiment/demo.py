"""Demo history for the MT experiment report: drafts, held-back drafts, editing times and routing decisions.

A simulation, not a measurement: the report on it shows these assumptions coming back. Segments are the
project's phrasebook sentences (source and French); each gets a draft origin drawn with shares per pair,
a draft made from the French by the kind of damage MT does (words left untranslated, dropped, swapped),
its real edit distance (rapidfuzz), and an editing time from a plain model: reading the draft plus
re-typing what differs, `words × (READ + SCRATCH × distance)`, against `words × SCRATCH` without a draft,
each with log-normal noise. SCRATCH (7.2 s a word, 500 words an hour) and READ (1 s) are the assumptions.

It enriches a sample of the year's delivered in-house requests when the simulated year is there (they get
segments, a service level and a routing decision), else creates its own (references EXP-<year>-n).
Seeding twice adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from service.models import AvoidedWork, Caisse, RoutingDecision, Segment, TranslationRequest, User
from service.models.enums import RequestStatus
from service.vendor import demo as vendor_demo

PHRASEBOOK = Path(__file__).resolve().parents[2] / "data" / "phrasebook"
STAFF, TRAINEE = "traductrice@passerelle.demo", "apprenti@passerelle.demo"
PREFIX = "EXP"
SAMPLE = 240
SCRATCH = 7.2  # seconds a word translating without a draft (assumption)
READ = 1.0  # seconds a word reading a draft (assumption)
# Mean edit distance of machine drafts shown, and share of drafts held back, per source language (assumed).
MT_QUALITY = {"de": (0.20, 0.10), "es": (0.15, 0.07), "it": (0.17, 0.09), "pt": (0.18, 0.10), "en": (0.13, 0.06)}
# The demo translator revises it>fr and pt>fr drafts but does not translate them (pair level 1).
REVISION_ONLY = ("it", "pt")
LEVELS = (("full_revision", 58), ("light_revision", 27), ("certified", 10), ("information", 5))
ORIGINS = (("tm_exact", 9), ("tm_fuzzy", 7), ("tm_adapted", 6), ("mt", 67), ("copied", 4), ("none", 7))
VENDOR_PAGE_CENTS = {"de": 2900, "en": 2900, "es": 3100, "it": 3100, "pt": 3100}


@dataclass(frozen=True)
class Seeded:
    """What the seeding did."""

    requests: int
    created: int
    segments: int


def seed(session: Session, *, year: int, sample: int = SAMPLE, seed: int = 83) -> Seeded:
    """Give `sample` delivered requests of `year` drafts, editing times and routing decisions (once)."""
    vendor_demo.seed(session)
    if _already(session, year):
        return Seeded(0, 0, 0)
    rng = random.Random(f"{seed}-{year}")
    phrases = {lang: _phrases(lang) for lang in MT_QUALITY}
    users = {u.email: u for u in session.scalars(select(User).where(User.email.in_((STAFF, TRAINEE))))}
    requests = _sample(session, rng, year, sample)
    created = _create(session, rng, year, sample - len(requests))
    pool = requests + created
    # A few are answered with an earlier certified translation of the same file: nothing drafted for them.
    reused, drafted = pool[:len(pool) // 25], pool[len(pool) // 25:]
    segments = sum(_enrich(session, rng, r, phrases[r.source_lang], users) for r in drafted)
    _scope(session, rng, drafted)
    _reuse(session, rng, reused, drafted)
    session.flush()
    return Seeded(len(requests) + len(created), len(created), segments)


def _already(session: Session, year: int) -> bool:
    mine = or_(TranslationRequest.reference.like(f"SIM-{year}-%"),
               TranslationRequest.reference.like(f"{PREFIX}-{year}-%"))
    return bool(session.scalar(select(exists().where(Segment.request_id == TranslationRequest.id, mine))))


def _phrases(lang: str) -> list[tuple[str, str]]:
    with (PHRASEBOOK / f"{lang}-fr.tsv").open(encoding="utf-8") as handle:
        return [(cols[0], cols[1]) for line in handle if not line.startswith("#")
                and len(cols := line.rstrip("\n").split("\t")) >= 2 and len(cols[0].split()) >= 3]


def _sample(session: Session, rng: random.Random, year: int, sample: int) -> list[TranslationRequest]:
    """Delivered in-house requests of the simulated year in the demo translators' pairs, without segments."""
    rows = list(session.scalars(
        select(TranslationRequest).where(
            TranslationRequest.reference.like(f"SIM-{year}-%"), TranslationRequest.status == RequestStatus.DELIVERED,
            TranslationRequest.handled_by.in_(("internal", "trainee")), TranslationRequest.target_lang == "fr",
            TranslationRequest.source_lang.in_(list(MT_QUALITY)), TranslationRequest.pages <= 5)
        .order_by(TranslationRequest.id)))
    rows = rng.sample(rows, min(sample, len(rows)))
    for row in rows:
        if row.source_lang == "en":
            row.handled_by = "trainee"  # the demo's trainee takes the en>fr revisions
    return rows


def _create(session: Session, rng: random.Random, year: int, count: int) -> list[TranslationRequest]:
    """Delivered requests of the year when no simulated year is there to enrich."""
    if count <= 0:
        return []
    caisse = session.scalar(select(Caisse).order_by(Caisse.id))
    if caisse is None:
        return []
    made = []
    for n in range(1, count + 1):
        source = rng.choices(list(MT_QUALITY), weights=(30, 20, 12, 14, 24))[0]
        received = date(year, 1, 1) + timedelta(days=rng.randrange(350))
        request = TranslationRequest(
            reference=f"{PREFIX}-{year}-{n:05d}", caisse_id=caisse.id, source_lang=source, target_lang="fr",
            document_type=rng.choice(("civil_status", "pension", "medical", "income")), channel="standard",
            urgency="normal", received_on=received, due_on=received + timedelta(days=21),
            delivered_on=received + timedelta(days=rng.randint(3, 14)), status=RequestStatus.DELIVERED,
            pages=rng.choice((1, 1, 2, 2, 3)), warnings=[], imported=True,
            handled_by="trainee" if source == "en" else "internal")
        session.add(request)
        made.append(request)
    session.flush()
    return made


def _enrich(session: Session, rng: random.Random, request: TranslationRequest, phrases: list[tuple[str, str]],
            users: dict[str, User]) -> int:
    """Segments, service level, counts and the routing decision of one request."""
    level = rng.choices([lv for lv, _ in LEVELS], weights=[w for _, w in LEVELS])[0]
    request.service_level = level
    revised = level != "information"
    if not revised:
        request.handled_by = "machine"  # delivered unrevised the same day, by no translator
        request.delivered_on = request.received_on
    translator = users.get(TRAINEE if request.handled_by == "trainee" else STAFF)
    request.assignee_id = translator.id if translator and revised else None
    mean, held_back = MT_QUALITY[request.source_lang]
    rows = [_segment(rng, request, n, rng.choice(phrases), mean, held_back, revised, translator)
            for n in range(1, rng.randint(8, 20) + 1)]
    session.add_all(rows)
    # Words counted; characters left unknown, so the pages stay what the request is billed on.
    request.words = sum(len(s.source_text.split()) for s in rows)
    if revised:
        shown = sum(1 for s in rows if s.draft_shown and s.draft_origin != "none") / len(rows)
        session.add(_decision(request, shown, users))
    return len(rows)


def _segment(rng: random.Random, request: TranslationRequest, position: int, phrase: tuple[str, str], mean: float,
             held_back: float, revised: bool, translator: User | None) -> Segment:
    source, final = phrase
    origin = rng.choices([o for o, _ in ORIGINS], weights=[w for _, w in ORIGINS])[0]
    shown, draft = True, final
    if origin == "copied":
        source = draft = final = f"Réf. {request.reference}/{position}"
    elif origin == "tm_fuzzy":
        draft = _damage(rng, final, source, 0.12)
    elif origin == "tm_adapted":
        draft = _damage(rng, final, source, 0.03)
    elif origin == "mt":
        shown = rng.random() >= held_back
        draft = _damage(rng, final, source, min(max(rng.gauss(mean if shown else 0.55, 0.1), 0.0), 0.9))
    elif origin == "none":
        shown, draft = False, ""
    distance = round(Levenshtein.normalized_distance(draft, final), 4)
    words = len(source.split())
    per_word = READ + SCRATCH * distance if shown and origin != "none" else SCRATCH
    if origin == "copied":
        per_word = 0.3
    seconds = round(words * per_word * rng.lognormvariate(0, 0.35), 1)
    confirmed_at = datetime.combine(request.delivered_on or request.received_on, datetime.min.time(), UTC)
    return Segment(request_id=request.id, position=position, page=1, paragraph=position, source_text=source,
                   draft_text=draft or None, draft_origin=origin, draft_shown=shown,
                   draft_confidence=round(1 - distance, 3) if origin == "mt" else None,
                   tm_score=round(100 * (1 - distance), 1) if origin == "tm_fuzzy" else None,
                   final_text=final if revised else None, status="confirmed" if revised else "drafted",
                   edit_distance=distance if revised else None, editing_seconds=seconds if revised else None,
                   confirmed_by_id=translator.id if revised and translator else None,
                   confirmed_at=confirmed_at if revised else None, glossary=[], protected=[], qa=[])


def _damage(rng: random.Random, final: str, source: str, share: float) -> str:
    """The French with what MT gets wrong: words dropped or left in the source language, a pair swapped."""
    words, foreign = final.split(), source.split()
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < share / 2:
            continue
        out.append(rng.choice(foreign) if roll < share else word)
    if len(out) > 2 and rng.random() < share:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out) or final


def _decision(request: TranslationRequest, shown: float, users: dict[str, User]) -> RoutingDecision:
    """The routing decision as it would have been recorded: a revision class, who was considered."""
    job_class = "light_revision" if shown >= 0.75 else "full_revision"
    staff, trainee = users.get(STAFF), users.get(TRAINEE)
    considered: list[dict[str, Any]] = []
    if staff is not None:
        entry: dict[str, Any] = {"kind": "translator", "translator_id": staff.id, "name": staff.full_name,
                                 "trainee": False, "level": 1 if request.source_lang in REVISION_ONLY else 2,
                                 "meets_due": request.handled_by != "trainee"}
        considered.append(entry)
    if trainee is not None and request.source_lang == "en":
        considered.append({"kind": "translator", "translator_id": trainee.id, "name": trainee.full_name,
                           "trainee": True, "level": 2, "meets_due": True})
    day = request.received_on + timedelta(days=1)
    return RoutingDecision(request_id=request.id, outcome=request.handled_by, job_class=job_class,
                           quality=round(shown, 3), billed_pages=float(request.pages or 1), considered=considered,
                           reasons=[f"classe {job_class} (historique de démonstration)"],
                           decided_at=datetime.combine(day, datetime.min.time(), UTC).replace(hour=9))


def _scope(session: Session, rng: random.Random, requests: list[TranslationRequest]) -> None:
    """Some requests asked for the pages that matter only: the rest of the original is avoided."""
    for request in requests:
        if rng.random() >= 0.15:
            continue
        left_out, pages = rng.randint(1, 4), request.pages or 1
        request.document_pages, request.page_selection = pages + left_out, f"1-{pages}"
        session.add(AvoidedWork(request_id=request.id, kind="scope", pages=left_out,
                                cost_cents=left_out * VENDOR_PAGE_CENTS[request.source_lang],
                                recorded_on=request.received_on))


def _reuse(session: Session, rng: random.Random, reused: list[TranslationRequest],
           earlier: list[TranslationRequest]) -> None:
    """The same file translated and certified before for the caisse: that translation is delivered again."""
    for request in reused:
        if not earlier:
            return
        request.reuse_of_id, request.offer_status = rng.choice(earlier).id, "accepted"
        # As the portal's offer leaves it once accepted: closed without a translation, in no indicator.
        request.status, request.delivered_on, request.handled_by = RequestStatus.CANCELLED, None, None
        session.add(AvoidedWork(request_id=request.id, kind="reuse", pages=request.pages or 1,
                                cost_cents=(request.pages or 1) * VENDOR_PAGE_CENTS[request.source_lang],
                                earlier_request_id=request.reuse_of_id, recorded_on=request.received_on))
