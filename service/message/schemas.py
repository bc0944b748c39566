"""What the API reads and writes for messages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

Side = Literal["requester", "staff"]


class AuthorRead(BaseModel):
    id: int
    name: str
    role: str
    side: Side


class AttachmentRead(BaseModel):
    id: int
    original_name: str
    mime_type: str
    size_bytes: int
    sha256: str
    available: bool
    url: str


class ReceiptRead(BaseModel):
    """Who read a message, and when."""

    user_id: int
    name: str
    side: Side
    read_at: datetime


class MessageRead(BaseModel):
    id: int
    kind: str
    body: str
    created_at: datetime
    author: AuthorRead
    attachments: list[AttachmentRead]
    # For the caller: whether it is read (one's own messages are), and when.
    read: bool
    read_at: datetime | None
    read_by: list[ReceiptRead]


class ThreadRead(BaseModel):
    """A thread, oldest message first, with the caller's unread count."""

    items: list[MessageRead]
    unread: int
    awaiting_submitter: bool | None = None
    waiting_days: float | None = None
