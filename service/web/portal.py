"""The caisse portal: submit a document, follow the caisse's requests, download translations."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service import engines
from service.config import get_settings
from service.deps import SessionDep
from service.document import extraction as extraction_service
from service.document import standard_forms
from service.errors import ServiceError
from service.kit import countries
from service.kit.storage import get_store
from service.models import User
from service.models.enums import DocumentRole
from service.translation_request import intake
from service.translation_request import service as request_service
from service.translation_request.errors import DocumentUnavailable, RequestNotFound
from service.translation_request.schemas import RequestFilters, RequestRead
from service.web import labels
from service.web.common import Csrf, SubmitterPage, WebUser, french_error, render
from service.web.dialogue import request_thread_context
from service.workflow import offers

router = APIRouter(prefix="/portail", include_in_schema=False)

# Thumbnails for picking pages: small enough to send 60 of them inline in one answer.
PREVIEW_WIDTH = 120
PREVIEW_PAGES = 60

FILE_ERRORS = {"empty_file", "file_too_large", "unsupported_file_type", "extension_mismatch", "too_many_characters"}
EMPTY_FORM = {
    "source_lang": "",
    "target_lang": "fr",
    "document_type": "",
    "channel": "standard",
    "urgency": "normal",
    "external_reference": "",
    "subject_name": "",
    "subject_birth_date": "",
    "country": "",
    "pages": "",
    "scope": "full",
    "purpose": "",
    "service_level": "",
}


def _page(
    request: Request,
    session: Session,
    user: User,
    *,
    form: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    page: int = 1,
    created: str | None = None,
) -> HTMLResponse:
    rows, total = request_service.list_visible(session, user=user, filters=RequestFilters(page=page))
    return render(
        request,
        "portal/index.html",
        user=user,
        status_code=status_code,
        requests=[RequestRead.of(r) for r in rows],
        total=total,
        page=page,
        page_size=25,
        form=form,
        errors=errors,
        created=created,
        working=labels.WORKING_STATUSES,
        countries=countries.countries(),
    )


@router.get("", response_class=HTMLResponse)
def index(
    request: Request, session: SessionDep, user: SubmitterPage, page: int = 1, envoyee: str | None = None
) -> HTMLResponse:
    """The submission form and the caisse's requests, newest first."""
    return _page(request, session, user, form=dict(EMPTY_FORM), errors={}, page=max(page, 1), created=envoyee)


@router.post("/demandes", dependencies=[Csrf])
def submit(
    request: Request,
    session: SessionDep,
    user: SubmitterPage,
    file: Annotated[UploadFile, File()],
    source_lang: Annotated[str, Form()] = "",
    target_lang: Annotated[str, Form()] = "",
    document_type: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "standard",
    urgency: Annotated[str, Form()] = "normal",
    external_reference: Annotated[str, Form()] = "",
    subject_name: Annotated[str, Form()] = "",
    subject_birth_date: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    pages: Annotated[str, Form()] = "",
    scope: Annotated[str, Form()] = "full",
    purpose: Annotated[str, Form()] = "",
    service_level: Annotated[str, Form()] = "",
) -> Response:
    """Validate and store a submission with the same rules as the API; errors come back beside the form."""
    form = {
        "source_lang": source_lang,
        "target_lang": target_lang,
        "document_type": document_type,
        "channel": channel,
        "urgency": urgency,
        "external_reference": external_reference,
        "subject_name": subject_name,
        "subject_birth_date": subject_birth_date,
        "country": country,
        "pages": pages,
        "scope": scope,
        "purpose": purpose,
        "service_level": service_level,
    }
    limit = get_settings().max_upload_bytes
    # A plain (threaded) handler, like the API's: storing the file (fsync) and the database work must never
    # block the event loop, or every other page and API call waits behind each submission.
    data = file.file.read(limit + 1)
    try:
        submission = intake.validate(
            data=data,
            filename=file.filename or "document",
            source_lang=source_lang,
            target_lang=target_lang,
            document_type=document_type,
            channel=channel,
            urgency=urgency,
            external_reference=external_reference or None,
            callback_url=None,
            max_bytes=limit,
            subject_name=subject_name,
            subject_birth_date=subject_birth_date,
            country=country or None,
            pages=pages or None,
            scope=scope or None,
            purpose=purpose or None,
            service_level=service_level or None,
        )
        created = request_service.create(session, submitter=user, submission=submission)
    except ServiceError as exc:
        return _page(
            request,
            session,
            user,
            form=form,
            errors={_field_of(exc): french_error(exc)},
            status_code=exc.status_code,
        )
    return RedirectResponse(f"/portail?envoyee={created.reference}", status_code=303)


def _field_of(exc: ServiceError) -> str:
    if exc.code in FILE_ERRORS:
        return "file"
    field = str(exc.extra.get("field") or "")
    return field if field in EMPTY_FORM else "form"


@router.post("/apercu", dependencies=[Csrf])
def preview(user: SubmitterPage, file: Annotated[UploadFile, File()]) -> JSONResponse:
    """Thumbnails of the chosen file's pages, for picking the pages to translate (nothing is stored)."""
    limit = get_settings().max_upload_bytes
    data = file.file.read(limit + 1)
    try:
        intake.check_upload(data, file.filename or "document", limit)
        shown = engines.page_preview(data, width=PREVIEW_WIDTH, max_thumbnails=PREVIEW_PAGES)
    except ServiceError as exc:
        return JSONResponse({"error": french_error(exc)}, status_code=exc.status_code)
    if shown is None:
        return JSONResponse({"error": "Les pages de ce fichier ne peuvent pas être affichées ; indiquez les "
                                      "numéros de pages à la main."}, status_code=422)
    return JSONResponse({"page_count": shown.page_count,
                         "thumbnails": ["data:image/png;base64," + base64.b64encode(png).decode("ascii")
                                        for png in shown.thumbnails]})


