"""API views of extracted text."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ExtractedPageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    method: str
    confidence: float | None
    language: str | None
    text: str
