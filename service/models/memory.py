"""The translation memory: final segments by language pair, and the word index used for fuzzy lookup."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db.base import Base, IdMixin, TimestampMixin


class MemoryEntry(IdMixin, TimestampMixin, Base):
    """One source segment and its latest validated translation in a language pair."""

    __tablename__ = "memory_entry"
    # The same normalised source in a pair is one entry: remembering it again updates the target.
    __table_args__ = (
        UniqueConstraint("source_lang", "target_lang", "source_hash", name="uq_memory_entry_source"),
    )

    source_lang: Mapped[str] = mapped_column(String(2))
    target_lang: Mapped[str] = mapped_column(String(2))
    source_text: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(40))
    length: Mapped[int] = mapped_column(Integer)
    # Provenance: "revision" (a confirmed segment), "import" (TMX), "vendor"...
    origin: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("translation_request.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class MemoryWord(Base):
    """A posting of the fuzzy-lookup index: this entry's source contains this word.

    `gram` hashes the language pair with the word; `length` (the entry's source length) is
    copied here so the length window of a fuzzy lookup is read from the index alone. There is
    no index on entry_id: entries are updated in place, not deleted, and one more index on
    millions of postings would cost more than the rare cascade scan.
    """

    __tablename__ = "memory_word"

    gram: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    length: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entry_id: Mapped[int] = mapped_column(ForeignKey("memory_entry.id", ondelete="CASCADE"), primary_key=True,
                                          autoincrement=False)
