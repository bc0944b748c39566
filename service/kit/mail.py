"""Plain-text e-mail through the configured SMTP server (stdlib smtplib); nothing is sent without one."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from service.config import get_settings


@dataclass(frozen=True)
class Mail:
    """One e-mail to one recipient."""

    to: str
    subject: str
    text: str


def configured() -> bool:
    """Whether an SMTP server is configured (`PASSERELLE_SMTP_HOST`)."""
    return bool(get_settings().smtp_host)


def send(mails: list[Mail]) -> None:
    """Send `mails` over one SMTP connection; raises OSError or smtplib.SMTPException when it fails."""
    settings = get_settings()
    if not mails or not settings.smtp_host:
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        for mail in mails:
            message = EmailMessage()
            message["From"] = settings.smtp_from
            message["To"] = mail.to
            message["Subject"] = mail.subject
            message.set_content(mail.text)
            smtp.send_message(message)
