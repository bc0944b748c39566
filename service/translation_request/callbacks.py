"""Signed status notifications to the caisse's system, retried with exponential backoff.

They go out through the guarded client (`service.kit.outbound`): only public addresses, or hosts an
administrator allow-listed for the caisse. What the caisse reads back is the outcome only (delivered,
the class of the HTTP status, no response, the address rule that refused it), never the network's words.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.caisse import service as caisse_service
from service.config import get_settings
from service.db.base import utcnow
from service.kit import outbound
from service.models import Caisse, CallbackDelivery, Event, TranslationRequest
from service.models.enums import DeliveryStatus
from service.worker import names
from service.worker.enqueue import enqueue

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Passerelle-Signature"
NO_RESPONSE = "no response"
HOST_NOT_FOUND = "host not found"


def sign(secret: str, body: bytes) -> str:
    """The signature header value: `sha256=` and the HMAC-SHA256 of the body with the caisse's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def schedule(session: Session, request: TranslationRequest, event: Event,
             *, extra: dict[str, Any] | None = None) -> CallbackDelivery:
    """Queue the notification of `event` to the request's callback URL (signed and retried like every other).

    A status change sends the new and previous status; other events (`message.created`) add their `extra`.
    """
    payload: dict[str, Any] = {
        "event_id": event.id, "reference": request.reference, "external_reference": request.external_reference,
        "status": event.to_status or request.status, "previous_status": event.from_status, "action": event.action,
        "at": event.at.isoformat(), "failure_code": request.failure_code, **(extra or {}),
    }
    delivery = CallbackDelivery(request_id=request.id, event_id=event.id, url=request.callback_url or "",
                                payload=payload, status=DeliveryStatus.PENDING, attempts=0)
    session.add(delivery)
    session.flush()
    enqueue(session, names.DELIVER_CALLBACK, delivery.id)
    return delivery


@dataclass(frozen=True)
class Notification:
    """A signed notification ready to POST."""

    delivery_id: int
    url: str
    body: bytes
    headers: dict[str, str]
    allowed_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attempt:
    """How one POST went: the HTTP status, or why there was none, in words the caisse may read.

    `final` marks a refusal that waiting will not change (the address rule): no further try.
    """

    status_code: int | None
    error: str | None
    final: bool = False

    @property
    def ok(self) -> bool:
        """Whether the caisse's system acknowledged the notification (2xx)."""
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300


def prepare(session: Session, delivery_id: int) -> Notification | None:
    """The signed notification of a pending delivery; None when it is done or its request is gone."""
    delivery = session.get(CallbackDelivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    request = session.get(TranslationRequest, delivery.request_id)
    caisse = session.get(Caisse, request.caisse_id) if request else None
    if caisse is None:
        return None
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(caisse.callback_secret, body),
               "X-Passerelle-Event-Id": str(delivery.event_id)}
    return Notification(delivery.id, delivery.url, body, headers,
                        tuple(caisse_service.allowed_hosts(session, caisse.id)))


def post(notification: Notification, *, client: httpx.Client | None = None) -> Attempt:
    """POST the notification once; called with no transaction open, since the caisse's server may be slow."""
    try:
        with client or outbound.client(allowed_hosts=notification.allowed_hosts) as http:
            response = http.post(notification.url, content=notification.body, headers=notification.headers)
    except outbound.OutboundRefused as exc:
        if exc.rule == outbound.UNRESOLVABLE:  # DNS may answer on a later try
            return Attempt(None, HOST_NOT_FOUND)
        logger.warning("callback %s refused: %s", notification.delivery_id, exc)
        return Attempt(None, f"address refused ({exc.rule})", final=True)
    except httpx.HTTPError as exc:
        # The network's own words (connection refused, a protocol error) would tell the caisse what
        # listens where: they go to the log, the caisse reads that nothing answered.
        logger.info("callback %s to %s: %s: %s", notification.delivery_id, notification.url,
                    type(exc).__name__, exc)
        return Attempt(None, NO_RESPONSE)
    ok = 200 <= response.status_code < 300
    return Attempt(response.status_code, None if ok else f"HTTP {status_class(response.status_code)}")


def deliveries(session: Session, request: TranslationRequest) -> list[CallbackDelivery]:
    """The request's notifications (sent, being retried or given up), oldest first."""
    return list(session.scalars(select(CallbackDelivery).where(CallbackDelivery.request_id == request.id)
                                .order_by(CallbackDelivery.id)))


def status_class(code: int | None) -> str | None:
    """The class of an HTTP status ("2xx", "4xx"...), all a caisse is shown of its endpoint's answer."""
    return f"{code // 100}xx" if code is not None and 100 <= code < 600 else None


def record(session: Session, delivery_id: int, attempt: Attempt) -> float | None:
    """Record an attempt; returns the delay before the next try, or None when done (delivered or given up)."""
    delivery = session.get(CallbackDelivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = attempt.status_code, attempt.error
    return _after_attempt(delivery, attempt.ok, final=attempt.final)


def _after_attempt(delivery: CallbackDelivery, ok: bool, *, final: bool = False) -> float | None:
    if ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, utcnow(), None
        return None
    if final or delivery.attempts >= get_settings().callback_max_attempts:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        logger.warning("callback %s abandoned after %s attempts", delivery.id, delivery.attempts)
        return None
    delay = min(3600.0, 15.0 * 2 ** (delivery.attempts - 1))
    delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)
    return delay
