"""HTTP API of the access log (managers) and of data-subject rights (admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from service.deps import AdminUser, ManagerUser, SessionDep
from service.privacy import access_log, subjects
from service.privacy.schemas import (
    AccessLineRead,
    AccessPage,
    ErasureRead,
    ExportFormat,
    HoldingRead,
    JobHeldRead,
    RetainedRead,
    SubjectActionRead,
    SubjectFindingsRead,
    SubjectQuery,
)

router = APIRouter(prefix="/api", tags=["personal data"])


def _filters(reference: str | None, person: str | None, actor: str | None, since: date | None,
             until: date | None, object_kind: str | None) -> access_log.AccessFilters:
    return access_log.AccessFilters(reference=reference, person=person, actor=actor, since=since, until=until,
                                    object_kind=object_kind)


@router.get("/access-log", response_model=AccessPage)
def read_access_log(session: SessionDep, _: ManagerUser, request: str | None = None, person: str | None = None,
                    actor: str | None = None, since: date | None = None, until: date | None = None,
                    object_kind: str | None = None, page: Annotated[int, Query(ge=1)] = 1,
                    page_size: Annotated[int, Query(ge=1, le=access_log.MAX_PAGE_SIZE)] = 50) -> AccessPage:
    """Every read of a document's content, newest first: filter by request reference, person (the request's
    subject), actor (e-mail or name), period (`since`, `until`, days inclusive) and object kind."""
    items, total = access_log.search(session, _filters(request, person, actor, since, until, object_kind),
                                     page=page, page_size=page_size)
    return AccessPage(items=[AccessLineRead(**vars(i)) for i in items], total=total, page=page,
                      page_size=page_size)


@router.get("/access-log/export")
def export_access_log(session: SessionDep, _: ManagerUser, format: ExportFormat = "csv",  # noqa: A002
                      request: str | None = None, person: str | None = None, actor: str | None = None,
                      since: date | None = None, until: date | None = None,
                      object_kind: str | None = None) -> Response:
    """The matching lines as CSV or XLSX (same filters as the log)."""
    data = access_log.export(session, _filters(request, person, actor, since, until, object_kind), fmt=format)
    return Response(data, media_type=access_log.MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="journal-acces.{format}"'})


def _criteria(body: SubjectQuery) -> subjects.Criteria:
    return subjects.Criteria(name=body.name, birth_date=body.birth_date, identifier=body.identifier)


def findings_read(found: subjects.Findings) -> SubjectFindingsRead:
    """The API view of what is held about a person (no value beyond what was asked)."""
    return SubjectFindingsRead(
        requests=[HoldingRead(request_id=h.request.id, reference=h.request.reference, caisse=h.request.caisse.code,
                              status=h.request.status, received_on=h.request.received_on,
                              delivered_on=h.request.delivered_on, matched_by=h.matched_by, segments=h.segments,
                              open=h.open) for h in found.holdings],
        memory_entries=len(found.memory_entry_ids),
        vendor_jobs=[JobHeldRead(job_id=j.id, request_id=j.request_id, vendor=j.vendor.name, status=j.status,
                                 sent_on=j.sent_on) for j in found.jobs],
        messages=found.messages, events=found.events, access_log_lines=found.access_lines)


@router.post("/data-subjects/search", response_model=SubjectFindingsRead)
def search_subject(session: SessionDep, user: AdminUser, body: SubjectQuery) -> SubjectFindingsRead:
    """Everything held about a person (name and birth date, or an identifier); the search is logged."""
    return findings_read(subjects.find(session, _criteria(body), actor=user))


@router.post("/data-subjects/export")
def export_subject(session: SessionDep, user: AdminUser, body: SubjectQuery) -> Response:
    """A zip of everything held about the person (GDPR art. 15); the export is logged, each read too."""
    data = subjects.export(session, _criteria(body), actor=user)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="donnees-personne.zip"'})


@router.post("/data-subjects/erase", response_model=ErasureRead)
def erase_subject(session: SessionDep, user: AdminUser, body: SubjectQuery) -> ErasureRead:
    """Erase the person's data within the legal retention rules (GDPR art. 17): closed requests lose it all,
    requests in progress keep it (listed with the reason); the erasure is logged."""
    done = subjects.erase(session, _criteria(body), actor=user)
    return ErasureRead(erased=done.erased, retained=[RetainedRead(reference=r, reason=why) for r, why in done.retained],
                       memory_entries=done.memory_entries)


@router.get("/data-subjects/actions", response_model=list[SubjectActionRead])
def subject_actions(session: SessionDep, _: AdminUser) -> list[SubjectActionRead]:
    """The latest searches, exports and erasures done for people (criteria as digests only)."""
    return [SubjectActionRead.model_validate(a, from_attributes=True) for a in subjects.actions(session)]
