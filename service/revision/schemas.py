"""API shapes of revision and delivery."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class DeliveryFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    TXT = "txt"


class GlossaryHitRead(BaseModel):
    source: str = Field(description="The term as it appears in the source segment.")
    required: list[str] = Field(description="Accepted target renderings, preferred first.")
    start: int | None = Field(default=None, description="Character offset of the term in the source.")
    end: int | None = None
    note: str | None = None


class EntityRead(BaseModel):
    text: str = Field(description="The entity as it appears in the source segment.")
    kind: str = Field(description="person, address, institution, identifier, date, amount, number, email or url.")
    start: int = Field(description="Character offset in the source segment.")
    end: int


class SpanRead(BaseModel):
    start: int
    end: int


class DraftNoteRead(BaseModel):
    code: str = Field(description="exonym (a city drafted with its target-language name), tm_unfilled "
                                  "(memory placeholders nothing in this segment fills)...")
    detail: dict[str, Any] = Field(default_factory=dict)


class QaIssueRead(BaseModel):
    position: int
    code: str
    message: str
    blocking: bool
    justifiable: bool
    justified: bool
    justification: str | None = None


class SegmentRead(BaseModel):
    position: int
    page: int
    paragraph: int
    source_text: str
    bbox: list[float] | None = Field(
        default=None, description="Where the segment stands on its page image (GET /api/requests/{id}/pages/"
                                  "{page}/image): [x0, y0, x1, y1] as fractions of the page's width and height, "
                                  "origin top left; null when not located (Word files).")
    ocr_confidence: float | None = Field(
        default=None, description="Tesseract's mean word confidence (0-100) over the segment's words; null for "
                                  "text read from a text layer.")
    low_confidence: bool = Field(
        default=False, description="True when OCR likely misread the segment (its words' mean confidence is "
                                   "below the cut calibrated on ground truth, 85): check it against the page image.")
    draft_text: str | None
    draft_origin: str | None = Field(description="tm_exact, tm_adapted, tm_fuzzy, mt, mt_pivot, copied or none.")
    draft_score: float | None
    tm_score: float | None
    # What drafting knows about the draft (drafts issue): trust, memory source, entities, notes.
    draft_confidence: float | None = Field(
        description="0-1: how far a machine draft can be trusted (about its expected chrF / 100); null otherwise.")
    draft_shown: bool = Field(description="False: no draft, or a machine draft held back as unreliable "
                                          "(the editor shows it greyed and leaves the final text empty).")
    tm_source: str | None = Field(description="The memory's source sentence behind a fuzzy or adapted draft "
                                               "(personal values as placeholders).")
    tm_differences: list[SpanRead] = Field(
        description="Stretches of the source that the memory sentence lacks (fuzzy drafts: check them).")
    entities: list[EntityRead]
    draft_notes: list[DraftNoteRead]
    final_text: str | None
    status: str
    glossary: list[GlossaryHitRead]
    protected: list[str]
    qa: list[QaIssueRead]
    edit_distance: float | None
    confirmed_by_id: int | None
    confirmed_at: datetime | None
    in_extract: bool | None = Field(default=None, description="In an extract translation (scope `extract`): "
                                    "whether the translator marked the segment as carrying the facts asked "
                                    "for; only marked segments are revised and delivered.")
    editing_seconds: float | None = Field(
        default=None, description="Active editing time measured in the editor (focus and typing; pauses over "
                                  "2 minutes not counted). Shown to managers only; null for others and when "
                                  "never measured.")
    version: int = Field(description="Changes at every save; send it back as `If-Match` so that a save made "
                                     "meanwhile by someone else is not overwritten (also the `ETag` header).")


class SegmentPage(BaseModel):
    items: list[SegmentRead]
    total: int
    confirmed: int
    page: int
    page_size: int


class SegmentSave(BaseModel):
    final_text: str = Field(max_length=20_000)
    editing_seconds: float | None = Field(
        default=None, ge=0, le=3600,
        description="Active editing time (seconds) measured since the last save; added to the segment's.")


class SegmentConfirm(BaseModel):
    final_text: str | None = Field(default=None, max_length=20_000,
                                   description="The final text; omitted: the saved text, else the draft.")
    editing_seconds: float | None = Field(
        default=None, ge=0, le=3600,
        description="Active editing time (seconds) measured since the last save; added to the segment's.")


class ExtractMark(BaseModel):
    in_extract: bool = Field(description="true: the segment carries facts asked for and is translated.")


class Justification(BaseModel):
    code: str = Field(max_length=64)
    reason: str = Field(min_length=3, max_length=1000)


class QaReport(BaseModel):
    issues: list[QaIssueRead]
    open_blocking: int
    can_deliver: bool


class DeliverBody(BaseModel):
    format: DeliveryFormat = DeliveryFormat.DOCX
    certified: bool = False
