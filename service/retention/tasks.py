"""Scheduled retention: the daily purge of personal data past its keeping period."""

from __future__ import annotations

import logging

from service.retention import policy as retention_policy
from service.retention import service as retention_service
from service.worker import names
from service.worker.task import background_task, task_session

logger = logging.getLogger(__name__)

BATCH = 500
MAX_BATCHES_PER_RUN = 20


def run(
    *, dry_run: bool = False, batch: int = BATCH, max_batches: int | None = None
) -> list[retention_service.PurgeItem]:
    """Purge due requests in committed batches (all, or at most `max_batches`); a dry run only lists them."""
    policy = retention_policy.from_settings()
    if dry_run:
        with task_session() as session:
            return retention_service.plan(session, policy=policy)
    done: list[retention_service.PurgeItem] = []
    while True:
        # One transaction per batch: an interruption keeps what was purged and resumes after it.
        with task_session() as session:
            report = retention_service.purge(session, policy=policy, limit=batch)
        done.extend(report.items)
        if len(report.items) < batch or len({i.request_id for i in done}) < len(done):
            return done
        if max_batches is not None and len(done) >= max_batches * batch:
            return done


@background_task(names.PURGE)
def purge_due() -> int:
    """Purge what the retention policy says must go; returns how many requests were purged."""
    items = run(max_batches=MAX_BATCHES_PER_RUN)
    # Only counts are logged: references are fine, document text never is.
    logger.info("retention purge: %d request(s), %d file(s)", len(items), sum(len(i.files) for i in items))
    if len(items) >= MAX_BATCHES_PER_RUN * BATCH:
        # A long backlog (the first run on years of history) goes in hand-offs, each task well inside
        # the broker's visibility timeout, so no purge ever runs twice at once.
        purge_due.delay()
    return len(items)
