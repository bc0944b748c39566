"""API shapes of accounts and their credentials."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000, description="At least 12 characters.")


class PasswordSet(BaseModel):
    new_password: str = Field(max_length=1000, description="At least 12 characters.")


class UserRead(BaseModel):
    id: int
    email: str
    full_name: str
    role: str
    is_active: bool
    caisse_code: str | None
    last_sign_in_at: datetime | None


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="What the key is for (the caisse's system).")


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="The key itself, shown this once only: store it in the caisse's system.")


class Revoked(BaseModel):
    revoked: int = Field(description="How many live credentials (tokens, keys) this revoked.")
