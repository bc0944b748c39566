"""The labelled evaluation set: well-formed, large enough, and the detector's aims held on its development part.

The held-out part is only checked for form here; its scores are for the final figures (scripts/eval_entities.py).
"""

from __future__ import annotations

import pytest

from tests.entities.evalset import DEV, HELDOUT, evaluate, load, parse


class TestEvaluationSet:
    def test_markup_gives_text_and_offsets(self) -> None:
        text, spans = parse(r"Herr {person|Hans Müller}\n{address|Ruhrstraße 2, 10709 Berlin}")
        assert text == "Herr Hans Müller\nRuhrstraße 2, 10709 Berlin"
        assert [(s.kind, text[s.start:s.end]) for s in spans] == [
            ("person", "Hans Müller"), ("address", "Ruhrstraße 2, 10709 Berlin")]

    def test_unknown_kind_or_broken_markup_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown kind"):
            parse("{persons|Hans}")
        with pytest.raises(ValueError, match="unbalanced"):
            parse("{person|Hans")

    def test_sizes_and_languages(self) -> None:
        dev, heldout = load(DEV), load(HELDOUT)
        assert len(dev) >= 200 and len(heldout) >= 60
        for part in (dev, heldout):
            assert {line.lang for line in part} >= {"de", "es", "pt", "it", "en", "fr"}
        assert not {line.text for line in dev} & {line.text for line in heldout}

    def test_aims_on_the_development_part(self) -> None:
        report = evaluate(load(DEV))
        identifier, person, address = (report.total(kind=k) for k in ("identifier", "person", "address"))
        assert (identifier.recall() or 0) >= 0.98
        assert (person.recall() or 0) >= 0.9 and (address.recall() or 0) >= 0.9
        assert (report.total().precision() or 0) >= 0.95
