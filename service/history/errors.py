"""Errors of the history import; each says what to fix in the file."""

from __future__ import annotations

from service.errors import InvalidInput
from service.history.schemas import RowError

SHOWN_ERRORS = 20


class HistoryHeaderInvalid(InvalidInput):
    code = "history_header_invalid"
    title = "History file header invalid"

    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason} The first line must name exactly these columns: reference, caisse_code, "
                         "source_lang, target_lang, pages, received_on, delivered_on, handled_by, "
                         "external_cost_eur (or their French titles, see the README).")


class HistoryNotUtf8(InvalidInput):
    code = "history_not_utf8"
    title = "History file encoding unknown"

    def __init__(self, line: int) -> None:
        super().__init__(f"Line {line} is neither UTF-8, UTF-16 nor Windows-1252 text; export the file again "
                         "from Excel as \"CSV UTF-8\" or \"CSV (séparateur : point-virgule)\".", line=line)


class HistoryFileInvalid(InvalidInput):
    code = "history_file_invalid"
    title = "History file refused"

    def __init__(self, errors: list[RowError]) -> None:
        shown = "; ".join(f"line {e.line}: {e.reason}" for e in errors[:SHOWN_ERRORS])
        more = f" (and {len(errors) - SHOWN_ERRORS} more)" if len(errors) > SHOWN_ERRORS else ""
        super().__init__(f"{len(errors)} invalid row(s), nothing was imported: {shown}{more}. "
                         "Fix these rows, or import the valid rows only with --skip-invalid.",
                         errors=[e.model_dump() for e in errors])
        self.errors = errors
