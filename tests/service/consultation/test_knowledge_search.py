"""Full-text search of the knowledge base with the engine's own index (FTS5 on SQLite, tsvector on PostgreSQL).

The same tests run on both engines (`make test` runs the service suite on each).
"""

from __future__ import annotations

import pytest

from service.knowledge import service as knowledge_service
from service.models import KnowledgeEntry
from service.models.enums import Role
from tests.factories import headers_for, make_caisse, make_user
from tests.service.consultation.helpers import make_partner

ENTRIES = [
    ("MA", "civil_status", "Extrait d'acte de naissance marocain : copie intégrale ou extrait ?",
     "Les actes de naissance marocains existent en copie intégrale et en extrait ; l'extrait ne porte pas "
     "la filiation.", "Loi 37-99 relative à l'état civil"),
    ("PT", "civil_status", "Certidão de nascimento portugaise : quelle autorité la délivre ?",
     "Le certificat est délivré par la Conservatória do Registo Civil ; la version en ligne fait foi.", ""),
    ("PL", "pension", "Décision de pension polonaise (ZUS) : que signifie « okres składkowy » ?",
     "Il s'agit des périodes de cotisation retenues par le ZUS pour le calcul de la pension.", "Ustawa o emeryturach"),
]


@pytest.fixture
def entries(db) -> list[KnowledgeEntry]:  # type: ignore[no-untyped-def]
    rows = []
    for country, document_type, title, answer, sources in ENTRIES:
        entry = KnowledgeEntry(country=country, document_type=document_type, title=title, answer=answer,
                               sources=sources)
        knowledge_service.index(db, entry)
        db.add(entry)
        rows.append(entry)
    db.commit()
    return rows


def _titles(db, **query) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.title for e in knowledge_service.search(db, **query).items]


class TestKnowledgeSearch:
    def test_acte_de_naissance_maroc_finds_the_moroccan_extract(self, db, entries) -> None:
        assert _titles(db, q="acte de naissance Maroc") == [ENTRIES[0][2]]

    def test_french_stemming_plural_and_inflections_match(self, db, entries) -> None:
        assert _titles(db, q="actes naissances marocaines") == [ENTRIES[0][2]]
        assert _titles(db, q="cotisations") == [ENTRIES[2][2]]

    def test_accents_are_ignored_both_ways(self, db, entries) -> None:
        # Civil-status entries carry the type's name, "État civil (naissance, mariage, décès)".
        assert sorted(_titles(db, q="ETAT CIVIL")) == sorted([ENTRIES[0][2], ENTRIES[1][2]])
        assert _titles(db, q="AUTORITÉ délivré Conservatoria") == [ENTRIES[1][2]]
        assert _titles(db, q="Décision ZUS") == [ENTRIES[2][2]]

    def test_exact_words_that_stemming_would_not_keep_still_match(self, db, entries) -> None:
        assert _titles(db, q="37-99") == [ENTRIES[0][2]]

    def test_country_and_type_filter_with_or_without_words(self, db, entries) -> None:
        assert sorted(_titles(db, document_type="civil_status")) == sorted([ENTRIES[0][2], ENTRIES[1][2]])
        assert _titles(db, q="naissance", country="PL") == []
        assert _titles(db, q="certificat", country="PT", document_type="civil_status") == [ENTRIES[1][2]]

    def test_every_word_must_match_and_syntax_is_not_interpreted(self, db, entries) -> None:
        assert _titles(db, q="naissance pension") == []
        assert _titles(db, q='naissance" OR "pension') == []
        assert _titles(db, q="AND OR NOT *") == []

    def test_an_edited_entry_is_found_by_its_new_words_only(self, db, entries) -> None:
        entry = entries[1]
        entry.answer = "Document délivré par le consulat."
        knowledge_service.index(db, entry)
        db.commit()
        assert _titles(db, q="consulat") == [ENTRIES[1][2]]
        assert _titles(db, q="Registo") == []

    def test_partners_and_staff_search_submitters_do_not(self, client, db, entries) -> None:
        partner = make_partner(db)
        for role in (Role.PARTNER, Role.EXPERT, Role.TRANSLATOR, Role.MANAGER):
            reader = make_user(db, role=role, partner=partner if role == Role.PARTNER else None)
            found = client.get("/api/knowledge", params={"q": "acte de naissance Maroc"},
                               headers=headers_for(db, reader))
            assert found.status_code == 200 and found.json()["total"] == 1, role
        agent = make_user(db, role=Role.SUBMITTER, caisse=make_caisse(db))
        refused = client.get("/api/knowledge", headers=headers_for(db, agent))
        assert refused.status_code == 403


class TestPersonalDataBeforePublishing:
    def test_persons_dates_addresses_and_contacts_are_flagged_amounts_and_law_numbers_are_not(self) -> None:
        from service.knowledge import personal_data

        text = ("Mme Anna Schmidt, née le 12.03.1975, 5 rue de la Paix 75002 Paris, joignable au +33 6 12 34 56 78 "
                "ou a.b@exemple.fr ; pension de 1 250,00 EUR selon la loi 37-99.")
        found = {(f.kind, f.text.removeprefix("Mme ")) for f in personal_data.find(text)}
        assert found == {("person", "Anna Schmidt"), ("date", "12.03.1975"),
                         ("address", "5 rue de la Paix 75002 Paris"), ("identifier", "+33 6 12 34 56 78"),
                         ("email", "a.b@exemple.fr")}
