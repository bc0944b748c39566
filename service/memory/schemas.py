"""What a translation-memory lookup returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """A memory hit: the stored translation and how close its source is (100 for an exact match)."""

    text: str
    score: float
    exact: bool
    source_text: str
    entry_id: int
    origin: str


@dataclass(frozen=True)
class ImportReport:
    """What a TMX import did."""

    added: int
    updated: int
    skipped: int
