"""Countries by ISO 3166-1 alpha-2 code with their French names, from CLDR (babel)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

# CLDR territories with two letters that are not countries (regions, groupings, private-use codes).
NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Code -> French name ("MA" -> "Maroc"), sorted by name as French readers expect."""
    names = Locale("fr").territories
    found = {code: name for code, name in names.items()
             if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES}
    return dict(sorted(found.items(), key=lambda item: _collation_key(item[1])))


def name(code: str | None) -> str:
    """The French name of `code` (the code itself when unknown)."""
    return countries().get((code or "").upper(), code or "")


def normalise(code: str) -> str | None:
    """The upper-case code when it names a country, else None."""
    upper = (code or "").strip().upper()
    return upper if upper in countries() else None


def _collation_key(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
