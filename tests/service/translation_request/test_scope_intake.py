"""Intake of the scope and level fields: pages, scope=extract, purpose and the proposed service level."""

from __future__ import annotations

import pytest

from service.translation_request import intake, levels
from service.translation_request.errors import InvalidMetadata


def _scope(**fields: str | None) -> intake.Scope:
    values: dict = {"pages": None, "scope": None, "purpose": None, "service_level": None,
                    "document_type": "civil_status", "channel": "standard", "max_page": 500, **fields}
    return intake.validate_scope(**values)


class TestPages:
    @pytest.mark.parametrize(("given", "numbers", "written"), [
        ("1,3-4", (1, 3, 4), "1,3-4"), (" 4, 1 ,2", (1, 2, 4), "1-2,4"), ("2-2,2", (2,), "2"),
    ])
    def test_a_selection_is_read_sorted_and_written_back_shortest(self, given, numbers, written) -> None:
        chosen = _scope(pages=given)
        assert chosen.pages == numbers and chosen.page_selection == written

    def test_no_selection_means_every_page(self) -> None:
        assert _scope(pages="  ").pages is None

    @pytest.mark.parametrize(("given", "says"), [
        ("1;3", "not a page or a range"), ("0", "pages start at 1"), ("5-3", "range goes upwards"),
        ("1-900", "beyond the 500 pages"),
    ])
    def test_a_bad_selection_says_how_to_write_it(self, given: str, says: str) -> None:
        with pytest.raises(InvalidMetadata, match=says):
            _scope(pages=given)


class TestLevels:
    @pytest.mark.parametrize(("purpose", "level", "reason"), [
        ("information", "information", "purpose.information"), ("triage", "light_revision", "purpose.triage"),
        ("rights_decision", "full_revision", "purpose.rights_decision"),
        ("litigation", "certified", "purpose.litigation"), (None, "full_revision", "no_purpose"),
    ])
    def test_the_checklist_proposes_a_level_and_stores_its_rule(self, purpose, level, reason) -> None:
        chosen = _scope(purpose=purpose)
        assert (chosen.service_level, chosen.service_level_reason) == (level, reason)

    def test_posted_worker_fraud_evidence_is_never_left_unrevised(self) -> None:
        assert levels.propose(purpose="information", channel="posted_worker_fraud").level == "full_revision"

    def test_a_higher_level_than_proposed_is_taken_with_the_reason_saying_so(self) -> None:
        chosen = _scope(purpose="triage", service_level="certified")
        assert chosen.service_level == "certified"
        assert chosen.service_level_reason == "agent.raised:purpose.triage"

    def test_a_lower_level_is_refused(self) -> None:
        with pytest.raises(InvalidMetadata, match="below what the purpose calls for"):
            _scope(purpose="litigation", service_level="full_revision")

    def test_an_unknown_purpose_lists_the_known_ones(self) -> None:
        with pytest.raises(InvalidMetadata, match="rights_decision"):
            _scope(purpose="curiosity")


class TestExtract:
    def test_an_extract_is_for_civil_status_and_insurance_certificates(self) -> None:
        assert _scope(scope="extract").scope == "extract"
        with pytest.raises(InvalidMetadata, match="civil-status records and insurance certificates"):
            _scope(scope="extract", document_type="medical")

    def test_an_extract_cannot_be_an_unrevised_information_translation(self) -> None:
        with pytest.raises(InvalidMetadata, match="needs a translator to mark"):
            _scope(scope="extract", purpose="information")
