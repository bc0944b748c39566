"""The FakeTranslator test double behaves like a translator, deterministically."""

from __future__ import annotations

import pytest

from mt_models import FakeTranslator, MtError, Translator, UnsupportedPairError


class TestFakeTranslator:
    def test_translates_words_from_its_table_with_a_marker(self) -> None:
        drafts = FakeTranslator().translate_batch(["Hello world", ""], source="en", target="fr")
        assert [d.text for d in drafts] == ["[fr] Bonjour monde", ""]
        assert drafts[0].origin == "mt"
        assert isinstance(FakeTranslator(), Translator)

    def test_numbers_and_identifiers_pass_through(self) -> None:
        draft = FakeTranslator().translate_batch(["hello TR-2026-000123 12,50 €"], source="en",
                                                 target="fr")[0]
        assert draft.text == "[fr] bonjour TR-2026-000123 12,50 €"

    def test_unsupported_pair_and_configured_failure_raise_mt_errors(self) -> None:
        with pytest.raises(UnsupportedPairError, match="en->fr"):
            FakeTranslator().translate_batch(["x"], source="fr", target="ja")
        with pytest.raises(MtError):
            FakeTranslator(fail_with=MtError("boom")).translate_batch(["x"], source="en", target="fr")

    def test_records_each_batch_for_assertions(self) -> None:
        fake = FakeTranslator()
        fake.translate_batch(["a", "b"], source="en", target="fr")
        assert fake.calls == [(("a", "b"), "en", "fr")]
