"""Notices of a new message: the caisse's signed callback, and e-mail to the other side (after commit)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.config import get_settings
from service.db.base import utcnow
from service.kit import mail
from service.message import repository
from service.message.thread import side
from service.models import Consultation, Message, TranslationRequest, User
from service.translation_request import callbacks
from service.translation_request import service as request_service
from service.worker import names
from service.worker.enqueue import enqueue

EVENT = "message.created"


def message_created(session: Session, message: Message, *, author: User,
                    request: TranslationRequest | None = None) -> None:
    """Record the event, queue the caisse's callback (requests with a callback URL) and the e-mail notice."""
    if request is not None:
        event = request_service.record_event(session, request, action=EVENT, actor=author,
                                             detail={"message_id": message.id})
        if request.callback_url:
            callbacks.schedule(session, request, event, extra={
                "event": EVENT,
                "message": {"id": message.id, "author_side": side(author), "attachments": len(message.attachments),
                            "awaiting_submitter": request.awaiting_submitter_since is not None},
                "messages_url": f"{get_settings().base_url}/api/requests/{request.id}/messages",
            })
    if mail.configured():
        enqueue(session, names.SEND_EMAIL, message.id)


def pending_email(session: Session, message_id: int) -> list[mail.Mail] | None:
    """The notices of a message to the other side of its thread; None once sent (or without SMTP)."""
    message = session.get(Message, message_id)
    if message is None or message.emailed_at is not None or not mail.configured():
        return None
    author = session.get(User, message.author_id)
    assert author is not None
    if message.request_id is not None:
        request = session.get(TranslationRequest, message.request_id)
        assert request is not None
        mails = _request_mails(session, message, request, author)
    else:
        consultation = session.get(Consultation, message.consultation_id)
        assert consultation is not None
        mails = _consultation_mails(session, message, consultation, author)
    return mails


def mark_emailed(session: Session, message_id: int) -> None:
    """Record that the message's notices went out (they are not sent again)."""
    message = session.get(Message, message_id)
    if message is not None:
        message.emailed_at = utcnow()


def _request_mails(session: Session, message: Message, request: TranslationRequest, author: User) -> list[mail.Mail]:
    base = get_settings().base_url
    wrote = repository.authors(session, repository.in_thread(request_id=request.id))
    people = repository.users(session, wrote | {i for i in (request.submitter_id, request.assignee_id) if i})
    if side(author) == "requester":
        wanted = [u for u in people.values() if side(u) == "staff"] or repository.active_managers(session)
        link = f"{base}/atelier/demandes/{request.id}"
    else:
        wanted = [u for u in people.values() if side(u) == "requester"]
        link = f"{base}/portail/demandes/{request.id}"
    subject = f"[Passerelle] Nouveau message sur la demande {request.reference}"
    text = (f"{author.full_name} a écrit un message sur la demande {request.reference}"
            f"{' (avec pièce jointe)' if message.attachments else ''}.\n\nLisez-le et répondez sur Passerelle : "
            f"{link}\n\nPar confidentialité, le contenu du message n'est pas repris dans ce courriel.")
    return _to(wanted, author, subject, text)


def _consultation_mails(session: Session, message: Message, consultation: Consultation,
                        author: User) -> list[mail.Mail]:
    wrote = repository.authors(session, repository.in_thread(consultation_id=consultation.id))
    people = repository.users(session, wrote | {i for i in (consultation.author_id, consultation.expert_id) if i})
    if side(author) == "requester":
        wanted = [u for u in people.values() if side(u) == "staff"] or repository.active_managers(session)
    else:
        wanted = [u for u in people.values() if side(u) == "requester"]
    what = "la réponse" if message.kind == "answer" else "un message"
    subject = f"[Passerelle] Consultation {consultation.reference} : {what}"
    text = (f"{author.full_name} a écrit {what} sur la consultation {consultation.reference} "
            f"({consultation.subject}).\n\nLisez-la sur Passerelle : "
            f"{get_settings().base_url}/consultations/{consultation.id}\n\n"
            "Par confidentialité, le contenu n'est pas repris dans ce courriel.")
    return _to(wanted, author, subject, text)


def _to(users: list[User], author: User, subject: str, text: str) -> list[mail.Mail]:
    addresses = sorted({u.email for u in users if u.is_active and u.id != author.id and "@" in u.email})
    return [mail.Mail(to=a, subject=subject, text=text) for a in addresses]
