"""Pages of the dialogue: the thread on a request (portal and editor), consultations, the knowledge base."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service.consultation import presenter
from service.consultation import service as consultation_service
from service.consultation.schemas import ConsultationFilters, ConvertBody
from service.deps import SessionDep
from service.errors import ServiceError
from service.kit import countries
from service.knowledge import personal_data
from service.knowledge import service as knowledge_service
from service.knowledge.schemas import KnowledgeCreate
from service.message import service as message_service
from service.message import thread as message_thread
from service.message.endpoints import attachment_response, uploads
from service.message.schemas import ThreadRead
from service.models import Consultation, TranslationRequest, User
from service.models.enums import Role
from service.translation_request import service as request_service
from service.web import labels
from service.web.common import Csrf, Refused, SubmitterPage, TranslatorPage, WebUser, french_error, render, role_user

router = APIRouter(include_in_schema=False)

DialoguePage = Annotated[User, role_user(Role.PARTNER, Role.EXPERT, Role.TRANSLATOR, Role.MANAGER, Role.ADMIN)]
PartnerPage = Annotated[User, role_user(Role.PARTNER)]
Files = Annotated[list[UploadFile] | None, File()]


def request_thread_context(session: Session, row: TranslationRequest, user: User, *, base: str,
                           error: str | None = None) -> dict[str, Any]:
    """What `_thread.html` needs on a request page; the messages shown are marked read."""
    thread = message_service.read_thread(session, row, reader=user)
    message_thread.mark_all_read(session, message_service.request_thread(row), reader=user)
    return {"thread": thread, "post_url": f"{base}/demandes/{row.id}/messages",
            "piece_url": f"/portail/demandes/{row.id}/messages", "can_write": message_service.may_write(row, user),
            "can_wait": message_thread.side(user) == "staff", "thread_error": error}


def _post_on_request(session: Session, user: User, request_id: int, *, base: str, body: str,
                     files: list[UploadFile] | None, awaiting: str | None, wait_shown: str | None) -> Response:
    row = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    # An unticked box sends nothing: the hidden field says the staff saw it, so unticked ends the wait.
    wait = (awaiting == "true") if wait_shown else None
    try:
        message_service.post(session, row, author=user, body=body, files=uploads(files), awaiting_submitter=wait)
    except ServiceError as exc:
        back = f"{base}/demandes/{row.id}?erreur_message={exc.code}#fil"
        raise Refused(lambda _session: RedirectResponse(back, status_code=303)) from exc
    return RedirectResponse(f"{base}/demandes/{row.id}#fil", status_code=303)


@router.post("/portail/demandes/{request_id}/messages", dependencies=[Csrf])
def post_from_portal(session: SessionDep, user: SubmitterPage, request_id: int, body: Annotated[str, Form()] = "",
                     files: Files = None) -> Response:
    """The caisse agent writes on the request's thread (an answer ends the wait)."""
    return _post_on_request(session, user, request_id, base="/portail", body=body, files=files, awaiting=None,
                            wait_shown=None)


@router.post("/atelier/demandes/{request_id}/messages", dependencies=[Csrf])
def post_from_editor(session: SessionDep, user: TranslatorPage, request_id: int, body: Annotated[str, Form()] = "",
                     files: Files = None, awaiting_submitter: Annotated[str | None, Form()] = None,
                     wait_shown: Annotated[str | None, Form()] = None) -> Response:
    """The translator or a manager writes on the request's thread, and may put it in wait for the submitter."""
    return _post_on_request(session, user, request_id, base="/atelier", body=body, files=files,
                            awaiting=awaiting_submitter, wait_shown=wait_shown)


@router.get("/portail/demandes/{request_id}/messages/{message_id}/pieces/{attachment_id}")
def request_attachment(session: SessionDep, user: WebUser, request_id: int, message_id: int,
                       attachment_id: int) -> FileResponse:
    """A file of the request's thread (its caisse, or staff who see the request)."""
    row = request_service.get_visible(session, user=user, request_id=request_id)
    found = message_service.attachment(session, row, message_id=message_id, attachment_id=attachment_id)
    request_service.record_read(session, row, user=user, object_kind="message_attachment", ref=str(found.id),
                                purpose="download_attachment", channel="portal")
    return attachment_response(found)


@router.get("/consultations", response_class=HTMLResponse)
def consultations(request: Request, session: SessionDep, user: DialoguePage, page: int = 1) -> HTMLResponse:
    """Partners: ask and follow their organisation's consultations. Experts and managers: those to answer."""
    return _list_page(request, session, user, page=page, form={}, error=None)


