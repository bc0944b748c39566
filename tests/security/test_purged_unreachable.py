"""After a retention run, no route serves anything of the purged request: every route of the application,
called as everyone who could see the request, answers without a trace of its content."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.kit.storage import get_store
from service.models import MemoryEntry, OutsourcedJob
from service.models.enums import RequestStatus
from service.retention import service as retention_service
from service.retention.policy import RetentionPolicy
from tests.security.rules import RULES
from tests.security.test_authorization_matrix import ROUTES, call
from tests.security.world import World, build_world

READERS = ("owner", "assignee", "manager", "admin")


def _purged_world(db: Session) -> World:
    world = build_world(db, status=RequestStatus.DELIVERED)
    secret = world.secrets["main"]
    world.request.delivered_on = date.today() - timedelta(days=400)
    # A vendor package (stored uncompressed: a leak would show in the bytes) and a memory entry of the request.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("job.xlf", f"<source>Satz {secret}</source>")
    job = db.get(OutsourcedJob, world.ids["job_id"])
    assert job is not None
    job.status, job.package_state, job.package_key = "sent", "ready", get_store().put(buffer.getvalue()).key
    db.add(MemoryEntry(source_lang="de", target_lang="fr", source_text=f"Satz {secret}", target_text="Phrase",
                       source_hash="x" * 40, length=20, origin="revision", request_id=world.request.id))
    world.request.subject_name = secret
    db.commit()
    return world


class TestPurgedRequestUnreachable:
    def test_no_route_serves_any_content_of_a_purged_request(self, client: TestClient, db: Session) -> None:
        world = _purged_world(db)
        secret = world.secrets["main"]
        before = [(r.method, r.path) for r in ROUTES if r.method == "GET" and "{request_id}" in r.path]
        leaks = [f"{m} {p} as {role}" for m, p in before for role in READERS if role in RULES[(m, p)].allow
                 and secret.encode() in call(client, world, m, p, role, RULES[(m, p)]).content]
        assert leaks, "the world must expose its content before the purge, or this test proves nothing"
        retention_service.purge(db, policy=RetentionPolicy(originals_days=90, translations_days=90))
        db.commit()
        failures = []
        for route in ROUTES:
            rule = RULES[(route.method, route.path)]
            for role in READERS:
                response = call(client, world, route.method, route.path, role, rule)
                if response.status_code >= 500:
                    failures.append(f"{route.method} {route.path} as {role}: {response.status_code}")
                if secret.encode() in response.content:
                    failures.append(f"{route.method} {route.path} as {role} serves the purged content")
        assert not failures, "\n".join(failures)

    def test_the_package_download_says_it_was_purged(self, client: TestClient, db: Session) -> None:
        world = _purged_world(db)
        retention_service.purge(db, policy=RetentionPolicy(originals_days=90))
        db.commit()
        answer = client.get(f"/api/jobs/{world.ids['job_id']}/package", headers=world.headers("manager"))
        assert answer.status_code == 404 and answer.json()["code"] == "package_purged"
        original = client.get(f"/api/requests/{world.request.id}/original", headers=world.headers("owner"))
        assert original.status_code == 404 and "retention" in original.json()["detail"]
