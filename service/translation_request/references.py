"""References of requests submitted on Passerelle, kept apart from the references of imported history.

A live request's reference is built from its id (`TR-2026-000042`), unique without a separate sequence.
An imported row carrying a reference of that format would take the reference of a future request and
make its submission fail on the unique constraint: imports refuse the format (`is_live`), and intake
steps aside from a row imported before that rule existed (`free_reference`).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import TranslationRequest

# What `live` writes, in any letter case, with the suffix `free_reference` may add.
LIVE_FORMAT = re.compile(r"^TR-\d{4}-\d+(-\d+)?$", re.IGNORECASE)


def live(year: int, request_id: int) -> str:
    """The reference of the request `request_id` received in `year`."""
    return f"TR-{year}-{request_id:06d}"


def is_live(reference: str) -> bool:
    """Whether `reference` has the format of Passerelle's own requests (an import may not use it)."""
    return LIVE_FORMAT.match(reference.strip()) is not None


def free_reference(session: Session, year: int, request_id: int) -> str:
    """`live(year, request_id)`, or with the next free suffix (`TR-2026-000042-2`) if a row holds it."""
    reference = live(year, request_id)
    taken = set(session.scalars(select(TranslationRequest.reference)
                                .where(TranslationRequest.reference.like(f"{reference}%"))))
    candidate, suffix = reference, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{reference}-{suffix}"
    return candidate
