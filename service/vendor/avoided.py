"""Translation not done (issue 19, A.8.4) and what it would have cost at contract rates.

The cost of avoided work is what the cheapest active vendor contract for a full translation of the pair
would have charged for it (urgency surcharge included): the cost the agreement's external budget (IR.8.1)
would have borne had the work been outsourced. Without such a rate the pages are recorded at 0 EUR and
`detail.priced` says so. One row per request and kind: recording again replaces it (safe to run twice).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.cost import billing
from service.models import AvoidedWork, TranslationRequest
from service.vendor.service import price_contract, valid_contracts

SCOPE = "scope"
REUSE = "reuse"
STANDARD_FORM = "standard_form"
KINDS = (SCOPE, REUSE, STANDARD_FORM)
TRANSLATION = "translation"


def cost_at_contract_rates(session: Session, request: TranslationRequest, *, units: billing.BillingUnits,
                           on: date) -> int | None:
    """The cheapest full-translation price of `units` for the request's pair on `on`; None without a rate."""
    contracts = valid_contracts(session, source_lang=request.source_lang, target_lang=request.target_lang,
                                job_class=TRANSLATION, on=on)
    prices = [price_contract(c, units=units, urgency=request.urgency).total_cents for c in contracts]
    return min(prices) if prices else None


def record(session: Session, request: TranslationRequest, *, kind: str, pages: int,
           units: billing.BillingUnits, earlier_request_id: int | None = None,
           detail: dict[str, Any] | None = None, on: date | None = None) -> AvoidedWork:
    """Record (or replace) the request's avoided work of `kind`, priced at contract rates."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of avoided work: {kind}")
    day = on or date.today()
    cost = cost_at_contract_rates(session, request, units=units, on=day) if pages or units.characters else 0
    row = session.scalar(select(AvoidedWork).where(AvoidedWork.request_id == request.id, AvoidedWork.kind == kind))
    if row is None:
        row = AvoidedWork(request_id=request.id, kind=kind)
        session.add(row)
    row.pages, row.words, row.cost_cents, row.currency = pages, units.words, cost or 0, "EUR"
    row.earlier_request_id, row.recorded_on = earlier_request_id, day
    row.detail = {**(detail or {}), "characters": units.characters, "priced": cost is not None}
    session.flush()
    return row


def for_request(session: Session, request_id: int) -> list[AvoidedWork]:
    """The request's avoided work, by kind."""
    return list(session.scalars(select(AvoidedWork).where(AvoidedWork.request_id == request_id)
                                .order_by(AvoidedWork.kind)))
