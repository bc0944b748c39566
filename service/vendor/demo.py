"""Demo vendors, contract rates and a published price list (idempotent: seeding twice adds nothing)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.models import PriceListEntry, Vendor, VendorContract

# Per standard page, in cents: (light revision, full revision, translation), with turnaround in working days.
VENDORS: dict[str, tuple[list[str], tuple[int, int, int], int]] = {
    "Traductions Rhin SARL": (["de>fr", "en>fr", "nl>fr"], (900, 1500, 2900), 5),
    "Iberia Lingua": (["es>fr", "pt>fr", "it>fr"], (1000, 1600, 3100), 4),
    "Polyglotte Est": (["pl>fr", "ro>fr", "tr>fr", "ar>fr"], (1300, 2100, 3900), 7),
}
CLASSES = ("light_revision", "full_revision", "translation")
# Published prices for clients outside social security: (job class, price per page, minimum).
PRICES = [("light_revision", 1800, 4000), ("full_revision", 2800, 4000), ("translation", 4500, 4000)]


def seed(session: Session, *, valid_from: date = date(2024, 1, 1)) -> int:
    """Create the demo vendors, their rates and the price list; answers how many rows were added."""
    added = 0
    for name, (pairs, prices, turnaround) in VENDORS.items():
        if session.scalar(select(Vendor.id).where(Vendor.name == name)) is not None:
            continue
        vendor = Vendor(name=name, email=f"devis@{name.split()[0].lower()}.example", is_active=True)
        session.add(vendor)
        session.flush()
        for pair in pairs:
            source, target = pair.split(">")
            for job_class, page_cents in zip(CLASSES, prices, strict=True):
                session.add(VendorContract(
                    vendor_id=vendor.id, source_lang=source, target_lang=target, job_class=job_class,
                    rate_page_cents=page_cents, minimum_cents=2500, urgent_surcharge_pct=25,
                    very_urgent_surcharge_pct=50, turnaround_days=turnaround, valid_from=valid_from))
                added += 1
        added += 1
    if session.scalar(select(PriceListEntry.id).limit(1)) is None:
        for job_class, price, minimum in PRICES:
            session.add(PriceListEntry(pair="*", job_class=job_class, price_page_cents=price,
                                       minimum_cents=minimum, urgent_surcharge_pct=30, valid_from=valid_from))
            added += 1
    session.flush()
    return added
