"""HTTP API of vendors (contract rates) and of outsourced jobs (package, return, service done, invoice)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response

from service.deps import AdminUser, ManagerUser, SessionDep
from service.vendor import jobs as job_service
from service.vendor import service as vendor_service
from service.vendor.errors import XliffRejected
from service.vendor.schemas import (
    ContractCreate,
    ContractRead,
    InvoiceBody,
    JobRead,
    MaskedKindRead,
    MaskedSegmentRead,
    PackagePreviewRead,
    PaidBody,
    SendBody,
    ServiceDoneBody,
    VendorCreate,
    VendorRead,
    VendorUpdate,
)
from service.workflow import outsourcing

router = APIRouter(prefix="/api/vendors", tags=["vendors"])
jobs_router = APIRouter(prefix="/api/jobs", tags=["outsourced jobs"])

MAX_XLIFF_BYTES = job_service.MAX_XLIFF_BYTES


@router.get("", response_model=list[VendorRead])
def list_vendors(session: SessionDep, _: ManagerUser) -> list[VendorRead]:
    """Every vendor."""
    return [VendorRead.model_validate(v) for v in vendor_service.list_vendors(session)]


@router.post("", response_model=VendorRead, status_code=201)
def create_vendor(session: SessionDep, _: AdminUser, body: VendorCreate) -> VendorRead:
    """Register a vendor."""
    return VendorRead.model_validate(vendor_service.create_vendor(session, name=body.name, email=body.email))


@router.patch("/{vendor_id}", response_model=VendorRead)
def update_vendor(session: SessionDep, _: AdminUser, vendor_id: int, body: VendorUpdate) -> VendorRead:
    """Deactivate or reactivate a vendor (routing skips inactive ones), or change its e-mail."""
    vendor = vendor_service.get_vendor(session, vendor_id)
    for field, value in body.model_dump(exclude_none=True).items():
        setattr(vendor, field, value)
    return VendorRead.model_validate(vendor)


@router.get("/{vendor_id}/contracts", response_model=list[ContractRead])
def list_contracts(session: SessionDep, _: ManagerUser, vendor_id: int) -> list[ContractRead]:
    """A vendor's rate lines."""
    vendor = vendor_service.get_vendor(session, vendor_id)
    return [ContractRead.model_validate(c) for c in vendor_service.list_contracts(session, vendor=vendor)]


@router.post("/{vendor_id}/contracts", response_model=ContractRead, status_code=201)
def add_contract(session: SessionDep, _: AdminUser, vendor_id: int, body: ContractCreate) -> ContractRead:
    """Add a rate line (pair, job class, period, page and/or word price, minimum, surcharges, turnaround)."""
    vendor = vendor_service.get_vendor(session, vendor_id)
    return ContractRead.model_validate(vendor_service.add_contract(session, vendor=vendor,
                                                                   **body.model_dump()))


@router.delete("/{vendor_id}/contracts/{contract_id}", status_code=204)
def delete_contract(session: SessionDep, _: AdminUser, vendor_id: int, contract_id: int) -> None:
    """Remove a rate line."""
    vendor_service.delete_contract(session, vendor=vendor_service.get_vendor(session, vendor_id),
                                   contract_id=contract_id)


@jobs_router.get("", response_model=list[JobRead])
def list_jobs(session: SessionDep, _: ManagerUser, status: str | None = None, vendor_id: int | None = None,
              request_id: int | None = None, overdue: bool = False) -> list[JobRead]:
    """Outsourced jobs, newest first (filter by status list "sent,returned", vendor, request, or overdue)."""
    rows = job_service.list_jobs(session, status=status, vendor_id=vendor_id, request_id=request_id,
                                 overdue_on=date.today() if overdue else None)
    return [JobRead.model_validate(j) for j in rows]


@jobs_router.get("/{job_id}", response_model=JobRead)
def get_job(session: SessionDep, _: ManagerUser, job_id: int) -> JobRead:
    """One outsourced job."""
    return JobRead.model_validate(job_service.get(session, job_id))


