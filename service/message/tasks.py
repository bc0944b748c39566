"""Background work of the message domain: e-mail notices, sent after the message is committed."""

from __future__ import annotations

import smtplib

from service.message import notify
from service.worker.app import celery_app
from service.worker.task import task_session


@celery_app.task(name=notify.EMAIL_TASK, acks_late=True, autoretry_for=(OSError, smtplib.SMTPException),
                 retry_backoff=30, retry_backoff_max=3600, max_retries=6)
def send_email(message_id: int) -> None:
    """E-mail the notice of one message; a refused or unreachable SMTP server is tried again later."""
    with task_session() as session:
        notify.send_email(session, message_id)
