"""Rewrite existing memory entries with placeholders (the migration `memory_placeholders` runs it).

Plain SQL on a connection, not the ORM models, so it keeps working while later migrations change
the tables. Each entry is masked like a newly remembered segment; an entry whose values cannot all
be placed is deleted (it would bring a person's values into another document); entries that become
the same masked sentence are merged, the most recently updated translation kept. The word index is
rebuilt for every entry left.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text as sql
from sqlalchemy.engine import Connection

from service.memory import text
from service.memory.service import masked_pair

BATCH = 500


@dataclass(frozen=True)
class ScrubReport:
    """What the scrub did."""

    rewritten: int
    merged: int
    deleted: int


def scrub(conn: Connection) -> ScrubReport:
    """Mask every entry's values, merge entries that become identical, drop those that cannot be masked."""
    kept: dict[tuple[str, str, str], int] = {}
    rewritten = merged = deleted = 0
    rows = conn.execute(sql("SELECT id, source_lang, target_lang, source_text, target_text FROM memory_entry "
                            "ORDER BY updated_at DESC, id DESC")).all()
    conn.execute(sql("DELETE FROM memory_word"))
    for entry_id, source_lang, target_lang, source_text, target_text in rows:
        pair = masked_pair(source_text, target_text, source_lang=source_lang, target_lang=target_lang)
        norm = text.normalise(pair[0]) if pair else ""
        key = (source_lang, target_lang, text.source_hash(norm))
        if pair is None or key in kept:
            conn.execute(sql("DELETE FROM memory_entry WHERE id = :id"), {"id": entry_id})
            merged, deleted = merged + (pair is not None), deleted + (pair is None)
            continue
        kept[key] = entry_id
        conn.execute(sql("UPDATE memory_entry SET source_text = :s, target_text = :t, source_hash = :h, "
                         "length = :n WHERE id = :id"),
                     {"s": norm, "t": pair[1].strip(), "h": key[2], "n": len(norm), "id": entry_id})
        rewritten += 1
        postings = [{"g": text.gram(source_lang, target_lang, w), "n": len(norm), "e": entry_id}
                    for w in text.words(norm)]
        if postings:
            conn.execute(sql("INSERT INTO memory_word (gram, length, entry_id) VALUES (:g, :n, :e)"), postings)
    return ScrubReport(rewritten=rewritten, merged=merged, deleted=deleted)
