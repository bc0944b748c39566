"""API views of extracted text."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ExtractedPageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    method: str
    confidence: float | None
    language: str | None
    text: str


class StandardFormRead(BaseModel):
    code: str = Field(description="<family>:<subject>: eu_2016_1191 (Regulation (EU) 2016/1191) or ciec.")
    title: str
    fields: list[str]
    codes: dict[str, str]
    source: str
