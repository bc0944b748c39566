"""Data-subject rights (GDPR): find everything held about a person, export it (art. 15), erase it (art. 17).

A person is named by their name and birth date together (a name alone names too many people), or by one of
their identifiers (NIR, IBAN, insurance number...). A request holds them when its subject (as the caisse gave
it) or its text (the entity detector, the person as a hint: any order, case or accents; the birth date in any
written form; the identifier however it is spaced) shows both name and birth date, or the identifier. Memory
entries are searched too (they should hold placeholders only), and the request's vendor jobs, messages,
audit trail and access log are listed with it.

Erasure applies the rules of `docs/operations.md` ("Data-subject rights"): a request still in progress keeps
its data (the caisse's legal task is under way, art. 17(3)(b)) and is listed as retained; a closed request
loses everything the retention purge removes, its translation included; what stays holds no personal value
(dates, pages, costs and invoices for the agreement's indicators and the accounts, the audit trail and the
access log, which record who did what, art. 5(2)). Every search, export and erasure is itself logged, with
the criteria as a digest only.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, String, delete, func, or_, select
from sqlalchemy.orm import Session

from service import engines
from service.kit.storage import get_store
from service.models import (
    Base,
    DataSubjectAction,
    DocumentAccess,
    Event,
    MemoryEntry,
    Message,
    OutsourcedJob,
    Segment,
    TranslationRequest,
    User,
)
from service.models.enums import DocumentRole, RequestStatus
from service.privacy.errors import SubjectCriteriaMissing
from service.retention import service as retention_service
from service.translation_request import service as request_service

CLOSED = (RequestStatus.DELIVERED, RequestStatus.CANCELLED)
MAX_CANDIDATES = 2000
_SEPARATORS = (" ", ".", "-", "/", "\u00a0")


@dataclass(frozen=True)
class Criteria:
    """Whom to look for: name and birth date together, or an identifier."""

    name: str | None = None
    birth_date: date | None = None
    identifier: str | None = None

    def check(self) -> None:
        """Refuse criteria that would name no one in particular."""
        if not (self.name and self.name.strip() and self.birth_date) and not (self.identifier and _compact(
                self.identifier)):
            raise SubjectCriteriaMissing()

    def kinds(self) -> list[str]:
        """Which criteria were given (their names, not their values)."""
        return [k for k, v in (("name", self.name), ("birth_date", self.birth_date),
                               ("identifier", self.identifier)) if v]

    def digest(self) -> str:
        """SHA-256 of the normalised criteria: what the log keeps instead of them."""
        parts = [_fold(self.name or ""), self.birth_date.isoformat() if self.birth_date else "",
                 _compact(self.identifier or "")]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


@dataclass
class Holding:
    """A request holding the person, and what showed it."""

    request: TranslationRequest
    matched_by: list[str]
    segments: list[int] = field(default_factory=list)

    @property
    def open(self) -> bool:
        """Whether the request is still in progress (its data is then kept on erasure)."""
        return self.request.status not in CLOSED


@dataclass
class Findings:
    """Everything held about a person."""

    criteria: Criteria
    holdings: list[Holding]
    memory_entry_ids: list[int]
    jobs: list[OutsourcedJob]
    messages: int
    events: int
    access_lines: int

    @property
    def request_ids(self) -> list[int]:
        """The ids of the requests holding the person."""
        return [h.request.id for h in self.holdings]


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: requests erased, requests kept (with the rule), memory entries deleted."""

    erased: list[str]
    retained: list[tuple[str, str]]
    memory_entries: int


def find(session: Session, criteria: Criteria, *, actor: User) -> Findings:
    """Everything held about the person (the search is logged)."""
    findings = _find(session, criteria)
    _log(session, actor, "search", findings, {"requests": len(findings.holdings)})
    return findings


def export(session: Session, criteria: Criteria, *, actor: User) -> bytes:
    """A zip of everything held about the person (art. 15): a JSON summary, each request's data and files.

    Each request's content read for it is an access-log line; the export itself is logged."""
    findings = _find(session, criteria)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        summary = _summary(findings)
        for holding in findings.holdings:
            folder = f"demandes/{holding.request.reference}"
            archive.writestr(f"{folder}/demande.json", _json(_request_data(session, holding)))
            for doc in holding.request.documents:
                if doc.storage_key and doc.purged_at is None and doc.role in (DocumentRole.ORIGINAL,
                                                                              DocumentRole.DELIVERABLE):
                    archive.writestr(f"{folder}/{doc.role}{_suffix(doc.original_name)}",
                                     get_store().read(doc.storage_key))
            request_service.record_read(session, holding.request, user=actor, object_kind="subject_export",
                                        purpose="rights_export", channel="api")
        archive.writestr("personne.json", _json(summary))
    _log(session, actor, "export", findings, {"requests": len(findings.holdings)})
    return buffer.getvalue()


