"""Errors of the consultation domain; each says what to do next."""

from __future__ import annotations

from service.errors import Conflict, Forbidden, InvalidInput, NotFound


class ConsultationNotFound(NotFound):
    code = "consultation_not_found"
    title = "Consultation not found"

    def __init__(self, consultation_id: int) -> None:
        super().__init__(f"No consultation {consultation_id} that you may see.")


class NotAPartner(Forbidden):
    code = "not_a_partner"
    title = "Partner account required"

    def __init__(self) -> None:
        super().__init__("Only accounts of a partner organisation ask consultations; ask an administrator to "
                         "attach your account to your organisation.")


class StaffOnly(Forbidden):
    code = "staff_only"
    title = "Only the expert answers"

    def __init__(self) -> None:
        super().__init__("Only the consultation's expert or a manager does this.")


class IllegalConsultationMove(Conflict):
    code = "illegal_consultation_move"
    title = "Not possible in the consultation's current status"

    def __init__(self, reference: str, current: str, action: str) -> None:
        super().__init__(f"Consultation {reference} is '{current}'; it cannot be {action}.",
                         current_status=current, action=action)


class InvalidConsultation(InvalidInput):
    code = "invalid_consultation"
    title = "Invalid consultation"

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}", field=field)


class AlreadyConverted(Conflict):
    code = "already_converted"
    title = "Already turned into a translation request"

    def __init__(self, reference: str, request_id: int) -> None:
        super().__init__(f"Consultation {reference} already became request {request_id}.",
                         request_id=request_id)


class NoDocument(Conflict):
    code = "no_document"
    title = "No document to translate"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Consultation {reference} has no attached document: attach it in a message first.")
