"""Errors of the access log and of data-subject rights; each says what to do next."""

from __future__ import annotations

from service.errors import InvalidInput


class UnknownExportFormat(InvalidInput):
    code = "unknown_export_format"
    title = "Unknown export format"

    def __init__(self, fmt: str) -> None:
        super().__init__(f"No export format '{fmt}'; use format=csv or format=xlsx.", format=fmt)


class SubjectCriteriaMissing(InvalidInput):
    code = "subject_criteria_missing"
    title = "Say whom to look for"

    def __init__(self) -> None:
        super().__init__("Give the person's name and birth date, or one of their identifiers (NIR, IBAN, "
                         "insurance number...): a name alone matches too many people.")
