"""`passerelle demo seed` imports the phrasebook as the starter translation memory."""

from __future__ import annotations

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.cli.app import app
from service.memory import service as memory


class TestPhrasebookMemory:
    def test_demo_seed_fills_the_memory_and_matches_new_dates(self, db: Session) -> None:
        result = CliRunner().invoke(app, ["demo", "seed"])
        assert result.exit_code == 0, result.output
        assert "phrasebook pairs added" in result.output
        # Pairs differing only in their values (dates, amounts, names, places) share one entry: the 433 pl-fr
        # pairs make about 250 entries.
        assert 240 <= memory.size(db, source_lang="pl", target_lang="fr") < 433

        exact = memory.lookup(db, source_lang="de", target_lang="fr",
                              text="Bitte senden Sie uns Ihre Geburtsurkunde.")
        assert exact is not None and exact.exact and exact.origin == "phrasebook"
        assert exact.text == "Veuillez nous envoyer votre acte de naissance."
        # A date the phrasebook never had: the entry's date is a placeholder, filled anew.
        adapted = memory.lookup(db, source_lang="de", target_lang="fr",
                                text="Wir haben Ihr Schreiben vom 5. August 2024 erhalten.")
        assert adapted is not None and "5 août 2024" in adapted.text

        again = CliRunner().invoke(app, ["demo", "seed"])
        assert again.exit_code == 0 and "phrasebook pairs added" not in again.output

    def test_no_phrasebook_leaves_the_memory_empty(self, db: Session) -> None:
        result = CliRunner().invoke(app, ["demo", "seed", "--no-phrasebook"])
        assert result.exit_code == 0, result.output
        assert memory.size(db) == 0
