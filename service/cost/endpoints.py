"""HTTP API of external costs: the ledger of outsourced jobs and the yearly summary (IR.8.1)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from fastapi import APIRouter

from service.cost import service as cost_service
from service.cost.schemas import LedgerLineRead, YearSummaryRead
from service.deps import ManagerUser, SessionDep
from service.indicator import targets as indicator_targets

router = APIRouter(prefix="/api/costs", tags=["costs"])


@router.get("/ledger", response_model=list[LedgerLineRead])
def ledger(session: SessionDep, _: ManagerUser, year: int | None = None,
           vendor_id: int | None = None) -> list[LedgerLineRead]:
    """Every outsourced job with its computed cost, invoice and mismatch flag."""
    return [LedgerLineRead(
        job_id=line.job.id, request_id=line.job.request_id, reference=line.reference,
        vendor_id=line.job.vendor_id, vendor=line.job.vendor.name, job_class=line.job.job_class,
        status=line.job.status, billed_pages=line.job.billed_pages,
        computed_cost_cents=line.job.computed_cost_cents,
                           translation_cost_cents=line.job.translation_cost_cents,
        invoice_number=line.job.invoice_number, invoice_amount_cents=line.job.invoice_amount_cents,
        invoice_mismatch=line.job.invoice_mismatch, cost_cents=line.cost_cents, sent_on=line.job.sent_on,
        service_done_on=line.job.service_done_on, delivered_on=line.delivered_on)
        for line in cost_service.ledger(session, year=year, vendor_id=vendor_id)]


@router.get("/summary", response_model=YearSummaryRead)
def summary(session: SessionDep, _: ManagerUser, year: int | None = None) -> YearSummaryRead:
    """The year's external cost, change against 2019, target, projection and MT's saving."""
    year = year or date.today().year
    target = indicator_targets.get(session, year=year).external_cost_change
    figures = cost_service.summary(session, year=year, target_change=target)
    return YearSummaryRead(**asdict(figures), baseline_cents=cost_service.BASELINE_CENTS,
                           on_track=None if target is None else figures.projected_change <= target)
