"""Errors of the knowledge base."""

from __future__ import annotations

from service.errors import Conflict, InvalidInput


class NotAnswered(Conflict):
    code = "consultation_not_answered"
    title = "Consultation not answered yet"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Consultation {reference} has no answer yet; answer it before publishing.")


class AlreadyPublished(Conflict):
    code = "already_published"
    title = "Already published"

    def __init__(self, reference: str, entry_id: int) -> None:
        super().__init__(f"Consultation {reference} is already published as entry {entry_id}.", entry_id=entry_id)


class PersonalDataLeft(InvalidInput):
    code = "personal_data_left"
    title = "Personal data left in the entry"

    def __init__(self, kinds: list[str]) -> None:
        super().__init__("The entry still contains what looks like personal data "
                         f"({', '.join(sorted(set(kinds)))}); remove it, or confirm it is not personal data.",
                         kinds=sorted(set(kinds)))
