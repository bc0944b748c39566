"""The request lifecycle: which status may follow which."""

from __future__ import annotations

from service.models.enums import RequestStatus as S

TRANSITIONS: dict[S, frozenset[S]] = {
    S.RECEIVED: frozenset({S.EXTRACTING, S.FAILED, S.CANCELLED}),
    S.EXTRACTING: frozenset({S.EXTRACTED, S.FAILED, S.CANCELLED}),
    S.EXTRACTED: frozenset({S.DRAFTING, S.FAILED, S.CANCELLED}),
    S.DRAFTING: frozenset({S.DRAFTED, S.FAILED, S.CANCELLED}),
    S.DRAFTED: frozenset({S.ASSIGNED, S.OUTSOURCED, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.IN_REVISION, S.OUTSOURCED, S.DRAFTED, S.CANCELLED}),
    S.IN_REVISION: frozenset({S.DELIVERED, S.ASSIGNED, S.OUTSOURCED, S.CANCELLED}),
    S.OUTSOURCED: frozenset({S.RETURNED, S.DRAFTED, S.CANCELLED}),
    S.RETURNED: frozenset({S.CERTIFIED, S.OUTSOURCED, S.IN_REVISION, S.CANCELLED}),
    S.CERTIFIED: frozenset({S.DELIVERED}),
    S.FAILED: frozenset({S.RECEIVED, S.EXTRACTED, S.DRAFTED, S.CANCELLED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Where a failed request goes back to when retried: the state before the step that failed.
RETRY_FROM: dict[S, S] = {
    S.RECEIVED: S.RECEIVED,
    S.EXTRACTING: S.RECEIVED,
    S.EXTRACTED: S.EXTRACTED,
    S.DRAFTING: S.EXTRACTED,
    S.DRAFTED: S.DRAFTED,
}

OPEN_STATUSES = frozenset(set(S) - {S.DELIVERED, S.CANCELLED})


def can_transition(current: S, target: S) -> bool:
    """Whether `target` may follow `current`."""
    return target in TRANSITIONS[current]
