"""Bulk test rows for the indicators: driver-level INSERTs, so 50,000 rows take a second, not minutes."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from service.indicator import bulk
from service.models import Caisse

_seq = itertools.count(1)
DEFAULTS: dict[str, Any] = {
    "source_lang": "de", "target_lang": "fr", "document_type": "other", "channel": "standard",
    "urgency": "normal", "pages": 2, "handled_by": "internal", "external_cost_cents": None,
    "warnings": "[]", "imported": False, "assignee_id": None,
}


def delivered(received: date, delay: int, **fields: Any) -> dict[str, Any]:
    """A delivered request received on `received` and delivered `delay` days later."""
    return {"received_on": received, "delivered_on": received + timedelta(days=delay),
            "status": "delivered", **fields}


def open_request(received: date, status: str = "assigned", **fields: Any) -> dict[str, Any]:
    """A request still open (no delivery date)."""
    return {"received_on": received, "delivered_on": None, "status": status, **fields}


def insert_requests(session: Session, caisse: Caisse, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (partial column dicts) with defaults filled in, then commit."""
    full = []
    for row in rows:
        values = {**DEFAULTS, "reference": f"T-{next(_seq):07d}", "caisse_id": caisse.id, **row}
        values.setdefault("due_on", values["received_on"] + timedelta(days=21))
        full.append(values)
    bulk.insert_requests(session, full)
    session.commit()
