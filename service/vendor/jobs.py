"""The outsourced-job lifecycle: created at routing, sent, returned, "service done", invoiced, paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein
from sqlalchemy import select
from sqlalchemy.orm import Session

from service import engines
from service.cost import billing
from service.db.base import utcnow
from service.kit.storage import get_store, put_in_transaction
from service.models import OutsourcedJob, Segment, TranslationRequest, User, VendorContract
from service.models.enums import RequestStatus
from service.translation_request import service as request_service
from service.vendor import masking, package, redaction
from service.vendor import service as vendor_service
from service.vendor import xliff as xliff_io
from service.vendor.errors import JobNotFound, JobStateConflict, OriginalNotRedactable, PackagePurged
from service.worker import names
from service.worker.enqueue import enqueue

if TYPE_CHECKING:
    from service.vendor.service import VendorOption

PENDING, SENT, RETURNED, SERVICE_DONE, INVOICED, PAID, WITHDRAWN = (
    "pending", "sent", "returned", "service_done", "invoiced", "paid", "withdrawn")
OPEN = (PENDING, SENT)
# The package's own state (`OutsourcedJob.package_state`).
PREPARING, READY, FAILED, PURGED = "preparing", "ready", "failed", "purged"
# A returned XLIFF is text; anything this big is not one.
MAX_XLIFF_BYTES = 20 * 1024 * 1024
# An invoice within one euro of the computed cost is rounding, not a mismatch.
MISMATCH_TOLERANCE_CENTS = 100


def create(session: Session, request: TranslationRequest, *, option: VendorOption, job_class: str,
           units: billing.BillingUnits, today: date) -> OutsourcedJob:
    """A pending job for the chosen contract rate, costed now (and what a translation would have cost)."""
    job = OutsourcedJob(
        request_id=request.id, vendor_id=option.contract.vendor_id, contract_id=option.contract.id,
        job_class=job_class, status=PENDING, billed_pages=units.pages_float, billed_words=units.words,
        computed_cost_cents=option.price.total_cents, due_on=min(option.ready_on, request.due_on),
        translation_cost_cents=vendor_service.translation_cost(
            session, request, vendor_id=option.contract.vendor_id, units=units, today=today))
    session.add(job)
    session.flush()
    return job


def get(session: Session, job_id: int) -> OutsourcedJob:
    """A job by id (404 otherwise)."""
    job = session.get(OutsourcedJob, job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


def list_jobs(session: Session, *, status: str | None = None, vendor_id: int | None = None,
              request_id: int | None = None, overdue_on: date | None = None) -> list[OutsourcedJob]:
    """Jobs, newest first, optionally filtered (`overdue_on`: sent, not back, due before that day)."""
    query = select(OutsourcedJob).order_by(OutsourcedJob.id.desc())
    if overdue_on is not None:
        query = query.where(OutsourcedJob.status == SENT, OutsourcedJob.due_on < overdue_on)
    if status:
        query = query.where(OutsourcedJob.status.in_(status.split(",")))
    if vendor_id is not None:
        query = query.where(OutsourcedJob.vendor_id == vendor_id)
    if request_id is not None:
        query = query.where(OutsourcedJob.request_id == request_id)
    return list(session.scalars(query.limit(500)))


def withdraw_open(session: Session, request: TranslationRequest) -> None:
    """Withdraw the request's job still pending or sent (a manager took the work back)."""
    for job in session.scalars(select(OutsourcedJob).where(OutsourcedJob.request_id == request.id,
                                                           OutsourcedJob.status.in_(OPEN))):
        job.status, job.withdrawn_at = WITHDRAWN, utcnow()
    session.flush()


def _require(job: OutsourcedJob, *allowed: str) -> None:
    if job.status not in allowed:
        raise JobStateConflict(job.id, job.status, " or ".join(allowed))


def _segments(session: Session, request_id: int) -> list[Segment]:
    return list(session.scalars(select(Segment).where(Segment.request_id == request_id)
                                .order_by(Segment.position)))


def build_mask(request: TranslationRequest, segments: list[Segment]) -> masking.DocumentMask:
    """The personal values of the request's segments and their placeholders (none when masking is off)."""
    from service.config import get_settings

    if not get_settings().vendor_mask_pii:
        return masking.empty()
    subject = engines.Subject(name=request.subject_name, birth_date=request.subject_birth_date)
    return masking.build(segments, source_lang=request.source_lang, target_lang=request.target_lang,
                         subject=subject)


