"""A small world for authorization tests: two caisses, one account per role, a request in revision.

Every request carries a secret marker in its texts; tests check that the marker and the request's
reference never reach anyone who may not see the request.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from fastapi.routing import _IncludedRouter  # type: ignore[attr-defined]
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import service as auth_service
from service.consultation import service as consultation_service
from service.kit.storage import get_store
from service.knowledge import service as knowledge_service
from service.message.thread import Upload
from service.models import (
    Absence,
    ApiKey,
    Caisse,
    Client,
    Document,
    ExtractedPage,
    KnowledgeEntry,
    Message,
    MessageAttachment,
    OutsourcedJob,
    Partner,
    Quote,
    Segment,
    TranslationRequest,
    User,
    Vendor,
    VendorContract,
)
from service.models.enums import DocumentRole, RequestStatus, Role
from service.partner import service as partner_service

_seq = itertools.count(1)

ROLES = (
    "anonymous",
    "owner",
    "other_caisse",
    "assignee",
    "pair_translator",
    "translator",
    "manager",
    "admin",
    "partner",
    "other_partner",
    "expert",
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
SUBMITTERS = frozenset({"owner", "other_caisse"})
STAFF = frozenset({"assignee", "pair_translator", "translator", "manager", "admin"})
# Who may see the main request (caisse A, de>fr, assigned): its caisse, its assignee, managers. Another
# translator of the pair may not (need to know: only the pool of unassigned requests is theirs to see).
VIEWERS = frozenset({"owner", "assignee", "manager", "admin"})
# Who may see the other caisse's request (caisse B, en>de, not assigned).
OTHER_VIEWERS = frozenset({"other_caisse", "manager", "admin"})
# Who may see the partner's consultation: its organisation, its expert, managers.
CONSULTATION_VIEWERS = frozenset({"partner", "expert", "manager", "admin"})
PARTNERS = frozenset({"partner", "other_partner"})


@dataclass
class World:
    """The accounts and requests one authorization check runs against."""

    db: Session
    users: dict[str, User]
    request: TranslationRequest
    other_request: TranslationRequest
    secrets: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    # Path values of the consultation routes (their message and attachment ids are the consultation's).
    consultation_ids: dict[str, int] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        """A bearer header for `role` (none for anonymous)."""
        if role == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.token(role)}"}

    def token(self, role: str) -> str:
        """A bearer token for `role`, issued once per world."""
        if role not in self.tokens:
            self.tokens[role], _ = auth_service.issue_token(self.db, user=self.users[role])
            self.db.commit()
        return self.tokens[role]

    def forbidden_strings(self, role: str) -> list[str]:
        """Text that must never appear in a response to `role`."""
        hidden = []
        if role not in VIEWERS:
            hidden += [self.request.reference, self.secrets["main"]]
        if role not in OTHER_VIEWERS:
            hidden += [self.other_request.reference, self.secrets["other"]]
        if role not in CONSULTATION_VIEWERS:
            hidden += [self.secrets["consultation"]]
        return hidden


def _documents(db: Session, request: TranslationRequest, secret: str) -> None:
    store = get_store()
    for role in (DocumentRole.ORIGINAL, DocumentRole.DELIVERABLE):
        stored = store.put(f"{role}: {secret}\n".encode())
        db.add(
            Document(
                request_id=request.id,
                role=role,
                storage_key=stored.key,
                sha256=stored.sha256,
                size_bytes=stored.size_bytes,
                mime_type="text/plain",
                original_name=f"{role}.txt",
            )
        )
    request.standard_form = "ciec:birth"  # so the standard form's French key has something to answer
    # The image of page 1 as OCR read it (served beside the segments): its bytes carry the marker too.
    stored = store.put(f"page_image: {secret}\n".encode())
    db.add(Document(request_id=request.id, role=DocumentRole.PAGE_IMAGE, page=1, storage_key=stored.key,
                    sha256=stored.sha256, size_bytes=stored.size_bytes, mime_type="image/webp",
                    original_name="page-1.webp"))
    db.add(ExtractedPage(request_id=request.id, number=1, text=f"Seite 1 {secret}", method="text"))
    stored = store.put(f"piece jointe: {secret}\n".encode())
    author = request.assignee_id or request.submitter_id
    assert author is not None
    db.add(Message(request_id=request.id, author_id=author, body=f"Question {secret}", attachments=[
        MessageAttachment(storage_key=stored.key, sha256=stored.sha256, size_bytes=stored.size_bytes,
                          mime_type="text/plain", original_name="piece.txt")]))
    for position in (1, 2):
        db.add(
            Segment(
                request_id=request.id,
                position=position,
                page=1,
                source_text=f"Satz {position} {secret}",
                draft_text=f"Phrase {position}",
                draft_origin="mt",
                status="drafted",
            )
        )


def _user(db: Session, role: Role, caisse: Caisse | None = None, pairs: list[str] | None = None,
          partner: Partner | None = None) -> User:
    n = next(_seq)
    return auth_service.create_user(db, email=f"sec{n}@test.example", full_name=f"Compte {n}", role=role,
                                    caisse=caisse, pairs=pairs or [], capacity_pages_per_day=10.0, partner=partner,
                                    expert_countries=["MA"] if role == Role.EXPERT else [])


def _request(
    db: Session, caisse: Caisse, submitter: User, status: RequestStatus, pair: str, **fields: object
) -> TranslationRequest:
    n = next(_seq)
    source, target = pair.split(">")
    received = date.today() - timedelta(days=5)
    request = TranslationRequest(
        reference=f"TR-2026-8{n:05d}",
        caisse_id=caisse.id,
        submitter_id=submitter.id,
        source_lang=source,
        target_lang=target,
        document_type="other",
        channel="standard",
        urgency="normal",
        received_on=received,
        due_on=received + timedelta(days=21),
        status=status,
        pages=1,
        warnings=[],
        **fields,
    )
    db.add(request)
    db.flush()
    return request


def build_world(db: Session, *, status: RequestStatus = RequestStatus.IN_REVISION) -> World:
    """Accounts for every role and two requests, one per caisse."""
    caisse_a, caisse_b = (
        Caisse(code=f"S{n:05d}", name=f"Caisse {n}", kind="CPAM", callback_secret="s")
        for n in (next(_seq), next(_seq))
    )
    db.add_all([caisse_a, caisse_b])
    db.flush()
    partner_a, partner_b = (partner_service.create(db, code=f"P{next(_seq):05d}", name="Partenaire")
                            for _ in range(2))
    users = {
        "owner": _user(db, Role.SUBMITTER, caisse_a),
        "other_caisse": _user(db, Role.SUBMITTER, caisse_b),
        "assignee": _user(db, Role.TRANSLATOR, pairs=["de>fr"]),
        "pair_translator": _user(db, Role.TRANSLATOR, pairs=["de>fr"]),
        "translator": _user(db, Role.TRANSLATOR, pairs=["it>fr"]),
        "manager": _user(db, Role.MANAGER),
        "admin": _user(db, Role.ADMIN),
        "partner": _user(db, Role.PARTNER, partner=partner_a),
        "other_partner": _user(db, Role.PARTNER, partner=partner_b),
        "expert": _user(db, Role.EXPERT),
    }
    db.flush()
    request = _request(
        db, caisse_a, users["owner"], status, "de>fr", assignee_id=users["assignee"].id, handled_by="internal"
    )
    other = _request(db, caisse_b, users["other_caisse"], RequestStatus.DRAFTED, "en>de")
    world = World(
        db=db,
        users=users,
        request=request,
        other_request=other,
        secrets={"main": f"GEHEIM-{request.id}-ALPHA", "other": f"SECRET-{other.id}-BRAVO",
                 "consultation": f"CONSULTA-{request.id}-CHARLIE"},
    )
    _documents(db, request, world.secrets["main"])
    _documents(db, other, world.secrets["other"])
    world.ids = _other_objects(db, world, caisse_b)
    world.consultation_ids = _consultation(db, world)
    for role in users:
        world.tokens[role], _ = auth_service.issue_token(db, user=users[role])
    db.commit()
    return world


def _other_objects(db: Session, world: World, caisse: Caisse) -> dict[str, int]:
    """One object of each other kind a route names by id: absence, vendor, contract, job, client, quote."""
    n = next(_seq)
    today = date.today()
    assignee = world.users["assignee"]
    absence = Absence(
        user_id=assignee.id,
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=31),
        reason="congés",
    )
    vendor = Vendor(name=f"Cabinet {n}")
    db.add_all([absence, vendor])
    db.flush()
    contract = VendorContract(
        vendor_id=vendor.id,
        source_lang="de",
        target_lang="fr",
        job_class="translation",
        rate_page_cents=2500,
        turnaround_days=10,
        valid_from=today - timedelta(days=365),
    )
    client = Client(
        name=f"Client {n}",
        email=f"client{n}@test.example",
        caisse_id=caisse.id,
        user_id=world.users["other_caisse"].id,
    )
    db.add_all([contract, client])
    db.flush()
    job = OutsourcedJob(
        request_id=world.request.id,
        vendor_id=vendor.id,
        contract_id=contract.id,
        job_class="translation",
        billed_pages=1.0,
        computed_cost_cents=2500,
    )
    quote = Quote(
        reference=f"DV-{n:06d}",
        client_id=client.id,
        source_lang="de",
        target_lang="fr",
        job_class="translation",
        pages=2.0,
        amount_cents=9000,
        valid_until=today + timedelta(days=30),
    )
    db.add_all([job, quote])
    # An account for the routes that change accounts (the role accounts above must keep working).
    managed = _user(db, Role.SUBMITTER, caisse)
    db.flush()
    key = ApiKey(user_id=managed.id, name="système de la caisse", prefix=f"k{n:07d}", key_hash=f"{n:064d}")
    db.add(key)
    db.flush()
    message = db.scalars(select(Message).where(Message.request_id == world.request.id)).one()
    return {
        "user_id": managed.id,
        "account_id": managed.id,
        "key_id": key.id,
        "message_id": message.id,
        "attachment_id": message.attachments[0].id,
        "translator_id": assignee.id,
        "absence_id": absence.id,
        "vendor_id": vendor.id,
        "contract_id": contract.id,
        "job_id": job.id,
        "client_id": client.id,
        "quote_id": quote.id,
        "year": today.year,
    }


def _consultation(db: Session, world: World) -> dict[str, int]:
    """The partner's consultation with its scan, answered by its expert, and a published entry."""
    partner, expert = world.users["partner"], world.users["expert"]
    consultation = consultation_service.create(
        db, author=partner, country="MA", document_type="civil_status", language="ar", subject="Extrait",
        question=f"Est-ce une copie intégrale ? {world.secrets['consultation']}",
        files=[Upload(data=f"scan {world.secrets['consultation']}\n".encode(), filename="scan.txt")])
    consultation.expert_id = expert.id  # earlier worlds' experts declare the country too
    message = db.scalars(select(Message).where(Message.consultation_id == consultation.id)).one()
    consultation_service.answer(db, consultation, actor=expert, body="Un extrait.", files=[])
    entry = KnowledgeEntry(country="MA", document_type="civil_status", title="Extrait marocain",
                           answer="Un extrait ne porte pas la filiation.")
    knowledge_service.index(db, entry)
    db.add(entry)
    db.flush()
    return {"consultation_id": consultation.id, "message_id": message.id,
            "attachment_id": message.attachments[0].id}


@dataclass(frozen=True)
class RouteInfo:
    """One (method, path) the application answers, and whether it is in the OpenAPI schema."""

    method: str
    path: str
    in_schema: bool


def routes(app) -> list[RouteInfo]:  # type: ignore[no-untyped-def]
    """Every method and path of `app`, included routers unwrapped (HEAD left out: GET covers it)."""
    found = set()
    for route in _walk(app.routes):
        methods = getattr(route, "methods", None) or set()
        for method in methods - {"HEAD", "OPTIONS"}:
            found.add(RouteInfo(method, route.path, bool(getattr(route, "include_in_schema", False))))
    return sorted(found, key=lambda r: (r.path, r.method))


def _walk(items) -> Iterator[object]:  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, _IncludedRouter):
            yield from item.effective_route_contexts()
        else:
            yield item
