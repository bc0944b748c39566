"""The request's automatic steps, written once: which task moves a request out of which status, and what follows.

    received ──extract──▶ extracted ──draft──▶ drafted ──route──▶ assigned | outsourced
            (extracting)             (drafting)        └──deliver_unrevised──▶ delivered  (level information)

A request with an offer pending (`offers.waits_for_answer`) has no step: it waits for the agent's answer.

Each `Step` names its Celery task, the status it starts from, the status it shows while it runs and the
status it leaves the request in; the next step is the one that starts from that status (the first whose
`applies` accepts the request, so two steps may start from one status for different requests). A failed
step is retried from the status it started from. Adding a step is one entry in `STEPS` (its statuses in
`RequestStatus`, a French label in `service/web/labels.py`): the state machine's automatic moves
(`state.TRANSITIONS`), `advance()`, retry and the stalled-request sweep all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from service.models import TranslationRequest
from service.models.enums import RequestStatus
from service.translation_request import levels, offers
from service.worker import names
from service.worker.enqueue import enqueue


def _always(_: TranslationRequest) -> bool:
    return True


def _not_waiting(request: TranslationRequest) -> bool:
    # An offer (an earlier certified translation, a standard form) waits for the agent's answer.
    return not offers.waits_for_answer(request)


def _revised(request: TranslationRequest) -> bool:
    return _not_waiting(request) and not levels.is_information(request.service_level)


def _unrevised(request: TranslationRequest) -> bool:
    return _not_waiting(request) and levels.is_information(request.service_level)


@dataclass(frozen=True)
class Step:
    """One automatic step of a request's journey."""

    name: str
    task: str
    starts_from: RequestStatus
    # Shown while the task works; None for a step done in one transaction (routing).
    running: RequestStatus | None = None
    # Where the step leaves the request; None when its service decides (routing: assigned or outsourced).
    done: RequestStatus | None = None
    # Whether the periodic sweep queues the step again for a request stalled in its statuses. Routing is not
    # swept: `drafted` is also where work waits in the pool for a translator to take it.
    resumable: bool = True
    # Which requests the step is for, when several steps start from the same status.
    applies: Callable[[TranslationRequest], bool] = _always

    @property
    def statuses(self) -> tuple[RequestStatus, ...]:
        """The statuses in which the step's task has work to do (its run-twice guard)."""
        return (self.starts_from,) if self.running is None else (self.starts_from, self.running)

    @property
    def retry_from(self) -> RequestStatus:
        """Where a request that failed in this step goes back to when retried."""
        return self.starts_from


EXTRACT = Step("extract", names.EXTRACT_TEXT, starts_from=RequestStatus.RECEIVED,
               running=RequestStatus.EXTRACTING, done=RequestStatus.EXTRACTED, applies=_not_waiting)
DRAFT = Step("draft", names.DRAFT, starts_from=RequestStatus.EXTRACTED, running=RequestStatus.DRAFTING,
             done=RequestStatus.DRAFTED, applies=_not_waiting)
ROUTE = Step("route", names.ROUTE, starts_from=RequestStatus.DRAFTED, resumable=False, applies=_revised)
# The `information` level: the machine draft is delivered at once, unrevised (`revision_service.deliver_unrevised`).
# Not swept, like routing: the sweep reads `drafted` by status, and the pool's requests waiting there for a
# translator would crowd out the others; a failed delivery is retried from `failed` as any step.
DELIVER_UNREVISED = Step("deliver_unrevised", names.DELIVER_UNREVISED, starts_from=RequestStatus.DRAFTED,
                         done=RequestStatus.DELIVERED, resumable=False, applies=_unrevised)

STEPS: tuple[Step, ...] = (EXTRACT, DRAFT, ROUTE, DELIVER_UNREVISED)


def step_for(request: TranslationRequest) -> Step | None:
    """The step that moves `request` on from its current status; None when people do (or nothing does)."""
    status = RequestStatus(request.status)
    return next((s for s in STEPS if status in s.statuses and s.applies(request)), None)


def following(step: Step, request: TranslationRequest) -> Step | None:
    """The step that comes after `step` for `request` (None after the last automatic one)."""
    if step.done is None:
        return None
    return next((s for s in STEPS if s.starts_from == step.done and s.applies(request)), None)


def advance(session: Session, request: TranslationRequest, *, resumable_only: bool = False) -> Step | None:
    """Queue, after commit, the step that the request's current status calls for; returns it (None when
    there is none, or with `resumable_only`, as the sweep asks, when that step is not one to resume)."""
    step = step_for(request)
    if step is None or (resumable_only and not step.resumable):
        return None
    enqueue(session, step.task, request.id)
    return step


def retry_point(failed_from: str | None) -> RequestStatus:
    """The status a failed request goes back to: the start of the step it failed in (else `received`)."""
    status = RequestStatus(failed_from or RequestStatus.RECEIVED)
    return next((s.retry_from for s in STEPS if status in s.statuses), RequestStatus.RECEIVED)


def resumable_statuses() -> list[RequestStatus]:
    """The statuses the periodic sweep looks at for stalled requests."""
    return [status for step in STEPS if step.resumable for status in step.statuses]


def automatic_transitions() -> dict[RequestStatus, set[RequestStatus]]:
    """The state machine's moves that the steps make: into and out of each step, to `failed` and back."""
    moves: dict[RequestStatus, set[RequestStatus]] = {}
    for step in STEPS:
        for status in step.statuses:
            moves.setdefault(status, set()).update({RequestStatus.FAILED, RequestStatus.CANCELLED})
        if step.running is not None:
            moves[step.starts_from].add(step.running)
        if step.done is not None:
            moves[step.running or step.starts_from].add(step.done)
        moves.setdefault(RequestStatus.FAILED, set()).add(step.retry_from)
    return moves
