"""The cost ledger of outsourced jobs and the year's external-cost figures (IR.8.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from service.models import OutsourcedJob, TranslationRequest
from service.models.enums import HandledBy, RequestStatus

# IR.8.1's 2019 reference: 544,000 EUR of external translation.
BASELINE_CENTS = 54_400_000
REVISION_CLASSES = ("light_revision", "full_revision")


@dataclass(frozen=True)
class LedgerLine:
    """One outsourced job as the ledger shows it."""

    job: OutsourcedJob
    reference: str
    delivered_on: date | None

    @property
    def cost_cents(self) -> int:
        """What the job costs: the invoice once there is one, the computed cost before."""
        return self.job.invoice_amount_cents if self.job.invoice_amount_cents is not None \
            else self.job.computed_cost_cents


@dataclass(frozen=True)
class YearSummary:
    """The external cost of a year against the baseline and the target, and MT's saving."""

    year: int
    external_cost_cents: int
    delivered_jobs: int
    change: float
    target_change: float | None
    projected_cost_cents: int
    projected_change: float
    committed_cents: int
    revision_jobs: int
    saving_cents: int
    mismatched_invoices: int


def ledger(session: Session, *, year: int | None = None, vendor_id: int | None = None) -> list[LedgerLine]:
    """Outsourced jobs (withdrawn ones left out), newest first; a year selects by job creation."""
    query = (select(OutsourcedJob, TranslationRequest.reference, TranslationRequest.delivered_on)
             .join(TranslationRequest, TranslationRequest.id == OutsourcedJob.request_id)
             .where(OutsourcedJob.status != "withdrawn").order_by(OutsourcedJob.id.desc()))
    if year is not None:
        query = query.where(extract("year", OutsourcedJob.created_at) == year)
    if vendor_id is not None:
        query = query.where(OutsourcedJob.vendor_id == vendor_id)
    return [LedgerLine(job, ref, delivered) for job, ref, delivered in session.execute(query.limit(5000))]


def external_cost(session: Session, *, year: int) -> tuple[int, int]:
    """External cost (cents) of requests delivered in `year`, and how many: what IR.8.1 sums."""
    row = session.execute(
        select(func.coalesce(func.sum(TranslationRequest.external_cost_cents), 0), func.count())
        .where(TranslationRequest.status == RequestStatus.DELIVERED,
               TranslationRequest.handled_by == HandledBy.EXTERNAL,
               TranslationRequest.delivered_on >= date(year, 1, 1),
               TranslationRequest.delivered_on <= date(year, 12, 31))).one()
    return int(row[0] or 0), int(row[1] or 0)


def _committed(session: Session) -> int:
    # Jobs sent out and not yet delivered will be paid this year or next: show them apart.
    return int(session.scalar(select(func.coalesce(func.sum(OutsourcedJob.computed_cost_cents), 0))
                              .where(OutsourcedJob.status.in_(("pending", "sent", "returned")))) or 0)


def _saving(session: Session, year: int) -> tuple[int, int]:
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(OutsourcedJob.translation_cost_cents
                                                    - OutsourcedJob.computed_cost_cents), 0))
        .join(TranslationRequest, TranslationRequest.id == OutsourcedJob.request_id)
        .where(OutsourcedJob.job_class.in_(REVISION_CLASSES),
               OutsourcedJob.translation_cost_cents.is_not(None),
               OutsourcedJob.status.in_(("service_done", "invoiced", "paid")),
               TranslationRequest.delivered_on >= date(year, 1, 1),
               TranslationRequest.delivered_on <= date(year, 12, 31))).one()
    return int(row[0] or 0), int(row[1] or 0)


def projected(cost_cents: int, *, year: int, today: date) -> int:
    """The year's cost if spending goes on at the pace seen so far (the actual cost for past years)."""
    if today.year != year:
        return cost_cents
    elapsed = (today - date(year, 1, 1)).days + 1
    length = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return round(cost_cents * length / elapsed)


def summary(session: Session, *, year: int, target_change: float | None,
            today: date | None = None) -> YearSummary:
    """The year's external cost, its change against 544,000 EUR, the projection and the saving, beside
    `target_change` (the year's IR.8.1 target, which the indicator domain keeps)."""
    cost, delivered = external_cost(session, year=year)
    projection = projected(cost, year=year, today=today or date.today())
    revision_jobs, saving = _saving(session, year)
    mismatched = session.scalar(select(func.count()).select_from(OutsourcedJob).where(
        OutsourcedJob.invoice_mismatch.is_(True), extract("year", OutsourcedJob.invoiced_on) == year)) or 0
    return YearSummary(year=year, external_cost_cents=cost, delivered_jobs=delivered,
                       change=(cost - BASELINE_CENTS) / BASELINE_CENTS,
                       target_change=target_change,
                       projected_cost_cents=projection,
                       projected_change=(projection - BASELINE_CENTS) / BASELINE_CENTS,
                       committed_cents=_committed(session), revision_jobs=revision_jobs, saving_cents=saving,
                       mismatched_invoices=int(mismatched))
