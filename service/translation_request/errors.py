"""Errors of the translation-request domain; each says what to do next."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput, NotFound, ServiceError


class RequestNotFound(NotFound):
    code = "request_not_found"
    title = "Request not found"

    def __init__(self, request_id: int | str) -> None:
        super().__init__(f"No translation request {request_id} that you may see.")


class IllegalTransition(Conflict):
    code = "illegal_transition"
    title = "Not possible in the request's current status"

    def __init__(self, reference: str, current: str, target: str) -> None:
        super().__init__(f"Request {reference} is '{current}'; it cannot become '{target}'.",
                         current_status=current, requested_status=target)


class EmptyFile(InvalidInput):
    code = "empty_file"
    title = "Empty file"

    def __init__(self) -> None:
        super().__init__("The uploaded file is empty (0 bytes); choose the document again and resend it.")


class FileTooLarge(ServiceError):
    status_code = 413
    code = "file_too_large"
    title = "File too large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"The file is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB. "
                         "Split the document or scan it at a lower resolution.", limit_bytes=limit)


class TextTooLong(ServiceError):
    status_code = 413
    code = "too_many_characters"
    title = "Text too long for one request"

    def __init__(self, characters: int, limit: int) -> None:
        super().__init__(f"The text holds at least {characters:,} characters; one request may hold at most {limit:,} "
                         f"(about {limit // 1500} pages of 1,500 characters). Split it into several files and "
                         "submit each one.", limit_characters=limit)


class UnsupportedFileType(ServiceError):
    status_code = 415
    code = "unsupported_file_type"
    title = "Unsupported file type"

    def __init__(self, detail: str) -> None:
        super().__init__(detail + " Accepted: PDF, PNG, JPEG, TIFF, plain text (UTF-8), DOCX.")


class ExtensionMismatch(ServiceError):
    status_code = 415
    code = "extension_mismatch"
    title = "File name does not match its content"

    def __init__(self, filename: str, mime: str) -> None:
        super().__init__(f"'{filename}' is named like another type but its content is {mime}. "
                         "Rename the file with the right extension or send the intended document.",
                         detected_type=mime)


class UnknownLanguage(InvalidInput):
    code = "unknown_language"
    title = "Unknown or unsupported language"

    def __init__(self, field: str, value: str, supported: list[str]) -> None:
        super().__init__(f"{field} '{value}' is not a supported ISO 639-1 code; use one of: "
                         f"{', '.join(supported)}.", field=field, supported=supported)


class InvalidMetadata(InvalidInput):
    code = "invalid_metadata"
    title = "Invalid request metadata"

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}", field=field)


class DocumentUnavailable(NotFound):
    code = "document_unavailable"
    title = "Document not available"


class NoOfferPending(Conflict):
    code = "no_offer_pending"
    title = "No offer waits for an answer"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Request {reference} has no offer waiting for an answer (no earlier certified "
                         "translation, no standard form recognised, or the offer was already answered).")
