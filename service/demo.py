"""Demo data: two caisses, the SANDIA partner and one account per role, all with the published demo password."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.auth.security import DEMO_PASSWORD, hash_password
from service.caisse import service as caisse_service
from service.models import User
from service.models.enums import CaisseKind, Role, TranslatorStatus
from service.partner import service as partner_service

if TYPE_CHECKING:
    from service.indicator.simulate import SimulatedYear


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    caisse: str | None = None
    translator_status: TranslatorStatus | None = None
    pairs: tuple[str, ...] = ()
    capacity: float = 0.0
    partner: str | None = None
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


DEMO_CAISSES = {
    "CPAM75": ("CPAM de Paris", CaisseKind.CPAM),
    "CAF93": ("CAF de la Seine-Saint-Denis", CaisseKind.CAF),
}

# Partner organisations consulting the experts (action E.8.2 of the agreement).
DEMO_PARTNERS = {"SANDIA": "SANDIA (Service administratif national d'immatriculation des assurés)"}

DEMO_USERS = (
    DemoUser("agent@cpam75.demo", "Agent CPAM de Paris", Role.SUBMITTER, caisse="CPAM75"),
    DemoUser("agent@caf93.demo", "Agent CAF de Seine-Saint-Denis", Role.SUBMITTER, caisse="CAF93"),
    DemoUser("traductrice@passerelle.demo", "Claire Traductrice", Role.TRANSLATOR,
             translator_status=TranslatorStatus.STAFF,
             pairs=("de>fr", "es>fr", "en>fr", "it>fr", "pt>fr"), capacity=12.0),
    DemoUser("apprenti@passerelle.demo", "Hugo Apprenti", Role.TRANSLATOR,
             translator_status=TranslatorStatus.TRAINEE, pairs=("en>fr",), capacity=5.0),
    DemoUser("manager@passerelle.demo", "Nadia Manager", Role.MANAGER),
    DemoUser("admin@passerelle.demo", "Admin Passerelle", Role.ADMIN),
    DemoUser("juriste@passerelle.demo", "Karim Juriste", Role.EXPERT,
             countries=("MA", "DZ", "TN", "SN", "TR"), languages=("ar", "tr")),
    DemoUser("partenaire@sandia.demo", "Agent SANDIA", Role.PARTNER, partner="SANDIA"),
)


# The project's own parallel phrasebook (CC-BY-4.0), the demo's starter translation memory.
PHRASEBOOK = Path(__file__).resolve().parent.parent / "data" / "phrasebook"
PHRASEBOOK_ORIGIN = "phrasebook"


def seed_phrasebook(session: Session, folder: Path = PHRASEBOOK) -> dict[str, int]:
    """Import every `<lang>-fr.tsv` of the phrasebook into the translation memory.

    Returns the entries added per pair ("de>fr": 433, ...); a second run adds nothing
    (the memory updates entries it already holds).
    """
    from service.memory import service as memory

    added: dict[str, int] = {}
    for path in sorted(folder.glob("*-fr.tsv")):
        lang = path.name.split("-")[0]
        with path.open(encoding="utf-8") as handle:
            pairs = [(cols[0], cols[1]) for line in handle if not line.startswith("#")
                     and len(cols := line.rstrip("\n").split("\t")) >= 2]
        new, _ = memory.add_many(session, source_lang=lang, target_lang="fr", pairs=pairs,
                                 origin=PHRASEBOOK_ORIGIN)
        added[f"{lang}>fr"] = new
    return added


def seed(session: Session) -> list[str]:
    """Create the demo caisses and accounts if missing; return the e-mails created."""
    caisses = {code: caisse_service.ensure(session, code=code, name=name, kind=kind)
               for code, (name, kind) in DEMO_CAISSES.items()}
    partners = {code: partner_service.ensure(session, code=code, name=name) for code, name in DEMO_PARTNERS.items()}
    created = []
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    for spec in DEMO_USERS:
        if session.scalar(select(User.id).where(User.email == spec.email)) is not None:
            continue
        auth_service.create_user(
            session, email=spec.email, full_name=spec.full_name, role=spec.role, password_hash=password_hash,
            caisse=caisses[spec.caisse] if spec.caisse else None,
            trainee=spec.translator_status == TranslatorStatus.TRAINEE, pairs=spec.pairs,
            capacity_pages_per_day=spec.capacity, partner=partners[spec.partner] if spec.partner else None,
            expert_countries=spec.countries, expert_languages=spec.languages)
        created.append(spec.email)
    return created


def seed_experiment(session: Session, *, year: int) -> int:
    """Drafts, held-back drafts, editing times and routing decisions on `year` for the MT experiment report
    (on the simulated year when it is there, else on requests of its own); answers the requests seeded."""
    from service.experiment import demo as experiment_demo

    seed(session)  # the demo translators the decisions name
    return experiment_demo.seed(session, year=year).requests


# Outside clients (courts, embassies...) who order paid translations: quotes and invoices (/pilotage/devis).
DEMO_CLIENTS = (
    ("Tribunal judiciaire de Bobigny", "greffe@tj-bobigny.demo", "173 avenue Paul Vaillant-Couturier, 93000 Bobigny"),
    ("Consulat général du Portugal à Paris", "social@consulat-portugal.demo", "6 rue Georges Berger, 75017 Paris"),
)
DEMO_CONTACTS = {
    "CPAM75": ("Service des relations internationales", "international@cpam75.demo", "01 40 00 00 75"),
    "CAF93": ("Pôle prestations internationales", "international@caf93.demo", "01 48 00 00 93"),
}


def seed_workplace(session: Session, *, today: date | None = None) -> dict[str, int]:
    """What a working week looks like: the trainee absent next week, outside clients, caisse contacts.

    Idempotent: a second run adds nothing. Answers what was added.
    """
    from service.assignment import service as assignment_service
    from service.caisse import service as caisse_service
    from service.quote import service as quote_service

    seed(session)
    today = today or date.today()
    added = {"absences": 0, "clients": 0, "contacts": 0}
    trainee = session.scalar(select(User).where(User.email == "apprenti@passerelle.demo"))
    if trainee is not None and not assignment_service.absences(session, translator_id=trainee.id):
        monday = today + timedelta(days=7 - today.weekday())
        assignment_service.add_absence(session, translator=trainee, starts_on=monday,
                                       ends_on=monday + timedelta(days=4), reason="formation")
        added["absences"] += 1
    known = {c.name for c in quote_service.list_clients(session)}
    for name, email, address in DEMO_CLIENTS:
        if name not in known and session.scalar(select(User.id).where(User.email == email)) is None:
            quote_service.create_client(session, name=name, email=email, address=address)
            added["clients"] += 1
    for code, (name, email, phone) in DEMO_CONTACTS.items():
        caisse = caisse_service.get_by_code(session, code)
        if not caisse.contact_email:
            caisse_service.update_contact(session, caisse=caisse, name=name, email=email, phone=phone)
            added["contacts"] += 1
    return added


def seed_history(session: Session, *, today: date | None = None, requests: int = 51_400) -> SimulatedYear | None:
    """Simulate last year (51,400 requests received, about 49,830 delivered as in the agreement's 2019 year)
    when it has no simulated requests yet, so the dashboard and its breakdowns have a true-to-life year; None
    when it has."""
    from service.indicator import simulate
    from service.models import TranslationRequest

    year = (today or date.today()).year - 1
    if session.scalar(select(TranslationRequest.id).where(
            TranslationRequest.reference.like(f"{simulate.PREFIX}-{year}-%")).limit(1)) is not None:
        return None
    return simulate.seed_year(session, year=year, requests=requests)
