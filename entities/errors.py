"""Errors raised by the entity library; each message says what to do next."""

from __future__ import annotations


class EntitiesError(Exception):
    """Base of every entity-library error; `code` is a stable slug."""

    code = "entities_error"


class UnknownKindError(EntitiesError):
    """A caller asked for an entity kind the detector does not know."""

    code = "entities_unknown_kind"

    def __init__(self, kinds: object, known: tuple[str, ...]) -> None:
        self.kinds = kinds
        super().__init__(f"Unknown entity kind(s) {kinds!r}. Use only these kinds: {', '.join(known)}.")


class UnknownPlaceholderError(EntitiesError):
    """A text to unmask carries a placeholder that the masking never produced."""

    code = "entities_unknown_placeholder"

    def __init__(self, placeholders: list[str]) -> None:
        self.placeholders = placeholders
        super().__init__(
            f"Placeholder(s) {', '.join(placeholders)} were not produced by the masking of this document, so "
            "there is no value to restore. Check the returned file against the package that was sent, or "
            "unmask with the placeholders of that package.")


class DataFileError(EntitiesError):
    """A data file shipped with the library (gazetteer, exonyms) cannot be read."""

    code = "entities_bad_data"

    def __init__(self, path: str, line: int, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        super().__init__(f"{path}, line {line}: {problem}. Fix the data file; each line has the columns "
                         "named in its header comment, separated by tabs.")
