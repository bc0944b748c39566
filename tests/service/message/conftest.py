"""Fixtures of the thread tests: a local HTTP receiver for callbacks and a local SMTP sink (aiosmtpd)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller

from service.config import get_settings


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    """A caisse's system listening for callbacks: (URL, what it received)."""
    handler = type("Receiver", (_Receiver,), {"received": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", handler.received
    server.shutdown()


class _Sink:
    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.mails.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EmailMessage]]:
    """An SMTP server in-process, configured as PASSERELLE_SMTP_*; yields the mails it received."""
    sink = _Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("PASSERELLE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PASSERELLE_SMTP_PORT", str(port))
    monkeypatch.setenv("PASSERELLE_SMTP_FROM", "passerelle@cleiss.example")
    get_settings.cache_clear()
    yield sink.mails
    controller.stop()
    monkeypatch.undo()
    get_settings.cache_clear()
