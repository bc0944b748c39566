"""Signed status notifications to the caisse's system, retried with exponential backoff."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.orm import Session

from service.config import get_settings
from service.db.base import utcnow
from service.models import Caisse, CallbackDelivery, Event, TranslationRequest
from service.models.enums import DeliveryStatus
from service.worker import names
from service.worker.enqueue import enqueue

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Passerelle-Signature"


def sign(secret: str, body: bytes) -> str:
    """The signature header value: `sha256=` and the HMAC-SHA256 of the body with the caisse's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def schedule(session: Session, request: TranslationRequest, event: Event) -> CallbackDelivery:
    """Queue the notification of `event` to the request's callback URL."""
    payload: dict[str, Any] = {
        "event_id": event.id, "reference": request.reference, "external_reference": request.external_reference,
        "status": event.to_status, "previous_status": event.from_status, "action": event.action,
        "at": event.at.isoformat(), "failure_code": request.failure_code,
    }
    delivery = CallbackDelivery(request_id=request.id, event_id=event.id, url=request.callback_url or "",
                                payload=payload, status=DeliveryStatus.PENDING, attempts=0)
    session.add(delivery)
    session.flush()
    enqueue(session, names.DELIVER_CALLBACK, delivery.id)
    return delivery


def deliver(session: Session, delivery_id: int, *, client: httpx.Client | None = None) -> float | None:
    """Try once to POST the notification; return the delay before the next try, or None when done."""
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
    delivery.attempts += 1
    try:
        with client or httpx.Client(timeout=10) as http:
            response = http.post(delivery.url, content=body, headers=headers)
        delivery.last_status_code = response.status_code
        ok = 200 <= response.status_code < 300
        delivery.last_error = None if ok else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        ok = False
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
    return _after_attempt(delivery, ok)


def _after_attempt(delivery: CallbackDelivery, ok: bool) -> float | None:
    if ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, utcnow(), None
        return None
    if delivery.attempts >= get_settings().callback_max_attempts:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        logger.warning("callback %s abandoned after %s attempts", delivery.id, delivery.attempts)
        return None
    delay = min(3600.0, 15.0 * 2 ** (delivery.attempts - 1))
    delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)
    return delay
