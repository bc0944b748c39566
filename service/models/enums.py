"""Enumerations stored as plain strings (portable across SQLite and PostgreSQL)."""

from __future__ import annotations

from enum import StrEnum


class CaisseKind(StrEnum):
    CPAM = "CPAM"
    CAF = "CAF"
    CARSAT = "CARSAT"
    URSSAF = "URSSAF"
    MSA = "MSA"
    CNAV = "CNAV"
    OTHER = "other"


class Role(StrEnum):
    SUBMITTER = "submitter"
    TRANSLATOR = "translator"
    MANAGER = "manager"
    ADMIN = "admin"
    # Staff who answer partners' consultations without a translation queue (legal experts).
    EXPERT = "expert"
    # An agent of a partner organisation (the SANDIA...): consults the experts, reads the knowledge base.
    PARTNER = "partner"


class TranslatorStatus(StrEnum):
    STAFF = "staff"
    TRAINEE = "trainee"


class RequestStatus(StrEnum):
    RECEIVED = "received"
    EXTRACTING = "extracting"
    EXTRACTED = "extracted"
    DRAFTING = "drafting"
    DRAFTED = "drafted"
    ASSIGNED = "assigned"
    IN_REVISION = "in_revision"
    DELIVERED = "delivered"
    OUTSOURCED = "outsourced"
    RETURNED = "returned"
    CERTIFIED = "certified"
    CANCELLED = "cancelled"
    FAILED = "failed"


class Channel(StrEnum):
    STANDARD = "standard"
    POSTED_WORKER_FRAUD = "posted_worker_fraud"


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    VERY_URGENT = "very_urgent"


class HandledBy(StrEnum):
    INTERNAL = "internal"
    TRAINEE = "trainee"
    EXTERNAL = "external"
    # The `information` level: the machine draft delivered unrevised, by no translator.
    MACHINE = "machine"


class DocumentRole(StrEnum):
    ORIGINAL = "original"
    DELIVERABLE = "deliverable"
    PAGE_IMAGE = "page_image"


class DraftOrigin(StrEnum):
    TM_EXACT = "tm_exact"
    TM_FUZZY = "tm_fuzzy"
    TM_ADAPTED = "tm_adapted"  # a memory sentence with the new segment's own values put in
    COPIED = "copied"  # nothing but entities (letterhead, address, reference): carried over as it is
    MT = "mt"
    MT_PIVOT = "mt_pivot"
    NONE = "none"


class SegmentStatus(StrEnum):
    PENDING = "pending"
    DRAFTED = "drafted"
    CONFIRMED = "confirmed"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class ConsultationStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"
