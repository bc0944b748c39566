"""Errors raised by the glossary library; each message says what to do next."""

from __future__ import annotations

from pathlib import Path


class GlossaryError(Exception):
    """Base of every glossary error; `code` is a stable slug."""

    code = "glossary_error"


class TermbaseFormatError(GlossaryError):
    """A termbase file cannot be read: unknown extension, bad XML or CSV, missing languages."""

    code = "glossary_bad_format"

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path, self.problem = Path(path), problem
        super().__init__(
            f"Cannot read termbase {path}: {problem}. Termbases are TBX files (TBX-Basic, TBX v2 with <tig> "
            "or <ntig>, TBX v3), or CSV/TSV files with columns source term, target term, optional note and "
            "part of speech."
        )