def erase(session: Session, criteria: Criteria, *, actor: User) -> Erasure:
    """Erase the person's data where the rules allow it (art. 17); the erasure is logged."""
    findings = _find(session, criteria)
    erased, retained = [], []
    for holding in findings.holdings:
        request = holding.request
        if holding.open:
            retained.append((request.reference, "request_open"))
            continue
        item = retention_service.inventory(session, request, originals=True, translations=True)
        retention_service.apply(session, request, item)
        request_service.record_event(session, request, action="rights.erased", actor=actor,
                                     detail={"objects": {k: n for k, n in item.objects.items() if n}})
        erased.append(request.reference)
    # Entries of the erased requests went with them; one naming the person outside them goes now.
    memory = session.execute(delete(MemoryEntry).where(MemoryEntry.id.in_(findings.memory_entry_ids)))
    deleted = int(getattr(memory, "rowcount", 0) or 0)
    outcome = Erasure(erased=erased, retained=retained, memory_entries=deleted)
    _log(session, actor, "erase", findings, {"erased": erased, "retained": [list(r) for r in retained],
                                            "memory_entries": deleted})
    return outcome


def actions(session: Session, *, limit: int = 200) -> list[DataSubjectAction]:
    """The latest searches, exports and erasures, newest first."""
    return list(session.scalars(select(DataSubjectAction).order_by(DataSubjectAction.id.desc()).limit(limit)))


def _find(session: Session, criteria: Criteria) -> Findings:
    criteria.check()
    holdings: dict[int, Holding] = {}
    if criteria.name and criteria.birth_date:
        for holding in _by_name(session, criteria.name, criteria.birth_date):
            holdings.setdefault(holding.request.id, holding)
    if criteria.identifier:
        for holding in _by_identifier(session, criteria.identifier):
            known = holdings.setdefault(holding.request.id, holding)
            if known is not holding:
                known.matched_by.append("identifier")
                known.segments = sorted(set(known.segments) | set(holding.segments))
    ids = sorted(holdings)
    return Findings(
        criteria=criteria, holdings=[holdings[i] for i in ids], memory_entry_ids=_memory(session, criteria),
        jobs=list(session.scalars(select(OutsourcedJob).where(OutsourcedJob.request_id.in_(ids)))) if ids else [],
        messages=_count(session, Message, Message.request_id.in_(ids)),
        events=_count(session, Event, Event.request_id.in_(ids)),
        access_lines=_count(session, DocumentAccess, DocumentAccess.request_id.in_(ids)))


def _by_name(session: Session, name: str, birth_date: date) -> list[Holding]:
    longest = max(name.split(), key=len)
    patterns = {f"%{longest}%", f"%{_strip_accents(longest)}%"}
    in_text = or_(*(Segment.source_text.ilike(p) for p in patterns), *(Segment.final_text.ilike(p) for p in patterns))
    as_subject = or_(*(TranslationRequest.subject_name.ilike(p) for p in patterns))
    ids = set(session.scalars(select(Segment.request_id).where(in_text).distinct().limit(MAX_CANDIDATES)))
    ids |= set(session.scalars(select(TranslationRequest.id).where(as_subject).limit(MAX_CANDIDATES)))
    subject = engines.Subject(name=name, birth_date=birth_date)
    found = []
    for request in session.scalars(select(TranslationRequest).where(TranslationRequest.id.in_(ids))
                                   .order_by(TranslationRequest.id)):
        by_subject = bool(request.subject_name) and _same_name(request.subject_name or "", name)
        name_in, birth_in, positions = by_subject, request.subject_birth_date == birth_date, []
        for segment in _segments(session, request.id):
            hits = [e for text in (segment.source_text, segment.final_text or "") if text
                    for e in engines.entities_in(text, lang=request.source_lang, subject=subject)]
            has_name = any(e.kind == "person" and e.source == "hint" for e in hits)
            has_birth = any(e.kind == "date" and e.value == birth_date.isoformat() for e in hits)
            name_in, birth_in = name_in or has_name, birth_in or has_birth
            if has_name or has_birth:
                positions.append(segment.position)
        if name_in and birth_in:
            found.append(Holding(request, ["subject"] if by_subject else ["text"], positions))
    return found


def _by_identifier(session: Session, identifier: str) -> list[Holding]:
    compact = _compact(identifier)
    in_text = or_(_squeezed(Segment.source_text).like(f"%{compact}%"),
                  _squeezed(func.coalesce(Segment.final_text, "")).like(f"%{compact}%"))
    found: dict[int, Holding] = {}
    rows = session.execute(select(Segment, TranslationRequest).join(TranslationRequest,
                                                                    TranslationRequest.id == Segment.request_id)
                           .where(in_text).order_by(Segment.request_id, Segment.position).limit(MAX_CANDIDATES))
    for segment, request in rows:
        texts = (segment.source_text, segment.final_text or "")
        if any(_shows_identifier(t, compact, identifier, request.source_lang) for t in texts):
            found.setdefault(request.id, Holding(request, ["identifier"])).segments.append(segment.position)
    return list(found.values())


