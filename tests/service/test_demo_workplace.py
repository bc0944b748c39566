"""The demo's working week and history: an absence, outside clients, caisse contacts, last year simulated."""

from __future__ import annotations

from datetime import date

from service import demo
from service.assignment import service as assignment_service
from service.caisse import service as caisse_service
from service.quote import service as quote_service


class TestSeedWorkplace:
    def test_seeds_an_absence_clients_and_contacts_once(self, db):
        first = demo.seed_workplace(db, today=date(2026, 12, 2))
        assert first == {"absences": 1, "clients": 2, "contacts": 2}
        assert demo.seed_workplace(db, today=date(2026, 12, 2)) == {"absences": 0, "clients": 0, "contacts": 0}
        (absence,) = assignment_service.absences(db)
        assert absence.starts_on == date(2026, 12, 7) and absence.ends_on == date(2026, 12, 11)  # next week
        assert {c.name for c in quote_service.list_clients(db)} == {name for name, _, _ in demo.DEMO_CLIENTS}
        assert caisse_service.get_by_code(db, "CPAM75").contact_email == "international@cpam75.demo"


class TestSeedHistory:
    def test_simulates_last_year_once(self, db):
        done = demo.seed_history(db, today=date(2026, 12, 2), requests=400)
        assert done is not None and done.year == 2025 and done.delivered > 350
        assert demo.seed_history(db, today=date(2026, 12, 2), requests=400) is None
