"""Errors of the segment domain."""

from __future__ import annotations

from service.errors import ServiceError

# Stored on the request when drafting stops on a bug (the library's own codes are kept as they are).
DRAFTING_FAILED = "drafting_failed"
DRAFTING_FAILED_DETAIL = (
    "Drafting stopped on an unexpected error. The extracted text is kept: a manager can retry the request, "
    "and if it fails again, report the request reference to the administrators."
)


class DraftingFailed(ServiceError):
    """Drafting cannot go on (a broken model, for instance); recorded on the request as a failure."""

    status_code = 500
    code = "drafting_failed"
    title = "Drafting failed"

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        # The library's own slug (e.g. "mt_corrupt_model") tells the operator what broke.
        self.failure_code = code
