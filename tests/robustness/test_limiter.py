"""The request cap: bursts queue instead of failing, and uploads never take every place."""

from __future__ import annotations

import asyncio
from typing import Any

from service.kit.limiter import ConcurrencyLimit


class _App:
    """An ASGI app that records how many requests are inside it at once and waits to be released."""

    def __init__(self) -> None:
        self.inside: list[str] = []
        self.peak = 0
        self.release = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.inside.append(scope["path"])
        self.peak = max(self.peak, len(self.inside))
        await self.release.wait()
        self.inside.remove(scope["path"])


def _http(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path}


class TestConcurrencyLimit:
    def test_a_burst_waits_in_line_and_every_request_is_served(self) -> None:
        async def scenario() -> tuple[int, int]:
            app = _App()
            limited = ConcurrencyLimit(app, limit=4)
            calls = [asyncio.create_task(limited(_http("GET", f"/p{i}"), None, None)) for i in range(20)]
            await asyncio.sleep(0.05)
            peak_while_blocked = app.peak
            app.release.set()
            await asyncio.gather(*calls)
            return peak_while_blocked, len(app.inside)

        peak, left = asyncio.run(scenario())
        assert peak == 4 and left == 0

    def test_uploads_leave_places_for_everything_else(self) -> None:
        async def scenario() -> list[str]:
            app = _App()
            limited = ConcurrencyLimit(app, limit=4)
            uploads = [
                asyncio.create_task(limited(_http("POST", "/api/requests"), None, None)) for _ in range(10)
            ]
            await asyncio.sleep(0.05)
            save = asyncio.create_task(limited(_http("PUT", "/api/requests/1/segments/1"), None, None))
            await asyncio.sleep(0.05)
            inside = list(app.inside)
            app.release.set()
            await asyncio.gather(*uploads, save)
            return inside

        inside = asyncio.run(scenario())
        assert inside.count("/api/requests") == 2
        assert "/api/requests/1/segments/1" in inside
