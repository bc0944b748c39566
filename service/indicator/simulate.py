"""A realistic simulated year of requests, so the dashboard shows true-to-life figures.

Shapes follow the objectives agreement's 2019 picture: ~50,000 documents a year, mostly short,
~70 % handled in-house, ~8 % by trainees, ~22 % by vendors; delays mostly 3-15 days with a late
tail giving the 2019 figures (9.6 days on average, 5.4 % beyond 21 days counted, with 51,400 requests
received: 49,8xx delivered); vendor cost 25-40 EUR a page, landing a few per cent under the 544,000 EUR
baseline.
The random generator is seeded: the same arguments always give the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.agreement import DELAY_DAYS
from service.caisse import service as caisse_service
from service.indicator import bulk, rollup, targets
from service.models import TranslationRequest
from service.models.enums import RequestStatus

CAISSES = {
    "CPAM75": ("CPAM de Paris", "CPAM"), "CPAM93": ("CPAM de la Seine-Saint-Denis", "CPAM"),
    "CPAM13": ("CPAM des Bouches-du-Rhône", "CPAM"), "CPAM69": ("CPAM du Rhône", "CPAM"),
    "CPAM59": ("CPAM de Lille-Douai", "CPAM"), "CPAM67": ("CPAM du Bas-Rhin", "CPAM"),
    "CAF75": ("CAF de Paris", "CAF"), "CAF93": ("CAF de la Seine-Saint-Denis", "CAF"),
    "CAF13": ("CAF des Bouches-du-Rhône", "CAF"), "CAF06": ("CAF des Alpes-Maritimes", "CAF"),
    "CARSATRA": ("CARSAT Rhône-Alpes", "CARSAT"), "CARSATNE": ("CARSAT Nord-Est", "CARSAT"),
    "CNAV": ("CNAV Île-de-France", "CNAV"), "URSSAFIDF": ("URSSAF Île-de-France", "URSSAF"),
    "URSSAFPACA": ("URSSAF Provence-Alpes-Côte d'Azur", "URSSAF"),
    "MSA33": ("MSA de la Gironde", "MSA"), "MSA67": ("MSA d'Alsace", "MSA"),
}
CAISSE_WEIGHTS = (16, 8, 7, 6, 5, 5, 8, 5, 4, 3, 6, 4, 8, 5, 3, 4, 3)
SOURCES = ("de", "es", "pt", "it", "en", "pl", "ro", "ar", "tr", "nl")
SOURCE_WEIGHTS = (18, 14, 12, 10, 12, 8, 8, 6, 4, 3)
OUTBOUND = ("de", "es", "en", "pt", "it")  # French documents sent abroad: ~5 % of the flow
DOCUMENT_TYPES = ("civil_status", "medical", "pension", "income", "employment", "family",
                  "insurance_certificate", "legal", "correspondence", "other")
DOCUMENT_WEIGHTS = (20, 16, 14, 10, 9, 9, 8, 4, 6, 4)
HANDLERS = ("internal", "trainee", "external")
HANDLER_WEIGHTS = (70, 8, 22)
# Pages: mostly 1-5, a long tail up to 100 (beyond 60 pages: ~0.4 %). Vendors get short jobs.
PAGES = (1, 2, 3, 4, 5, 8, 12, 20, 35, 61, 100)
PAGE_WEIGHTS = (30, 22, 15, 10, 8, 6, 4, 2.5, 1.5, 0.6, 0.4)
VENDOR_PAGES = (1, 2, 3, 4)
VENDOR_PAGE_WEIGHTS = (62, 25, 9, 4)
FRAUD_CHANNEL_SHARE = 0.03
CANCELLED_SHARE = 0.004
LATE_SHARE = 0.0625
TARGET_COST_RATIO = 0.965  # the year lands ~3.5 % under the 2019 baseline
BASELINE_CENTS = 54_400_000
PREFIX = "SIM"


@dataclass(frozen=True)
class SimulatedYear:
    """What a simulation inserted."""

    year: int
    requests: int
    delivered: int
    open: int
    cancelled: int


def seed_year(session: Session, *, year: int, requests: int = 50_000, seed: int = 2019,
              today: date | None = None) -> SimulatedYear:
    """Replace the simulated requests of `year` by `requests` new ones (received in that year)."""
    targets.check_year(year)
    today = today or date.today()
    caisse_ids = [caisse_service.ensure(session, code=code, name=name, kind=kind).id
                  for code, (name, kind) in CAISSES.items()]
    previous = TranslationRequest.reference.like(f"{PREFIX}-{year}-%")
    # The rows replaced leave the rollup of their months (bulk.insert_requests refreshes those it adds).
    replaced = {rollup.month_of(d) for d in session.scalars(
        select(TranslationRequest.delivered_on).where(previous).distinct()) if d is not None}
    session.execute(delete(TranslationRequest).where(previous))
    rows = generate(year=year, requests=requests, caisse_ids=caisse_ids, seed=seed, today=today)
    bulk.insert_requests(session, rows)
    rollup.refresh(session, replaced)
    statuses = [r["status"] for r in rows]
    cancelled = statuses.count(RequestStatus.CANCELLED)
    delivered = statuses.count(RequestStatus.DELIVERED)
    return SimulatedYear(year=year, requests=len(rows), delivered=delivered,
                         open=len(rows) - delivered - cancelled, cancelled=cancelled)


def generate(*, year: int, requests: int, caisse_ids: list[int], seed: int,
             today: date) -> list[dict[str, Any]]:
    """The rows of a simulated year (received up to `today` when the year is running)."""
    rng = random.Random(f"{seed}-{year}")
    first = date(year, 1, 1)
    last = min(date(year, 12, 31), today)
    span = (last - first).days + 1
    # A running year gets its share of the annual volume, not all of it.
    count = requests if last.year > year or last == date(year, 12, 31) else requests * span // 365
    received = sorted(first + timedelta(days=int(rng.random() * span)) for _ in range(count))
    handlers = _draw(rng, HANDLERS, HANDLER_WEIGHTS, count)
    rows = [_request(rng, year, i, day, handler, caisse_ids, today) for i, (day, handler)
            in enumerate(zip(received, handlers, strict=True))]
    _price_vendor_jobs(rng, rows, requests)
    return rows


def _request(rng: random.Random, year: int, index: int, received: date, handler: str,
             caisse_ids: list[int], today: date) -> dict[str, Any]:
    if rng.random() < 0.05:
        source, target = "fr", _pick(rng, OUTBOUND, (1,) * len(OUTBOUND))
    else:
        source, target = _pick(rng, SOURCES, SOURCE_WEIGHTS), "fr"
    pages = _pick(rng, VENDOR_PAGES, VENDOR_PAGE_WEIGHTS) if handler == "external" \
        else _pick(rng, PAGES, PAGE_WEIGHTS)
    delivered_on: date | None = received + timedelta(days=_delay(rng, pages))
    status = RequestStatus.DELIVERED.value
    if rng.random() < CANCELLED_SHARE:
        delivered_on, status = None, RequestStatus.CANCELLED.value
    elif delivered_on is not None and delivered_on > today:
        delivered_on = None
        status = (RequestStatus.OUTSOURCED if handler == "external" else RequestStatus.ASSIGNED).value
    return {
        "reference": f"{PREFIX}-{year}-{index + 1:06d}", "caisse_id": _pick(rng, caisse_ids, CAISSE_WEIGHTS),
        "source_lang": source, "target_lang": target,
        "document_type": _pick(rng, DOCUMENT_TYPES, DOCUMENT_WEIGHTS),
        "channel": "posted_worker_fraud" if rng.random() < FRAUD_CHANNEL_SHARE else "standard",
        "urgency": "normal", "received_on": received, "due_on": received + timedelta(days=DELAY_DAYS),
        "delivered_on": delivered_on, "pages": pages, "status": status, "handled_by": handler,
        "external_cost_cents": None, "warnings": "[]", "imported": True, "assignee_id": None,
    }


def _delay(rng: random.Random, pages: int) -> int:
    """Calendar days to delivery: mostly 3-15, a few 16-21, a late tail, longer for long documents."""
    roll = rng.random()
    if roll < LATE_SHARE:
        return 22 + int(rng.expovariate(1 / 8))
    if roll < LATE_SHARE + 0.03:
        return rng.randint(16, 21)
    return min(21, round(rng.triangular(3, 15, 6)) + pages // 20)


def _price_vendor_jobs(rng: random.Random, rows: list[dict[str, Any]], requests: int) -> None:
    """Cost vendor jobs at 25-40 EUR a page, centred so a full year lands near the target ratio."""
    jobs = [r for r in rows if r["handled_by"] == "external" and r["status"] != RequestStatus.CANCELLED]
    # Centred on all the year's receipts: in a run of simulated years, what December passes on to the
    # next year is what the previous December passed on to this one.
    pages = sum(r["pages"] for r in jobs) or 1
    wanted = BASELINE_CENTS * TARGET_COST_RATIO * len(rows) / 50_000
    centre = min(max(wanted / pages, 2_800), 3_700)
    for row in jobs:
        rate = min(max(rng.gauss(centre, 250), 2_500), 4_000)
        row["external_cost_cents"] = int(rate * row["pages"])


def _draw(rng: random.Random, values: tuple[str, ...], weights: tuple[float, ...], k: int) -> list[str]:
    return rng.choices(values, cum_weights=list(accumulate(weights)), k=k)


def _pick(rng: random.Random, values: Any, weights: tuple[float, ...]) -> Any:
    return rng.choices(values, weights=weights)[0]
