"""Quick check that the fixtures give a working app on the configured database."""

from __future__ import annotations

from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user


class TestFixtures:
    def test_submitter_sees_own_empty_list(self, client, db) -> None:
        caisse = make_caisse(db)
        user = make_user(db, role=Role.SUBMITTER, caisse=caisse)
        response = client.get("/api/requests", headers=headers_for(db, user))
        assert response.status_code == 200
        assert response.json()["total"] == 0
