"""Errors of routing and assignment; each says what to do next."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, NotFound

# Stored on the request when automatic routing stops on a bug.
ROUTING_FAILED = "routing_failed"
ROUTING_FAILED_DETAIL = (
    "Automatic routing stopped on an unexpected error. The drafts are kept: a manager can retry the request "
    "or assign it by hand, and should report the request reference to the administrators."
)


class TranslatorNotFound(NotFound):
    code = "translator_not_found"
    title = "Translator not found"

    def __init__(self, user_id: int) -> None:
        super().__init__(f"No active translator with id {user_id}; "
                         "pick one from GET /api/assignment/translators.")


class TranslatorDoesNotCoverPair(InvalidInput):
    code = "translator_pair_not_covered"
    title = "Translator does not cover the language pair"

    def __init__(self, name: str, pair: str) -> None:
        super().__init__(f"{name} does not work on {pair}; add the pair to their profile or pick another "
                         "translator.", pair=pair)


class NotRoutable(Conflict):
    code = "not_routable"
    title = "Request cannot be routed now"

    def __init__(self, reference: str, status: str) -> None:
        super().__init__(f"Request {reference} is '{status}'; only drafted, assigned, in-revision or "
                         "outsourced "
                         "(not yet returned) requests can be routed.", request_status=status)


class InvalidAbsence(InvalidInput):
    code = "invalid_absence"
    title = "Invalid absence"

    def __init__(self) -> None:
        super().__init__("An absence must end on or after the day it starts; correct the dates.")


class InvalidThresholds(InvalidInput):
    code = "invalid_thresholds"
    title = "Invalid job-class thresholds"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
