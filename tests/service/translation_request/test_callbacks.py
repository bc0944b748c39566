"""Status callbacks to a caisse's system: signed, recorded, retried, given up after the limit."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from service.caisse import service as caisse_service
from service.models import CallbackDelivery
from service.models.enums import RequestStatus
from service.translation_request import callbacks
from service.translation_request import service as request_service
from tests.factories import make_caisse, make_request


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict, str, bytes]] = []
    status = 200

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), self.headers[callbacks.SIGNATURE_HEADER], body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[_Receiver]]]:
    handler = type("Receiver", (_Receiver,), {"received": [], "status": 200})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", handler
    server.shutdown()


def _caisse_allowed_on_this_machine(db):  # type: ignore[no-untyped-def]
    """A caisse whose test receiver on 127.0.0.1 an administrator allow-listed (loopback is refused else)."""
    caisse = make_caisse(db)
    caisse_service.allow_callback_host(db, caisse=caisse, host="127.0.0.1")
    db.commit()
    return caisse


class TestCallbacks:
    def test_status_change_is_posted_signed_with_the_caisse_secret(self, db, receiver) -> None:
        url, handler = receiver
        caisse = _caisse_allowed_on_this_machine(db)
        request = make_request(db, caisse=caisse, status=RequestStatus.DRAFTED, callback_url=url,
                               external_reference="DOSSIER-42")
        request_service.transition(db, request, to=RequestStatus.ASSIGNED)
        db.commit()  # the delivery task runs after commit (eagerly in tests)
        assert len(handler.received) == 1
        _, signature, body = handler.received[0]
        assert signature == callbacks.sign(caisse.callback_secret, body)
        payload = json.loads(body)
        assert payload["status"] == "assigned" and payload["external_reference"] == "DOSSIER-42"
        db.expire_all()
        delivery = db.query(CallbackDelivery).one()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)

    def test_failing_endpoint_is_retried_then_given_up_and_listed(self, client, db, receiver) -> None:
        url, handler = receiver
        handler.status = 503
        caisse = _caisse_allowed_on_this_machine(db)
        request = make_request(db, caisse=caisse, status=RequestStatus.DRAFTED, callback_url=url)
        request_service.transition(db, request, to=RequestStatus.ASSIGNED)
        db.commit()
        assert len(handler.received) == 2  # PASSERELLE_CALLBACK_MAX_ATTEMPTS=2 in tests
        db.expire_all()
        delivery = db.query(CallbackDelivery).one()
        assert (delivery.status, delivery.last_error) == ("failed", "HTTP 5xx")

    def test_unreachable_endpoint_is_retried_and_shown_as_no_response(self, db) -> None:
        caisse = _caisse_allowed_on_this_machine(db)
        request = make_request(db, caisse=caisse, status=RequestStatus.DRAFTED,
                               callback_url="http://127.0.0.1:9/closed")
        request_service.transition(db, request, to=RequestStatus.ASSIGNED)
        db.commit()
        db.expire_all()
        delivery = db.query(CallbackDelivery).one()
        assert (delivery.attempts, delivery.last_error) == (2, callbacks.NO_RESPONSE)
