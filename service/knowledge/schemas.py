"""What the API reads and writes for the knowledge base."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class KnowledgeCreate(BaseModel):
    """Publish an answered consultation, its personal data removed by the expert."""

    consultation_id: int
    title: str = Field(min_length=5, max_length=300)
    answer: str = Field(min_length=10, max_length=20_000)
    sources: str = Field(default="", max_length=5_000)
    # True once the expert has checked that what the detector still flags is not personal data.
    personal_data_checked: bool = False


class KnowledgeRead(BaseModel):
    id: int
    consultation_id: int | None
    country: str
    country_name: str
    document_type: str
    title: str
    answer: str
    sources: str
    published_at: datetime


class KnowledgePage(BaseModel):
    items: list[KnowledgeRead]
    total: int


class FindingRead(BaseModel):
    start: int
    end: int
    kind: str
    text: str