def send(session: Session, job: OutsourcedJob, *, actor: User, xliff_version: str = "2.0",
         include_original: bool = False) -> bytes | None:
    """Build the package (XLIFF with drafts, glossary extract; values masked), store it, mark the job sent.

    With `include_original` the original goes too, as a redacted PDF: drawing it takes OCR, so the job
    waits in `package_state` "preparing" for the background task (`vendor.prepare_package`), which sends
    it; None is returned then. Nothing found to mask never sends the original by itself.
    """
    _require(job, PENDING, SENT)
    request = request_service.get(session, job.request_id)
    job.xliff_version, job.original_included = xliff_version, include_original
    if include_original:
        redaction.check_redactable(request)
        job.package_state, job.package_error = PREPARING, None
        request_service.record_event(session, request, action="job.preparing", actor=actor,
                                     detail={"job_id": job.id})
        enqueue(session, names.PREPARE_PACKAGE, job.id, actor.id)
        return None
    segments = _segments(session, request.id)
    return _send_package(session, job, request, segments, build_mask(request, segments), actor=actor)


def redaction_work(session: Session, *, job_id: int) -> redaction.Work | None:
    """What the background half of `send` with the original must redact (None: the job is no longer
    preparing, sent, withdrawn or failed already). Read in its own transaction: none stays open during OCR."""
    job = session.get(OutsourcedJob, job_id)
    if job is None or job.package_state != PREPARING or job.status not in (PENDING, SENT):
        return None
    request = request_service.get(session, job.request_id)
    segments = _segments(session, request.id)
    return redaction.work(request, masking.values_to_hide(build_mask(request, segments), segments))


def send_with_original(session: Session, *, job_id: int, actor_id: int | None, redacted: bytes) -> None:
    """Build the package with the redacted original and mark the job sent (idempotent, like `redaction_work`)."""
    job = session.get(OutsourcedJob, job_id)
    if job is None or job.package_state != PREPARING or job.status not in (PENDING, SENT):
        return
    request = request_service.get(session, job.request_id)
    segments = _segments(session, request.id)
    actor = session.get(User, actor_id) if actor_id is not None else None
    _send_package(session, job, request, segments, build_mask(request, segments), actor=actor,
                  redacted_original=redacted)


def record_package_failure(session: Session, *, job_id: int, code: str, detail: str) -> None:
    """A package that could not be prepared: said on the job and in the trail; the job stays unsent."""
    job = session.get(OutsourcedJob, job_id)
    if job is None or job.package_state != PREPARING:
        return
    job.package_state, job.package_error = FAILED, code[:64]
    request = request_service.get(session, job.request_id)
    request_service.record_event(session, request, action="job.package_failed",
                                 detail={"job_id": job.id, "code": code, "detail": detail[:500]})


def _send_package(session: Session, job: OutsourcedJob, request: TranslationRequest, segments: list[Segment],
                  mask: masking.DocumentMask, *, actor: User | None, redacted_original: bytes | None = None) -> bytes:
    data = package.build(request, segments, mask=mask, xliff_version=job.xliff_version,
                         redacted_original=redacted_original)
    job.package_key = put_in_transaction(session, data).key
    job.mask_occurrences, job.pii_masked = mask.stored(), len(mask.values)
    job.package_state, job.package_error = READY, None
    if job.status == PENDING:
        job.status, job.sent_on = SENT, date.today()
    if mask.values:
        # Only counts and kinds: the values themselves never reach the audit trail.
        request_service.record_event(session, request, action="pii_masked", actor=actor,
                                     detail={"count": len(mask.values), "kinds": mask.counts(),
                                             "job_id": job.id})
    request_service.record_event(session, request, action="job.sent", actor=actor,
                                 detail={"job_id": job.id, "vendor_id": job.vendor_id,
                                         "xliff": job.xliff_version,
                                         "original": redacted_original is not None})
    return data


@dataclass(frozen=True)
class PackagePreview:
    """What the vendor would receive, as a manager checks it before sending: masked text, never values.

    Attributes:
        segments: (position, source, draft) as the XLIFF carries them.
        masked: how many distinct values of each kind are masked (person, address, iban, phone...).
        files: the package's files without the original; `with_original` adds the redacted copy's name.
        original_refusal: None when the original can go redacted, else why not (an error code).
    """

    job: OutsourcedJob
    request: TranslationRequest
    segments: list[tuple[int, str, str | None]]
    masked: dict[str, int]
    files: list[str]
    with_original: list[str]
    original_refusal: str | None


def preview(session: Session, job: OutsourcedJob, *, reader: User, channel: str = "api") -> PackagePreview:
    """The masked package of `job` as it would be sent now (the read of its text is logged)."""
    request = request_service.get(session, job.request_id)
    segments = _segments(session, request.id)
    mask = build_mask(request, segments)
    try:
        redaction.check_redactable(request)
        refusal = None
    except OriginalNotRedactable as e:
        refusal = str(e.extra["reason"])
    request_service.record_read(session, request, user=reader, object_kind="vendor_package", ref=str(job.id),
                                purpose="preview_vendor_package", channel=channel)
    return PackagePreview(job=job, request=request,
                          segments=[(s.position, mask.source(s), mask.draft(s)) for s in segments],
                          masked=mask.counts(), files=package.file_names(request, with_original=False),
                          with_original=package.file_names(request, with_original=True), original_refusal=refusal)


