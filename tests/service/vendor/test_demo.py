"""Demo vendors and prices: enough to route every supported pair, seeded once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.assignment import service as assignment_service
from service.cli.app import app
from service.models import VendorContract
from service.models.enums import RequestStatus
from tests.factories import make_caisse
from tests.service.vendor.helpers import make_drafted


class TestDemoSeed:
    def test_seed_is_idempotent_and_lets_requests_be_outsourced(self, db: Session) -> None:
        runner = CliRunner()
        first = runner.invoke(app, ["routing", "seed-demo"])
        assert first.exit_code == 0, first.output
        again = runner.invoke(app, ["routing", "seed-demo"])
        assert again.output.startswith("0 ")
        assert db.scalar(select(func.count()).select_from(VendorContract)) == 30
        request = make_drafted(db, caisse=make_caisse(db), source_lang="pl")
        assignment_service.route(db, request)
        assert request.status == RequestStatus.OUTSOURCED
