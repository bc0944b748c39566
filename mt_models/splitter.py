"""Cutting over-long segments into pieces a model can take, so nothing is ever truncated."""

from __future__ import annotations

import re
from collections.abc import Callable

# From the strongest boundary to the weakest; words are the last resort before characters.
_BOUNDARIES = [
    re.compile(r"(?<=[.!?…])\s+"),
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=,)\s+|\s+(?=[-–—]\s)"),
    re.compile(r"\s+"),
]

CountTokens = Callable[[str], int]


def split_long(text: str, count: CountTokens, limit: int) -> list[tuple[str, str]]:
    """Split text into (piece, separator) pairs, each piece at most `limit` tokens.

    Joining every piece followed by its separator gives the text back exactly.
    """
    if count(text) <= limit:
        return [(text, "")]
    return _split(text, "", count, limit, 0)


def _split(text: str, tail: str, count: CountTokens, limit: int,
           level: int) -> list[tuple[str, str]]:
    if count(text) <= limit:
        return [(text, tail)]
    if level >= len(_BOUNDARIES):
        return _split_chars(text, tail, count, limit)
    parts = _cut(text, _BOUNDARIES[level])
    if len(parts) == 1:
        return _split(text, tail, count, limit, level + 1)
    out: list[tuple[str, str]] = []
    for chunk, sep in _pack(parts, count, limit):
        out += _split(chunk, sep, count, limit, level + 1)
    last_piece, _ = out[-1]
    out[-1] = (last_piece, tail)
    return out


def _cut(text: str, boundary: re.Pattern[str]) -> list[tuple[str, str]]:
    """Cut at every boundary; each part keeps the whitespace that followed it."""
    parts, start = [], 0
    for m in boundary.finditer(text):
        if m.start() > start:
            parts.append((text[start:m.start()], m.group(0)))
            start = m.end()
    parts.append((text[start:], ""))
    return parts


def _pack(parts: list[tuple[str, str]], count: CountTokens,
          limit: int) -> list[tuple[str, str]]:
    """Greedily merge neighbouring parts while the merged piece stays within the limit."""
    packed: list[tuple[str, str]] = []
    cur, cur_sep, cur_tokens = "", "", 0
    for piece, sep in parts:
        # SentencePiece splits at whitespace first, so counts add up across these cuts.
        n = count(piece)
        if cur and cur_tokens + n <= limit:
            cur, cur_sep, cur_tokens = cur + cur_sep + piece, sep, cur_tokens + n
            continue
        if cur:
            packed.append((cur, cur_sep))
        cur, cur_sep, cur_tokens = piece, sep, n
    packed.append((cur, cur_sep))
    return packed


def _split_chars(text: str, tail: str, count: CountTokens, limit: int) -> list[tuple[str, str]]:
    """A single word too long for the model (a pasted hash, a run of symbols): halve it."""
    if count(text) <= limit or len(text) <= 1:
        return [(text, tail)]
    mid = len(text) // 2
    return _split_chars(text[:mid], "", count, limit) + _split_chars(text[mid:], tail, count, limit)
