"""Checks on a submission before anything is stored: file content, size, languages, metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlparse

from service.agreement import DELAY_DAYS
from service.config import get_settings
from service.kit import countries
from service.kit.sniff import DOCX, TEXT, extension_matches, sniff_mime
from service.models.enums import Channel, Urgency
from service.translation_request import errors, levels
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
    # Scope: the pages asked for (None: all), written back as "1,3-4", and `full` or `extract`.
    pages: tuple[int, ...] | None = None
    page_selection: str | None = None
    scope: str = "full"
    purpose: str | None = None
    service_level: str = levels.FULL_REVISION
    service_level_reason: str = levels.NO_PURPOSE


# Document types whose extract translation ("traduction par extrait") is offered: the facts asked for sit
# in a few lines of a civil-status record or an insurance certificate.
EXTRACT_DOCUMENT_TYPES = ("civil_status", "insurance_certificate")
SCOPES = ("full", "extract")


@dataclass(frozen=True)
class Scope:
    """What to translate and at which level, as the agent asked (validated)."""

    pages: tuple[int, ...] | None = None
    page_selection: str | None = None
    scope: str = "full"
    purpose: str | None = None
    service_level: str = levels.FULL_REVISION
    service_level_reason: str = levels.NO_PURPOSE


def validate_scope(*, pages: str | None, scope: str | None, purpose: str | None, service_level: str | None,
                   document_type: str, channel: str, max_page: int) -> Scope:
    """The pages, scope, purpose and service level of a submission; a precise 4xx error otherwise."""
    numbers = parse_pages(pages, max_page=max_page)
    chosen_scope = _choice("scope", scope or "full", list(SCOPES))
    if chosen_scope == "extract" and document_type not in EXTRACT_DOCUMENT_TYPES:
        raise errors.InvalidMetadata("scope", "an extract translation is for civil-status records and "
                                              "insurance certificates (document_type civil_status or "
                                              "insurance_certificate); use scope=full for this document.")
    chosen_purpose = _choice("purpose", purpose, list(levels.PURPOSES)) if purpose else None
    proposal = levels.propose(purpose=chosen_purpose, channel=channel)
    level, reason = proposal.level, proposal.reason
    if service_level:
        level = _choice("service_level", service_level, list(levels.LEVELS))
        if levels.rank(level) < levels.rank(proposal.level):
            raise errors.InvalidMetadata(
                "service_level", f"'{level}' is below what the purpose calls for ({proposal.level}, rule "
                f"{proposal.reason}); leave service_level empty to take the proposed level, or ask for a higher one.")
        if level != proposal.level:
            reason = f"{levels.RAISED}:{proposal.reason}"
    if level == levels.INFORMATION and chosen_scope == "extract":
        raise errors.InvalidMetadata("scope", "an extract needs a translator to mark the facts asked for, and "
                                              "an information translation is not revised: choose scope=full, or "
                                              "service_level light_revision or higher.")
    return Scope(pages=numbers, page_selection=format_pages(numbers) if numbers else None, scope=chosen_scope,
                 purpose=chosen_purpose, service_level=level, service_level_reason=reason)


def parse_pages(value: str | None, *, max_page: int) -> tuple[int, ...] | None:
    """Page numbers from "1,3-4" (sorted, without repeats); None for an empty value (every page)."""
    text = (value or "").replace(" ", "")
    if not text:
        return None
    numbers: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise errors.InvalidMetadata("pages", f"'{part}' is not a page or a range; write pages and ranges "
                                                  "such as 1,3-4.")
        start, end = int(first), int(last) if dash else int(first)
        if start < 1 or end < start:
            raise errors.InvalidMetadata("pages", f"'{part}' is not a range of pages: pages start at 1 and a "
                                                  "range goes upwards (3-4, not 4-3).")
        if end > max_page:
            raise errors.InvalidMetadata("pages", f"page {end} is beyond the {max_page} pages one request may "
                                                  "hold.")
        numbers.update(range(start, end + 1))
    return tuple(sorted(numbers))


def format_pages(numbers: tuple[int, ...]) -> str:
    """The shortest "1,3-4" writing of sorted page numbers."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def validate(*, data: bytes, filename: str, source_lang: str, target_lang: str, document_type: str,
             channel: str | None, urgency: str | None, external_reference: str | None,
             callback_url: str | None, max_bytes: int, subject_name: str | None = None,
             subject_birth_date: str | date | None = None, country: str | None = None,
             pages: str | None = None, scope: str | None = None, purpose: str | None = None,
             service_level: str | None = None) -> Submission:
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
    chosen = validate_scope(pages=pages, scope=scope, purpose=purpose, service_level=service_level,
                            document_type=document_type, channel=channel,
                            max_page=get_settings().ocr_max_pages)
    mime = _check_file(data, filename, max_bytes)
    if chosen.pages and mime in (TEXT, DOCX):
        raise errors.InvalidMetadata("pages", "a Word or text file has no fixed pages to choose from: leave "
                                              "pages empty, or submit the pages wanted as a PDF.")
    return Submission(data=data, filename=_safe_name(filename), mime_type=mime, source_lang=source,
                      target_lang=target, document_type=document_type, channel=channel, urgency=urgency,
                      external_reference=external_reference or None, callback_url=callback_url or None,
                      subject_name=name, subject_birth_date=born, country=issuer, pages=chosen.pages,
                      page_selection=chosen.page_selection, scope=chosen.scope, purpose=chosen.purpose,
                      service_level=chosen.service_level, service_level_reason=chosen.service_level_reason)


def check_upload(data: bytes, filename: str, max_bytes: int) -> tuple[str, str]:
    """(MIME type, safe name) of an uploaded file, with the same checks as a submission's document.

    Used for message attachments and consultation documents: empty, too large, unknown format or
    a name that lies about the content are refused with the same errors as at intake.
    """
    return _check_file(data, filename, max_bytes), _safe_name(filename)


def due_on(received_on: date, urgency: str, delay_days: int = DELAY_DAYS,
           service_level: str = levels.FULL_REVISION) -> date:
    """The due date: 21 calendar days after receipt, earlier when urgency or the service level asks for it."""
    return received_on + timedelta(days=min(delay_days, URGENCY_DAYS.get(urgency, delay_days),
                                            levels.LEVEL_DAYS.get(service_level, delay_days)))


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
