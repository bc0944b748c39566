"""Inline codes of XLIFF and TMX kept in plain text as protected tokens.

Segments and memory entries are plain text. An inline code of an interchange file (formatting, a line
break, a field of the original document) becomes a numbered token, in the style CAT tools show them:
`<g1>` ... `</g1>` for a paired code around text, `<x2/>` for a standalone one. The readers turn the
file's codes into tokens and the writers turn the tokens back into codes, so nothing is silently
dropped and a round trip gives back the same codes. The number is the code's rank in the unit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

TOKEN = re.compile(r"<(/?)g(\d+)>|<x(\d+)/>")


@dataclass(frozen=True)
class Token:
    """One token: `kind` is "open", "close" or "standalone"; `n` its number."""

    kind: str
    n: int

    def __str__(self) -> str:
        if self.kind == "standalone":
            return f"<x{self.n}/>"
        return f"<{'/' if self.kind == 'close' else ''}g{self.n}>"


def split(text: str) -> list[str | Token]:
    """`text` as runs of plain text and tokens, in order (empty runs left out)."""
    parts: list[str | Token] = []
    position = 0
    for match in TOKEN.finditer(text):
        if match.start() > position:
            parts.append(text[position:match.start()])
        if match.group(3) is not None:
            parts.append(Token("standalone", int(match.group(3))))
        else:
            parts.append(Token("close" if match.group(1) else "open", int(match.group(2))))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return parts


def tokens(text: str) -> Counter[Token]:
    """The tokens of `text`, counted."""
    return Counter(part for part in split(text) if isinstance(part, Token))


def without_tokens(text: str) -> str:
    """`text` with every token removed (what the words alone say)."""
    return TOKEN.sub("", text)


def unbalanced(text: str) -> list[int]:
    """Numbers of paired tokens that are not properly opened and closed around text."""
    open_: list[int] = []
    bad: list[int] = []
    for part in split(text):
        if not isinstance(part, Token) or part.kind == "standalone":
            continue
        if part.kind == "open":
            open_.append(part.n)
        elif open_ and open_[-1] == part.n:
            open_.pop()
        else:
            bad.append(part.n)
    return bad + open_
