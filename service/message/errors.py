"""Errors of the message domain; each says what to do next."""

from __future__ import annotations

from service.errors import Forbidden, InvalidInput, NotFound


class MessageNotFound(NotFound):
    code = "message_not_found"
    title = "Message not found"

    def __init__(self, message_id: int) -> None:
        super().__init__(f"No message {message_id} in this thread.")


class AttachmentNotFound(NotFound):
    code = "attachment_not_found"
    title = "Attachment not available"

    def __init__(self, attachment_id: int) -> None:
        super().__init__(f"Attachment {attachment_id} is not in this message, or was purged under the "
                         "retention policy.")


class EmptyMessage(InvalidInput):
    code = "empty_message"
    title = "Empty message"

    def __init__(self) -> None:
        super().__init__("Write the message (at most 10,000 characters) or attach a file.", field="body")


class MessageTooLong(InvalidInput):
    code = "message_too_long"
    title = "Message too long"

    def __init__(self, limit: int) -> None:
        super().__init__(f"A message has at most {limit:,} characters; split it or attach a document.",
                         field="body", limit=limit)


class TooManyAttachments(InvalidInput):
    code = "too_many_attachments"
    title = "Too many attachments"

    def __init__(self, limit: int) -> None:
        super().__init__(f"At most {limit} files per message; send the others in a second message.",
                         field="files", limit=limit)


class NotInThread(Forbidden):
    code = "not_in_thread"
    title = "You cannot write in this thread"

    def __init__(self) -> None:
        super().__init__("Only the caisse's agents, the assigned translator and managers write on a request; "
                         "ask a manager to assign the request to you.")


class WaitNotAllowed(Forbidden):
    code = "wait_not_allowed"
    title = "Only staff mark a request as waiting"

    def __init__(self) -> None:
        super().__init__("Only the assigned translator or a manager marks a request as waiting for its "
                         "submitter; your message was not sent.")
