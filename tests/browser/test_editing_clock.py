"""The editor's clock (app.js) under a fake clock: active time counts, a pause over 2 minutes does not.

The script runs in Chromium on a page that has the editor's markup; its saves are caught by a route,
so what it would send to the server is read as sent. No server needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

APP_JS = Path(__file__).resolve().parents[2] / "service" / "web" / "static" / "app.js"
ORIGIN = "http://editeur.test"
PAGE = """<!doctype html><html lang="fr"><body><main data-csrf="jeton">
<ol data-editor="/atelier/demandes/7/segments">
{items}
</ol></main><script src="/static/app.js"></script></body></html>"""
ITEM = """<li class="segment" data-position="{n}"><input type="hidden" id="version-{n}" value="1">
<textarea id="final-{n}" data-position="{n}"></textarea><div id="state-{n}"></div><ul id="qa-{n}"></ul></li>"""


def _open(browser: Any) -> tuple[Any, list[dict[str, Any]]]:
    context = browser.new_context()
    page = context.new_page()
    sent: list[dict[str, Any]] = []

    def serve(route: Any) -> None:
        request = route.request
        if request.url.endswith("/static/app.js"):
            route.fulfill(body=APP_JS.read_text(encoding="utf-8"), content_type="text/javascript")
        elif request.method == "POST":
            form = {k: v[0] for k, v in parse_qs(request.post_data or "", keep_blank_values=True).items()}
            position = int(request.url.rsplit("/", 1)[1])
            sent.append({"position": position, **form})
            route.fulfill(json={"position": position, "status": "drafted", "final_text": form.get("final_text"),
                                "version": len(sent) + 1, "issues": []})
        else:
            route.fulfill(body=PAGE.format(items="".join(ITEM.format(n=n) for n in (1, 2))), content_type="text/html")

    page.route(f"{ORIGIN}/**", serve)
    page.clock.install()
    page.goto(f"{ORIGIN}/atelier/demandes/7")
    return page, sent


def _wait_sent(page: Any, sent: list[dict[str, Any]], count: int) -> None:
    """Until the page has sent `count` saves (waiting in real time: the page's own timers are fake)."""
    for _ in range(100):
        if len(sent) >= count:
            page.wait_for_timeout(100)  # the answer handled, the version updated
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{len(sent)} saves sent, {count} expected")


def _seconds(save: dict[str, Any]) -> float:
    return float(save.get("editing_seconds", 0))


class TestEditingClock:
    def test_typing_counts_and_a_pause_over_two_minutes_does_not(self, browser: Any) -> None:
        page, sent = _open(browser)
        try:
            area = page.locator("#final-1")
            area.click()
            area.press_sequentially("Acte")
            page.clock.run_for(30_000)  # the autosave goes meanwhile; 30 s of thinking, then typing: counted
            area.press_sequentially(" de")
            page.clock.run_for(1_000)  # the autosave fires 800 ms after the last key
            _wait_sent(page, sent, 2)
            assert 30 <= sum(map(_seconds, sent)) <= 32, sent
            before = len(sent)

            page.clock.run_for(180_000)  # 3 minutes away from the keyboard: not counted
            area.press_sequentially(" naissance")
            page.clock.run_for(1_000)
            _wait_sent(page, sent, before + 1)
            assert sum(map(_seconds, sent[before:])) <= 2, sent
            assert sent[-1]["final_text"] == "Acte de naissance"
        finally:
            page.context.close()

    def test_time_spent_without_a_change_is_sent_when_the_segment_is_left(self, browser: Any) -> None:
        page, sent = _open(browser)
        try:
            page.locator("#final-1").click()
            page.clock.run_for(20_000)
            page.locator("#final-1").press("End")  # reading and moving the caret: active
            page.locator("#final-2").click()  # leaving segment 1 unchanged
            _wait_sent(page, sent, 1)
            assert [s["position"] for s in sent] == [1] and 19 <= _seconds(sent[0]) <= 21, sent
            assert sent[0]["final_text"] == ""  # the same (empty) text: only the time is new
        finally:
            page.context.close()