def _shows_identifier(text: str, compact: str, typed: str, lang: str) -> bool:
    """The identifier is in `text` as an entity of its own (not inside a longer number), or as typed."""
    if compact not in _compact(text):
        return False
    if re.search(rf"(?<![\w]){re.escape(typed.strip())}(?![\w])", text):
        return True
    return any(_compact(e.value or e.text) == compact for e in engines.entities_in(text, lang=lang)
               if e.kind in ("identifier", "number", "email"))


def _memory(session: Session, criteria: Criteria) -> list[int]:
    conditions: list[ColumnElement[bool]] = []
    if criteria.name:
        longest = max(criteria.name.split(), key=len)
        conditions += [MemoryEntry.source_text.ilike(f"%{longest}%"), MemoryEntry.target_text.ilike(f"%{longest}%")]
    if criteria.identifier:
        compact = _compact(criteria.identifier)
        conditions += [_squeezed(MemoryEntry.source_text).like(f"%{compact}%"),
                       _squeezed(MemoryEntry.target_text).like(f"%{compact}%")]
    return list(session.scalars(select(MemoryEntry.id).where(or_(*conditions)).order_by(MemoryEntry.id)))


def _segments(session: Session, request_id: int) -> list[Segment]:
    return list(session.scalars(select(Segment).where(Segment.request_id == request_id)
                                .order_by(Segment.position)))


def _count(session: Session, model: type[Base], condition: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(condition)) or 0


def _squeezed(column: Any) -> ColumnElement[String]:
    """The column upper-cased without spaces, dots, hyphens or slashes: identifiers however they are spaced."""
    expression = func.upper(column)
    for separator in _SEPARATORS:
        expression = func.replace(expression, separator, "")
    return expression  # type: ignore[no-any-return]


def _compact(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold(text: str) -> str:
    return " ".join(sorted(_strip_accents(text).casefold().replace("-", " ").split()))


def _same_name(a: str, b: str) -> bool:
    return _fold(a) == _fold(b)


def _suffix(name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]{1,8}$", name)
    return match.group(0).lower() if match else ""


def _log(session: Session, actor: User, action: str, findings: Findings, outcome: dict[str, Any]) -> None:
    session.add(DataSubjectAction(actor_id=actor.id, action=action, criteria_digest=findings.criteria.digest(),
                                  criteria_kinds=findings.criteria.kinds(), request_ids=findings.request_ids,
                                  outcome=outcome))
    session.flush()


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _summary(findings: Findings) -> dict[str, Any]:
    c = findings.criteria
    return {
        "criteres": {"nom": c.name, "date_de_naissance": c.birth_date, "identifiant": c.identifier},
        "demandes": [{"reference": h.request.reference, "etat": h.request.status, "trouvee_par": h.matched_by,
                      "segments": h.segments} for h in findings.holdings],
        "memoire_de_traduction": {"entrees": len(findings.memory_entry_ids)},
        "prestataires": [{"demande": j.request_id, "prestataire": j.vendor.name, "etat": j.status,
                          "envoye_le": j.sent_on, "retourne_le": j.returned_on} for j in findings.jobs],
        "messages": findings.messages, "evenements": findings.events, "lectures": findings.access_lines,
    }


def _request_data(session: Session, holding: Holding) -> dict[str, Any]:
    request = holding.request
    rid = request.id
    return {
        "reference": request.reference, "caisse": request.caisse.code, "langues": f"{request.source_lang}>"
        f"{request.target_lang}", "type": request.document_type, "recue_le": request.received_on,
        "livree_le": request.delivered_on, "etat": request.status,
        "personne": {"nom": request.subject_name, "date_de_naissance": request.subject_birth_date},
        "segments": [{"position": s.position, "source": s.source_text, "traduction": s.final_text or s.draft_text}
                     for s in _segments(session, rid)],
        "messages": [{"le": m.created_at, "texte": m.body, "pieces": [a.original_name for a in m.attachments]}
                     for m in session.scalars(select(Message).where(Message.request_id == rid).order_by(Message.id))],
        "historique": [{"le": e.at, "action": e.action} for e in request_service.events(session, request)],
        # Who read it, as categories of recipients (art. 15(1)(c)): the role, not the staff member.
        "lectures": [{"le": a.at, "par": role, "objet": a.object_kind, "motif": a.purpose}
                     for a, role in session.execute(
                         select(DocumentAccess, User.role).outerjoin(User, User.id == DocumentAccess.user_id)
                         .where(DocumentAccess.request_id == rid).order_by(DocumentAccess.id))],
    }
