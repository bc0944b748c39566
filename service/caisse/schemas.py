"""What the API reads and writes for caisses."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class CaisseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    kind: str


class CallbackHostCreate(BaseModel):
    host: str = Field(min_length=1, max_length=255,
                      description="A host name or IP address, as written in the callback URL.")


class CallbackHostRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    host: str
    created_at: datetime
    added_by_id: int | None
