"""Cost of a job from contract rates: per page, per word, minimum charge, urgency surcharge."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from service.cost import billing
from service.vendor import service as vendor_service
from tests.factories import make_caisse
from tests.service.vendor.helpers import make_drafted, make_rate, make_vendor


class TestUnits:
    def test_standard_page_is_1500_characters_with_spaces(self) -> None:
        assert billing.units_from_counts(2250, 400).pages == Decimal("1.50")

    def test_counts_fall_back_to_the_segments_when_extraction_left_none(self, db: Session) -> None:
        request = make_drafted(db, caisse=make_caisse(db), segments=[("a" * 999, "x"), ("b" * 500, "y")])
        request.characters, request.words = None, None
        units = billing.units_for(db, request)
        assert (units.characters, units.pages, units.words) == (1500, Decimal("1.00"), 2)


class TestPrice:
    units = billing.units_from_counts(4500, 700)  # 3 pages, 700 words

    def test_page_rate(self) -> None:
        price = billing.price(units=self.units, rate_page_cents=2500, rate_word_cents=None)
        assert (price.basis, price.total_cents) == ("page", 7500)

    def test_word_rate_wins_when_the_contract_has_one(self) -> None:
        price = billing.price(units=self.units, rate_page_cents=2500, rate_word_cents=9)
        assert (price.basis, price.total_cents) == ("word", 6300)

    def test_minimum_charge_applies_to_small_jobs(self) -> None:
        small = billing.units_from_counts(300, 50)
        price = billing.price(units=small, rate_page_cents=2500, rate_word_cents=None, minimum_cents=3000)
        assert price.minimum_applied and price.total_cents == 3000

    def test_surcharge_applies_on_top_of_the_minimum(self) -> None:
        small = billing.units_from_counts(300, 50)
        price = billing.price(units=small, rate_page_cents=2500, rate_word_cents=None, minimum_cents=3000,
                              surcharge_pct=50)
        assert (price.surcharge_cents, price.total_cents) == (1500, 4500)

    def test_a_rate_without_any_price_is_refused(self) -> None:
        with pytest.raises(ValueError):
            billing.price(units=self.units, rate_page_cents=None, rate_word_cents=None)


class TestContractPrice:
    def test_urgency_picks_the_matching_surcharge(self, db: Session) -> None:
        contract = make_rate(db, vendor=make_vendor(db), page=2000, urgent=25, very_urgent=60)
        units = billing.units_from_counts(3000, 500)
        assert vendor_service.price_contract(contract, units=units, urgency="normal").total_cents == 4000
        assert vendor_service.price_contract(contract, units=units, urgency="urgent").total_cents == 5000
        assert vendor_service.price_contract(contract, units=units, urgency="very_urgent").total_cents == 6400
