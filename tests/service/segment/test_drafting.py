"""`segment.draft`: memory first, then MT, glossary enforced, batch by batch, retry-safe."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from glossaries import Concept, Term, Termbase
from mt_models import CorruptModelError, Draft, FakeTranslator
from service import engines
from service.config import get_settings
from service.memory import service as memory_service
from service.models import Segment, TranslationRequest
from service.models.enums import RequestStatus
from service.segment import drafting
from service.translation_request import service as request_service
from tests.factories import make_caisse, make_request

TERMS = Termbase([Concept("posted", (Term("posted worker", "en"), Term("travailleur détaché", "fr"),
                                     Term("travailleur posté", "fr", "deprecated")))])


class ScriptedTranslator:
    """Returns a fixed draft per source segment (to script a known glossary mistake)."""

    def __init__(self, drafts: dict[str, str]) -> None:
        self.drafts = drafts

    def translate_batch(self, segments: Sequence[str], *, source: str, target: str,
                        spans: object = None) -> list[Draft]:
        return [Draft(self.drafts.get(s, s), -0.2, "mt", "scripted") for s in segments]


def make_segments(db: Session, request: TranslationRequest, texts: list[str]) -> list[Segment]:
    segments = [Segment(request_id=request.id, position=i, source_text=t, glossary=[], protected=[], qa=[])
                for i, t in enumerate(texts)]
    db.add_all(segments)
    db.commit()
    return segments


@pytest.fixture
def request_en_fr(db: Session) -> TranslationRequest:
    return make_request(db, caisse=make_caisse(db), status=RequestStatus.EXTRACTED, source_lang="en",
                        target_lang="fr")


def run_all(db: Session, request: TranslationRequest, translator: object, termbase: Termbase = TERMS) -> int:
    """Call draft_batch until done, committing each batch like the task does; return the batch count."""
    calls = 0
    while drafting.draft_batch(db, request.id, translator=translator, termbase=termbase):  # type: ignore[arg-type]
        db.commit()
        calls += 1
    db.commit()
    return calls + 1


def segments_of(db: Session, request: TranslationRequest) -> list[Segment]:
    db.expire_all()
    query = select(Segment).where(Segment.request_id == request.id).order_by(Segment.position)
    return list(db.scalars(query))


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PASSERELLE_MT_MAX_BATCH_SIZE", "2")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("PASSERELLE_MT_MAX_BATCH_SIZE")
    get_settings.cache_clear()


class TestDraftBatch:
    def test_every_segment_gets_a_machine_draft_and_the_request_is_drafted(
            self, db: Session, request_en_fr: TranslationRequest) -> None:
        make_segments(db, request_en_fr, ["Hello world", "", "the family pays 12,50 €"])
        run_all(db, request_en_fr, FakeTranslator())
        drafted = segments_of(db, request_en_fr)
        assert [s.draft_text for s in drafted] == ["[fr] Bonjour monde", "", "[fr] le famille pays 12,50 €"]
        assert [s.draft_origin for s in drafted] == ["mt", "none", "mt"]
        assert drafted[0].draft_model == "fake-en-fr" and drafted[0].status == "drafted"
        assert drafted[2].protected == ["12,50 €"]
        db.refresh(request_en_fr)
        assert request_en_fr.status == RequestStatus.DRAFTED and request_en_fr.progress_label is None
        assert "drafting.done" in [e.action for e in request_service.events(db, request_en_fr)]

    def test_memory_matches_come_before_machine_translation(
            self, db: Session, request_en_fr: TranslationRequest) -> None:
        for source, target in (("Your pension is paid monthly.", "Votre pension est versée chaque mois."),
                               ("Please send your birth certificate.",
                                "Veuillez envoyer votre acte de naissance.")):
            memory_service.remember(db, source_lang="en", target_lang="fr", source_text=source,
                                    target_text=target, origin="revision")
        db.commit()
        make_segments(db, request_en_fr, ["Your pension is paid monthly.",
                                          "Please send your marriage certificate.", "Hello world"])
        fake = FakeTranslator()
        run_all(db, request_en_fr, fake)
        exact, fuzzy, machine = segments_of(db, request_en_fr)
        assert (exact.draft_origin, exact.tm_score) == ("tm_exact", 100)
        assert fuzzy.draft_origin == "tm_fuzzy" and 75 <= (fuzzy.tm_score or 0) < 100
        assert fuzzy.draft_text == "Veuillez envoyer votre acte de naissance."
        assert machine.draft_origin == "mt"
        assert fake.calls == [(("Hello world",), "en", "fr")]

    def test_known_wrong_glossary_rendering_is_fixed_and_the_hit_recorded(
            self, db: Session, request_en_fr: TranslationRequest) -> None:
        make_segments(db, request_en_fr, ["The posted worker is insured.", "A posted worker."])
        scripted = ScriptedTranslator({"The posted worker is insured.": "Le travailleur posté est assuré.",
                                       "A posted worker.": "Un salarié."})
        run_all(db, request_en_fr, scripted)
        fixed, unfixable = segments_of(db, request_en_fr)
        assert fixed.draft_text == "Le travailleur détaché est assuré."
        assert [h["status"] for h in fixed.glossary] == ["enforced"]
        assert fixed.glossary[0]["target"] == "travailleur détaché"
        assert unfixable.draft_text == "Un salarié."
        assert [h["status"] for h in unfixable.glossary] == ["flagged"]

    def test_no_model_for_the_pair_leaves_drafts_empty_with_a_warning(
            self, db: Session, request_en_fr: TranslationRequest) -> None:
        make_segments(db, request_en_fr, ["Hello world"])
        run_all(db, request_en_fr, FakeTranslator(pairs=[("de", "fr")]))
        (segment,) = segments_of(db, request_en_fr)
        assert (segment.draft_text, segment.draft_origin, segment.status) == (None, "none", "pending")
        db.refresh(request_en_fr)
        assert request_en_fr.status == RequestStatus.DRAFTED
        assert any("de->fr" in w for w in request_en_fr.warnings)

    def test_work_goes_batch_by_batch_with_visible_progress(
            self, db: Session, request_en_fr: TranslationRequest, small_batches: None) -> None:
        make_segments(db, request_en_fr, [f"hello {n}" for n in range(5)])
        for _ in range(2):  # the move to "drafting", then the first batch
            assert drafting.draft_batch(db, request_en_fr.id, translator=FakeTranslator(), termbase=TERMS)
            db.commit()
        assert request_en_fr.status == RequestStatus.DRAFTING
        assert request_en_fr.progress_label == "Pré-traduction 2/5 segments"
        assert run_all(db, request_en_fr, FakeTranslator()) == 2

    def test_running_again_redoes_nothing(self, db: Session, request_en_fr: TranslationRequest,
                                          small_batches: None) -> None:
        make_segments(db, request_en_fr, ["hello a", "hello b", "hello c"])
        # A first worker drafted one batch, then died; the redelivered task goes on from there.
        for _ in range(2):
            drafting.draft_batch(db, request_en_fr.id, translator=FakeTranslator(), termbase=TERMS)
            db.commit()
        second = FakeTranslator()
        run_all(db, request_en_fr, second)
        assert second.calls == [(("hello c",), "en", "fr")]
        again = FakeTranslator()
        assert not drafting.draft_batch(db, request_en_fr.id, translator=again, termbase=TERMS)
        assert again.calls == []
        assert len(segments_of(db, request_en_fr)) == 3


class TestDraftTask:
    @pytest.fixture(autouse=True)
    def translator(self) -> Iterator[None]:
        engines.use_translator(FakeTranslator())
        yield
        engines.use_translator(None)

    def test_the_celery_task_drafts_with_the_shipped_termbase(
            self, db: Session, request_en_fr: TranslationRequest) -> None:
        from service.segment.tasks import draft

        make_segments(db, request_en_fr, ["The CPAM pays the pension."])
        draft.delay(request_en_fr.id)
        (segment,) = segments_of(db, request_en_fr)
        assert segment.draft_text == "[fr] Le CPAM pays le pension."
        assert [h["source_term"] for h in segment.glossary] == ["CPAM"]
        events = [e.action for e in request_service.events(db, request_en_fr)]
        assert "drafting.done" in events

    def test_a_broken_model_fails_the_request_with_a_code_and_retry_resumes(
            self, db: Session, request_en_fr: TranslationRequest) -> None:
        from service.segment.tasks import draft

        make_segments(db, request_en_fr, ["Hello world"])
        engines.use_translator(FakeTranslator(fail_with=CorruptModelError(Path("/models/x"), "bad weights")))
        draft.delay(request_en_fr.id)
        db.refresh(request_en_fr)
        assert request_en_fr.status == RequestStatus.FAILED
        assert request_en_fr.failure_code == "mt_corrupt_model"
        engines.use_translator(FakeTranslator())
        request_service.retry(db, request_en_fr, actor=None)
        db.commit()
        (segment,) = segments_of(db, request_en_fr)
        assert segment.draft_text == "[fr] Bonjour monde"
