"""Drafts a translator can trust: unreliable machine drafts held back, entity-only lines copied,
memory matches adapted to the new document's values and never carrying another's."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from sqlalchemy.orm import Session

from mt_models import Draft, FakeTranslator
from service.config import get_settings
from service.memory import diff as memory_diff
from service.memory import service as memory_service
from service.models import TranslationRequest
from service.models.enums import RequestStatus, Role
from service.revision import qa
from service.revision import service as revision_service
from tests.factories import make_caisse, make_request
from tests.service.segment.test_drafting import make_segments, run_all, segments_of


class Confident:
    """Drafts with a fixed confidence per source segment (what the calibrated engine would say)."""

    def __init__(self, confidence: dict[str, float]) -> None:
        self.confidence = confidence

    def translate_batch(self, segments: Sequence[str], *, source: str, target: str,
                        spans: object = None) -> list[Draft]:
        return [Draft(f"[{target}] {s}", -0.4, "mt", "scripted", confidence=self.confidence[s]) for s in segments]


@pytest.fixture
def request_de_fr(db: Session) -> TranslationRequest:
    return make_request(db, caisse=make_caisse(db), status=RequestStatus.EXTRACTED, source_lang="de",
                        target_lang="fr")


@pytest.fixture
def threshold_04(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PASSERELLE_DRAFT_MIN_CONFIDENCE", "0.4")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()  # monkeypatch removes the variable after this


class TestUnreliableDraftsHeldBack:
    def test_a_draft_below_the_threshold_is_kept_but_not_shown(
            self, db: Session, request_de_fr: TranslationRequest, threshold_04: None) -> None:
        make_segments(db, request_de_fr, ["Die Rente wird gezahlt.", "Rentenbescheid"])
        run_all(db, request_de_fr, Confident({"Die Rente wird gezahlt.": 0.71, "Rentenbescheid": 0.12}))
        good, bad = segments_of(db, request_de_fr)
        assert (good.draft_confidence, good.draft_shown) == (0.71, True)
        assert (bad.draft_confidence, bad.draft_shown) == (0.12, False)
        assert bad.draft_text == "[fr] Rentenbescheid" and bad.draft_origin == "mt"

    def test_the_default_threshold_is_the_calibrations_choice(self) -> None:
        from mt_models import confidence
        from service import engines

        calibration = confidence.shipped()
        assert calibration is not None and 0 < calibration.threshold < 1
        assert engines.draft_threshold() == calibration.threshold

    def test_confirming_a_held_back_draft_unseen_confirms_nothing(
            self, db: Session, request_de_fr: TranslationRequest, threshold_04: None) -> None:
        from tests.factories import make_user

        make_segments(db, request_de_fr, ["Rentenbescheid"])
        run_all(db, request_de_fr, Confident({"Rentenbescheid": 0.12}))
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"])
        db.refresh(request_de_fr)
        revision_service.start(db, request_de_fr, actor=translator)
        segment = revision_service.confirm(db, request_de_fr, position=0, actor=translator)
        assert segment.final_text == ""
        assert [i.code for i in revision_service.segment_issues(segment)] == [qa.EMPTY]


class TestCopiedLines:
    def test_a_line_of_only_references_and_dates_is_copied_not_translated(
            self, db: Session, request_de_fr: TranslationRequest) -> None:
        make_segments(db, request_de_fr, ["TR-2026-000123 – 12.05.2024", "Hallo Welt"])
        fake = FakeTranslator()
        run_all(db, request_de_fr, fake)
        copied, translated = segments_of(db, request_de_fr)
        assert (copied.draft_origin, copied.draft_text) == ("copied", "TR-2026-000123 – 12.05.2024")
        assert [e["kind"] for e in copied.entities] == ["identifier", "date"]
        assert translated.draft_origin == "mt"
        assert fake.calls == [(("Hallo Welt",), "de", "fr")]


LETTER = "Ihre Rente beträgt ab dem 01.07.2026 monatlich 1.234,56 €."
LETTER_FR = "Votre pension s'élève à compter du 01/07/2026 à 1 234,56 € par mois."


class TestMemoryAdapted:
    @pytest.fixture(autouse=True)
    def remembered(self, db: Session) -> None:
        memory_service.remember(db, source_lang="de", target_lang="fr", source_text=LETTER, target_text=LETTER_FR,
                                origin="revision")
        db.commit()

    def test_a_sentence_differing_only_in_values_is_adapted_with_no_old_value_left(
            self, db: Session, request_de_fr: TranslationRequest) -> None:
        make_segments(db, request_de_fr, ["Ihre Rente beträgt ab dem 15.09.2026 monatlich 987,00 €."])
        run_all(db, request_de_fr, FakeTranslator())
        (segment,) = segments_of(db, request_de_fr)
        assert segment.draft_origin == "tm_adapted" and segment.tm_score == 100
        assert segment.draft_text == "Votre pension s'élève à compter du 15/09/2026 à 987,00 € par mois."
        assert segment.tm_source == "Ihre Rente beträgt ab dem ⟦DATE_1⟧ monatlich ⟦AMOUNT_1⟧."
        assert revision_service.segment_issues(segment)[1:] == []  # only "not confirmed"

    def test_a_fuzzy_draft_shows_its_memory_source_and_what_it_cannot_fill(
            self, db: Session, request_de_fr: TranslationRequest) -> None:
        make_segments(db, request_de_fr, ["Ihre Rente beträgt ab dem nächsten Monat monatlich 987,00 €."])
        run_all(db, request_de_fr, FakeTranslator())
        (segment,) = segments_of(db, request_de_fr)
        assert segment.draft_origin == "tm_fuzzy" and segment.tm_source is not None
        assert "01/07/2026" not in segment.draft_text and "987,00 €" in segment.draft_text
        assert segment.draft_notes == [{"code": "tm_unfilled", "placeholders": ["⟦DATE_1⟧"]}]
        spans = memory_diff.differing_spans(segment.source_text, segment.tm_source, segment.entities)
        assert [segment.source_text[a:b] for a, b in spans] == ["nächsten Monat"]
        issues = revision_service.segment_issues(segment)
        assert [i.code for i in issues] == [qa.NOT_CONFIRMED, qa.DRAFT_VALUES]
        assert "⟦DATE_1⟧" in issues[1].message


class TestApi:
    def test_segment_read_says_how_far_the_draft_can_be_trusted(
            self, client, db: Session, request_de_fr: TranslationRequest, threshold_04: None) -> None:
        from tests.factories import headers_for, make_user

        make_segments(db, request_de_fr, ["Rentenbescheid vom 12.05.2024"])
        run_all(db, request_de_fr, Confident({"Rentenbescheid vom 12.05.2024": 0.12}))
        manager = make_user(db, role=Role.MANAGER)
        body = client.get(f"/api/requests/{request_de_fr.id}/segments", headers=headers_for(db, manager)).json()
        (item,) = body["items"]
        assert (item["draft_confidence"], item["draft_shown"], item["tm_source"]) == (0.12, False, None)
        assert item["tm_differences"] == []
        assert item["entities"] == [{"text": "12.05.2024", "kind": "date", "start": 19, "end": 29}]
        assert item["draft_notes"] == []


class TestEntities:
    def test_a_city_is_drafted_with_its_exonym_and_the_segment_says_so(
            self, db: Session, request_de_fr: TranslationRequest) -> None:
        make_segments(db, request_de_fr, ["Sie wurden am 3. Juni 1961 in Köln geboren."])
        run_all(db, request_de_fr, FakeTranslator())
        (segment,) = segments_of(db, request_de_fr)
        assert "Cologne" in segment.draft_text and "3 juin 1961" in segment.draft_text
        assert "Köln" not in segment.draft_text
        assert {"code": "exonym", "source": "Köln", "target": "Cologne"} in segment.draft_notes
        assert {(e["text"], e["kind"]) for e in segment.entities} >= {("Köln", "address"), ("3. Juni 1961", "date")}

    def test_an_institution_keeps_its_name_and_is_offered_its_french_designation(
            self, db: Session, request_de_fr: TranslationRequest) -> None:
        make_segments(db, request_de_fr, ["Die Deutsche Rentenversicherung Bund zahlt die Rente."])
        run_all(db, request_de_fr, FakeTranslator())
        (segment,) = segments_of(db, request_de_fr)
        assert "Deutsche Rentenversicherung Bund" in segment.draft_text
        (hit,) = [h for h in segment.glossary if h.get("status") == "designation"]
        assert hit["source_term"] == "Deutsche Rentenversicherung Bund" and hit["targets"][0].startswith("Assurance")
        segment.final_text = segment.draft_text  # the name kept as it is: no glossary issue
        assert not [i for i in revision_service.segment_issues(segment) if i.code == qa.GLOSSARY]

    def test_a_draft_naming_someone_the_source_does_not_is_pointed_out(
            self, db: Session, request_de_fr: TranslationRequest) -> None:
        class Inventive:
            def translate_batch(self, segments: Sequence[str], *, source: str, target: str,
                                spans: object = None) -> list[Draft]:
                return [Draft("M. Tom Martin est fatigué.", -0.3, "mt", "scripted", confidence=0.8) for _ in segments]

        make_segments(db, request_de_fr, ["Ich bin müde."])
        run_all(db, request_de_fr, Inventive())
        (segment,) = segments_of(db, request_de_fr)
        assert segment.draft_notes == [{"code": "names_not_in_source", "names": ["Tom Martin"]}]
        issues = revision_service.segment_issues(segment)
        assert [i.code for i in issues] == [qa.NOT_CONFIRMED, qa.DRAFT_VALUES] and "Tom Martin" in issues[1].message
