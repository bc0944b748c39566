"""Benchmark: a year's indicators with every breakdown over 500,000 requests, and the history import rate.

    .venv/bin/python scripts/bench_indicators.py [--requests 500000] [--import-rows 100000]
        [--postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_indicators] [--no-postgres]

Loads simulated years (50,000 requests each, bulk inserted) into a fresh SQLite file and a fresh
PostgreSQL database (created if missing, emptied otherwise), then times `report` + `breakdowns` for the
last full year (median of several runs after a warm-up), against the same figures computed from the
requests themselves in the same run (the baseline the monthly rollup replaces), and `import-history` on a
generated CSV, first as new rows, then again as updates. Aims (issue 21): a year's indicators and
breakdowns under 300 ms on SQLite and 100 ms on PostgreSQL at 500,000 requests; > 5,000 imported rows/s.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from service.db.migrate import upgrade
from service.db.session import dispose_all, new_session
from service.history import service as history_service
from service.indicator import breakdowns, simulate
from service.indicator import service as indicator_service
from service.indicator.sql import delivered_between, indicator_columns

PER_YEAR = 50_000
RUNS = 5
AIMS_MS = {"sqlite": 300, "postgresql": 100}


def main() -> None:
    """Run the benchmark on SQLite, then PostgreSQL, and print the figures."""
    args = _arguments()
    workdir = Path(tempfile.mkdtemp(prefix="bench-indicators-"))
    csv_path = workdir / "history.csv"
    _write_history_csv(csv_path, args.import_rows)
    targets = [("SQLite", f"sqlite:///{workdir / 'bench.db'}")]
    if not args.no_postgres:
        targets.append(("PostgreSQL", _fresh_postgres(args.postgres_url)))
    for name, url in targets:
        print(f"\n== {name} ==")
        _bench(url, args.requests, csv_path, args.import_rows)
    dispose_all()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=500_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--postgres-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_indicators")
    parser.add_argument("--no-postgres", action="store_true")
    return parser.parse_args()


def _fresh_postgres(url: str) -> str:
    """Create the benchmark database if needed and empty it (never the `test` database others use)."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}):
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    with create_engine(url).begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return url


def _bench(url: str, requests: int, csv_path: Path, import_rows: int) -> None:
    upgrade(url)
    last_year = date.today().year - 1
    years = range(last_year - max(1, requests // PER_YEAR) + 1, last_year + 1)
    started = time.perf_counter()
    with new_session(url) as session:
        for year in years:
            simulate.seed_year(session, year=year, requests=min(PER_YEAR, requests))
            session.commit()
        _analyze(session)
        total = session.scalar(text("SELECT count(*) FROM translation_request"))
    seconds = time.perf_counter() - started
    print(f"loaded {total:,} simulated requests ({len(years)} years) in {seconds:.1f} s")
    _time_indicators(url, last_year)
    _time_import(url, csv_path, import_rows)


def _analyze(session) -> None:  # type: ignore[no-untyped-def]
    # Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans), as autovacuum
    # would give a live database.
    if session.get_bind().dialect.name == "postgresql":
        session.commit()
        with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE translation_request"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()


def _time_indicators(url: str, year: int) -> None:
    walls, cpus = [], []
    with new_session(url) as session:
        indicator_service.report(session, year=year)  # warm-up: caches, statement compilation
        indicator_service.breakdowns(session, year=year)
        for _ in range(RUNS):
            wall, cpu = time.perf_counter(), time.process_time()
            report = indicator_service.report(session, year=year)
            details = indicator_service.breakdowns(session, year=year)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    print(f"year {year}: {report.delivered:,} delivered, average delay {report.average_delay_days} days, "
          f"late share {report.late_share}, external cost change {report.external_cost_change}; "
          f"{len(details.by_caisse)} caisses, {len(details.by_language_pair)} pairs")
    median = statistics.median(walls)
    full = _time_full_computation(url, year)
    aim = AIMS_MS[make_url(url).get_backend_name()]
    print(f"indicators + all breakdowns: median {median * 1000:.0f} ms wall "
          f"(min {min(walls) * 1000:.0f}), {statistics.median(cpus) * 1000:.0f} ms CPU in this process; "
          f"aim < {aim} ms: {'met' if median * 1000 < aim else 'MISSED'}")
    print(f"same figures computed from the requests (baseline, this run): median {full * 1000:.0f} ms; "
          f"rollup / baseline = x{median / full:.3f}")


def _time_full_computation(url: str, year: int) -> float:
    """The year's totals and breakdowns from the requests themselves, as before the rollup."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    walls = []
    with new_session(url) as session:
        for _ in range(1 + RUNS // 2):
            wall = time.perf_counter()
            session.execute(select(*indicator_columns()).where(delivered_between(start, end))).one()
            views = breakdowns.compute(session, start, end)
            breakdowns.volume(session, start, end, delivered={r.key: r.delivered for r in views["by_month"]})
            walls.append(time.perf_counter() - wall)
    return statistics.median(walls[1:])


def _time_import(url: str, csv_path: Path, rows: int) -> None:
    for label in ("new rows", "re-import (updates)"):
        with new_session(url) as session:
            started, cpu = time.perf_counter(), time.process_time()
            result = history_service.import_file(session, csv_path)
            session.commit()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"import-history {label}: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s wall "
              f"({rows / cpu:,.0f} rows/s of CPU in this process; {result.inserted:,} inserted, "
              f"{result.updated:,} updated)")


def _write_history_csv(path: Path, rows: int) -> None:
    """A previous-platform export: years before the simulated ones, ~3 % still open."""
    rng = random.Random(7)
    caisses = list(simulate.CAISSES)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "caisse_code", "source_lang", "target_lang", "pages", "received_on",
                         "delivered_on", "handled_by", "external_cost_eur"])
        for i in range(rows):
            received = date(2008, 1, 1) + timedelta(days=rng.randrange(365 * 6))
            handler = rng.choices(("internal", "trainee", "external"), (70, 8, 22))[0]
            pages = rng.choices((1, 2, 3, 5, 12, 70), (35, 25, 15, 15, 8, 2))[0]
            delay = timedelta(days=rng.randint(2, 30))
            delivered = "" if rng.random() < 0.03 else (received + delay).isoformat()
            cost = f"{pages * rng.uniform(25, 40):.2f}" if handler == "external" else ""
            writer.writerow([f"OLD-{i:07d}", rng.choice(caisses), rng.choice(simulate.SOURCES), "fr", pages,
                             received.isoformat(), delivered, handler, cost])


if __name__ == "__main__":
    main()
