"""Sign-in throttling: growing delays per account and address, per account, and per address, counted atomically.

A password check is let through only once it has been counted, so forty parallel guesses check at most the
allowed number. Each counter (a row of `login_throttle`) allows `free` checks in its window, then one check
per delay, the delay doubling from `login_delay_seconds` up to `login_max_delay_seconds`; the window starts
again after `login_window_seconds`. No counter is a lock an attacker can hold on someone else:

- `pair:` one account from one address (`login_max_attempts`): a guesser slows only themselves;
- `client:` one address across all accounts (`login_client_max_attempts`): trying thirty accounts from one
  address is answered 429;
- `account:` one account from every address (`login_account_max_attempts`, generous): spreads a guesser on
  many addresses; the address the owner last signed in from is exempt, so the owner is at worst delayed.

A check is counted before it runs and refunded when the password was right: counters hold failures, so an
office of agents behind one address never trips the per-address limit by signing in.

Counting is one UPDATE per counter whose condition and new values are computed by the database itself, so
PostgreSQL's row lock and SQLite's write lock serialise concurrent attempts without a read-then-write race.
Times are epoch seconds (floats) so that this arithmetic is the same SQL on both engines. The counters
commit in their own short transaction: they must be seen by concurrent attempts before the slow password
check, and outlive the request's rollback when the credentials are refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Connection, Table, case, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.config import get_settings
from service.db.session import get_engine
from service.models import LoginThrottle, User

T: Table = LoginThrottle.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Budget:
    """A counter's key and how many checks it lets through before the delays start."""

    key: str
    free: int


def clock() -> float:
    """Epoch seconds (tests move it forward instead of sleeping)."""
    return time.time()


@dataclass(frozen=True)
class Admission:
    """The outcome of `admit`: the counters charged, and the seconds to wait when the check may not run."""

    counters: list[Budget]
    wait: float


def budgets(*, email: str, client: str, known_client: bool) -> list[Budget]:
    """The counters one sign-in attempt is charged to."""
    settings = get_settings()
    found = [Budget(f"pair:{email}|{client}", settings.login_max_attempts),
             Budget(f"client:{client}", settings.login_client_max_attempts)]
    if not known_client:
        found.append(Budget(f"account:{email}", settings.login_account_max_attempts))
    return found


def admit(*, email: str, client: str) -> Admission:
    """Count one check of `email`'s password from `client`; `wait` > 0 when it may not run (nothing counted).

    Runs on a connection of its own, committed at once, before the request's session touches the database:
    a sign-in holds at most one pooled connection at a time.
    """
    now = clock()
    with get_engine(get_settings().database_url).connect() as conn:
        last_client = conn.scalar(select(User.last_sign_in_client).where(User.email == email))
        counters = budgets(email=email, client=client, known_client=bool(client) and last_client == client)
        charged: list[Budget] = []
        for budget in counters:
            wait = _charge(conn, budget, now)
            if wait > 0:
                for done in charged:
                    _refund(conn, done.key)
                conn.commit()
                return Admission(counters, wait)
            charged.append(budget)
    return Admission(counters, 0.0)


def succeeded(session: Session, admission: Admission, *, email: str, client: str) -> None:
    """The password was right: forget this address's failures on the account, refund the other counters.

    On the request's own transaction: unlike the charge, the refund need not be seen before it commits.
    """
    pair = f"pair:{email}|{client}"
    session.execute(delete(T).where(T.c.key == pair))
    for budget in admission.counters:
        if budget.key != pair:
            session.execute(update(T).where(T.c.key == budget.key, T.c.attempts > 0)
                            .values(attempts=T.c.attempts - 1))
    stale = clock() - get_settings().login_window_seconds
    # Counters whose window and delay are both over hold nothing worth keeping.
    session.execute(delete(T).where(T.c.window_start_epoch < stale, T.c.not_before_epoch < clock()))


def _charge(conn: Connection, budget: Budget, now: float) -> float:
    settings = get_settings()
    window, base, ceiling = settings.login_window_seconds, settings.login_delay_seconds, \
        settings.login_max_delay_seconds
    expired = T.c.window_start_epoch <= now - window
    attempts = case((expired, 1), else_=T.c.attempts + 1)
    grown = case((T.c.delay_s <= 0, base), (T.c.delay_s * 2 > ceiling, ceiling), else_=T.c.delay_s * 2)
    delay = case((attempts < budget.free, 0.0), (expired, base if budget.free <= 1 else 0.0), else_=grown)
    # Without a delay the earliest next check stays where it was: `now` was read before this attempt waited
    # for the row, and moving it to a later attempt's `now` would refuse attempts still within the budget.
    not_before = case((delay > 0, now + delay), (expired, 0.0), else_=T.c.not_before_epoch)
    for _ in range(3):
        counted = conn.execute(
            update(T).where(T.c.key == budget.key, (T.c.not_before_epoch <= now) | expired)
            .values(attempts=attempts, delay_s=delay, not_before_epoch=not_before,
                    window_start_epoch=case((expired, now), else_=T.c.window_start_epoch)))
        if counted.rowcount == 1:  # type: ignore[attr-defined]
            conn.commit()
            return 0.0
        blocked_until = conn.scalar(select(T.c.not_before_epoch).where(T.c.key == budget.key))
        if blocked_until is not None:
            conn.commit()
            return max(1.0, blocked_until - now)
        first_delay = base if budget.free <= 1 else 0.0
        try:
            conn.execute(insert(T).values(key=budget.key, attempts=1, delay_s=first_delay,
                                          window_start_epoch=now,
                                          not_before_epoch=now + first_delay if first_delay else 0.0))
            conn.commit()
            return 0.0
        except IntegrityError:
            conn.rollback()  # another attempt created the row meanwhile: count on it
    raise RuntimeError(f"sign-in counter {budget.key} could not be updated")


def _refund(conn: Connection, key: str) -> None:
    conn.execute(update(T).where(T.c.key == key, T.c.attempts > 0).values(attempts=T.c.attempts - 1))
