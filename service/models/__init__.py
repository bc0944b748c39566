"""Every table, imported here so metadata and Alembic see them all."""

from __future__ import annotations

from service.db.base import Base
from service.models.absence import Absence, TranslatorPairLevel
from service.models.caisse import Caisse, CallbackHost
from service.models.consultation import Consultation, KnowledgeEntry, Partner
from service.models.data_subject import DataSubjectAction
from service.models.indicator_target import IndicatorRollup, IndicatorTarget
from service.models.memory import MemoryEntry, MemoryWord
from service.models.message import Message, MessageAttachment, MessageReceipt, RequestWait
from service.models.outsourced_job import OutsourcedJob
from service.models.quote import Client, ClientInvoice, PriceListEntry, Quote
from service.models.routing_decision import JobClassThreshold, RoutingDecision
from service.models.segment import Segment
from service.models.translation_request import (
    AvoidedWork,
    CallbackDelivery,
    Document,
    DocumentAccess,
    Event,
    ExtractedPage,
    TranslationRequest,
)
from service.models.user import AccessToken, ApiKey, LoginThrottle, User
from service.models.vendor import Vendor, VendorContract

__all__ = [
    "Absence",
    "AvoidedWork",
    "Client",
    "Consultation",
    "DataSubjectAction",
    "KnowledgeEntry",
    "Message",
    "MessageAttachment",
    "MessageReceipt",
    "Partner",
    "RequestWait",
    "ClientInvoice",
    "JobClassThreshold",
    "OutsourcedJob",
    "PriceListEntry",
    "Quote",
    "RoutingDecision",
    "Vendor",
    "VendorContract",
    "AccessToken",
    "ApiKey",
    "Base",
    "CallbackDelivery",
    "CallbackHost",
    "Caisse",
    "Document",
    "DocumentAccess",
    "Event",
    "ExtractedPage",
    "IndicatorRollup",
    "IndicatorTarget",
    "LoginThrottle",
    "MemoryEntry",
    "MemoryWord",
    "Segment",
    "TranslationRequest",
    "TranslatorPairLevel",
    "User",
]