def package_bytes(session: Session, job: OutsourcedJob, *, reader: User, channel: str = "api") -> bytes:
    """The stored package of a sent job; the read is logged (it holds the document's text, masked)."""
    if job.package_state == PURGED:
        raise PackagePurged(job.id)
    if job.package_key is None:
        raise JobStateConflict(job.id, job.status, "sent")
    request = request_service.get(session, job.request_id)
    request_service.record_read(session, request, user=reader, object_kind="vendor_package", ref=str(job.id),
                                purpose="download_vendor_package", channel=channel)
    return get_store().read(job.package_key)


def receive(session: Session, job: OutsourcedJob, *, data: bytes, actor: User) -> int:
    """Import the vendor's XLIFF into the segments' final text, values restored; a refused file changes nothing."""
    _require(job, SENT, RETURNED)
    request = request_service.get(session, job.request_id)
    segments = _segments(session, request.id)
    returned = xliff_io.read_return(data, segments=segments, source_lang=request.source_lang,
                                    target_lang=request.target_lang,
                                    mask=masking.rebuild(segments, job.mask_occurrences or []))
    for segment in segments:
        segment.final_text = returned.targets[segment.position]
    job.return_distance = return_distance(segments)
    first_return = job.status == SENT
    job.status, job.returned_on = RETURNED, date.today()
    if first_return:
        request_service.transition(session, request, to=RequestStatus.RETURNED, actor=actor,
                                   action="job.returned", detail={"job_id": job.id,
                                                                  "segments": len(segments)})
    else:
        request_service.record_event(session, request, action="job.reimported", actor=actor,
                                     detail={"job_id": job.id, "segments": len(segments)})
    session.flush()
    return len(segments)


def contract_price(session: Session, job: OutsourcedJob) -> billing.Price | None:
    """How the job's contract prices it (rate, minimum, urgency surcharge); None once the rate line is gone."""
    if job.contract_id is None:
        return None
    contract = session.get(VendorContract, job.contract_id)
    if contract is None:
        return None
    request = request_service.get(session, job.request_id)
    return vendor_service.price_contract(contract, units=billing.units_for(session, request),
                                         urgency=request.urgency)


def return_distance(segments: list[Segment]) -> float | None:
    """Mean normalised Levenshtein distance from each draft to its returned text (None without segments);
    0 means the vendor kept every draft, 1 that it rewrote all of them."""
    if not segments:
        return None
    distances = [Levenshtein.normalized_distance(s.draft_text or "", s.final_text or "") for s in segments]
    return round(sum(distances) / len(distances), 4)


def record_service_done(session: Session, job: OutsourcedJob, *, actor: User,
                        remarks: str = "") -> TranslationRequest | None:
    """Record "service done" and cost the job on the request; returns the request when it is now
    `certified`, ready to deliver (`service.workflow.outsourcing` delivers it), None when the return was
    already taken into in-house revision (the revision delivers it)."""
    _require(job, RETURNED)
    request = request_service.get(session, job.request_id)
    job.status, job.service_done_on, job.certifier_id = SERVICE_DONE, date.today(), actor.id
    job.remarks = remarks or None
    request.external_cost_cents = job.computed_cost_cents
    if request.status != RequestStatus.RETURNED:
        request_service.record_event(session, request, action="job.service_done", actor=actor,
                                     detail={"job_id": job.id, "cost_cents": job.computed_cost_cents})
        return None
    request_service.transition(session, request, to=RequestStatus.CERTIFIED, actor=actor,
                               action="job.service_done", detail={"job_id": job.id,
                                                                  "cost_cents": job.computed_cost_cents})
    return request


def record_invoice(session: Session, job: OutsourcedJob, *, number: str, amount_cents: int,
                   actor: User, invoiced_on: date | None = None) -> None:
    """Record the vendor's invoice; flag it when it differs from the computed cost."""
    _require(job, SERVICE_DONE, INVOICED)
    job.status, job.invoice_number, job.invoice_amount_cents = INVOICED, number.strip(), amount_cents
    job.invoiced_on = invoiced_on or date.today()
    job.invoice_mismatch = abs(amount_cents - job.computed_cost_cents) > MISMATCH_TOLERANCE_CENTS
    request = request_service.get(session, job.request_id)
    # What was actually invoiced is what IR.8.1 counts.
    request.external_cost_cents = amount_cents
    request_service.record_event(session, request, action="job.invoiced", actor=actor,
                                 detail={"job_id": job.id, "number": job.invoice_number,
                                         "amount_cents": amount_cents,
                                         "computed_cents": job.computed_cost_cents,
                                         "mismatch": job.invoice_mismatch})
    session.flush()


def mark_paid(session: Session, job: OutsourcedJob, *, actor: User, paid_on: date | None = None) -> None:
    """Record the payment of an invoiced job."""
    _require(job, INVOICED)
    job.status, job.paid_on = PAID, paid_on or date.today()
    request = request_service.get(session, job.request_id)
    request_service.record_event(session, request, action="job.paid", actor=actor, detail={"job_id": job.id})
    session.flush()
