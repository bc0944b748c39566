"""A cap on how many HTTP requests run at once; the rest wait their turn instead of failing.

Each request holds a database connection from its first dependency to its response, while its
synchronous parts wait for a thread. Under a burst (a thousand uploads at once) more requests than
the connection pool holds would each grab a connection and then wait for a thread, while threads
waited for connections: requests failed after the pool timeout. Admitting at most `limit` requests
(fewer than the pool's connections and the threads) turns the burst into a queue.

Uploads may take only a few of the places (`uploads`), so a burst of submissions never makes a
translator's autosave or a page view wait behind all of it, for a place or for the CPU.

A request is admitted only once its body has arrived. Before, a place was taken as soon as the headers
were in, so twelve anonymous sockets trickling a body to /api/auth/token held every place and /healthz
waited behind them. Now the body is read first, outside the cap, into a spooled temporary file (memory
up to 1 MiB, then disk), under two clocks: no byte for `idle_timeout` seconds, or the whole body not in
after `total_timeout`, answers 408; a body larger than `max_body_bytes` answers 413 as soon as it is
announced or exceeded. The application then reads the body from the spool as if from the socket.
A reverse proxy buffering request bodies does the same in front of it (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from typing import IO, Any

from service.errors import problem

UPLOAD_PATHS = frozenset({"/api/requests", "/portail/demandes"})
SPOOL_IN_MEMORY = 1024 * 1024
REPLAY_CHUNK = 64 * 1024


class BodyRefused(Exception):
    """The body did not arrive in time (408) or is too large (413); the client is told which."""

    def __init__(self, status: int, code: str, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail = status, code, title, detail


class ConcurrencyLimit:
    """ASGI middleware letting at most `limit` HTTP requests (`uploads` of them uploads, half by default)
    into the app at once, each once its body has been read."""

    def __init__(self, app: Any, limit: int, *, uploads: int | None = None, idle_timeout: float = 15.0,
                 total_timeout: float = 600.0, max_body_bytes: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.uploads = max(1, min(uploads or limit // 2, limit))
        self.idle_timeout, self.total_timeout, self.max_body_bytes = idle_timeout, total_timeout, max_body_bytes
        self._all: asyncio.Semaphore | None = None
        self._uploads: asyncio.Semaphore | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Read the body, then run the request once a place is free (lifespan and websockets pass through)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        spool = None
        if _has_body(scope):
            try:
                spool = await self._read_body(scope, receive)
            except BodyRefused as refused:
                await _refuse(scope, receive, send, refused)
                return
        try:
            await self._admitted(scope, _replay(spool, receive) if spool is not None else receive, send)
        finally:
            if spool is not None:
                spool.close()

    async def _admitted(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self.limit <= 0:
            await self.app(scope, receive, send)
            return
        if self._all is None or self._uploads is None:
            # Created on first use so they belong to the server's own event loop.
            self._all = asyncio.Semaphore(self.limit)
            self._uploads = asyncio.Semaphore(self.uploads)
        if scope.get("method") == "POST" and scope.get("path") in UPLOAD_PATHS:
            async with self._uploads, self._all:
                await self.app(scope, receive, send)
        else:
            async with self._all:
                await self.app(scope, receive, send)

    async def _read_body(self, scope: dict[str, Any], receive: Any) -> IO[bytes]:
        """The whole body in a spooled file, or BodyRefused (too slow, too large, or the client left)."""
        declared = _content_length(scope)
        if self.max_body_bytes is not None and declared is not None and declared > self.max_body_bytes:
            raise _too_large(self.max_body_bytes)
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (closed by caller)
        deadline = time.monotonic() + self.total_timeout
        size = 0
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _too_slow(self.total_timeout, "in all")
                try:
                    message = await asyncio.wait_for(receive(), timeout=min(self.idle_timeout, left))
                except TimeoutError:
                    raise _too_slow(self.idle_timeout if left > self.idle_timeout else self.total_timeout,
                                    "without a byte" if left > self.idle_timeout else "in all") from None
                if message["type"] == "http.disconnect":
                    raise BodyRefused(400, "client_disconnected", "Client disconnected",
                                      "The connection closed before the request body was complete.")
                chunk = message.get("body", b"")
                size += len(chunk)
                if self.max_body_bytes is not None and size > self.max_body_bytes:
                    raise _too_large(self.max_body_bytes)
                spool.write(chunk)
                if not message.get("more_body", False):
                    spool.seek(0)
                    return spool
        except BaseException:
            spool.close()
            raise


def _has_body(scope: dict[str, Any]) -> bool:
    headers = dict(scope.get("headers") or [])
    return b"transfer-encoding" in headers or (_content_length(scope) or 0) > 0


def _content_length(scope: dict[str, Any]) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(spool: IO[bytes], receive: Any) -> Any:
    """A `receive` that hands the app the spooled body, then the client's own messages (disconnect)."""
    size = spool.seek(0, 2)
    spool.seek(0)
    done = False

    async def replay() -> dict[str, Any]:
        nonlocal done
        if done:
            return await receive()  # type: ignore[no-any-return]
        chunk = spool.read(REPLAY_CHUNK)
        done = spool.tell() >= size
        return {"type": "http.request", "body": chunk, "more_body": not done}

    return replay


def _too_slow(seconds: float, how: str) -> BodyRefused:
    return BodyRefused(408, "request_timeout", "Request body too slow",
                       f"The request body did not arrive within {seconds:g} seconds {how}; nothing was saved. "
                       "Check the connection and send the request again.")


def _too_large(limit: int) -> BodyRefused:
    return BodyRefused(413, "request_too_large", "Request too large",
                       f"The request body is larger than {limit / 1e6:.0f} MB; nothing was saved. "
                       "Split the document or scan it at a lower resolution.")


async def _refuse(scope: dict[str, Any], receive: Any, send: Any, refused: BodyRefused) -> None:
    # The rest of the body is not read: the connection is closed after the answer.
    response = problem(refused.status, refused.code, refused.title, refused.detail)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
