"""What the routing API reads and writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

JobClass = Literal["light_revision", "full_revision", "translation"]

# A language pair such as "de>fr", or "*" for every pair.
PAIR_PATTERN = r"^(\*|[a-z]{2}>[a-z]{2})$"


class DecisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    request_id: int
    decided_at: datetime
    outcome: str
    job_class: str
    quality: float | None
    effort: float | None
    billed_pages: float
    translator_id: int | None
    vendor_id: int | None
    considered: list[dict[str, Any]]
    reasons: list[str]
    is_override: bool
    override_reason: str | None
    actor_id: int | None


class OverrideBody(BaseModel):
    """Send the request to a translator or a vendor (exactly one), with the reason."""

    translator_id: int | None = None
    vendor_id: int | None = None
    reason: str = Field(min_length=3, max_length=1000)

    @model_validator(mode="after")
    def _exactly_one_target(self) -> OverrideBody:
        if (self.translator_id is None) == (self.vendor_id is None):
            raise ValueError("give either translator_id or vendor_id")
        return self


class TranslatorLoad(BaseModel):
    id: int
    full_name: str
    translator_status: str | None
    language_pairs: list[str]
    capacity_pages_per_day: float
    levels: dict[str, int]
    queue_pages: float
    projected_completion: date | None
    absent_today: bool


class LevelBody(BaseModel):
    """A translator's level on a pair: 1 revises drafts only, 2 translates, 3 also certifies."""

    pair: str = Field(pattern=r"^[a-z]{2}>[a-z]{2}$")
    level: int = Field(ge=1, le=3)


class AbsenceCreate(BaseModel):
    starts_on: date
    ends_on: date
    reason: str = Field(default="", max_length=200)


class AbsenceRead(AbsenceCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int


class ThresholdsBody(BaseModel):
    """Thresholds for one pair ("de>fr") or every pair ("*"); quality and effort are 0-1."""

    pair: str = Field(pattern=PAIR_PATTERN)
    light_min_quality: float = Field(ge=0, le=1)
    full_min_quality: float = Field(ge=0, le=1)
    light_max_effort: float = Field(ge=0, le=1)
    full_max_effort: float = Field(ge=0, le=1)
    min_effort_segments: int = Field(default=20, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdsBody:
        if self.full_min_quality > self.light_min_quality or self.light_max_effort > self.full_max_effort:
            raise ValueError("light revision needs at least the quality and at most the effort "
                             "of full revision")
        return self


class ClassingRead(BaseModel):
    job_class: str
    quality: float | None
    effort: float | None
    effort_segments: int
    reasons: list[str]


class AssignmentRead(BaseModel):
    """One of a translator's open assignments."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    status: str
    source_lang: str
    target_lang: str
    due_on: date
    pages: int | None
    characters: int | None
