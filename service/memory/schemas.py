"""What a translation-memory lookup returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """A memory hit: the stored translation and how close its source is (100 for an exact match).

    `text` carries the new segment's own values where the entry had placeholders (`adapted`); the
    placeholders nothing in the new segment fills stay in it, listed in `unfilled`. `source_text`
    is the entry's source, with its placeholders.
    """

    text: str
    score: float
    exact: bool
    source_text: str
    entry_id: int
    origin: str
    adapted: bool = False
    unfilled: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    """What a TMX import did: units in the file, entries added and updated, units lacking the pair."""

    units: int
    added: int
    updated: int
    skipped: int