def _list_page(request: Request, session: Session, user: User, *, page: int, form: dict[str, str],
               error: str | None, status_code: int = 200) -> HTMLResponse:
    rows, total = consultation_service.list_visible(session, user=user, filters=ConsultationFilters(page=page))
    return render(request, "consultations/index.html", user=user, status_code=status_code,
                  items=[presenter.to_read(session, c, reader=user) for c in rows], total=total, page=page,
                  countries=countries.countries(), form=form, error=error)


@router.post("/consultations", dependencies=[Csrf])
def ask(request: Request, session: SessionDep, user: PartnerPage, country: Annotated[str, Form()] = "",
        document_type: Annotated[str, Form()] = "", question: Annotated[str, Form()] = "",
        subject: Annotated[str, Form(max_length=200)] = "", language: Annotated[str, Form()] = "",
        files: Files = None) -> Response:
    """Ask a question about a foreign document; errors come back beside the form, nothing typed is lost."""
    try:
        created = consultation_service.create(session, author=user, country=country, document_type=document_type,
                                              question=question, subject=subject, language=language or None,
                                              files=uploads(files))
    except ServiceError as exc:
        form = {"country": country, "document_type": document_type, "question": question, "subject": subject,
                "language": language}
        user_id, error, status_code = user.id, french_error(exc), exc.status_code
        raise Refused(lambda fresh: _list_page(request, fresh, fresh.get_one(User, user_id), page=1, form=form,
                                               error=error, status_code=status_code)) from exc
    return RedirectResponse(f"/consultations/{created.id}?posee=1", status_code=303)


@router.get("/consultations/{consultation_id}", response_class=HTMLResponse)
def consultation(request: Request, session: SessionDep, user: DialoguePage, consultation_id: int,
                 posee: int | None = None, erreur: str | None = None) -> HTMLResponse:
    """A consultation: the question and its document, the thread, the answer, and what may be done next."""
    row = consultation_service.get_visible(session, user=user, consultation_id=consultation_id)
    return _detail(request, session, user, row, created=bool(posee),
                   error=labels.error_message(erreur) if erreur else None)


def _detail(request: Request, session: Session, user: User, row: Consultation, *, created: bool = False,
            error: str | None = None, draft: KnowledgeCreate | None = None, status_code: int = 200) -> HTMLResponse:
    view = presenter.to_read(session, row, reader=user, with_suggestions=True)
    thread_items, unread = message_thread.listing(session, consultation_service.consultation_thread(row), reader=user)
    message_thread.mark_all_read(session, consultation_service.consultation_thread(row), reader=user)
    staff = message_thread.side(user) == "staff"
    answers = [m.body for m in thread_items if m.kind == "answer"]
    # The draft entry starts from the subject and the answers; the expert removes the personal data.
    draft = draft or KnowledgeCreate.model_construct(consultation_id=row.id, title=row.subject,
                                                     answer="\n\n".join(answers), sources="")
    findings = personal_data.find(f"{draft.title}\n{draft.answer}\n{draft.sources}")
    return render(request, "consultations/detail.html", user=user, status_code=status_code, c=view,
                  thread=ThreadRead(items=thread_items, unread=unread), post_url=f"/consultations/{row.id}/messages",
                  piece_url=f"/consultations/{row.id}/messages", can_write=True, can_wait=False, staff=staff,
                  created=created, error=error, draft=draft, findings=findings,
                  can_publish=staff and view.first_answered_at is not None and view.knowledge_entry_id is None)


def _act(session: Session, user: User, consultation_id: int, action: str, **kwargs: Any) -> Response:
    row = consultation_service.get_visible(session, user=user, consultation_id=consultation_id, lock=True)
    try:
        if action == "answer":
            row = consultation_service.get_for_staff_action(session, user=user, consultation_id=consultation_id)
            consultation_service.answer(session, row, actor=user, **kwargs)
        elif action == "message":
            consultation_service.post(session, row, author=user, **kwargs)
        elif action == "close":
            consultation_service.close(session, row, actor=user)
        elif action == "reopen":
            consultation_service.reopen(session, row, actor=user)
        else:
            consultation_service.convert(session, row, actor=user, body=kwargs["body"])
    except ServiceError as exc:
        back = f"/consultations/{consultation_id}?erreur={exc.code}"
        raise Refused(lambda _session: RedirectResponse(back, status_code=303)) from exc
    return RedirectResponse(f"/consultations/{consultation_id}#fil", status_code=303)


