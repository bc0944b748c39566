"""Where a new segment differs from the memory sentence behind its fuzzy draft."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from service.memory.placeholders import PLACEHOLDER_RE

_TOKEN = re.compile(r"⟦[^⟧]*⟧|\w+|[^\w\s]")


def differing_spans(source: str, tm_source: str, entities: Iterable[Mapping[str, Any]] = ()
                    ) -> list[tuple[int, int]]:
    """(start, end) offsets of the words of `source` that the memory's sentence does not have.

    `entities` are the source's protected values ({start, end}): where the memory sentence has a
    placeholder, the value the source puts there is not a difference (the draft carries it).
    """
    return differences(source, tm_source, entities)[0]


def differences(source: str, tm_source: str, entities: Iterable[Mapping[str, Any]] = ()
                ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The differing stretches on both sides: offsets in `source`, and offsets in `tm_source`."""
    ours = _tokens(source, entities)
    theirs = [(PLACEHOLDER_RE.sub("⟦⟧", m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(tm_source)]
    matcher = difflib.SequenceMatcher(a=[t for t, _, _ in ours], b=[t for t, _, _ in theirs], autojunk=False)
    mine: list[tuple[int, int]] = []
    other: list[tuple[int, int]] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "equal":
            _add(mine, ours[a0:a1])
            _add(other, theirs[b0:b1])
    return mine, other


def _add(spans: list[tuple[int, int]], tokens: list[tuple[str, int, int]]) -> None:
    if not tokens:
        return
    start, end = tokens[0][1], tokens[-1][2]
    if spans and start - spans[-1][1] <= 1:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))


def _tokens(text: str, entities: Iterable[Mapping[str, Any]]) -> list[tuple[str, int, int]]:
    """Words and punctuation of `text` with their offsets; each entity is one "⟦⟧" token."""
    out: list[tuple[str, int, int]] = []
    at = 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        if entity["start"] < at:
            continue
        out += [(m.group(0), at + m.start(), at + m.end()) for m in _TOKEN.finditer(text[at:entity["start"]])]
        out.append(("⟦⟧", entity["start"], entity["end"]))
        at = entity["end"]
    out += [(m.group(0), at + m.start(), at + m.end()) for m in _TOKEN.finditer(text[at:])]
    return out
