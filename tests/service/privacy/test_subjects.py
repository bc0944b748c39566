"""Data-subject rights: find everything held about a person, export it (art. 15), erase it (art. 17) within the
retention rules; every action is logged without the person's name."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.deps import SESSION_COOKIE
from service.kit.storage import get_store
from service.models import DataSubjectAction, Document, DocumentAccess, MemoryEntry, Segment, TranslationRequest
from service.models.enums import RequestStatus, Role
from tests.factories import headers_for, make_caisse, make_request, make_user

BIRTH = date(1985, 3, 12)


def _request(db: Session, *, status: RequestStatus, texts: list[str], **fields: object) -> TranslationRequest:
    request = make_request(db, caisse=make_caisse(db), status=status, delivered_on=date(2026, 1, 5)
                           if status == RequestStatus.DELIVERED else None, **fields)
    stored = get_store().put(("\n".join(texts)).encode())
    db.add(Document(request_id=request.id, role="original", storage_key=stored.key, sha256=stored.sha256,
                    size_bytes=stored.size_bytes, mime_type="text/plain", original_name="Schmidt.txt"))
    for n, text in enumerate(texts, start=1):
        db.add(Segment(request_id=request.id, position=n, source_text=text, final_text=f"FR {text}",
                       status="confirmed"))
    db.commit()
    return request


@pytest.fixture
def people(db: Session) -> dict[str, TranslationRequest]:
    return {
        "declared": _request(db, status=RequestStatus.DELIVERED, texts=["Sehr geehrte Frau Schmidt,", "Die Rente."],
                             subject_name="Anna Schmidt", subject_birth_date=BIRTH),
        "in_text": _request(db, status=RequestStatus.IN_REVISION,
                            texts=["SCHMIDT Anna", "Sie wurden am 12. März 1985 in Köln geboren."]),
        "namesake": _request(db, status=RequestStatus.DELIVERED,
                             texts=["Frau Anna Schmidt", "geboren am 01.01.1990"]),
        "nir": _request(db, status=RequestStatus.DELIVERED,
                        texts=["Numéro de sécurité sociale 1 84 12 75 108 123 47."]),
    }


@pytest.fixture
def admin(db: Session) -> dict[str, str]:
    return headers_for(db, make_user(db, role=Role.ADMIN))


def _search(client: TestClient, admin: dict[str, str], **body: str) -> dict:
    answer = client.post("/api/data-subjects/search", headers=admin, json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


class TestFind:
    def test_name_and_birth_date_find_the_person_declared_or_written_and_not_a_namesake(
            self, client: TestClient, db: Session, people, admin) -> None:
        found = _search(client, admin, name="Anna Schmidt", birth_date="1985-03-12")
        by_ref = {r["reference"]: r for r in found["requests"]}
        assert set(by_ref) == {people["declared"].reference, people["in_text"].reference}
        assert by_ref[people["declared"].reference]["matched_by"] == ["subject"]
        assert by_ref[people["in_text"].reference]["matched_by"] == ["text"]
        assert by_ref[people["in_text"].reference]["segments"] == [1, 2]
        assert by_ref[people["in_text"].reference]["open"] is True

    def test_an_identifier_is_found_however_it_is_spaced(self, client: TestClient, db: Session, people,
                                                         admin) -> None:
        found = _search(client, admin, identifier="184127510812347")
        assert [r["reference"] for r in found["requests"]] == [people["nir"].reference]
        assert _search(client, admin, identifier="1841275108")["requests"] == []  # part of a number is not it

    def test_a_name_alone_is_refused(self, client: TestClient, db: Session, people, admin) -> None:
        answer = client.post("/api/data-subjects/search", headers=admin, json={"name": "Anna Schmidt"})
        assert answer.status_code == 422 and answer.json()["code"] == "subject_criteria_missing"

    def test_only_admins_exercise_rights(self, client: TestClient, db: Session, people) -> None:
        manager = headers_for(db, make_user(db, role=Role.MANAGER))
        assert client.post("/api/data-subjects/search", headers=manager,
                           json={"identifier": "184127510812347"}).status_code == 403


class TestExport:
    def test_the_zip_holds_each_request_its_text_files_and_who_read_it(self, client: TestClient, db: Session,
                                                                        people, admin) -> None:
        answer = client.post("/api/data-subjects/export", headers=admin,
                             json={"name": "Anna Schmidt", "birth_date": "1985-03-12"})
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(answer.content))
        summary = json.loads(archive.read("personne.json"))
        assert len(summary["demandes"]) == 2
        data = json.loads(archive.read(f"demandes/{people['in_text'].reference}/demande.json"))
        assert data["segments"][1]["source"] == "Sie wurden am 12. März 1985 in Köln geboren."
        assert archive.read(f"demandes/{people['in_text'].reference}/original.txt").startswith(b"SCHMIDT Anna")
        reads = db.scalars(select(DocumentAccess).where(DocumentAccess.purpose == "rights_export")).all()
        assert sorted(r.request_id for r in reads) == sorted([people["declared"].id, people["in_text"].id])


class TestErase:
    def test_closed_requests_lose_everything_open_ones_are_kept_and_all_is_logged(
            self, client: TestClient, db: Session, people, admin) -> None:
        db.add(MemoryEntry(source_lang="de", target_lang="fr", source_text="Frau Anna Schmidt", target_text="Mme",
                           source_hash="s" * 40, length=17, origin="import"))
        db.commit()
        key = people["declared"].documents[0].storage_key
        answer = client.post("/api/data-subjects/erase", headers=admin,
                             json={"name": "Anna Schmidt", "birth_date": "1985-03-12"})
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"erased": [people["declared"].reference], "memory_entries": 1,
                                 "retained": [{"reference": people["in_text"].reference, "reason": "request_open"}]}
        db.expire_all()
        declared = db.get(TranslationRequest, people["declared"].id)
        assert (declared.subject_name, declared.subject_birth_date) == (None, None)
        assert not get_store().exists(key)
        assert {s.source_text for s in db.scalars(select(Segment).where(Segment.request_id == declared.id))} == {""}
        assert declared.delivered_on == date(2026, 1, 5) and declared.pages == 1  # what the indicators count stays
        in_text = db.get(TranslationRequest, people["in_text"].id)
        assert in_text.documents[0].storage_key is not None
        assert db.get(TranslationRequest, people["namesake"].id).documents[0].storage_key is not None
        logged = db.scalars(select(DataSubjectAction).order_by(DataSubjectAction.id)).all()
        assert [a.action for a in logged] == ["erase"]
        assert "Schmidt" not in json.dumps([[a.criteria_digest, a.criteria_kinds, a.outcome] for a in logged])
        again = _search(client, admin, name="anna  SCHMIDT", birth_date="1985-03-12")
        assert [r["reference"] for r in again["requests"]] == [people["in_text"].reference]
        assert logged[0].criteria_digest == db.scalars(select(DataSubjectAction.criteria_digest)
                                                      .where(DataSubjectAction.action == "search")).one()


class TestScreen:
    def test_an_admin_searches_and_erases_from_the_screen(self, client: TestClient, db: Session, people) -> None:
        from service.auth import service as auth_service

        token, _ = auth_service.issue_token(db, user=make_user(db, role=Role.ADMIN))
        db.commit()
        client.cookies.set(SESSION_COOKIE, token)
        page = client.get("/pilotage/personnes")
        assert page.status_code == 200 and "Droits des personnes" in page.text
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0] if 'name="csrf_token"' in page.text \
            else None
        assert csrf is not None
        found = client.post("/pilotage/personnes", data={"csrf_token": csrf, "nom": "Anna Schmidt",
                                                         "naissance": "1985-03-12"})
        assert found.status_code == 200 and people["declared"].reference in found.text
        assert "conservée : demande en cours" in found.text
        unconfirmed = client.post("/pilotage/personnes/effacement",
                                  data={"csrf_token": csrf, "nom": "Anna Schmidt", "naissance": "1985-03-12"})
        assert unconfirmed.status_code == 422 and "Cochez la case" in unconfirmed.text
        erased = client.post("/pilotage/personnes/effacement", data={
            "csrf_token": csrf, "nom": "Anna Schmidt", "naissance": "1985-03-12", "confirmer": "oui"})
        assert erased.status_code == 200 and "Effacement fait" in erased.text
        assert f"{people['in_text'].reference} conservée" in erased.text
