"""Queries on the translation memory tables (no business rules here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.models.memory import MemoryEntry, MemoryWord


def find_exact(session: Session, *, source_lang: str, target_lang: str, hashes: Sequence[str]
               ) -> dict[str, MemoryEntry]:
    """Entries whose normalised source has one of these hashes, by hash."""
    if not hashes:
        return {}
    rows = session.scalars(select(MemoryEntry).where(
        MemoryEntry.source_lang == source_lang, MemoryEntry.target_lang == target_lang,
        MemoryEntry.source_hash.in_(set(hashes))))
    return {row.source_hash: row for row in rows}


_EXACT = text("SELECT source_hash, id, source_text, target_text, origin FROM memory_entry "
              "WHERE source_lang = :s AND target_lang = :t AND source_hash IN :hashes"
              ).bindparams(bindparam("hashes", expanding=True))


def exact_rows(session: Session, *, source_lang: str, target_lang: str, hashes: Sequence[str]
               ) -> dict[str, tuple[int, str, str, str]]:
    """(id, source, target, origin) by hash, read without building ORM objects (the hot path)."""
    if not hashes:
        return {}
    rows = session.execute(_EXACT, {"s": source_lang, "t": target_lang, "hashes": list(set(hashes))})
    return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}


def upsert(session: Session, values: dict[str, Any]) -> int:
    """Insert an entry, or update the target and provenance of the same source; return its id."""
    dialect = session.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = builder(MemoryEntry).values(**values)
    keep = {k: stmt.excluded[k] for k in ("target_text", "origin", "request_id", "user_id")}
    upsert_stmt = stmt.on_conflict_do_update(index_elements=["source_lang", "target_lang", "source_hash"],
                                             set_={**keep, "updated_at": func.now()})
    return int(session.execute(upsert_stmt.returning(MemoryEntry.id)).scalar_one())


def add_postings(session: Session, rows: Iterable[dict[str, int]]) -> None:
    """Index an entry's words; postings already present are left alone."""
    rows = list(rows)
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(builder(MemoryWord).on_conflict_do_nothing(), rows)


def bulk_insert(session: Session, entries: list[dict[str, Any]]) -> list[int]:
    """Insert new entries in one statement; return their ids in the same order."""
    if not entries:
        return []
    result = session.execute(insert(MemoryEntry).returning(MemoryEntry.id, sort_by_parameter_order=True),
                             entries)
    return [row[0] for row in result]


def bulk_postings(session: Session, rows: list[dict[str, int]]) -> None:
    """Insert postings of brand-new entries (no conflict possible)."""
    if rows:
        session.execute(insert(MemoryWord), rows)


# Postings read per word at most: a word in more entries than this says little about a match,
# and reading further would cost more than it tells.
POSTINGS_CAP = 1000


def _nearest_postings(weights: dict[int, float]) -> tuple[str, dict[str, int | float]]:
    """SQL selecting, per word, the POSTINGS_CAP entries closest in length to the query.

    Two index range scans per word, one upwards from the query length and one downwards,
    so near-identical segments (same length give or take a word) are never beyond the cap.
    Each posting carries its word's weight (rarer words weigh more).
    """
    half, parts = POSTINGS_CAP // 2, []
    params: dict[str, int | float] = {}
    for n, (g, weight) in enumerate(weights.items()):
        for side, bounds, order in (("up", ":mid AND :hi", "length"),
                                    ("down", ":lo AND :below", "length DESC")):
            parts.append(f"SELECT entry_id, :w{n} AS w FROM (SELECT entry_id FROM memory_word "
                         f"WHERE gram = :g{n} AND length BETWEEN {bounds} ORDER BY {order} "
                         f"LIMIT {half}) AS {side}{n}")
        params[f"g{n}"], params[f"w{n}"] = g, weight
    return " UNION ALL ".join(parts), params


def posting_counts(session: Session, grams: Sequence[int], lo: int, hi: int) -> dict[int, int]:
    """How many entries of a similar length contain each word, counted up to POSTINGS_CAP."""
    if not grams:
        return {}
    parts, params = [], {"lo": lo, "hi": hi}
    for n, g in enumerate(grams):
        # Counting a bounded sub-select reads at most POSTINGS_CAP index entries per word.
        parts.append(f"SELECT {n} AS k, count(*) AS c FROM (SELECT 1 AS one FROM memory_word "
                     f"WHERE gram = :g{n} AND length BETWEEN :lo AND :hi LIMIT {POSTINGS_CAP}) AS q{n}")
        params[f"g{n}"] = g
    rows = session.execute(text(" UNION ALL ".join(parts)), params)
    return {grams[k]: c for k, c in rows}


def candidates(session: Session, weights: dict[int, float], length: int, lo: int, hi: int, *,
               limit: int) -> list[int]:
    """Ids of the entries closest in length to `length` sharing the most weight of these words."""
    if not weights:
        return []
    postings, params = _nearest_postings(weights)
    sql = (f"SELECT entry_id FROM ({postings}) AS postings GROUP BY entry_id "
           f"ORDER BY sum(w) DESC, entry_id LIMIT {int(limit)}")
    bounds = {"lo": lo, "below": length - 1, "mid": length, "hi": hi}
    return list(session.scalars(text(sql), {**params, **bounds}))


_SOURCES = text("SELECT id, source_text, target_text, origin FROM memory_entry WHERE id IN :ids"
                ).bindparams(bindparam("ids", expanding=True))


def sources(session: Session, ids: Sequence[int]) -> list[tuple[int, str, str, str]]:
    """(id, source, target, origin) of entries, read without building ORM objects."""
    if not ids:
        return []
    return [tuple(row) for row in session.execute(_SOURCES, {"ids": list(ids)})]  # type: ignore[misc]


def iter_pair(session: Session, *, source_lang: str, target_lang: str, batch: int = 1000
              ) -> Iterable[MemoryEntry]:
    """Every entry of a language pair, oldest first, read in batches."""
    last = 0
    while True:
        rows = list(session.scalars(select(MemoryEntry).where(
            MemoryEntry.source_lang == source_lang, MemoryEntry.target_lang == target_lang,
            MemoryEntry.id > last).order_by(MemoryEntry.id).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def count(session: Session, *, source_lang: str | None = None, target_lang: str | None = None) -> int:
    """Number of entries, optionally in one pair."""
    query = select(func.count()).select_from(MemoryEntry)
    if source_lang:
        query = query.where(MemoryEntry.source_lang == source_lang)
    if target_lang:
        query = query.where(MemoryEntry.target_lang == target_lang)
    return session.scalar(query) or 0
