"""The CTranslate2 engine on a tiny random model: batching, pivots, prefixes, splitting, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mt_models import (
    Catalogue,
    CorruptModelError,
    Engine,
    EngineOptions,
    Translator,
    UnsupportedPairError,
)
from mt_models.loaded import LoadedModel, ModelPool
from mt_models.types import PLACEHOLDER_FALLBACK, SEGMENT_SPLIT

FAST = EngineOptions(beam_size=1, max_batch_size=8)


def engine_for(root: Path, options: EngineOptions = FAST) -> Engine:
    return Engine(Catalogue.load([root]), options, pool=ModelPool(options))


@pytest.fixture
def models(make_model: Callable[..., Path], tmp_path: Path) -> Path:
    make_model("tiny-en-fr", ["en"], ["fr"])
    make_model("tiny-de-en", ["de"], ["en"])
    return tmp_path / "models"


class TestEngineTranslateBatch:
    def test_engine_is_a_translator(self, models: Path) -> None:
        assert isinstance(engine_for(models), Translator)

    def test_one_draft_per_segment_in_order_with_empty_ones_kept_empty(self, models: Path) -> None:
        segments = ["the pension fund pays", "", "   ", "42", "the claim", "the pension fund pays"]
        drafts = engine_for(models).translate_batch(segments, source="en", target="fr")
        assert len(drafts) == len(segments)
        assert [d.text for d in drafts[1:4]] == ["", "   ", "42"]
        assert drafts[0].text and drafts[0].text == drafts[5].text
        assert drafts[0].origin == "mt" and drafts[0].model == "tiny-en-fr"
        assert drafts[0].score is not None and drafts[0].score <= 0
        assert drafts[1].score is None

    def test_large_batches_keep_their_order(self, models: Path) -> None:
        segments = [f"the {w} form" for w in ("birth", "marriage", "family", "claim")] * 10
        drafts = engine_for(models).translate_batch(segments, source="en", target="fr")
        assert [d.text for d in drafts[:4]] * 10 == [d.text for d in drafts]

    def test_protected_tokens_survive_a_model_that_mangles_placeholders(self, models: Path) -> None:
        text = "The fund pays 1 234,56 € for file TR-2026-000123 to NIR 1 85 05 78 006 048 22."
        draft = engine_for(models).translate_batch([text], source="en", target="fr")[0]
        for token in ("1 234,56 €", "TR-2026-000123", "1 85 05 78 006 048 22"):
            assert draft.text.count(token) == 1
        # The random model never copies placeholders, so the piecewise fallback must show.
        assert PLACEHOLDER_FALLBACK in draft.warnings

    def test_no_direct_model_pivots_through_english(self, models: Path) -> None:
        draft = engine_for(models).translate_batch(["die Kasse zahlt"], source="de", target="fr")[0]
        assert draft.origin == "mt_pivot"
        assert draft.model == "tiny-de-en>tiny-en-fr"
        assert draft.text

    def test_pairs_include_pivots(self, models: Path) -> None:
        assert engine_for(models).pairs() == [("de", "en"), ("de", "fr"), ("en", "fr")]

    def test_other_pivot_languages_can_be_allowed(self, make_model: Callable[..., Path],
                                                 tmp_path: Path) -> None:
        make_model("tiny-de-fr", ["de"], ["fr"])
        make_model("tiny-fr-en", ["fr"], ["en"])
        options = EngineOptions(beam_size=1, pivot_languages=("en", "fr"))
        engine = engine_for(tmp_path / "models", options)
        draft = engine.translate_batch(["die Rente"], source="de", target="en")[0]
        assert (draft.origin, draft.model) == ("mt_pivot", "tiny-de-fr>tiny-fr-en")
        with pytest.raises(UnsupportedPairError):
            engine_for(tmp_path / "models").translate_batch(["die Rente"], source="de", target="en")

    @pytest.mark.parametrize(("source", "target"), [("fr", "de"), ("en", "en"), ("ja", "fr")])
    def test_unsupported_pair_names_the_installed_pairs(self, models: Path, source: str,
                                                        target: str) -> None:
        with pytest.raises(UnsupportedPairError, match=r"de->fr, en->fr") as raised:
            engine_for(models).translate_batch(["hello"], source=source, target=target)
        assert raised.value.code == "mt_unsupported_pair"

    def test_over_long_segment_is_split_within_the_limit_and_rejoined(
            self, models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        seen: list[int] = []
        original = LoadedModel.translate

        def spy(self: LoadedModel, texts: list[str], **kw: str) -> list:
            seen.extend(len(p) for p in self.encode(texts, kw["source"]))
            return original(self, texts, **kw)

        monkeypatch.setattr(LoadedModel, "translate", spy)
        options = EngineOptions(beam_size=1, max_segment_tokens=12)
        text = "The pension fund pays a monthly benefit. " * 6 + "The claim 12 is done."
        draft = engine_for(models, options).translate_batch([text], source="en", target="fr")[0]
        assert SEGMENT_SPLIT in draft.warnings
        assert len(seen) > 1 and max(seen) <= 12
        assert "12" in draft.text

    def test_corrupt_weights_fail_loudly_when_first_used(self, models: Path) -> None:
        weights = models / "tiny-en-fr" / "model.bin"
        weights.write_bytes(weights.read_bytes()[:1000])
        engine = engine_for(models)
        with pytest.raises(CorruptModelError, match="tiny-en-fr"):
            engine.translate_batch(["the claim"], source="en", target="fr")


class TestMultilingualPrefixes:
    def test_target_language_token_steers_output_and_is_stripped(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("tiny-m2m", ["en", "fr", "de"], ["en", "fr", "de"], kind="multilingual",
                   source_prefix="__{lang}__", source_suffix="</s>", target_prefix="__{lang}__")
        engine = engine_for(tmp_path / "models")
        to_fr = engine.translate_batch(["the pension fund"], source="en", target="fr")[0]
        to_de = engine.translate_batch(["the pension fund"], source="en", target="de")[0]
        assert (to_fr.text, to_fr.score) != (to_de.text, to_de.score)
        assert "__" not in to_fr.text + to_de.text

    def test_language_codes_table_maps_iso_codes_to_model_tokens(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("tiny-plain", ["en"], ["fr"], kind="multilingual", target_prefix="__{lang}__")
        make_model("tiny-mapped", ["en"], ["fr"], kind="multilingual", target_prefix="{lang}",
                   language_codes={"fr": "__fr__"})
        options = FAST
        pool = ModelPool(options)
        catalogue = Catalogue.load([tmp_path / "models"])
        plain = LoadedModel(catalogue.get("tiny-plain"), options)
        mapped = pool.get(catalogue.get("tiny-mapped"))
        text = ["the monthly benefit"]
        assert (plain.translate(text, source="en", target="fr")
                == mapped.translate(text, source="en", target="fr"))


class TestModelPool:
    def test_models_load_lazily_and_once_per_process(self, models: Path) -> None:
        options = EngineOptions(beam_size=1, memory_budget_mb=77)  # options unique to this test
        first = Engine(Catalogue.load([models]), options)
        assert first.pool.loaded_names() == []
        first.translate_batch(["the claim"], source="en", target="fr")
        second = Engine(Catalogue.load([models]), options)
        assert second.pool is first.pool
        assert second.pool.loaded_names() == ["tiny-en-fr"]

    def test_least_recently_used_model_is_unloaded_over_budget(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("tiny-en-fr", ["en"], ["fr"], size_bytes=600_000)
        make_model("tiny-de-en", ["de"], ["en"], size_bytes=600_000)
        engine = engine_for(tmp_path / "models", EngineOptions(beam_size=1, memory_budget_mb=1))
        engine.translate_batch(["the claim"], source="en", target="fr")
        engine.translate_batch(["die Rente"], source="de", target="en")
        assert engine.pool.loaded_names() == ["tiny-de-en"]
        assert engine.translate_batch(["die Rente"], source="de", target="fr")[0].text


class TestLazyLoading:
    def test_a_batch_with_nothing_to_translate_loads_no_model(self, models: Path) -> None:
        engine = engine_for(models)
        drafts = engine.translate_batch(["", "12/05/2024", "  "], source="en", target="fr")
        assert [d.text for d in drafts] == ["", "12/05/2024", "  "]
        assert engine.pool.loaded_names() == []


class TestPlaceholderLearning:
    def test_a_route_that_loses_placeholders_gets_one_pass_instead_of_two(
            self, models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        calls: list[int] = []
        original = LoadedModel.translate

        def spy(self: LoadedModel, texts: list[str], **kw: str) -> list:
            calls.append(len(texts))
            return original(self, texts, **kw)

        monkeypatch.setattr(LoadedModel, "translate", spy)
        engine = engine_for(models)
        batch = [f"the claim {n} of the fund" for n in range(25)]
        first = engine.translate_batch(batch, source="en", target="fr")
        assert len(calls) == 2  # whole segments, then the piecewise fallback
        calls.clear()
        second = engine.translate_batch(batch, source="en", target="fr")
        assert len(calls) == 1
        assert [d.text for d in second] == [d.text for d in first]
        assert all("placeholder_fallback" in d.warnings and str(n) in d.text for n, d in enumerate(second))
