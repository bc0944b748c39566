"""What the vendor and outsourced-job API reads and writes."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

JobClass = Literal["light_revision", "full_revision", "translation"]


class VendorCreate(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    email: str | None = Field(default=None, max_length=254)


class VendorRead(VendorCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    is_active: bool


class VendorUpdate(BaseModel):
    """Deactivate a vendor (no new jobs) or change its contact."""

    is_active: bool | None = None
    email: str | None = Field(default=None, max_length=254)


class ContractCreate(BaseModel):
    """A rate line: prices in cents, surcharges in percent, turnaround in working days."""

    source_lang: str = Field(pattern=r"^[a-z]{2}$")
    target_lang: str = Field(pattern=r"^[a-z]{2}$")
    job_class: JobClass
    rate_page_cents: int | None = Field(default=None, ge=0)
    rate_word_cents: int | None = Field(default=None, ge=0)
    minimum_cents: int = Field(default=0, ge=0)
    urgent_surcharge_pct: int = Field(default=0, ge=0, le=300)
    very_urgent_surcharge_pct: int = Field(default=0, ge=0, le=300)
    turnaround_days: int = Field(ge=0, le=365)
    valid_from: date
    valid_to: date | None = None


class ContractRead(ContractCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int
    vendor_id: int


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    request_id: int
    vendor_id: int
    contract_id: int | None
    job_class: str
    status: str
    billed_pages: float
    billed_words: int | None
    computed_cost_cents: int
    translation_cost_cents: int | None
    due_on: date | None
    xliff_version: str
    pii_masked: int
    package_state: str | None
    package_error: str | None
    original_included: bool
    sent_on: date | None
    returned_on: date | None
    return_distance: float | None
    service_done_on: date | None
    certifier_id: int | None
    remarks: str | None
    invoice_number: str | None
    invoice_amount_cents: int | None
    invoiced_on: date | None
    invoice_mismatch: bool
    paid_on: date | None


class SendBody(BaseModel):
    xliff_version: Literal["2.0", "1.2"] = "2.0"
    # The original goes only when asked, and then redacted (prepared in the background: see package_state).
    include_original: bool = False


class MaskedSegmentRead(BaseModel):
    position: int
    source: str
    draft: str | None


class MaskedKindRead(BaseModel):
    kind: str
    count: int


class PackagePreviewRead(BaseModel):
    """The package as the vendor would receive it: masked segments, what is masked (kinds and counts), files."""

    job_id: int
    request_id: int
    reference: str
    source_lang: str
    target_lang: str
    segments: list[MaskedSegmentRead]
    masked: list[MaskedKindRead]
    masked_total: int
    files: list[str]
    files_with_original: list[str]
    original_redactable: bool
    original_refusal: str | None


class ServiceDoneBody(BaseModel):
    remarks: str = Field(default="", max_length=2000)
    certified: bool = False


class InvoiceBody(BaseModel):
    number: str = Field(min_length=1, max_length=64)
    amount_cents: int = Field(ge=0)
    invoiced_on: date | None = None


class PaidBody(BaseModel):
    paid_on: date | None = None
