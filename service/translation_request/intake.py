"""Checks on a submission before anything is stored: file content, size, languages, metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlparse

from service.agreement import DELAY_DAYS
from service.config import get_settings
from service.kit import countries
from service.kit.sniff import TEXT, extension_matches, sniff_mime
from service.models.enums import Channel, Urgency
from service.translation_request import errors
from service.translation_request.schemas import DOCUMENT_TYPES, LANGUAGES, URGENCY_DAYS


@dataclass(frozen=True)
class Submission:
    """A validated submission, ready to be stored."""

    data: bytes
    filename: str
    mime_type: str
    source_lang: str
    target_lang: str
    document_type: str
    channel: str
    urgency: str
    external_reference: str | None
    callback_url: str | None
    # The person the document is about, when the caisse knows: hints for the entity detector (drafting
    # keeps the name verbatim, masking hides it). Stored on the request, never sent in callbacks.
    subject_name: str | None = None
    subject_birth_date: date | None = None
    # The country that issued the document (ISO 3166), when the caisse says: knowledge entries are suggested.
    country: str | None = None


def validate(*, data: bytes, filename: str, source_lang: str, target_lang: str, document_type: str,
             channel: str | None, urgency: str | None, external_reference: str | None,
             callback_url: str | None, max_bytes: int, subject_name: str | None = None,
             subject_birth_date: str | date | None = None, country: str | None = None) -> Submission:
    """A `Submission` when every field is acceptable; a precise 4xx error otherwise."""
    source = _language("source_lang", source_lang)
    target = _language("target_lang", target_lang)
    if source == target:
        raise errors.InvalidMetadata("target_lang", "must differ from source_lang.")
    if document_type not in DOCUMENT_TYPES:
        raise errors.InvalidMetadata(
            "document_type", f"'{document_type}' is unknown; use one of: {', '.join(DOCUMENT_TYPES)}.")
    channel = _choice("channel", channel or Channel.STANDARD, [c.value for c in Channel])
    urgency = _choice("urgency", urgency or Urgency.NORMAL, [u.value for u in Urgency])
    if external_reference is not None and len(external_reference) > 128:
        raise errors.InvalidMetadata("external_reference", "at most 128 characters.")
    if callback_url:
        _check_callback_url(callback_url)
    issuer = countries.normalise(country) if country else None
    if country and issuer is None:
        raise errors.InvalidMetadata("country", f"'{country}' is not an ISO 3166 country code (MA, PT, PL...).")
    name = _subject_name(subject_name)
    born = _birth_date(subject_birth_date)
    mime = _check_file(data, filename, max_bytes)
    return Submission(data=data, filename=_safe_name(filename), mime_type=mime, source_lang=source,
                      target_lang=target, document_type=document_type, channel=channel, urgency=urgency,
                      external_reference=external_reference or None, callback_url=callback_url or None,
                      subject_name=name, subject_birth_date=born, country=issuer)


def check_upload(data: bytes, filename: str, max_bytes: int) -> tuple[str, str]:
    """(MIME type, safe name) of an uploaded file, with the same checks as a submission's document.

    Used for message attachments and consultation documents: empty, too large, unknown format or
    a name that lies about the content are refused with the same errors as at intake.
    """
    return _check_file(data, filename, max_bytes), _safe_name(filename)


def due_on(received_on: date, urgency: str, delay_days: int = DELAY_DAYS) -> date:
    """The due date: 21 calendar days after receipt, earlier when urgency asks for it."""
    return received_on + timedelta(days=min(delay_days, URGENCY_DAYS.get(urgency, delay_days)))


def _language(field: str, value: str) -> str:
    code = (value or "").strip().lower()
    if code not in LANGUAGES:
        raise errors.UnknownLanguage(field, value, sorted(LANGUAGES))
    return code


def _choice(field: str, value: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise errors.InvalidMetadata(field, f"'{value}' is not one of: {', '.join(allowed)}.")
    return value


def _subject_name(value: str | None) -> str | None:
    name = " ".join((value or "").split())
    if len(name) > 200:
        raise errors.InvalidMetadata("subject_name", "at most 200 characters.")
    if name and not any(ch.isalpha() for ch in name):
        raise errors.InvalidMetadata("subject_name", "must contain the person's name (letters).")
    return name or None


def _birth_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        born = value
    elif not value.strip():
        return None
    else:
        try:
            born = date.fromisoformat(value.strip())
        except ValueError:
            raise errors.InvalidMetadata("subject_birth_date", f"'{value}' is not a date; use YYYY-MM-DD.") from None
    if born is not None and not date(1880, 1, 1) <= born <= date.today():
        raise errors.InvalidMetadata("subject_birth_date", "must be a past date (YYYY-MM-DD).")
    return born


def _check_callback_url(url: str) -> None:
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 - reading it checks it is a number below 65536
    except ValueError:
        raise errors.InvalidMetadata("callback_url", "is not a valid URL (check the host and port).") from None
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > 2000:
        raise errors.InvalidMetadata("callback_url", "must be an absolute http(s) URL of at most 2000 characters.")


def _check_file(data: bytes, filename: str, max_bytes: int) -> str:
    if not data:
        raise errors.EmptyFile()
    if len(data) > max_bytes:
        raise errors.FileTooLarge(len(data), max_bytes)
    mime = sniff_mime(data)
    if mime is None:
        raise errors.UnsupportedFileType(f"The content of '{filename}' is not a recognised document format.")
    if not extension_matches(filename, mime):
        raise errors.ExtensionMismatch(filename, mime)
    if mime == TEXT:
        _check_text_length(data)
    return mime


def _check_text_length(data: bytes) -> None:
    # Plain text is the one format whose length is known at once: refuse at intake what extraction would.
    limit = get_settings().max_request_characters
    if len(data) > limit:  # a UTF-8 character takes 1 to 4 bytes: count only when it may fit
        characters = len(data.decode("utf-8", errors="replace")) if len(data) <= 4 * limit else len(data) // 4
        if characters > limit:
            raise errors.TextTooLong(characters, limit)


def _safe_name(filename: str) -> str:
    # Keep only the last path component: the name is shown to people, never used as a path.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "document"
    return "".join(ch for ch in name if ch.isprintable())[:255]
