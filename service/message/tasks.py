"""Background work of the message domain: e-mail notices, sent after the message is committed."""

from __future__ import annotations

import smtplib

from service.kit import mail
from service.message import notify
from service.worker import names
from service.worker.task import background_task, task_session


@background_task(names.SEND_EMAIL, transient=(OSError, smtplib.SMTPException), max_retries=6, retry_backoff=True)
def send_email(message_id: int) -> None:
    """E-mail the notices of one message; a refused or unreachable SMTP server is tried again later."""
    with task_session() as session:
        mails = notify.pending_email(session, message_id)
    if not mails:
        return
    # No transaction is open while the SMTP server answers.
    mail.send(mails)
    with task_session() as session:
        notify.mark_emailed(session, message_id)
