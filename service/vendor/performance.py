"""How each vendor performs: returns on time, and how much they revise the drafts they are sent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from service.models import OutsourcedJob

# A job counts once the vendor has returned it, whatever happened after (certified, invoiced, paid).
RETURNED_STATES = ("returned", "service_done", "invoiced", "paid")


@dataclass(frozen=True)
class VendorPerformance:
    """One vendor's record on returned jobs.

    Attributes:
        returned: jobs returned so far.
        on_time: those returned on or before their due date.
        mean_distance: mean edit distance (0-1) from the drafts sent to the returns; None before any.
        open_jobs: jobs sent and not yet returned.
        mismatched_invoices: invoices that differed from the contract price.
    """

    vendor_id: int
    returned: int
    on_time: int
    mean_distance: float | None
    open_jobs: int
    mismatched_invoices: int

    @property
    def on_time_rate(self) -> float | None:
        """Share of returns on time (None before any return)."""
        return self.on_time / self.returned if self.returned else None


def by_vendor(session: Session) -> dict[int, VendorPerformance]:
    """Every vendor's performance, keyed by vendor id (vendors without jobs are absent)."""
    returned = OutsourcedJob.status.in_(RETURNED_STATES)
    rows = session.execute(
        select(OutsourcedJob.vendor_id,
               func.sum(case((returned, 1), else_=0)),
               func.sum(case((returned & (OutsourcedJob.returned_on <= OutsourcedJob.due_on), 1), else_=0)),
               func.avg(case((returned, OutsourcedJob.return_distance), else_=None)),
               func.sum(case((OutsourcedJob.status == "sent", 1), else_=0)),
               func.sum(case((OutsourcedJob.invoice_mismatch.is_(True), 1), else_=0)))
        .group_by(OutsourcedJob.vendor_id)).all()
    return {vendor_id: VendorPerformance(vendor_id=vendor_id, returned=int(n or 0), on_time=int(ok or 0),
                                         mean_distance=float(dist) if dist is not None else None,
                                         open_jobs=int(sent or 0), mismatched_invoices=int(bad or 0))
            for vendor_id, n, ok, dist, sent, bad in rows}
