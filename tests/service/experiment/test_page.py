"""The manager's page of the MT experiment: every figure of the report, its exports, the navigation entry."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.models import TranslationRequest
from service.models.enums import Role
from tests.factories import make_user
from tests.service.web.conftest import sign_in


class TestExperimentPage:
    def test_the_page_shows_every_figure_of_the_period(
        self, client, db: Session, history: dict[str, TranslationRequest]
    ) -> None:
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        response = client.get("/pilotage/experimentation?du=2025-01-01&au=2025-12-31")
        assert response.status_code == 200
        page = response.text.replace("\u202f", " ")
        assert 'href="/pilotage/experimentation" aria-current="page"' in page
        row = page.split('id="experimentation"', 1)[1].split("</table>", 1)[0]
        de_fr = row.split("allemand → français", 1)[1].split("</tr>", 1)[0]
        for shown in ("Révision complète", ">2<", ">27<", "28,6 %", "0,175", "1,47", "4,50", "1 568", "60,00"):
            assert shown in de_fr, shown
        assert "Synthèse (4 demandes, 35 mots)" in page
        assert "110,00 € évités" in page and "Information (non révisée)" in page
        assert "format=pdf" in page and "format=xlsx" in page
        assert '<svg class="chart"' in page

    def test_translators_are_kept_out(self, client, db: Session) -> None:
        sign_in(client, db, make_user(db, role=Role.TRANSLATOR, pairs=["de>fr"]))
        assert client.get("/pilotage/experimentation", follow_redirects=False).status_code in (302, 303, 403)

    def test_a_wrong_date_or_a_reversed_period_is_explained_in_french(self, client, db: Session) -> None:
        sign_in(client, db, make_user(db, role=Role.MANAGER))
        response = client.get("/pilotage/experimentation?du=31/12/2025")
        assert response.status_code == 422 and "Date incorrecte" in response.text
        assert 'id="experimentation"' in response.text  # last year's report is still shown
        reversed_period = client.get("/pilotage/experimentation?du=2025-12-31&au=2025-01-01")
        assert reversed_period.status_code == 422 and "commence après sa fin" in reversed_period.text
