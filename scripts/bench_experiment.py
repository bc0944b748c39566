"""Benchmark: the MT experiment report over a year of drafted requests, against one plain scan of its segments.

    .venv/bin/python scripts/bench_experiment.py [--requests 50000] [--segments 10]

Loads a simulated year into a fresh SQLite file, gives every delivered request `--segments` confirmed
segments with editing times and one routing decision (bulk inserted), then times `report.build` for that
year (median of 3 after a warm-up) against, in the same run, one `SELECT count(*), sum(editing_seconds)`
over the same segments joined to their requests: the ratio says how many plain scans the report costs.
Aim: a year (500,000 segments) under 5 s on SQLite, so the page answers without a precomputed table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select, text

from service.db.migrate import upgrade
from service.db.session import dispose_all, new_session
from service.experiment import report
from service.indicator import simulate
from service.models import RoutingDecision, Segment, TranslationRequest

SOURCES = ("Die Rente wird ab Januar gezahlt.", "Der Antrag wurde am 3. Mai abgelehnt.", "Mit freundlichen Grüßen")
SCAN = ("SELECT count(*), sum(s.editing_seconds) FROM segment s JOIN translation_request r ON r.id = s.request_id "
        "WHERE r.status = 'delivered' AND r.delivered_on BETWEEN :start AND :end")


def main() -> None:
    """Load, time, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--segments", type=int, default=10)
    args = parser.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-experiment-')) / 'bench.db'}"
    upgrade(url)
    year = date.today().year - 1
    with new_session(url) as session:
        simulate.seed_year(session, year=year, requests=args.requests)
        _drafts(session, args.segments)
        session.execute(text("ANALYZE"))
        session.commit()
        start, end = date(year, 1, 1), date(year, 12, 31)
        segments = session.scalar(select(text("count(*)")).select_from(Segment))
        report.build(session, start=start, end=end)  # warm-up
        built = [_timed(lambda: report.build(session, start=start, end=end)) for _ in range(3)]
        scans = [_timed(lambda: session.execute(text(SCAN), {"start": start, "end": end}).one()) for _ in range(3)]
        total = report.build(session, start=start, end=end).total
    dispose_all()
    wall, scan = statistics.median(built), statistics.median(scans)
    print(f"{total.requests:,} drafted requests, {segments:,} segments, {total.kept_in_house:,} kept in house")
    print(f"report {wall:.2f} s, one scan {scan:.3f} s, ratio {wall / scan:.1f}  (aim: report < 5 s)")


def _drafts(session, per_request: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    rows = session.execute(select(TranslationRequest.id, TranslationRequest.handled_by)
                           .where(TranslationRequest.status == "delivered")).all()
    segments, decisions = [], []
    for request_id, handled_by in rows:
        for position in range(1, per_request + 1):
            shown = rng.random() > 0.1
            segments.append(dict(
                request_id=request_id, position=position, page=1, paragraph=position,
                source_text=rng.choice(SOURCES), draft_text="brouillon", draft_origin=rng.choice(("mt", "tm_exact")),
                draft_shown=shown, status="confirmed", edit_distance=rng.random() / 2,
                editing_seconds=rng.random() * 30, entities=[], draft_notes=[], glossary=[], protected=[], qa=[],
                version=1))
        decisions.append(dict(
            request_id=request_id, outcome=handled_by or "external", job_class="full_revision", billed_pages=1.0,
            considered=[{"kind": "translator", "translator_id": 1, "trainee": False, "level": 1, "meets_due": True}],
            reasons=[], is_override=False, decided_at=datetime(2025, 1, 2, tzinfo=UTC)))
    session.execute(insert(Segment), segments)
    session.execute(insert(RoutingDecision), decisions)


def _timed(run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
