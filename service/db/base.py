"""Declarative base with a naming convention, so migrations name constraints the same on every engine."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, event, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base class of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _utc_on_load(target: object, *_: object) -> None:
    # SQLite hands timezone-aware columns back naive; every time we store is UTC, so say so, and the
    # API answers RFC 3339 timestamps on SQLite exactly as on PostgreSQL.
    state = target.__dict__
    for key in _aware_columns(target.__mapper__):  # type: ignore[attr-defined]
        value = state.get(key)
        if value is not None and value.tzinfo is None:
            set_committed_value(target, key, value.replace(tzinfo=UTC))


@functools.cache
def _aware_columns(mapper: Any) -> tuple[str, ...]:
    # Once per mapper: walking every column of every loaded row cost a list page several milliseconds.
    return tuple(attr.key for attr in mapper.column_attrs
                 if isinstance(attr.columns[0].type, DateTime) and attr.columns[0].type.timezone)


event.listen(Base, "load", _utc_on_load, propagate=True)
event.listen(Base, "refresh", _utc_on_load, propagate=True)


class IdMixin:
    """An integer surrogate key."""

    id: Mapped[int] = mapped_column(primary_key=True)


class TimestampMixin:
    """`created_at` / `updated_at` maintained by the ORM."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
