"""API views of extracted text."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, computed_field

from service import engines


class ExtractedPageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    method: str
    confidence: float | None
    language: str | None
    text: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def low_confidence(self) -> bool:
        """True when OCR likely misread the page (mean word confidence below the calibrated cut, 85)."""
        return engines.likely_misread(self.confidence)


class StandardFormRead(BaseModel):
    code: str = Field(description="<family>:<subject>: eu_2016_1191 (Regulation (EU) 2016/1191) or ciec.")
    title: str
    fields: list[str]
    codes: dict[str, str]
    source: str
