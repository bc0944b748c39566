"""Errors of the indicator domain; each says what to do next."""

from __future__ import annotations

from datetime import date

from service.errors import InvalidInput


class InvalidPeriod(InvalidInput):
    code = "invalid_period"
    title = "Invalid period"

    def __init__(self, start: date, end: date) -> None:
        super().__init__(f"The period {start.isoformat()} to {end.isoformat()} is empty; give an end date "
                         "on or after the start date, or a year alone.")


class InvalidYear(InvalidInput):
    code = "invalid_year"
    title = "Invalid year"

    def __init__(self, year: int) -> None:
        super().__init__(f"Year {year} is out of range; give a year between 2000 and 2100.")


class InvalidTarget(InvalidInput):
    code = "invalid_target"
    title = "Invalid target"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"The target '{field}' {reason}", field=field)


class UnknownExportFormat(InvalidInput):
    code = "unknown_export_format"
    title = "Unknown export format"

    def __init__(self, fmt: str) -> None:
        super().__init__(f"No export in format '{fmt}'; ask for 'csv' or 'xlsx'.")
