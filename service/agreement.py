"""The objectives agreement's fixed rules (COG 2021-2024, Fiche 8), written once for every domain."""

from __future__ import annotations

# A translation is late past 21 calendar days from receipt (IR.8.3); a normal request is due then.
DELAY_DAYS = 21
# Documents of more than 60 pages are left out of IR.8.3's late-delivery numerator.
LONG_DOCUMENT_PAGES = 60
