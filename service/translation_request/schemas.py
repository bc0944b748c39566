"""What the API reads and writes for translation requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from service.agreement import DELAY_DAYS

if TYPE_CHECKING:
    from service.models import TranslationRequest

# ISO 639-1 codes the extraction chain supports (tesseract packs are installed for each).
LANGUAGES: dict[str, str] = {
    "fr": "français", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien",
    "pt": "portugais", "pl": "polonais", "ro": "roumain", "nl": "néerlandais", "ar": "arabe",
    "tr": "turc",
}

DOCUMENT_TYPES: dict[str, str] = {
    "civil_status": "État civil (naissance, mariage, décès)",
    "medical": "Document médical",
    "pension": "Retraite, pension",
    "income": "Revenus, fiscalité",
    "employment": "Emploi, attestation employeur",
    "family": "Prestations familiales",
    "insurance_certificate": "Attestation d'assurance (A1, S1, E 104...)",
    "legal": "Jugement, acte juridique",
    "correspondence": "Courrier",
    "other": "Autre",
}

# Calendar days allowed by urgency; the 21-day rule is the ceiling for every request.
URGENCY_DAYS: dict[str, int] = {"normal": DELAY_DAYS, "urgent": 10, "very_urgent": 5}


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    role: str
    original_name: str
    mime_type: str
    size_bytes: int
    sha256: str
    created_at: datetime
    available: bool


class ProgressRead(BaseModel):
    label: str | None
    done: int | None
    total: int | None


class RequestRead(BaseModel):
    id: int
    reference: str
    caisse_code: str
    source_lang: str
    target_lang: str
    document_type: str
    channel: str
    urgency: str
    status: str
    received_on: date
    due_on: date
    delivered_on: date | None
    days_elapsed: int
    pages: int | None
    words: int | None
    failure_code: str | None
    failure_detail: str | None
    progress: ProgressRead
    warnings: list[str]
    detected_lang: str | None
    external_reference: str | None
    callback_url: str | None
    subject_name: str | None
    subject_birth_date: date | None
    duplicate_of: str | None
    handled_by: str | None
    assignee_id: int | None
    documents: list[DocumentRead]
    # Waiting for the submitter's answer to a question (time reported apart from the delay indicators).
    awaiting_submitter: bool = False
    waiting_days: float = 0.0
    country: str | None = None
    # Scope and service level (issue 19): the pages asked for ("1,3-4"; None: all) out of document_pages,
    # `pages` above counting those translated and billed.
    page_selection: str | None = None
    document_pages: int | None = None
    scope: str = "full"
    purpose: str | None = None
    service_level: str = "full_revision"
    service_level_reason: str | None = None
    # An offer waiting for the agent's answer (reuse, standard_form), the form recognised, the earlier
    # certified translation offered, and the answer given (pending, accepted, declined).
    offer: str | None = None
    offer_status: str | None = None
    standard_form: str | None = None
    reuse_of: str | None = None
    created_at: datetime

    @classmethod
    def of(cls, request: TranslationRequest) -> RequestRead:
        """The API view of a request (documents and caisse loaded with it)."""
        end = request.delivered_on or date.today()
        return cls(
            id=request.id, reference=request.reference, caisse_code=request.caisse.code,
            source_lang=request.source_lang, target_lang=request.target_lang, document_type=request.document_type,
            channel=request.channel, urgency=request.urgency, status=request.status, received_on=request.received_on,
            due_on=request.due_on, delivered_on=request.delivered_on, days_elapsed=(end - request.received_on).days,
            pages=request.pages, words=request.words, failure_code=request.failure_code,
            failure_detail=request.failure_detail,
            progress=ProgressRead(label=request.progress_label, done=request.progress_done,
                                  total=request.progress_total),
            warnings=list(request.warnings or []), detected_lang=request.detected_lang,
            external_reference=request.external_reference, callback_url=request.callback_url,
            subject_name=request.subject_name, subject_birth_date=request.subject_birth_date,
            duplicate_of=f"/api/requests/{request.duplicate_of_id}" if request.duplicate_of_id else None,
            handled_by=request.handled_by, assignee_id=request.assignee_id,
            documents=[DocumentRead(id=d.id, role=d.role, original_name=d.original_name, mime_type=d.mime_type,
                                    size_bytes=d.size_bytes, sha256=d.sha256, created_at=d.created_at,
                                    available=d.storage_key is not None and d.purged_at is None)
                       for d in request.documents],
            country=request.country, awaiting_submitter=request.awaiting_submitter_since is not None,
            waiting_days=round(request.waited_seconds / 86400, 2),
            page_selection=request.page_selection, document_pages=request.document_pages, scope=request.scope,
            purpose=request.purpose, service_level=request.service_level,
            service_level_reason=request.service_level_reason,
            offer=(("reuse" if request.reuse_of_id else "standard_form") if request.offer_status == "pending"
                   else None),
            offer_status=request.offer_status, standard_form=request.standard_form,
            reuse_of=f"/api/requests/{request.reuse_of_id}" if request.reuse_of_id else None,
            created_at=request.created_at,
        )


class RequestPage(BaseModel):
    items: list[RequestRead]
    total: int
    page: int
    page_size: int


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_id: int | None
    action: str
    from_status: str | None
    to_status: str | None
    detail: dict


class CallbackRead(BaseModel):
    id: int
    event_id: int
    url: str
    status: str = Field(description="pending (being retried), delivered or failed (given up).")
    attempts: int
    last_status_class: str | None = Field(description="Class of the last HTTP answer: 2xx, 3xx, 4xx or 5xx.")
    last_status_code: None = Field(default=None, description="No longer filled in: see last_status_class.")
    last_error: str | None = Field(description="Why the last try failed: `HTTP 5xx` (the class of the answer), "
                                               "`no response`, `host not found` (retried), or "
                                               "`address refused (<rule>)`.")
    next_attempt_at: datetime | None
    delivered_at: datetime | None


class OfferAnswer(BaseModel):
    accept: bool = Field(description="true: take the earlier translation or the form's French key instead of "
                                     "a new translation; false: translate anyway.")


class CancelBody(BaseModel):
    reason: str = ""


class RequestFilters(BaseModel):
    status: str | None = None
    caisse: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    channel: str | None = None
    q: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    assignee_id: int | None = None
    page: int = 1
    page_size: int = 25
