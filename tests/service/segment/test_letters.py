"""Letters submitted end to end (API, extraction, drafting, routing in the worker path): every name, address,
institution, identifier and amount reaches the drafts unchanged, and dates read in French.

The letters (tests/data/letters/, written for these tests) carry a letterhead, a recipient, a date, an
insurance number and amounts. A translator that garbles every word it is given proves the mechanism in
every language: whatever the model does, what is protected crosses verbatim. The shipped models then
draft the languages they cover (de, es, en) for real.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mt_models import Draft
from mt_models.protect import PLACEHOLDER_RE, Span, protect, restore
from service import engines
from service.models import Segment
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user

LETTERS = Path(__file__).resolve().parents[2] / "data" / "letters"
EXPECTED = json.loads((LETTERS / "expected.json").read_text(encoding="utf-8"))
LANGUAGES = ("de", "es", "pt", "it", "en")
KINDS = ("person", "address", "institution", "identifier", "amount", "date")


class Garbler:
    """A model that gets every word wrong: anything surviving it was protected."""

    def translate_batch(self, segments: Sequence[str], *, source: str, target: str,
                        spans: Sequence[Sequence[Span]] | None = None) -> list[Draft]:
        drafts = []
        for i, segment in enumerate(segments):
            masked, tokens = protect(segment, spans[i] if spans else ())
            garbled = re.sub(r"[^\W\d_]+", "bla", PLACEHOLDER_RE.sub(lambda m: f" {m.group(0)} ", masked))
            drafts.append(Draft(restore(garbled, tokens, language=target), -0.3, "mt", "garbler", confidence=0.9))
        return drafts


def submit(client, db: Session, language: str) -> list[Segment]:  # type: ignore[no-untyped-def]
    agent = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db, code=f"CPAM{language.upper()}"))
    letter = (LETTERS / f"{language}.txt").read_bytes()
    response = client.post("/api/requests", headers=headers_for(db, agent),
                           data={"source_lang": language, "target_lang": "fr", "document_type": "pension"},
                           files={"file": (f"lettre_{language}.txt", letter, "text/plain")})
    assert response.status_code == 201, response.text
    db.expire_all()
    segments = list(db.scalars(select(Segment).where(Segment.request_id == response.json()["id"])
                               .order_by(Segment.position)))
    assert segments and all(s.draft_origin is not None for s in segments), "drafting did not run"
    return segments


def carried(segments: list[Segment], value: str, shown: str) -> list[str]:
    """The drafts of the segments whose source has `value`, each of which must show `shown`."""
    holding = [s for s in segments if value in s.source_text]
    assert holding, f"{value!r} is in no segment"
    return [s.draft_text or "" for s in holding if shown not in (s.draft_text or "")]


def cases() -> Iterator[tuple[str, str, str, str]]:
    for language in LANGUAGES:
        for kind in KINDS:
            values = EXPECTED[language][kind]
            pairs = values.items() if isinstance(values, dict) else ((v, v) for v in values)
            for value, shown in pairs:
                yield language, kind, value, shown


@pytest.fixture(scope="module")
def garbled_drafts() -> dict[str, list[Segment]]:
    return {}


class TestEveryValueCrossesAnyModel:
    @pytest.fixture(autouse=True)
    def garbler(self) -> Iterator[None]:
        engines.use_translator(Garbler())
        yield
        engines.use_translator(None)

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_protected_value_of_the_letter_is_in_its_draft(self, client, db: Session,
                                                                 language: str) -> None:
        segments = submit(client, db, language)
        missing = {(kind, value): carried(segments, value, shown)
                   for lang, kind, value, shown in cases() if lang == language}
        assert {k: v for k, v in missing.items() if v} == {}

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_the_letterhead_and_the_address_block_are_copied(self, client, db: Session, language: str) -> None:
        segments = submit(client, db, language)
        head, recipient = segments[0], segments[1]
        assert (head.draft_origin, recipient.draft_origin) == ("copied", "copied")
        kinds = {e["kind"] for e in head.entities + recipient.entities}
        assert {"institution", "address", "person"} <= kinds


class TestShippedModels:
    """The real engine and the shipped models, for the languages they translate."""

    @pytest.mark.parametrize("language", ("de", "es", "en"))
    def test_the_real_drafts_keep_every_value(self, client, db: Session, language: str) -> None:
        engines.use_translator(None)
        segments = submit(client, db, language)
        missing = {(kind, value): carried(segments, value, shown)
                   for lang, kind, value, shown in cases() if lang == language}
        assert {k: v for k, v in missing.items() if v} == {}
        machine = [s for s in segments if s.draft_origin == "mt"]
        assert machine and all(s.draft_confidence is not None for s in machine)
