"""`detect` as a whole: sorted, non-overlapping results, options, offsets that point into the text."""

from __future__ import annotations

import pytest

from entities import KINDS, DetectOptions, UnknownKindError, detect

LETTER = (
    "Deutsche Rentenversicherung Bund\nRuhrstraße 2, 10709 Berlin\n"
    "Herrn Hans Müller, geboren am 03.06.1961, IBAN DE89 3704 0044 0532 0130 00, Tel. 030 1234567, "
    "E-Mail hans.mueller@example.de, www.deutsche-rentenversicherung.de, Rente 1.234,56 € ab 2024, 3 Kinder."
)


class TestDetect:
    def test_every_kind_once_sorted_without_overlap_and_offsets_into_the_text(self) -> None:
        entities = detect(LETTER, "de")
        assert {e.kind for e in entities} == set(KINDS)
        assert [e.start for e in entities] == sorted(e.start for e in entities)
        assert all(a.end <= b.start for a, b in zip(entities, entities[1:], strict=False))
        assert all(LETTER[e.start:e.end] == e.text for e in entities)

    def test_kinds_option_keeps_only_those_kinds_without_changing_them(self) -> None:
        people = detect(LETTER, "de", options=DetectOptions(kinds=frozenset({"person", "amount"})))
        assert [(e.kind, e.text) for e in people] == [("person", "Hans Müller"), ("amount", "1.234,56 €")]

    def test_unknown_kind_in_options_is_refused(self) -> None:
        with pytest.raises(UnknownKindError, match="institution"):
            DetectOptions(kinds=frozenset({"institutions"}))

    def test_phone_region_option_reads_national_numbers_of_that_country(self) -> None:
        text = "Tel. 0612345678"
        dutch = detect(text, "de", options=DetectOptions(phone_region="NL"))
        assert [(e.scheme, e.value) for e in dutch] == [("phone", "+31612345678")]

    def test_min_confidence_drops_weaker_findings(self) -> None:
        text = "Siehe Vorgang TR-2026-000123."  # a code-shaped reference without its cue: confidence 0.7
        assert [e.text for e in detect(text, "de")] == ["TR-2026-000123"]
        assert detect(text, "de", options=DetectOptions(min_confidence=0.8)) == []

    def test_empty_text_and_unknown_language(self) -> None:
        assert detect("", "de") == []
        assert [e.kind for e in detect("IBAN DE89 3704 0044 0532 0130 00", "xx")] == ["identifier"]

    def test_as_dict_is_json_ready(self) -> None:
        entity = next(e for e in detect(LETTER, "de") if e.scheme == "iban")
        assert entity.as_dict() == {"text": "DE89 3704 0044 0532 0130 00", "kind": "identifier", "start": entity.start,
                                    "end": entity.end, "scheme": "iban", "value": "DE89370400440532013000",
                                    "country": "DE", "source": "checksum", "confidence": 1.0}
