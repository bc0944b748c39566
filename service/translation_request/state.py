"""The request lifecycle: which status may follow which.

The moves of the automatic steps (extraction, drafting, routing: into each step, out of it, to `failed`
and back on retry) come from the pipeline table; the moves people make are listed here.
"""

from __future__ import annotations

from service.models.enums import RequestStatus as S
from service.translation_request.pipeline import automatic_transitions

# Routing's outcomes, revision, outsourcing, delivery, and cancelling what people hold.
_BY_PEOPLE: dict[S, set[S]] = {
    # Back to `received` when the source language is corrected before revision starts (read and drafted anew).
    S.DRAFTED: {S.ASSIGNED, S.OUTSOURCED, S.CANCELLED, S.RECEIVED},
    S.ASSIGNED: {S.ASSIGNED, S.IN_REVISION, S.OUTSOURCED, S.DRAFTED, S.CANCELLED, S.RECEIVED},
    S.IN_REVISION: {S.DELIVERED, S.ASSIGNED, S.OUTSOURCED, S.CANCELLED},
    S.OUTSOURCED: {S.RETURNED, S.DRAFTED, S.CANCELLED},
    S.RETURNED: {S.CERTIFIED, S.OUTSOURCED, S.IN_REVISION, S.CANCELLED},
    S.CERTIFIED: {S.DELIVERED},
    S.FAILED: {S.CANCELLED},
}


def _merged() -> dict[S, frozenset[S]]:
    automatic = automatic_transitions()
    return {status: frozenset(_BY_PEOPLE.get(status, set()) | automatic.get(status, set())) for status in S}


TRANSITIONS: dict[S, frozenset[S]] = _merged()

OPEN_STATUSES = frozenset(set(S) - {S.DELIVERED, S.CANCELLED})


def can_transition(current: S, target: S) -> bool:
    """Whether `target` may follow `current`."""
    return target in TRANSITIONS[current]