@jobs_router.get("/{job_id}/preview", response_model=PackagePreviewRead)
def preview(session: SessionDep, user: ManagerUser, job_id: int) -> PackagePreviewRead:
    """The package as the vendor would receive it: masked segments and the kinds and counts masked, no value."""
    found = job_service.preview(session, job_service.get(session, job_id), reader=user)
    return PackagePreviewRead(
        job_id=found.job.id, request_id=found.request.id, reference=found.request.reference,
        source_lang=found.request.source_lang, target_lang=found.request.target_lang,
        segments=[MaskedSegmentRead(position=p, source=s, draft=d) for p, s, d in found.segments],
        masked=[MaskedKindRead(kind=k, count=n) for k, n in found.masked.items()],
        masked_total=sum(found.masked.values()), files=found.files, files_with_original=found.with_original,
        original_redactable=found.original_refusal is None, original_refusal=found.original_refusal)


@jobs_router.post("/{job_id}/send", response_model=JobRead)
def send(session: SessionDep, user: ManagerUser, job_id: int, body: SendBody | None = None) -> JobRead:
    """Build the vendor package (XLIFF with drafts, glossary; personal values masked) and mark the job sent.

    With `include_original` the original goes too, as a redacted PDF drawn in the background: the job
    answers with `package_state` "preparing", then "ready" (sent) or "failed" with `package_error`.
    """
    body = body or SendBody()
    job = job_service.get(session, job_id)
    job_service.send(session, job, actor=user, xliff_version=body.xliff_version,
                     include_original=body.include_original)
    return JobRead.model_validate(job)


@jobs_router.get("/{job_id}/package")
def package(session: SessionDep, user: ManagerUser, job_id: int) -> Response:
    """Download the package of a sent job (zip); the read is logged."""
    job = job_service.get(session, job_id)
    return Response(job_service.package_bytes(session, job, reader=user), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="job-{job.id}.zip"'})


@jobs_router.post("/{job_id}/return", response_model=JobRead)
def receive(session: SessionDep, user: ManagerUser, job_id: int,
            file: Annotated[UploadFile, File()]) -> JobRead:
    """Import the vendor's XLIFF into the segments; a bad file is refused and changes nothing."""
    # A plain (threaded) endpoint: parsing the XLIFF and the database work never block the event loop.
    data = file.file.read(MAX_XLIFF_BYTES + 1)
    if len(data) > MAX_XLIFF_BYTES:
        raise XliffRejected([f"the file is over {MAX_XLIFF_BYTES // 2**20} MB; "
                             "an XLIFF of one request is smaller"])
    job = job_service.get(session, job_id)
    job_service.receive(session, job, data=data, actor=user)
    return JobRead.model_validate(job)


@jobs_router.post("/{job_id}/service-done", response_model=JobRead)
def service_done(session: SessionDep, user: ManagerUser, job_id: int, body: ServiceDoneBody) -> JobRead:
    """Certify "service done": the job is costed on the request and the translation delivered."""
    job = job_service.get(session, job_id)
    outsourcing.certify_service_done(session, job, actor=user, remarks=body.remarks,
                                     certified_translation=body.certified)
    return JobRead.model_validate(job)


@jobs_router.post("/{job_id}/invoice", response_model=JobRead)
def invoice(session: SessionDep, user: ManagerUser, job_id: int, body: InvoiceBody) -> JobRead:
    """Record the vendor's invoice; a difference with the computed cost is flagged."""
    job = job_service.get(session, job_id)
    job_service.record_invoice(session, job, number=body.number, amount_cents=body.amount_cents, actor=user,
                               invoiced_on=body.invoiced_on)
    return JobRead.model_validate(job)


@jobs_router.post("/{job_id}/paid", response_model=JobRead)
def paid(session: SessionDep, user: ManagerUser, job_id: int, body: PaidBody | None = None) -> JobRead:
    """Record the payment of the invoice."""
    job = job_service.get(session, job_id)
    job_service.mark_paid(session, job, actor=user, paid_on=body.paid_on if body else None)
    return JobRead.model_validate(job)
