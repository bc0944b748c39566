"""What the full-text index reads: accent-folded words, and their Snowball French stems.

The same folding runs on the entries and on the query, on both engines: "Etat civil" finds "état civil".
PostgreSQL stems the folded words itself (the `french` configuration, plus `simple` for exact words);
SQLite's FTS5 has no French stemmer, so the stems computed here with Snowball (the algorithm behind
PostgreSQL's french_stem) are stored beside the words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")
# The commonest French function words (a subset of PostgreSQL's french.stop), folded.
STOP_WORDS = frozenset("""
a ai au aux avec c ce ces cet cette d dans de des du elle en est et il ils j l la le les leur leurs lui
m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sont sur t ta
te tes toi ton tu un une vos votre vous y
""".split())


def fold(text: str) -> str:
    """Lower-case `text` without accents ("État civil" -> "etat civil")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words of `text`."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    return snowballstemmer.stemmer("french")


def stems(text: str) -> list[str]:
    """The French stems of the folded words of `text`, function words left out."""
    return [str(s) for s in _stemmer().stemWords([w for w in words(text) if w not in STOP_WORDS])]
