"""What the access-log and data-subject APIs read and write."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field


class AccessLineRead(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor: str | None
    actor_role: str | None
    request_id: int
    reference: str
    object_kind: str
    object_ref: str | None
    purpose: str
    channel: str | None


class AccessPage(BaseModel):
    items: list[AccessLineRead]
    total: int
    page: int
    page_size: int


ExportFormat = Literal["csv", "xlsx"]


class SubjectQuery(BaseModel):
    """Whom to look for: name and birth date together, or an identifier (NIR, IBAN, insurance number...).

    Sent in the body, never in the address: names must not end up in proxy or server logs."""

    name: str | None = Field(default=None, max_length=200)
    birth_date: date | None = None
    identifier: str | None = Field(default=None, max_length=64)


class HoldingRead(BaseModel):
    request_id: int
    reference: str
    caisse: str
    status: str
    received_on: date
    delivered_on: date | None
    matched_by: list[str]
    segments: list[int]
    open: bool


class JobHeldRead(BaseModel):
    job_id: int
    request_id: int
    vendor: str
    status: str
    sent_on: date | None


class SubjectFindingsRead(BaseModel):
    """Everything held about the person: requests (with the segments naming them), memory entries, vendor
    jobs, and how many messages, trail events and access-log lines those requests have."""

    requests: list[HoldingRead]
    memory_entries: int
    vendor_jobs: list[JobHeldRead]
    messages: int
    events: int
    access_log_lines: int


class RetainedRead(BaseModel):
    reference: str
    reason: str


class ErasureRead(BaseModel):
    erased: list[str]
    retained: list[RetainedRead]
    memory_entries: int


class SubjectActionRead(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    action: str
    criteria_digest: str
    criteria_kinds: list[str]
    request_ids: list[int]
    outcome: dict[str, object]
