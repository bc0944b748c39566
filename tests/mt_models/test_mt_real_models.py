"""The engine on the models shipped in mt_models/models (skipped where a model is absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mt_models import Catalogue, Engine, EngineOptions
from mt_models.loaded import ModelPool

SHIPPED = Path(__file__).resolve().parents[2] / "mt_models" / "models"
FRENCH = {"le", "la", "les", "de", "je", "il", "est", "un", "une", "pas", "que", "vous", "des", "à"}
ENGLISH = {"the", "a", "to", "is", "i", "you", "of", "it", "and", "in", "that", "this", "he", "do"}


def needs(*names: str) -> pytest.MarkDecorator:
    missing = [n for n in names if not (SHIPPED / n / "manifest.toml").is_file()]
    return pytest.mark.skipif(bool(missing), reason=f"shipped model(s) {missing} not installed")


@pytest.fixture(scope="module")
def engine() -> Engine:
    options = EngineOptions(beam_size=2, pivot_languages=("en", "fr"))
    return Engine(Catalogue.load([SHIPPED]), options, pool=ModelPool(options))


def share(texts: list[str], words: set[str]) -> float:
    tokens = [w for t in texts for w in re.findall(r"\w+", t.lower())]
    return sum(w in words for w in tokens) / max(len(tokens), 1)


class TestShippedModelsThroughTheEngine:
    @needs("tatoeba-en-fr")
    def test_english_to_french_gives_french(self, engine: Engine) -> None:
        drafts = engine.translate_batch(["Where is the station?", "I am tired.", "", "We need a doctor."],
                                        source="en", target="fr")
        assert drafts[2].text == ""
        texts = [d.text for d in drafts if d.text]
        assert share(texts, FRENCH) > share(texts, ENGLISH)
        assert all(d.model == "tatoeba-en-fr" and d.score is not None for d in drafts if d.text)

    @needs("tatoeba-en-fr")
    def test_identifiers_and_amounts_survive_the_real_model(self, engine: Engine) -> None:
        text = "Your file TR-2026-000123 shows 1 234,56 € for NIR 1 85 05 78 006 048 22 on 12/05/2024."
        draft = engine.translate_batch([text], source="en", target="fr")[0]
        for token in ("TR-2026-000123", "1 234,56 €", "1 85 05 78 006 048 22", "12/05/2024"):
            assert draft.text.count(token) == 1, draft
        assert "[" not in draft.text

    @needs("tatoeba-de-fr", "tatoeba-fr-en")
    def test_german_to_english_can_pivot_through_french(self, engine: Engine) -> None:
        draft = engine.translate_batch(["Ich bin müde."], source="de", target="en")[0]
        assert (draft.origin, draft.model) == ("mt_pivot", "tatoeba-de-fr>tatoeba-fr-en")
        assert draft.text.strip()

    @needs("tatoeba-fr-en")
    def test_long_french_paragraph_is_split_not_truncated(self, engine: Engine) -> None:
        sentence = "Je suis allé à la gare avec mon frère et nous avons attendu le train pendant une heure."
        # About 20 pieces per sentence: a 25-token limit cuts between the sentences.
        small = Engine(engine.catalogue, EngineOptions(beam_size=1, max_segment_tokens=25), pool=engine.pool)
        draft = small.translate_batch([" ".join([sentence] * 6)], source="fr", target="en")[0]
        assert "segment_split" in draft.warnings
        assert draft.text.count("station") == 6
