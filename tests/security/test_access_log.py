"""Every read is known: each route that shows a document's content, called as anyone allowed, writes exactly one
access-log line naming the actor, the request, the object, the purpose and the channel; routes that show no
content write none. Managers read the log on a screen and in the API, filter it and export it."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.deps import SESSION_COOKIE
from service.models import DocumentAccess, Message
from tests.security.rules import RULES
from tests.security.test_authorization_matrix import ROUTES, call
from tests.security.world import World, build_world

READERS = ("owner", "assignee", "manager")
SAFE = {"GET", "HEAD"}


def _world(db: Session) -> World:
    world = build_world(db)
    # The thread is correspondence, not the document: its bodies stay out of this test's marker.
    for message in db.scalars(select(Message)):
        message.body = "Une question sur la traduction."
    db.commit()
    return world


def _lines(db: Session) -> list[DocumentAccess]:
    db.expire_all()
    return list(db.scalars(select(DocumentAccess).order_by(DocumentAccess.id)))


class TestEveryReadIsLogged:
    def test_one_line_per_read_of_content_through_every_route(self, client: TestClient, db: Session) -> None:
        world = _world(db)
        failures, exposing = [], set()
        for route in ROUTES:
            rule = RULES[(route.method, route.path)]
            for role in READERS:
                if role not in rule.allow:
                    continue
                before = len(_lines(db))
                response = call(client, world, route.method, route.path, role, rule)
                new = _lines(db)[before:]
                # The document's marker, or its segment's own words where a masked view hides the marker.
                shows = world.secrets["main"].encode() in response.content or b"Satz 1 " in response.content
                if shows:
                    exposing.add(f"{route.method} {route.path}")
                if shows and len(new) != 1:
                    failures.append(f"{route.method} {route.path} as {role}: shows content, {len(new)} line(s)")
                elif not shows and new:
                    failures.append(f"{route.method} {route.path} as {role}: no content shown, {len(new)} line(s)")
                for line in new:
                    if (line.user_id, line.request_id) != (world.users[role].id, world.request.id) or \
                            not (line.object_kind and line.purpose and line.channel):
                        failures.append(f"{route.method} {route.path} as {role}: incomplete line {vars(line)}")
                if route.method not in SAFE and response.status_code < 300:
                    world = _world(db)
        assert not failures, "\n".join(failures)
        # The routes the issue names are among those exposing content (so the test above covered them).
        for expected in ("GET /api/requests/{request_id}/original", "GET /api/requests/{request_id}/deliverable",
                         "GET /api/requests/{request_id}/pages", "GET /api/requests/{request_id}/segments",
                         "GET /api/requests/{request_id}/segments/{position}",
                         "PUT /api/requests/{request_id}/segments/{position}",
                         "GET /portail/demandes/{request_id}/original", "GET /atelier/demandes/{request_id}"):
            assert expected in exposing, expected


class TestTheLogScreenAndExports:
    def _read_twice(self, client: TestClient, world: World) -> None:
        client.get(f"/api/requests/{world.request.id}/original", headers=world.headers("owner"))
        client.get(f"/api/requests/{world.request.id}/segments/1", headers=world.headers("assignee"))

    def test_the_api_filters_by_request_actor_period_and_object(self, client: TestClient, db: Session) -> None:
        world = _world(db)
        world.request.subject_name = "Anna Schmidt"
        db.commit()
        self._read_twice(client, world)
        manager = world.headers("manager")
        everything = client.get("/api/access-log", headers=manager).json()
        assert everything["total"] == 2
        newest = everything["items"][0]
        assert (newest["reference"], newest["object_kind"], newest["object_ref"], newest["purpose"],
                newest["channel"]) == (world.request.reference, "segment", "1", "read_segment", "api")
        by_actor = client.get("/api/access-log", params={"actor": world.users["owner"].email}, headers=manager)
        assert [i["object_kind"] for i in by_actor.json()["items"]] == ["original"]
        by_person = client.get("/api/access-log", params={"person": "schmidt"}, headers=manager).json()
        assert by_person["total"] == 2
        assert client.get("/api/access-log", params={"person": "Dupont"}, headers=manager).json()["total"] == 0
        by_request = client.get("/api/access-log", params={"request": world.other_request.reference},
                                headers=manager).json()
        assert by_request["total"] == 0
        later = client.get("/api/access-log", params={"since": "2999-01-01"}, headers=manager).json()
        assert later["total"] == 0
        assert client.get("/api/access-log", headers=world.headers("assignee")).status_code == 403

    def test_exports_hold_the_same_lines_with_formulas_neutralised(self, client: TestClient, db: Session) -> None:
        world = _world(db)
        world.users["owner"].full_name = "=HYPERLINK(\"http://x\")"
        db.commit()
        self._read_twice(client, world)
        manager = world.headers("manager")
        exported = client.get("/api/access-log/export", params={"format": "csv"}, headers=manager)
        rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert rows[0][:4] == ["date_heure_utc", "acteur", "role", "reference"] and len(rows) == 3
        assert rows[1][1].startswith("'=HYPERLINK")
        xlsx = client.get("/api/access-log/export", params={"format": "xlsx"}, headers=manager)
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet.max_row == 3 and sheet.cell(2, 5).value == "original"
        assert client.get("/api/access-log/export", params={"format": "pdf"}, headers=manager).status_code == 422

    def test_the_screen_shows_the_lines_in_french(self, client: TestClient, db: Session) -> None:
        world = _world(db)
        self._read_twice(client, world)
        client.cookies.set(SESSION_COOKIE, world.token("manager"))
        page = client.get("/pilotage/acces", params={"demande": world.request.reference})
        assert page.status_code == 200
        assert "Journal des accès" in page.text and "document original" in page.text and "segment" in page.text
        assert world.request.reference in page.text and "Lectures" in page.text
        export = client.get("/pilotage/acces/export", params={"format": "csv", "acteur": "nobody"})
        assert export.status_code == 200 and len(export.content.decode("utf-8-sig").splitlines()) == 1
        assert db.scalar(select(func.count()).select_from(DocumentAccess)) == 2  # reading the log reads no content
