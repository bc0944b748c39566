"""A cap on how many HTTP requests run at once; the rest wait their turn instead of failing.

Each request holds a database connection from its first dependency to its response, while its
synchronous parts wait for a thread. Under a burst (a thousand uploads at once) more requests than
the connection pool holds would each grab a connection and then wait for a thread, while threads
waited for connections: requests failed after the pool timeout. Admitting at most `limit` requests
(fewer than the pool's connections and the threads) turns the burst into a queue.

Uploads may take only half of the places, so a burst of submissions never makes a translator's
autosave or a page view wait behind all of it.
"""

from __future__ import annotations

import asyncio
from typing import Any

UPLOAD_PATHS = frozenset({"/api/requests", "/portail/demandes"})


class ConcurrencyLimit:
    """ASGI middleware letting at most `limit` HTTP requests (half of them uploads) into the app at once."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._all: asyncio.Semaphore | None = None
        self._uploads: asyncio.Semaphore | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Run the request once a place is free (lifespan and websockets pass straight through)."""
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        if self._all is None or self._uploads is None:
            # Created on first use so they belong to the server's own event loop.
            self._all = asyncio.Semaphore(self.limit)
            self._uploads = asyncio.Semaphore(max(1, self.limit // 2))
        if scope.get("method") == "POST" and scope.get("path") in UPLOAD_PATHS:
            async with self._uploads, self._all:
                await self.app(scope, receive, send)
        else:
            async with self._all:
                await self.app(scope, receive, send)
