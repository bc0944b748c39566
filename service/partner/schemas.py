"""What the API reads and writes for partner organisations."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PartnerCreate(BaseModel):
    code: str = Field(min_length=2, max_length=24, description="Short code, e.g. SANDIA")
    name: str = Field(min_length=2, max_length=200)


class PartnerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    is_active: bool
