"""Stored documents: no way out of the file store, types from content, every read on record."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.deps import SESSION_COOKIE
from service.kit.storage import FileStore
from service.models import Document, DocumentAccess
from service.models.enums import DocumentRole, Role
from tests.factories import headers_for, make_caisse, make_user
from tests.security.world import build_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
FORM = {"source_lang": "de", "target_lang": "fr", "document_type": "other"}


def _submit(client: TestClient, headers: dict[str, str], name: str, data: bytes, content_type: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/requests", headers=headers, data=FORM, files={"file": (name, data, content_type)}
    )


class TestPathTraversal:
    @pytest.mark.parametrize(
        "key",
        [
            "../../etc/passwd",
            "/etc/passwd",
            "..",
            "",
            ".",
            "ab/../../x",
            "ab/../..",
            "%2e%2e/x/../../../etc/passwd/../..",
            "ab/" + "../" * 20 + "etc",
        ],
    )
    def test_keys_escaping_the_store_are_refused(self, tmp_path: Path, key: str) -> None:
        store = FileStore(tmp_path / "store")
        try:
            path = store.path(key)
        except ValueError:
            return
        assert path.is_relative_to((tmp_path / "store").resolve()) and path != (tmp_path / "store").resolve()

    def test_a_symlink_inside_the_store_cannot_lead_out(self, tmp_path: Path) -> None:
        store = FileStore(tmp_path / "store")
        (tmp_path / "store" / "ab").mkdir(parents=True)
        (tmp_path / "secret").write_text("secret")
        (tmp_path / "store" / "ab" / "link").symlink_to(tmp_path / "secret")
        with pytest.raises(ValueError):
            store.path("ab/link")

    def test_a_tampered_storage_key_never_serves_a_file_from_outside(self, db: Session) -> None:
        from service.main import create_app

        client = TestClient(create_app(), raise_server_exceptions=False)
        world = build_world(db)
        original = next(d for d in world.request.documents if d.role == DocumentRole.ORIGINAL)
        original.storage_key = "../" * 12 + "etc/passwd"
        db.commit()
        response = client.get(f"/api/requests/{world.request.id}/original", headers=world.headers("owner"))
        # A key that escapes the store can only come from tampering: refused loudly (logged 500).
        assert response.status_code == 500
        assert "root:" not in response.text and "passwd" not in response.text

    def test_the_uploaded_file_name_is_never_used_as_a_path(self, client: TestClient, db: Session) -> None:
        user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        response = _submit(
            client, headers_for(db, user), "../../../../tmp/evil.txt", b"Guten Tag.\n", "text/plain"
        )
        assert response.status_code == 201, response.text
        doc = db.scalar(select(Document))
        assert doc.original_name == "evil.txt"
        assert ".." not in doc.storage_key and not doc.storage_key.startswith("/")


class TestContentType:
    def test_an_executable_named_pdf_is_refused(self, client: TestClient, db: Session) -> None:
        user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        response = _submit(
            client, headers_for(db, user), "scan.pdf", b"\x7fELF\x02\x01\x01" + bytes(200), "application/pdf"
        )
        assert response.status_code == 415
        assert db.scalar(select(Document)) is None

    def test_the_type_comes_from_the_bytes_not_from_the_client(self, client: TestClient, db: Session) -> None:
        user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        response = _submit(client, headers_for(db, user), "photo", PNG, "application/pdf")
        assert response.status_code == 201, response.text
        assert db.scalar(select(Document.mime_type)) == "image/png"

    def test_a_pdf_named_png_is_refused_as_a_mismatch(self, client: TestClient, db: Session) -> None:
        user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        response = _submit(client, headers_for(db, user), "photo.png", b"%PDF-1.7\n%\xe2\xe3\n", "image/png")
        assert response.status_code == 415
        assert response.json()["code"] == "extension_mismatch"

    def test_html_is_served_back_as_inert_text_to_download(self, client: TestClient, db: Session) -> None:
        user = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        headers = headers_for(db, user)
        created = _submit(
            client, headers, "page.txt", b"<html><script>alert(document.cookie)</script></html>", "text/html"
        )
        assert created.status_code == 201, created.text
        download = client.get(f"/api/requests/{created.json()['id']}/original", headers=headers)
        assert download.headers["content-type"].startswith("text/plain")
        assert download.headers["x-content-type-options"] == "nosniff"
        assert download.headers["content-disposition"].startswith("attachment")


class TestDocumentAccessLog:
    @pytest.mark.parametrize(
        "path,caller,role,purpose",
        [
            ("/api/requests/{id}/original", "owner", DocumentRole.ORIGINAL, "download_original"),
            ("/api/requests/{id}/deliverable", "owner", DocumentRole.DELIVERABLE, "download_deliverable"),
            ("/portail/demandes/{id}/original", "owner", DocumentRole.ORIGINAL, "download_original"),
            ("/portail/demandes/{id}/traduction", "owner", DocumentRole.DELIVERABLE, "download_deliverable"),
            ("/api/requests/{id}/pages", "owner", DocumentRole.ORIGINAL, "read_extracted_text"),
            ("/api/requests/{id}/segments", "assignee", DocumentRole.ORIGINAL, "read_segments"),
            ("/atelier/demandes/{id}", "assignee", DocumentRole.ORIGINAL, "read_segments"),
        ],
    )
    def test_every_read_records_who_when_which_request_and_why(
        self, client: TestClient, db: Session, path: str, caller: str, role: DocumentRole, purpose: str
    ) -> None:
        world = build_world(db)
        url = path.format(id=world.request.id)
        if url.startswith(("/portail", "/atelier")):
            client.cookies.set(SESSION_COOKIE, world.token(caller))
            response = client.get(url)
        else:
            response = client.get(url, headers=world.headers(caller))
        assert response.status_code == 200
        assert world.secrets["main"] in response.text
        [access] = db.scalars(select(DocumentAccess)).all()
        doc = db.get(Document, access.document_id)
        assert (access.user_id, access.request_id, doc.role, access.purpose) == (
            world.users[caller].id,
            world.request.id,
            role,
            purpose,
        )
        assert access.at is not None

    def test_a_refused_download_records_nothing_and_serves_nothing(
        self, client: TestClient, db: Session
    ) -> None:
        world = build_world(db)
        response = client.get(
            f"/api/requests/{world.request.id}/original", headers=world.headers("other_caisse")
        )
        assert response.status_code == 404
        assert db.scalars(select(DocumentAccess)).all() == []
