"""Glossaries: termbases (TBX, CSV/TSV), term matching in source text, enforcement and checks.

A library: standard library and translate-toolkit only; no web, database or Celery.
"""

from __future__ import annotations

from pathlib import Path

from glossaries.errors import GlossaryError, TermbaseFormatError
from glossaries.matching import Enforcement, TermHit, check, enforce, find_terms, stored_hit, term_pattern
from glossaries.termbase import Concept, Entry, Term, Termbase

# The social-security termbase written by the team (fr, de, es, it, pt, en).
STARTER_TERMBASE = Path(__file__).parent / "data" / "social-security.tbx"

__all__ = [
    "STARTER_TERMBASE",
    "Concept",
    "Enforcement",
    "Entry",
    "GlossaryError",
    "Term",
    "TermHit",
    "Termbase",
    "TermbaseFormatError",
    "check",
    "enforce",
    "find_terms",
    "stored_hit",
    "term_pattern",
]
