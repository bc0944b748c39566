"""Billing units (the 1,500-character standard page, words) and prices from rates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Segment, TranslationRequest
from service.models.enums import Urgency

PAGE_CHARACTERS = 1500
# Rough French/German average (5 letters and a space) used only when nothing counted the words.
CHARACTERS_PER_WORD = 6


@dataclass(frozen=True)
class BillingUnits:
    """What a job is billed on: characters (spaces included), standard pages, words."""

    characters: int
    pages: Decimal
    words: int

    @property
    def pages_float(self) -> float:
        """Pages as a float, for storage and JSON."""
        return float(self.pages)


@dataclass(frozen=True)
class Price:
    """How a price was reached: basis (page or word), quantity, base, minimum, surcharge, total."""

    basis: str
    quantity: Decimal
    unit_cents: int
    base_cents: int
    minimum_applied: bool
    surcharge_pct: int
    surcharge_cents: int
    total_cents: int

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly view for decisions and the API."""
        return {"basis": self.basis, "quantity": float(self.quantity), "unit_cents": self.unit_cents,
                "base_cents": self.base_cents, "minimum_applied": self.minimum_applied,
                "surcharge_pct": self.surcharge_pct, "surcharge_cents": self.surcharge_cents,
                "total_cents": self.total_cents}


def pages_for(characters: int) -> Decimal:
    """Standard pages of 1,500 characters, to the hundredth."""
    return (Decimal(characters) / PAGE_CHARACTERS).quantize(Decimal("0.01"), ROUND_HALF_UP)


def units_from_counts(characters: int, words: int | None = None) -> BillingUnits:
    """Billing units from known counts (words estimated from characters when unknown)."""
    counted_words = words if words is not None else -(-characters // CHARACTERS_PER_WORD)
    return BillingUnits(characters=characters, pages=pages_for(characters), words=counted_words)


def units_for(session: Session, request: TranslationRequest) -> BillingUnits:
    """The request's billing units: extraction's counts, else the segments' source text."""
    characters, words = request.characters, request.words
    if characters is None or words is None:
        texts = list(session.scalars(select(Segment.source_text).where(Segment.request_id == request.id)))
        if characters is None:
            # Segments lose the separators between them: count one space per boundary.
            characters = sum(len(t) for t in texts) + max(len(texts) - 1, 0)
        if words is None and texts:
            words = sum(len(t.split()) for t in texts)
    return units_from_counts(characters or 0, words)


def _cents(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), ROUND_HALF_UP))


def price(*, units: BillingUnits, rate_page_cents: int | None, rate_word_cents: int | None,
          minimum_cents: int = 0, surcharge_pct: int = 0) -> Price:
    """Price `units` at a per-word rate when there is one, else per page; minimum, then surcharge.

    The minimum charge applies to the base price and the urgency surcharge on top of it, as vendor
    contracts usually word it ("minimum de facturation" then "majoration urgence").
    """
    if rate_word_cents is not None:
        basis, quantity, unit = "word", Decimal(units.words), rate_word_cents
    elif rate_page_cents is not None:
        basis, quantity, unit = "page", units.pages, rate_page_cents
    else:
        raise ValueError("a rate needs a page price or a word price")
    base = _cents(quantity * unit)
    minimum_applied = base < minimum_cents
    billed = max(base, minimum_cents)
    surcharge = _cents(Decimal(billed) * surcharge_pct / 100)
    return Price(basis=basis, quantity=quantity, unit_cents=unit, base_cents=base,
                 minimum_applied=minimum_applied, surcharge_pct=surcharge_pct, surcharge_cents=surcharge,
                 total_cents=billed + surcharge)


def surcharge_for(urgency: str, *, urgent_pct: int, very_urgent_pct: int) -> int:
    """The surcharge percentage that applies to a request of `urgency`."""
    if urgency == Urgency.VERY_URGENT:
        return very_urgent_pct
    if urgency == Urgency.URGENT:
        return urgent_pct
    return 0


def total_pages(session: Session, request_ids: list[int]) -> float:
    """Sum of standard pages over requests (characters / 1,500, else declared pages)."""
    if not request_ids:
        return 0.0
    value = session.scalar(select(func.sum(page_expression())).where(TranslationRequest.id.in_(request_ids)))
    return float(value or 0.0)


def page_expression():  # type: ignore[no-untyped-def]
    """SQL: a request's standard pages (characters / 1,500, falling back to its page count)."""
    return func.coalesce(TranslationRequest.characters / float(PAGE_CHARACTERS),
                         TranslationRequest.pages, 0)
