"""Job class from draft quality (MT scores, TM fuzzy scores) and the pair's post-editing effort."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from service.assignment import classing
from service.models import Segment
from service.models.enums import RequestStatus
from tests.factories import make_caisse
from tests.service.vendor.helpers import make_drafted


def _seg(origin: str, *, score: float | None = None, tm: float | None = None, text: str = "x" * 10,
         draft: str | None = "y", confidence: float | None = None, shown: bool = True) -> Segment:
    return Segment(position=1, source_text=text, draft_text=draft, draft_origin=origin, draft_score=score,
                   tm_score=tm, draft_confidence=confidence, draft_shown=shown)


class TestSegmentQuality:
    def test_mt_score_is_read_as_mean_token_probability(self) -> None:
        assert classing.segment_quality(_seg("mt", score=-0.35)) == pytest.approx(math.exp(-0.35))

    def test_pivot_counts_for_less_than_direct_mt(self) -> None:
        assert classing.segment_quality(_seg("mt_pivot", score=-0.2)) < classing.segment_quality(
            _seg("mt", score=-0.2))

    def test_tm_fuzzy_uses_its_score_and_exact_is_perfect(self) -> None:
        assert classing.segment_quality(_seg("tm_fuzzy", tm=82)) == pytest.approx(0.82)
        assert classing.segment_quality(_seg("tm_exact", tm=100)) == 1.0

    def test_a_calibrated_confidence_is_the_quality_of_a_machine_draft(self) -> None:
        assert classing.segment_quality(_seg("mt", score=-0.1, confidence=0.42)) == pytest.approx(0.42)

    def test_a_draft_held_back_counts_as_nothing_and_lowers_the_class(self) -> None:
        shown = [_seg("mt", confidence=0.8, text="a" * 50) for _ in range(4)]
        held = [_seg("mt", confidence=0.8, text="a" * 50)] * 2 + [_seg("mt", confidence=0.1, text="a" * 50,
                                                                       shown=False)] * 2
        t = classing.DEFAULT_THRESHOLDS
        assert classing.segment_quality(held[-1]) == 0.0
        assert classing.shown_share(held) == pytest.approx(0.5)
        first = classing.classify_figures(classing.draft_quality(shown), None, 0, t, shown=classing.shown_share(shown))
        second = classing.classify_figures(classing.draft_quality(held), None, 0, t, shown=classing.shown_share(held))
        assert (first.job_class, second.job_class) == ("light_revision", "translation")
        assert any("affichées sur 50 %" in r for r in second.reasons)

    def test_missing_draft_counts_as_zero_weighted_by_length(self) -> None:
        segments = [_seg("tm_exact", text="a" * 30), _seg("none", text="b" * 10, draft=None)]
        assert classing.draft_quality(segments) == pytest.approx(0.75)


class TestClassifyFigures:
    t = classing.Thresholds(light_min_quality=0.75, full_min_quality=0.45, light_max_effort=0.15,
                            full_max_effort=0.40, min_effort_segments=20)

    @pytest.mark.parametrize(("quality", "effort", "expected"), [
        (0.9, None, "light_revision"),
        (0.9, 0.10, "light_revision"),
        (0.9, 0.30, "full_revision"),   # good scores, but this pair needed heavy editing
        (0.6, 0.10, "full_revision"),
        (0.9, 0.55, "translation"),     # past drafts of the pair were mostly rewritten
        (0.3, None, "translation"),
        (None, None, "translation"),
    ])
    def test_class_from_quality_and_effort(self, quality: float | None, effort: float | None,
                                           expected: str) -> None:
        assert classing.classify_figures(quality, effort, 100, self.t).job_class == expected

    def test_effort_from_too_few_segments_is_ignored(self) -> None:
        result = classing.classify_figures(0.9, 0.6, 5, self.t)
        assert result.job_class == "light_revision" and result.effort is None
        assert "non mesuré" in result.reasons[0]


class TestClassifyRequest:
    def test_pair_effort_comes_from_confirmed_segments_of_delivered_requests(self, db: Session) -> None:
        caisse = make_caisse(db)
        past = make_drafted(db, caisse=caisse, status=RequestStatus.DELIVERED,
                            segments=[(f"Satz {i}.", f"Phrase {i}.") for i in range(25)])
        past.delivered_on = date.today()
        old = make_drafted(db, caisse=caisse, status=RequestStatus.DELIVERED, segments=[("Alt.", "Vieux.")])
        old.delivered_on = date.today() - timedelta(days=400)
        for segment in db.query(Segment).filter(Segment.request_id.in_([past.id, old.id])):
            segment.status, segment.edit_distance = "confirmed", 0.5
        db.commit()
        assert classing.pair_effort(db, "de", "fr") == (pytest.approx(0.5), 25)
        assert classing.pair_effort(db, "en", "fr") == (None, 0)
        fresh = make_drafted(db, caisse=caisse, score=-0.05)
        result = classing.classify(db, fresh)
        assert result.job_class == "translation" and result.effort == pytest.approx(0.5)

    def test_manager_thresholds_for_the_pair_override_the_defaults(self, db: Session) -> None:
        caisse = make_caisse(db)
        request = make_drafted(db, caisse=caisse, score=-0.5)  # quality ~0.61
        assert classing.classify(db, request).job_class == "full_revision"
        classing.set_thresholds(db, pair="de>fr", thresholds=classing.Thresholds(light_min_quality=0.6))
        db.commit()
        assert classing.classify(db, request).job_class == "light_revision"
        assert classing.thresholds_for(db, "en>fr") == classing.DEFAULT_THRESHOLDS