@router.post("/demandes/{request_id}/offre", dependencies=[Csrf])
def answer_offer(session: SessionDep, user: SubmitterPage, request_id: int,
                 decision: Annotated[str, Form()] = "") -> Response:
    """The agent takes the earlier translation or the form's French key (accepter), or asks for a new one."""
    row = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    offers.answer(session, row, actor=user, accept=decision == "accepter")
    return RedirectResponse(f"/portail/demandes/{request_id}", status_code=303)


@router.get("/demandes/{request_id}", response_class=HTMLResponse)
def detail(request: Request, session: SessionDep, user: SubmitterPage, request_id: int,
           erreur_message: str | None = None, relancee: int | None = None, remplace: int | None = None,
           erreur_fichier: str | None = None) -> HTMLResponse:
    """One request: status, progress, failure and what to do, the thread with the staff, history, downloads."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    notice = ("Traitement relancé : la demande est de nouveau en cours de lecture." if relancee else
              "Fichier remplacé : le nouveau document est en cours de lecture." if remplace else None)
    return render(
        request,
        "portal/detail.html",
        user=user,
        r=RequestRead.of(row),
        duplicate=_earlier(session, user, row.duplicate_of_id),
        reused=_earlier(session, user, row.reuse_of_id),
        form_key=standard_forms.french_key(row.standard_form) if row.standard_form else None,
        notice=notice,
        file_error=labels.error_message(erreur_fichier) if erreur_fichier else None,
        failure_reason=labels.failure_reason(row.failure_code),
        advice=labels.failure_advice(row.failure_code),
        # The caisse follows the status changes; internal steps (QA, routing detail) stay with the staff.
        events=request_service.visible_events(session, row, user=user),
        working=labels.WORKING_STATUSES,
        doubtful_pages=extraction_service.doubtful_pages(session, row),
        **request_thread_context(session, row, user, base="/portail",
                                 error=labels.error_message(erreur_message) if erreur_message else None),
    )


def _earlier(session: Session, user: User, request_id: int | None) -> RequestRead | None:
    """The earlier request with the same file, when the agent may see it."""
    if request_id is None:
        return None
    try:
        return RequestRead.of(request_service.get_visible(session, user=user, request_id=request_id))
    except RequestNotFound:
        return None


@router.post("/demandes/{request_id}/relancer", dependencies=[Csrf])
def retry(session: SessionDep, user: SubmitterPage, request_id: int) -> Response:
    """Run the failed step of the caisse's failed request again."""
    row = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    request_service.retry(session, row, actor=user)
    return RedirectResponse(f"/portail/demandes/{row.id}?relancee=1", status_code=303)


@router.post("/demandes/{request_id}/fichier", dependencies=[Csrf])
def replace_file(session: SessionDep, user: SubmitterPage, request_id: int,
                 file: Annotated[UploadFile, File()]) -> Response:
    """Replace the document of a failed request (a sharper scan, an unprotected PDF) and read it anew."""
    row = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    limit = get_settings().max_upload_bytes
    data = file.file.read(limit + 1)
    try:
        # Both refuse before anything is stored or changed: the page then says why, beside the file field.
        mime_type, name = intake.check_upload(data, file.filename or "document", limit)
        request_service.replace_original(session, row, data=data, filename=name, mime_type=mime_type, actor=user)
    except ServiceError as exc:
        return RedirectResponse(f"/portail/demandes/{request_id}?erreur_fichier={exc.code}#remplacer",
                                status_code=303)
    return RedirectResponse(f"/portail/demandes/{row.id}?remplace=1", status_code=303)


@router.get("/demandes/{request_id}/ligne", response_class=HTMLResponse)
def row_fragment(
    request: Request, session: SessionDep, user: SubmitterPage, request_id: int, partie: str = "ligne"
) -> HTMLResponse:
    """One row of the list (or the status of the detail page), polled while text is extracted and drafted."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    template = "portal/_etat.html" if partie == "etat" else "portal/_row.html"
    return render(request, template, user=user, r=RequestRead.of(row), working=labels.WORKING_STATUSES)


@router.get("/demandes/{request_id}/traduction")
def download(session: SessionDep, user: WebUser, request_id: int) -> FileResponse:
    """The delivered translation (its caisse, or staff)."""
    return _file(session, user, request_id, DocumentRole.DELIVERABLE)


@router.get("/demandes/{request_id}/original")
def original(session: SessionDep, user: WebUser, request_id: int) -> FileResponse:
    """The document as it was submitted."""
    return _file(session, user, request_id, DocumentRole.ORIGINAL)


def _file(session: Session, user: User, request_id: int, role: DocumentRole) -> FileResponse:
    row = request_service.get_visible(session, user=user, request_id=request_id)
    doc = request_service.document(row, role)
    if doc is None or doc.storage_key is None:
        raise DocumentUnavailable(f"No {role} document available for {row.reference}.")
    request_service.record_read(session, row, user=user, object_kind=str(role), purpose=f"download_{role}",
                                channel="portal", doc=doc)
    return FileResponse(
        get_store().path(doc.storage_key), media_type=doc.mime_type, filename=doc.original_name
    )
