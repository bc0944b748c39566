"""Errors of the translation-memory domain."""

from __future__ import annotations

from service.errors import InvalidInput


class InvalidTmx(InvalidInput):
    """An uploaded TMX file cannot be read, or holds no unit in the requested language pair."""

    code = "memory_invalid_tmx"
    title = "Unreadable TMX file"
