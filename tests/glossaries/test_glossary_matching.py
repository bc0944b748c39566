"""Finding terms in a source segment, enforcing them in a draft, checking a final translation."""

from __future__ import annotations

import pytest

from glossaries import Concept, Enforcement, Term, Termbase, TermHit, check, enforce, find_terms


@pytest.fixture(scope="module")
def small() -> Termbase:
    return Termbase([
        Concept("pension", (Term("pension de retraite", "fr"), Term("Altersrente", "de"),
                            Term("retirement pension", "en"), Term("retreat pension", "en", "deprecated"))),
        Concept("pension-inv", (Term("pension d'invalidité", "fr"), Term("invalidity pension", "en"),
                                Term("disability pension", "en", "admitted"))),
        Concept("retraite", (Term("retraite", "fr"), Term("retirement", "en"))),
        Concept("benefits", (Term("prestations familiales", "fr"), Term("family benefits", "en"),
                             Term("Familienleistungen", "de"))),
        Concept("cpam", (Term("CPAM", "fr"), Term("CPAM", "en")), keep_as_is=True),
        Concept("accident", (Term("accident du travail", "fr"), Term("infortunio sul lavoro", "it"),
                             Term("incidente sul lavoro", "it", "deprecated"))),
    ])


class TestFindTerms:
    def test_longest_match_wins_over_a_shorter_term_inside_it(self, small: Termbase) -> None:
        hits = find_terms(small, "Sa pension de retraite est versée.", source="fr", target="en")
        assert [h.concept_id for h in hits] == ["pension"]
        assert hits[0].preferred == "retirement pension"

    def test_matching_ignores_case_and_tolerates_plurals(self, small: Termbase) -> None:
        hits = find_terms(small, "Les Pensions de retraite et les prestation familiale.",
                          source="fr", target="en")
        assert [h.matched for h in hits] == ["Pensions de retraite", "prestation familiale"]

    def test_apostrophe_styles_match_the_same_term(self, small: Termbase) -> None:
        hits = find_terms(small, "La pension d’invalidité.", source="fr", target="en")
        assert [h.concept_id for h in hits] == ["pension-inv"]

    def test_terms_only_match_whole_words(self, small: Termbase) -> None:
        assert find_terms(small, "Les retraitements sont faits.", source="fr", target="en") == []

    def test_acronyms_match_case_sensitively(self, small: Termbase) -> None:
        assert find_terms(small, "la cpam", source="fr", target="en") == []
        assert [h.matched for h in find_terms(small, "la CPAM", source="fr", target="en")] == ["CPAM"]

    def test_every_direction_of_the_termbase_is_usable(self, small: Termbase) -> None:
        hits = find_terms(small, "Die Altersrente wird gezahlt.", source="de", target="fr")
        assert hits[0].preferred == "pension de retraite"

    def test_hits_survive_a_json_round_trip_with_extra_keys(self, small: Termbase) -> None:
        hit = find_terms(small, "la CPAM", source="fr", target="en")[0]
        stored = {**hit.to_dict(), "status": "flagged"}
        assert (stored["source"], stored["target"]) == ("CPAM", "CPAM")
        assert TermHit.from_dict(stored) == hit


class TestEnforce:
    def test_known_wrong_rendering_is_replaced_keeping_capitalisation(self, small: Termbase) -> None:
        source = "Pension de retraite accordée."
        hits = find_terms(small, source, source="fr", target="en")
        result = enforce("Retreat pension granted.", hits, source_text=source)
        assert result.text == "Retirement pension granted."
        assert [h.concept_id for h in result.enforced] == ["pension"]
        assert result.flagged == []

    def test_missing_term_without_a_safe_fix_is_flagged(self, small: Termbase) -> None:
        source = "Les prestations familiales sont versées par la CPAM."
        hits = find_terms(small, source, source="fr", target="en")
        result = enforce("The family allowances are paid by the health fund.", hits, source_text=source)
        assert result.text == "The family allowances are paid by the health fund."
        assert {h.concept_id for h in result.flagged} == {"benefits", "cpam"}

    def test_a_draft_with_the_required_terms_is_left_alone(self, small: Termbase) -> None:
        source = "L'accident du travail est reconnu."
        hits = find_terms(small, source, source="fr", target="it")
        draft = "L'infortunio sul lavoro è riconosciuto."
        assert enforce(draft, hits, source_text=source) == Enforcement(draft, [], [])

    def test_hits_from_another_text_are_refused(self, small: Termbase) -> None:
        hits = find_terms(small, "la CPAM", source="fr", target="en")
        with pytest.raises(ValueError):
            enforce("x", hits, source_text="autre texte")


class TestCheck:
    def test_final_text_lacking_a_term_is_reported(self, small: Termbase) -> None:
        hits = find_terms(small, "La CPAM verse la pension d'invalidité.", source="fr", target="en")
        violations = check("The CPAM pays the pension.", hits)
        assert [h.concept_id for h in violations] == ["pension-inv"]

    def test_admitted_variants_and_inflections_satisfy_the_check(self, small: Termbase) -> None:
        hits = find_terms(small, "La CPAM verse les pensions d'invalidité.", source="fr", target="en")
        assert check("The CPAM pays disability pensions.", hits) == []

    def test_each_occurrence_in_the_source_needs_one_in_the_translation(self, small: Termbase) -> None:
        source = "La pension de retraite et une autre pension de retraite."
        hits = find_terms(small, source, source="fr", target="en")
        assert len(check("The retirement pension and another pension.", hits)) == 1


class TestStarterTermbaseInUse:
    def test_false_friends_in_an_english_draft_are_fixed(self, starter: Termbase) -> None:
        source = "Le travailleur détaché a déclaré une maladie professionnelle à la CPAM."
        hits = find_terms(starter, source, source="fr", target="en")
        draft = "The detached worker declared a professional disease to the CPAM."
        result = enforce(draft, hits, source_text=source)
        assert result.text == "The posted worker declared a occupational disease to the CPAM."
        assert check(result.text, hits) == []
