"""Vendors and contract rates, and the choice of a vendor for a job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.cost import billing
from service.kit.calendar import add_working_days
from service.models import TranslationRequest, Vendor, VendorContract
from service.vendor.errors import ContractNotFound, InvalidContract, MissingRate, VendorNotFound


@dataclass(frozen=True)
class VendorOption:
    """A priced contract rate for one job, with the date the vendor would return it."""

    contract: VendorContract
    price: billing.Price
    ready_on: date
    meets_due: bool

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly view, for the decision's "considered" list."""
        return {"kind": "vendor", "vendor_id": self.contract.vendor_id, "name": self.contract.vendor.name,
                "contract_id": self.contract.id, "cost_cents": self.price.total_cents,
                "basis": self.price.basis, "ready_on": self.ready_on.isoformat(), "meets_due": self.meets_due}


def create_vendor(session: Session, *, name: str, email: str | None) -> Vendor:
    """Register a vendor."""
    vendor = Vendor(name=name.strip(), email=email, is_active=True)
    session.add(vendor)
    session.flush()
    return vendor


def get_vendor(session: Session, vendor_id: int) -> Vendor:
    """A vendor by id (404 otherwise)."""
    vendor = session.get(Vendor, vendor_id)
    if vendor is None:
        raise VendorNotFound(vendor_id)
    return vendor


def list_vendors(session: Session) -> list[Vendor]:
    """Every vendor, by name."""
    return list(session.scalars(select(Vendor).order_by(Vendor.name)))


def set_active(session: Session, vendor: Vendor, *, active: bool) -> None:
    """Deactivate a vendor (routing skips it from now on) or reactivate it."""
    vendor.is_active = active
    session.flush()


def add_contract(session: Session, *, vendor: Vendor, **fields: Any) -> VendorContract:
    """Add a rate line to a vendor's contract (at least a page or a word rate)."""
    if fields.get("rate_page_cents") is None and fields.get("rate_word_cents") is None:
        raise InvalidContract("Give a page rate (rate_page_cents), a word rate (rate_word_cents) or both.")
    if fields.get("valid_to") is not None and fields["valid_to"] < fields["valid_from"]:
        raise InvalidContract("valid_to is before valid_from; correct the contract period.")
    contract = VendorContract(vendor_id=vendor.id, **fields)
    session.add(contract)
    session.flush()
    return contract


def list_contracts(session: Session, *, vendor: Vendor) -> list[VendorContract]:
    """A vendor's rate lines, newest period first."""
    return list(session.scalars(select(VendorContract).where(VendorContract.vendor_id == vendor.id)
                                .order_by(VendorContract.valid_from.desc(), VendorContract.id)))


def delete_contract(session: Session, *, vendor: Vendor, contract_id: int) -> None:
    """Remove a rate line (jobs already costed keep their figures)."""
    contract = session.get(VendorContract, contract_id)
    if contract is None or contract.vendor_id != vendor.id:
        raise ContractNotFound(contract_id)
    session.delete(contract)
    session.flush()


def valid_contracts(session: Session, *, source_lang: str, target_lang: str, job_class: str, on: date,
                    vendor_id: int | None = None) -> list[VendorContract]:
    """Rate lines of active vendors valid on `on` for the pair and job class."""
    query = (select(VendorContract).join(Vendor, Vendor.id == VendorContract.vendor_id)
             .where(Vendor.is_active.is_(True), VendorContract.source_lang == source_lang,
                    VendorContract.target_lang == target_lang, VendorContract.job_class == job_class,
                    VendorContract.valid_from <= on,
                    or_(VendorContract.valid_to.is_(None), VendorContract.valid_to >= on)))
    if vendor_id is not None:
        query = query.where(VendorContract.vendor_id == vendor_id)
    return list(session.scalars(query.order_by(VendorContract.id)))


def price_contract(contract: VendorContract, *, units: billing.BillingUnits, urgency: str) -> billing.Price:
    """What `contract` charges for `units` at `urgency`."""
    surcharge = billing.surcharge_for(urgency, urgent_pct=contract.urgent_surcharge_pct,
                                      very_urgent_pct=contract.very_urgent_surcharge_pct)
    return billing.price(units=units, rate_page_cents=contract.rate_page_cents,
                         rate_word_cents=contract.rate_word_cents, minimum_cents=contract.minimum_cents,
                         surcharge_pct=surcharge)


def options(session: Session, request: TranslationRequest, *, job_class: str, units: billing.BillingUnits,
            today: date, vendor_id: int | None = None) -> list[VendorOption]:
    """Every valid rate for the job, priced, best first: meets the due date, then cheapest, then soonest."""
    found = []
    for contract in valid_contracts(session, source_lang=request.source_lang, target_lang=request.target_lang,
                                    job_class=job_class, on=today, vendor_id=vendor_id):
        ready = add_working_days(today, contract.turnaround_days)
        found.append(VendorOption(contract=contract, price=price_contract(contract, units=units,
                                                                          urgency=request.urgency),
                                  ready_on=ready, meets_due=ready <= request.due_on))
    return sorted(found, key=lambda o: (not o.meets_due, o.price.total_cents, o.ready_on, o.contract.id))


def best_option(session: Session, request: TranslationRequest, *, job_class: str,
                units: billing.BillingUnits, today: date, vendor_id: int | None = None) -> tuple[
                    VendorOption, list[VendorOption]]:
    """The cheapest rate that meets the due date (else the best late one); MissingRate when none exists."""
    found = options(session, request, job_class=job_class, units=units, today=today, vendor_id=vendor_id)
    if not found:
        vendor = get_vendor(session, vendor_id).name if vendor_id is not None else None
        raise MissingRate(request.source_lang, request.target_lang, job_class, vendor)
    return found[0], found


def translation_cost(session: Session, request: TranslationRequest, *, vendor_id: int,
                     units: billing.BillingUnits, today: date) -> int | None:
    """What the vendor would charge for a full translation of the job (None without such a rate)."""
    contracts = valid_contracts(session, source_lang=request.source_lang, target_lang=request.target_lang,
                                job_class="translation", on=today, vendor_id=vendor_id)
    prices = [price_contract(c, units=units, urgency=request.urgency).total_cents for c in contracts]
    return min(prices) if prices else None
