"""What the API reads and writes for consultations."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from service.knowledge.schemas import KnowledgeRead


class ExpertRead(BaseModel):
    id: int
    name: str


class ConsultationRead(BaseModel):
    id: int
    reference: str
    partner_code: str
    partner_name: str
    country: str
    country_name: str
    document_type: str
    language: str | None
    subject: str
    question: str
    status: str
    due_on: date
    overdue: bool
    expert: ExpertRead | None
    created_at: datetime
    first_answered_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    request_id: int | None
    knowledge_entry_id: int | None
    unread: int = 0
    # Published answers about documents of the same country and type.
    suggestions: list[KnowledgeRead] = []


class ConsultationPage(BaseModel):
    items: list[ConsultationRead]
    total: int


class ConvertBody(BaseModel):
    """Turn the consultation into a translation request of its document."""

    source_lang: str | None = Field(default=None, description="Default: the consultation's language")
    target_lang: str = "fr"
    urgency: str = "normal"
    attachment_id: int | None = Field(default=None, description="Default: the latest document of the thread")


class ConsultationFilters(BaseModel):
    status: str | None = None
    country: str | None = None
    document_type: str | None = None
    page: int = 1
    page_size: int = 25
