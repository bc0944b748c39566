"""What the cost API returns."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class LedgerLineRead(BaseModel):
    job_id: int
    request_id: int
    reference: str
    vendor_id: int
    vendor: str
    job_class: str
    status: str
    billed_pages: float
    computed_cost_cents: int
    translation_cost_cents: int | None
    invoice_number: str | None
    invoice_amount_cents: int | None
    invoice_mismatch: bool
    cost_cents: int
    sent_on: date | None
    service_done_on: date | None
    delivered_on: date | None


class YearSummaryRead(BaseModel):
    """IR.8.1: the year's external cost against the 544,000 EUR baseline of 2019, and the target."""

    year: int
    baseline_cents: int
    external_cost_cents: int
    delivered_jobs: int
    change: float
    target_change: float | None
    projected_cost_cents: int
    projected_change: float
    on_track: bool | None
    committed_cents: int
    revision_jobs: int
    saving_cents: int
    mismatched_invoices: int
