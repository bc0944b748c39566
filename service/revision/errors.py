"""Errors of revision and delivery; each says what to do next."""

from __future__ import annotations

from typing import Any

from service.errors import Conflict, Forbidden, InvalidInput, NotFound


class NotYourRequest(Forbidden):
    code = "not_your_request"
    title = "Request assigned to someone else"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Request {reference} is assigned to another translator; "
                         "ask a manager to reassign it.")


class PairNotCovered(Forbidden):
    code = "pair_not_covered"
    title = "Language pair not covered"

    def __init__(self, reference: str, pair: str) -> None:
        super().__init__(f"You do not translate {pair}, so you cannot take {reference}; "
                         "ask a manager to add the pair to your profile.")


class NotInRevision(Conflict):
    code = "not_in_revision"
    title = "Request not in revision"

    def __init__(self, reference: str, status: str) -> None:
        super().__init__(f"Request {reference} is '{status}'; segments can be edited only in revision. "
                         "Start the revision first (POST .../revision/start).", current_status=status)


class SegmentChanged(Conflict):
    code = "segment_changed"
    title = "Segment changed meanwhile"

    def __init__(self, position: int, *, current_text: str | None, current_version: int | None,
                 current_status: str | None) -> None:
        known = current_version is not None
        super().__init__(
            f"Segment {position} was saved by someone else (or another tab) since you read it: your text was not "
            + ("saved. Its current text and version are in this answer; merge your change into it and send it "
               "again with If-Match set to the current version." if known else
               "saved. Read the segment again (GET .../segments/{position}) and send your change again."),
            position=position, current_text=current_text, current_version=current_version,
            current_status=current_status)
        self.headers = {"ETag": f'"{current_version}"'} if known else {}


class SegmentNotFound(NotFound):
    code = "segment_not_found"
    title = "Segment not found"

    def __init__(self, reference: str, position: int) -> None:
        super().__init__(f"Request {reference} has no segment at position {position}; "
                         "list the segments to see their positions.")


class NothingToJustify(InvalidInput):
    code = "nothing_to_justify"
    title = "No such open QA issue"

    def __init__(self, position: int, code: str) -> None:
        super().__init__(f"Segment {position} has no open QA issue '{code}' that can be justified; "
                         "reload the QA report.", position=position, issue_code=code)


class QaBlocking(Conflict):
    code = "qa_blocking"
    title = "Quality checks not passed"

    def __init__(self, reference: str, issues: list[dict[str, Any]]) -> None:
        super().__init__(f"Request {reference} has {len(issues)} open QA issue(s); fix or justify each "
                         "before delivering.", issues=issues)


class NotDeliverable(Conflict):
    code = "not_deliverable"
    title = "Request cannot be delivered now"

    def __init__(self, reference: str, status: str) -> None:
        super().__init__(f"Request {reference} is '{status}'; only a request in revision (in-house) or "
                         "certified (outsourced) can be delivered.", current_status=status)


class NothingToDeliver(Conflict):
    code = "nothing_to_deliver"
    title = "No translated text"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Request {reference} has no translated text to deliver; check that its text was "
                         "extracted and its segments revised, or retry the extraction.")


class NotStartable(Conflict):
    code = "revision_not_startable"
    title = "Revision cannot start now"

    def __init__(self, reference: str, status: str) -> None:
        super().__init__(f"Request {reference} is '{status}'; a revision starts once the drafts are ready "
                         "and the request is assigned or in the pool.", current_status=status)


class AlreadyTaken(Conflict):
    code = "already_taken"
    title = "Request already taken"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Another translator has just taken {reference}; choose another request "
                         "from the pool.")


class NotAnExtract(Conflict):
    code = "not_an_extract"
    title = "Not an extract translation"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Request {reference} is a full translation: every segment is translated. Only a "
                         "request submitted with scope=extract has segments to mark.")
