"""Fast multi-row INSERT (optionally upsert on `reference`) of requests, straight to the driver.

The ORM's per-row bookkeeping costs more than the database itself at 50,000+ rows, so history imports,
the simulated year and benchmarks send plain rows to the driver: `executemany` in chunks on SQLite,
COPY into a temporary table then one INSERT ... SELECT on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.indicator import rollup
from service.indicator.sql import TR

TABLE = "translation_request"
DATE_COLUMNS = frozenset({"received_on", "due_on", "delivered_on"})
BOOL_COLUMNS = frozenset({"imported"})
CHUNK = 5000


def insert_requests(session: Session, rows: Sequence[dict[str, Any]], *,
                    update_columns: Iterable[str] = ()) -> None:
    """INSERT `rows` (same keys each); with `update_columns`, an import upsert on `reference`.

    The upsert only overwrites rows that were themselves imported: a live request is never touched.
    `warnings` (JSON) must already be serialised text; timestamps come from the server defaults.
    """
    if not rows:
        return
    connection = session.connection()
    columns = list(rows[0])
    # These writes bypass the ORM's flush: the rollup of every month they touch is recomputed here.
    months = {rollup.month_of(_day(r["delivered_on"])) for r in rows if r.get("delivered_on")}
    if update_columns:
        months |= _delivered_months(session, [r["reference"] for r in rows])
    if connection.dialect.name == "postgresql":
        _copy_then_insert(connection.connection.driver_connection, rows, columns, list(update_columns))
    else:
        sql = _statement("sqlite", columns, list(update_columns))
        for start in range(0, len(rows), CHUNK):
            connection.exec_driver_sql(sql, [_sqlite_row(r) for r in rows[start:start + CHUNK]])
    rollup.refresh(session, months)


def _delivered_months(session: Session, references: list[str]) -> set[str]:
    """The delivery months the requests of `references` have now (before an upsert changes them)."""
    months: set[str] = set()
    for start in range(0, len(references), CHUNK):
        chunk = references[start:start + CHUNK]
        months |= {rollup.month_of(_day(d)) for d in session.scalars(
            select(TR.delivered_on).where(TR.reference.in_(chunk), TR.delivered_on.is_not(None)).distinct())}
    return months


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _copy_then_insert(raw: Any, rows: Sequence[dict[str, Any]], columns: list[str],
                      update_columns: list[str]) -> None:
    """PostgreSQL: COPY into a temporary table, then one INSERT ... SELECT (ten times executemany's rate)."""
    names = ", ".join(columns)
    select_sql = _statement("postgresql", columns, update_columns).replace(
        f"VALUES ({', '.join(f'%({c})s' for c in columns)})", f"SELECT {names} FROM _request_staging")
    with raw.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE _request_staging ON COMMIT DROP AS "
                       f"SELECT {names} FROM {TABLE} WITH NO DATA")
        with cursor.copy(f"COPY _request_staging ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        cursor.execute(select_sql)
        cursor.execute("DROP TABLE _request_staging")


def _statement(dialect: str, columns: list[str], update_columns: list[str]) -> str:
    mark = (lambda c: f":{c}") if dialect == "sqlite" else (lambda c: f"%({c})s")
    sql = (f"INSERT INTO {TABLE} ({', '.join(columns)}) "
           f"VALUES ({', '.join(mark(c) for c in columns)})")
    if update_columns:
        sets = ", ".join(f"{c} = excluded.{c}" for c in update_columns)
        sql += (f" ON CONFLICT (reference) DO UPDATE SET {sets}, updated_at = CURRENT_TIMESTAMP"
                f" WHERE {TABLE}.imported")
    return sql


def _sqlite_row(row: dict[str, Any]) -> dict[str, Any]:
    # SQLAlchemy stores SQLite dates as ISO text and booleans as 0/1; keep the same representation.
    out = dict(row)
    for column in DATE_COLUMNS & out.keys():
        value = out[column]
        if isinstance(value, date):
            out[column] = value.isoformat()
    for column in BOOL_COLUMNS & out.keys():
        out[column] = int(out[column])
    return out
