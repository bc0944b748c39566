"""The model catalogue reads manifests and fails loudly on broken model folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mt_models import Catalogue, CorruptModelError, ModelNotFoundError


class TestManifest:
    def test_shipped_fields_are_read(self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("tiny-en-fr", ["en"], ["fr"])
        manifest = Catalogue.load([tmp_path / "models"]).get("tiny-en-fr")
        assert manifest.pairs() == [("en", "fr")]
        assert manifest.license.attribution == "test fixture"
        assert manifest.origin.trained_on == "2026-11-23"
        assert manifest.best_score() is not None

    def test_nllb_style_codes_expand_in_prefixes(self, make_model: Callable[..., Path],
                                                tmp_path: Path) -> None:
        make_model("nllb-like", ["en", "fr"], ["en", "fr"], kind="multilingual",
                   source_prefix="{lang}", source_suffix="</s>", target_prefix="{lang}",
                   language_codes={"en": "eng_Latn", "fr": "fra_Latn"})
        manifest = Catalogue.load([tmp_path / "models"]).get("nllb-like")
        assert manifest.source_affixes("en") == (["eng_Latn"], ["</s>"])
        assert manifest.target_prefix_tokens("fr") == ["fra_Latn"]
        assert sorted(manifest.pairs()) == [("en", "fr"), ("fr", "en")]

    def test_multi_target_opus_mt_names_the_target_in_the_source(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("opus-mt-en-roa", ["en"], ["fr", "es"], kind="multilingual",
                   source_prefix=">>{target}<<", language_codes={"fr": "fra", "es": "spa"})
        manifest = Catalogue.load([tmp_path / "models"]).get("opus-mt-en-roa")
        assert manifest.source_affixes("en", "es") == ([">>spa<<"], [])

    def test_pairs_limit_a_multilingual_model_to_what_it_was_trained_on(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("multi-into-fr", ["de", "en", "fr", "it"], ["en", "fr"], kind="multilingual",
                   pairs=[["de", "fr"], ["it", "fr"], ["en", "fr"], ["de", "en"], ["fr", "en"]])
        catalogue = Catalogue.load([tmp_path / "models"])
        assert catalogue.find("it", "fr").name == "multi-into-fr"
        assert catalogue.find("it", "en") is None  # no Italian-English data: no such pair
        assert ("it", "en") not in catalogue.pairs()

    def test_a_pair_outside_the_languages_is_refused(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("multi-into-fr", ["de"], ["fr"], kind="multilingual", pairs=[["it", "fr"]])
        with pytest.raises(CorruptModelError, match="it->fr"):
            Catalogue.load([tmp_path / "models"])


class TestCatalogue:
    def test_pairs_and_find_cover_every_model(self, make_model: Callable[..., Path],
                                             tmp_path: Path) -> None:
        make_model("tiny-en-fr", ["en"], ["fr"])
        make_model("tiny-multi", ["de", "en", "fr"], ["de", "en", "fr"], kind="multilingual")
        catalogue = Catalogue.load([tmp_path / "models"])
        assert ("de", "fr") in catalogue.pairs()
        assert catalogue.find("en", "fr").name == "tiny-en-fr"  # bilingual preferred
        assert catalogue.find("fr-FR", "DE").name == "tiny-multi"
        assert catalogue.find("en", "ja") is None

    def test_operator_folder_overrides_a_shipped_model_of_the_same_name(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("tiny-en-fr", ["en"], ["fr"], root=tmp_path / "shipped")
        make_model("tiny-en-fr", ["en"], ["fr"], root=tmp_path / "operator", version="2.0")
        catalogue = Catalogue.load([tmp_path / "shipped", tmp_path / "operator", tmp_path / "nope"])
        assert catalogue.get("tiny-en-fr").version == "2.0"

    def test_an_operator_model_is_chosen_over_a_shipped_one_with_a_better_recorded_score(
            self, make_model: Callable[..., Path], tmp_path: Path) -> None:
        make_model("tatoeba-de-fr", ["de"], ["fr"], root=tmp_path / "shipped")
        make_model("opus-mt-de-fr", ["de"], ["fr"], root=tmp_path / "operator", scores=[])
        catalogue = Catalogue.load([tmp_path / "shipped", tmp_path / "operator"])
        assert catalogue.find("de", "fr").name == "opus-mt-de-fr"

    def test_unknown_model_name_lists_the_known_ones(self, make_model: Callable[..., Path],
                                                     tmp_path: Path) -> None:
        make_model("tiny-en-fr", ["en"], ["fr"])
        with pytest.raises(ModelNotFoundError, match="tiny-en-fr"):
            Catalogue.load([tmp_path / "models"]).get("nope")

    def test_folders_without_model_files_are_ignored(self, tmp_path: Path) -> None:
        (tmp_path / "models" / "__pycache__").mkdir(parents=True)
        assert Catalogue.load([tmp_path / "models"]).models == []

    @pytest.mark.parametrize(
        ("breakage", "message"),
        [
            (lambda f: (f / "source.spm").unlink(), "source.spm is missing"),
            (lambda f: (f / "model.bin").write_bytes(b""), "model.bin is missing or empty"),
            (lambda f: (f / "manifest.toml").write_text("name = [", encoding="utf-8"), "not valid TOML"),
            (lambda f: (f / "manifest.toml").unlink(), "without manifest.toml"),
            (lambda f: (f / "manifest.toml").write_text(
                'name = "x"\nsource_languages = ["english"]\ntarget_languages = ["fr"]\n',
                encoding="utf-8"), "ISO 639-1"),
            (lambda f: (f / "manifest.toml").write_text(
                'name = "x"\ntarget_languages = ["fr"]\n', encoding="utf-8"), "source_languages"),
        ],
    )
    def test_broken_model_folder_fails_loudly_naming_the_problem(
            self, make_model: Callable[..., Path], tmp_path: Path,
            breakage: Callable[[Path], object], message: str) -> None:
        breakage(make_model("tiny-en-fr", ["en"], ["fr"]))
        with pytest.raises(CorruptModelError, match=message) as raised:
            Catalogue.load([tmp_path / "models"])
        assert raised.value.code == "mt_corrupt_model"
        assert "tiny-en-fr" in str(raised.value)
