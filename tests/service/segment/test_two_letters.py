"""Two letters that differ only in a date, an amount and a name, for two caisses, end to end.

CPAM75's letter about Mr Jean Dupont is drafted, revised and confirmed; CAF93 then submits the same
letter about Mr Jean Durand. CAF93's matching segments must be drafted from memory with Durand's own
values (`tm_adapted`), and nothing of Dupont's letter may survive anywhere: not in CAF93's drafts, nor in
the memory, nor in its TMX export.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mt_models import FakeTranslator
from service import engines
from service.memory.tmx import export_tmx
from service.models import MemoryEntry, Segment
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user

FIRST = {
    "Dear Mr Jean Dupont,": "Monsieur Jean Dupont,",
    "Your pension of 1,234.56 EUR will be paid from 3 May 2025.":
        "Votre pension de 1 234,56 EUR sera versée à compter du 3 mai 2025.",
    "Mr Jean Dupont was born on 12 March 1961.": "M. Jean Dupont est né le 12 mars 1961.",
    "Please keep this letter.": "Veuillez conserver ce courrier.",
}
SECOND = ["Dear Mr Jean Durand,", "Your pension of 987.00 EUR will be paid from 5 June 2025.",
          "Mr Jean Durand was born on 4 April 1963.", "Please keep this letter."]
OLD_VALUES = ("Dupont", "1,234.56", "1 234,56", "3 May", "3 mai", "12 March", "12 mars", "1961")


@pytest.fixture(autouse=True)
def fake_model() -> Iterator[None]:
    engines.use_translator(FakeTranslator())
    yield
    engines.use_translator(None)


def submit(client, db: Session, caisse: str, lines: list[str], subject: str) -> int:  # type: ignore[no-untyped-def]
    agent = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db, code=caisse))
    response = client.post("/api/requests", headers=headers_for(db, agent),
                           data={"source_lang": "en", "target_lang": "fr", "document_type": "pension",
                                 "subject_name": subject},
                           files={"file": ("letter.txt", "\n\n".join(lines).encode(), "text/plain")})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def segments(db: Session, request_id: int) -> list[Segment]:
    db.expire_all()
    return list(db.scalars(select(Segment).where(Segment.request_id == request_id).order_by(Segment.position)))


class TestTwoLetters:
    def test_the_second_letter_gets_its_own_values_and_nothing_of_the_first(self, client, db: Session) -> None:
        first = submit(client, db, "CPAM75", list(FIRST), "Jean Dupont")
        translator = make_user(db, role=Role.TRANSLATOR, pairs=["en>fr"])
        headers = headers_for(db, translator)
        assert client.post(f"/api/requests/{first}/revision/start", headers=headers).status_code == 200
        for segment in segments(db, first):
            response = client.post(f"/api/requests/{first}/segments/{segment.position}/confirm", headers=headers,
                                   json={"final_text": FIRST[segment.source_text]})
            assert response.status_code == 200, response.text

        second = submit(client, db, "CAF93", SECOND, "Jean Durand")
        drafted = segments(db, second)
        assert [s.source_text for s in drafted] == SECOND
        assert [s.draft_origin for s in drafted] == ["tm_adapted", "tm_adapted", "tm_adapted", "tm_exact"]
        assert [s.draft_text for s in drafted] == [
            "Monsieur Jean Durand,", "Votre pension de 987.00 EUR sera versée à compter du 5 juin 2025.",
            "M. Jean Durand est né le 4 avril 1963.", "Veuillez conserver ce courrier."]
        shown = " ".join(f"{s.draft_text} {s.tm_source} {s.draft_notes} {s.entities}" for s in drafted)
        memory = " ".join(f"{e.source_text} {e.target_text}" for e in db.scalars(select(MemoryEntry)))
        exported = export_tmx(db, source_lang="en", target_lang="fr").decode()
        for old in OLD_VALUES:
            assert old not in shown and old not in memory and old not in exported, old