@router.post("/consultations/{consultation_id}/messages", dependencies=[Csrf])
def post_on_consultation(session: SessionDep, user: DialoguePage, consultation_id: int,
                         body: Annotated[str, Form()] = "", files: Files = None) -> Response:
    """Write on the consultation's thread."""
    return _act(session, user, consultation_id, "message", body=body, files=uploads(files))


@router.post("/consultations/{consultation_id}/reponse", dependencies=[Csrf])
def answer(session: SessionDep, user: DialoguePage, consultation_id: int, body: Annotated[str, Form()] = "",
           files: Files = None) -> Response:
    """The expert's answer."""
    return _act(session, user, consultation_id, "answer", body=body, files=uploads(files))


@router.post("/consultations/{consultation_id}/cloture", dependencies=[Csrf])
def close(session: SessionDep, user: DialoguePage, consultation_id: int) -> Response:
    """Close the consultation."""
    return _act(session, user, consultation_id, "close")


@router.post("/consultations/{consultation_id}/reouverture", dependencies=[Csrf])
def reopen(session: SessionDep, user: DialoguePage, consultation_id: int) -> Response:
    """Open the consultation again."""
    return _act(session, user, consultation_id, "reopen")


@router.post("/consultations/{consultation_id}/conversion", dependencies=[Csrf])
def convert(session: SessionDep, user: DialoguePage, consultation_id: int,
            source_lang: Annotated[str, Form()] = "", urgency: Annotated[str, Form()] = "normal") -> Response:
    """Turn the consultation into a translation request of its document."""
    return _act(session, user, consultation_id, "convert",
                body=ConvertBody(source_lang=source_lang or None, urgency=urgency))


@router.post("/consultations/{consultation_id}/publication", dependencies=[Csrf])
def publish(request: Request, session: SessionDep, user: DialoguePage, consultation_id: int,
            title: Annotated[str, Form(max_length=300)] = "", answer_text: Annotated[str, Form(alias="answer")] = "",
            sources: Annotated[str, Form(max_length=5000)] = "", checked: Annotated[bool, Form()] = False) -> Response:
    """Publish the answer in the knowledge base; what still looks like personal data is shown highlighted."""
    row = consultation_service.get_for_staff_action(session, user=user, consultation_id=consultation_id)
    draft = KnowledgeCreate.model_construct(consultation_id=row.id, title=title, answer=answer_text, sources=sources,
                                            personal_data_checked=checked)
    try:
        entry = knowledge_service.publish(session, row, actor=user, entry_in=KnowledgeCreate(
            consultation_id=row.id, title=title, answer=answer_text, sources=sources, personal_data_checked=checked))
    except (ServiceError, ValueError) as exc:
        message = french_error(exc) if isinstance(exc, ServiceError) else \
            "Le titre (5 caractères au moins) et la réponse (10 au moins) sont obligatoires."
        status_code = exc.status_code if isinstance(exc, ServiceError) else 422
        user_id = user.id

        def page(fresh: Session) -> Response:
            reader = fresh.get_one(User, user_id)
            again = consultation_service.get_for_staff_action(fresh, user=reader, consultation_id=consultation_id)
            return _detail(request, fresh, reader, again, error=message, draft=draft, status_code=status_code)

        raise Refused(page) from exc
    return RedirectResponse(f"/savoirs?publiee={entry.id}#fiche-{entry.id}", status_code=303)


@router.get("/consultations/{consultation_id}/messages/{message_id}/pieces/{attachment_id}")
def consultation_attachment(session: SessionDep, user: DialoguePage, consultation_id: int, message_id: int,
                            attachment_id: int) -> FileResponse:
    """A file of the consultation's thread."""
    row = consultation_service.get_visible(session, user=user, consultation_id=consultation_id)
    return attachment_response(message_thread.attachment(session, consultation_service.consultation_thread(row),
                                                         message_id=message_id, attachment_id=attachment_id))


@router.get("/savoirs", response_class=HTMLResponse)
def knowledge(request: Request, session: SessionDep, user: DialoguePage, q: str = "", pays: str = "",
              type: str = "", page: int = 1, publiee: int | None = None) -> HTMLResponse:  # noqa: A002
    """The knowledge base: published answers searched by words, country and document type."""
    found = knowledge_service.search(session, q=q[:200], country=pays.upper() or None, document_type=type or None,
                                     page=page)
    return render(request, "savoirs/index.html", user=user, found=found, q=q, pays=pays.upper(), doc_type=type,
                  countries=countries.countries(), published=publiee, searched=bool(q or pays or type))
