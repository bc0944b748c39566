"""One wrapper for every Celery task: its sessions, retries for transient errors only, a catch-all that
reports a failure exactly once, and time limits by queue.

    @background_task(names.DRAFT, known=(DraftingFailed,), unexpected=Failure("drafting_failed", "..."),
                     on_failure=record_on_the_request)
    def draft(request_id: int) -> None: ...

- A transient error (the database went away, an engine marked transient by the task) is retried with a
  delay, up to `max_retries`; then it is a failure like any other.
- A known error (the library's or the domain's, carrying a `code`) is a failure with its own code and
  message; anything else is a bug: logged with its traceback, reported with the task's `unexpected`
  code and words for people, never with internals.
- Past the queue's soft time limit the task stops and reports `time_limit_exceeded`; past the hard limit
  the worker kills it and its parent process reports the same failure.
- `on_failure(args, failure)` is called once per failed run; it must be idempotent (request steps check
  the request's status under its row lock, so a second report changes nothing).

Tasks open their sessions with `task_session()` and take ids: each phase commits on its own, and what a
phase enqueues is sent only once it has committed (`service.worker.enqueue`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from service.config import get_settings
from service.db.session import session_scope
from service.worker import names
from service.worker.app import celery_app

logger = logging.getLogger(__name__)

# Errors worth another try whatever the task: the database restarting, a connection dropped.
TRANSIENT: tuple[type[BaseException], ...] = (OperationalError,)
TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
TIME_LIMIT_DETAIL = (
    "The automatic processing took longer than allowed (a very long or very complex document) and was "
    "stopped. Split the document into several submissions, or ask a manager to retry the request."
)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Failure:
    """What a failed task reports: a stable code and words for people."""

    code: str
    detail: str


OnFailure = Callable[[tuple[Any, ...], Failure], None]


@contextmanager
def task_session() -> Iterator[Session]:
    """A session owned by the task: committed on success, rolled back on error."""
    with session_scope() as session:
        yield session


class BackgroundTask(Task):  # type: ignore[misc]
    """The Celery task class of `background_task`: time limits from settings, and the hard-limit report."""

    report: OnFailure | None = None

    @property
    def soft_time_limit(self) -> int:  # type: ignore[override]
        """Seconds before the task is asked to stop (`PASSERELLE_<QUEUE>_SOFT_TIME_LIMIT`)."""
        return get_settings().time_limits(names.queue_of(self.name))[0]

    @property
    def time_limit(self) -> int:  # type: ignore[override]
        """Seconds before the worker kills the task (`PASSERELLE_<QUEUE>_TIME_LIMIT`)."""
        return get_settings().time_limits(names.queue_of(self.name))[1]

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """Celery's hook; past the hard limit it runs in the worker's parent process, the task being killed."""
        if isinstance(exc, TimeLimitExceeded):
            logger.error("task %s%s killed at its hard time limit", self.name, tuple(args))
            _report(self.report, self.name, tuple(args), Failure(TIME_LIMIT_EXCEEDED, TIME_LIMIT_DETAIL))


def background_task(name: str, *, unexpected: Failure | None = None, on_failure: OnFailure | None = None,
                    known: tuple[type[Exception], ...] = (), transient: tuple[type[Exception], ...] = (),
                    max_retries: int = 3, retry_delay_s: float = 30.0,
                    retry_backoff: bool = False) -> Callable[[F], Any]:
    """Register `fn` as the Celery task `name` with the failure model above; see the module docstring."""
    retried = (*TRANSIENT, *transient)
    generic = unexpected or Failure("task_failed", "The background task stopped on an unexpected error.")

    def decorate(fn: F) -> Any:
        def run(self: BackgroundTask, *args: Any) -> Any:
            try:
                return fn(*args)
            except retried as e:
                if self.request.retries < self.max_retries:
                    delay = retry_delay_s * (2 ** self.request.retries if retry_backoff else 1)
                    logger.warning("task %s%s hit a transient error (%s); retry in %.0f s", name, args, e, delay)
                    raise self.retry(exc=e, countdown=delay) from e
                logger.error("task %s%s still failing after %d retries: %s", name, args, self.max_retries, e)
                failure = _known(e) if isinstance(e, known) else generic
            except SoftTimeLimitExceeded:
                logger.error("task %s%s stopped at its soft time limit", name, args)
                failure = Failure(TIME_LIMIT_EXCEEDED, TIME_LIMIT_DETAIL)
            except known as e:
                failure = _known(e)
            except Exception:
                # A bug, not the input: the details stay in the log, people get a next step.
                logger.exception("task %s%s failed", name, args)
                failure = generic
            _report(on_failure, name, args, failure)
            return None

        # Not functools.wraps: Celery checks call arguments against `run` itself, `self` included.
        run.__name__, run.__qualname__, run.__doc__, run.__module__ = (fn.__name__, fn.__qualname__, fn.__doc__,
                                                                       fn.__module__)
        return celery_app.task(name=name, bind=True, base=BackgroundTask, acks_late=True, max_retries=max_retries,
                               report=staticmethod(on_failure) if on_failure else None)(run)

    return decorate


def _known(error: BaseException) -> Failure:
    """A library or domain error's own code and message (`failure_code` wins over `code` where both exist)."""
    code = getattr(error, "failure_code", None) or getattr(error, "code", None) or "task_failed"
    return Failure(str(code), str(getattr(error, "detail", None) or error))


def _report(on_failure: OnFailure | None, name: str, args: tuple[Any, ...], failure: Failure) -> None:
    if on_failure is None:
        return
    try:
        on_failure(args, failure)
    except Exception:
        # The database may be what failed: the sweep finds the request again later.
        logger.exception("could not record the failure of %s%s (%s)", name, args, failure.code)
