"""What the quotes API reads and writes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

JobClass = Literal["light_revision", "full_revision", "translation"]


class ClientCreate(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    address: str = Field(default="", max_length=500)


class ClientRead(ClientCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    caisse_id: int
    user_id: int


class PriceCreate(BaseModel):
    pair: str = Field(default="*", pattern=r"^(\*|[a-z]{2}>[a-z]{2})$")
    job_class: JobClass
    price_page_cents: int = Field(ge=0)
    minimum_cents: int = Field(default=0, ge=0)
    urgent_surcharge_pct: int = Field(default=0, ge=0, le=300)
    valid_from: date
    valid_to: date | None = None


class PriceRead(PriceCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int


class QuoteCreate(BaseModel):
    """A quote request: the pages (1,500 characters each) or the exact character count."""

    client_id: int
    source_lang: str = Field(pattern=r"^[a-z]{2}$")
    target_lang: str = Field(pattern=r"^[a-z]{2}$")
    job_class: JobClass = "translation"
    urgency: Literal["normal", "urgent", "very_urgent"] = "normal"
    pages: float | None = Field(default=None, gt=0, le=10_000)
    characters: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _size_given(self) -> QuoteCreate:
        if self.pages is None and self.characters is None:
            raise ValueError("give pages or characters")
        return self


class QuoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    client_id: int
    source_lang: str
    target_lang: str
    job_class: str
    urgency: str
    pages: float
    amount_cents: int
    status: str
    valid_until: date
    request_id: int | None
    invoice_id: int | None


class InvoiceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    client_id: int
    number: str
    issued_on: date
    amount_cents: int
    lines: list[dict[str, Any]]
