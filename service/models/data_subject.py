"""What was done for a data subject's rights (GDPR art. 15 and 17): who, when, what, on which requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, IdMixin, utcnow


class DataSubjectAction(IdMixin, Base):
    """One search, export or erasure for a person.

    The criteria are kept as a SHA-256 digest of their normalised form, never in clear: the log shows that
    a person's data was looked for, exported or erased (and can be checked against a name given later)
    without itself holding the name.
    """

    __tablename__ = "data_subject_action"

    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(16))
    criteria_digest: Mapped[str] = mapped_column(String(64), index=True)
    # Which criteria were given (name, birth_date, identifier), without their values.
    criteria_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    request_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
