"""Partners created by admins (CLI and API); the demo seeds the SANDIA and its agent."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from service import demo
from service.cli.app import app
from service.models import Caisse, Partner, User
from service.models.enums import Role
from tests.factories import headers_for, make_user


class TestPartnersByAdmins:
    def test_cli_creates_a_partner_and_its_agent(self, db) -> None:
        runner = CliRunner()
        made = runner.invoke(app, ["partners", "create", "ofii", "--name", "Office français de l'immigration"])
        assert made.exit_code == 0, made.output
        agent = runner.invoke(app, ["users", "create", "agent@ofii.example", "--role", "partner", "--partner", "OFII",
                                    "--password", "un-mot-de-passe-long"])
        assert agent.exit_code == 0, agent.output
        user = db.scalar(select(User).where(User.email == "agent@ofii.example"))
        partner = db.scalar(select(Partner).where(Partner.code == "OFII"))
        assert user.partner_id == partner.id and db.get(Caisse, partner.caisse_id).kind == "other"
        refused = runner.invoke(app, ["users", "create", "x@ofii.example", "--role", "partner",
                                      "--password", "un-mot-de-passe-long"])
        assert refused.exit_code != 0 and "partner code" in refused.output

    def test_api_lets_admins_create_and_refuses_a_taken_code(self, client, db) -> None:
        admin = make_user(db, role=Role.ADMIN)
        created = client.post("/api/partners", json={"code": "CNAF-DI", "name": "Direction internationale"},
                              headers=headers_for(db, admin))
        assert created.status_code == 201 and created.json()["code"] == "CNAF-DI"
        again = client.post("/api/partners", json={"code": "cnaf-di", "name": "Doublon"},
                            headers=headers_for(db, admin))
        assert again.status_code == 409 and again.json()["code"] == "partner_exists"


class TestDemo:
    def test_the_sandia_partner_and_its_agent_are_seeded_once(self, db) -> None:
        demo.seed(db)
        demo.seed(db)
        db.commit()
        agent = db.scalar(select(User).where(User.email == "partenaire@sandia.demo"))
        assert agent.role == "partner" and agent.partner.code == "SANDIA"
        expert = db.scalar(select(User).where(User.email == "juriste@passerelle.demo"))
        assert "MA" in expert.expert_countries
        assert len(db.scalars(select(Partner)).all()) == 1
