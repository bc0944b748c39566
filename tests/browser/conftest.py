"""A live Passerelle for the browser journeys: server, worker, SQLite database and broker, Chromium.

Everything lives in a temporary folder; the server and the worker are subprocesses sharing the
database (WAL), the storage folder and a SQLite broker, seeded with `passerelle demo seed`.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=fr-FR",
]
PASSWORD = "demo-passerelle"


@dataclass
class Live:
    """The running service: its address, environment, database file and where screenshots go."""

    url: str
    env: dict[str, str]
    db_path: Path
    shots: Path
    state: dict[str, Any] = field(default_factory=dict)

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Read the live database directly (what the pages should be showing)."""
        with sqlite3.connect(self.db_path, timeout=30) as conn:
            return conn.execute(sql, params).fetchall()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _live_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSERELLE_")}
    env.update(
        {
            "PASSERELLE_ENV": "test",
            "PASSERELLE_VAR_DIR": str(root),
            "PASSERELLE_DATABASE_URL": f"sqlite:///{root / 'passerelle.db'}",
            "PASSERELLE_STORAGE_DIR": str(root / "storage"),
            "PASSERELLE_BROKER_URL": f"sqla+sqlite:///{root / 'broker.db'}",
            "PASSERELLE_CELERY_EAGER": "false",
            "PASSERELLE_WORKER_CONCURRENCY": "1",
            "PYTHONPATH": str(REPO),
        }
    )
    return env


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer /healthz in time")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@pytest.fixture(scope="package")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """Seed a fresh database, then run the server and a worker until the browser tests end."""
    root = tmp_path_factory.mktemp("live")
    env = _live_env(root)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env["PASSERELLE_BASE_URL"] = url
    logs = root / "logs"
    logs.mkdir()
    # Seed, server and worker start together: the server and worker touch no table until asked.
    # A simulated last year fills the dashboard's charts (the journeys' own figures are this year's).
    last_year = str(date.today().year - 1)
    seed = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "demo", "seed", "--requests", "5000", "--year", last_year],
        cwd=REPO,
        env=env,
        stdout=(logs / "seed.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "service.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=(logs / "server.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "worker", "--concurrency", "1"],
        cwd=REPO,
        env=env,
        stdout=(logs / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    if seed.wait(timeout=180) != 0:
        raise RuntimeError(f"demo seed failed: {(logs / 'seed.log').read_text()}")
    try:
        _wait_healthy(url, server)
        shots = root / "screenshots"
        shots.mkdir()
        yield Live(url=url, env=env, db_path=root / "passerelle.db", shots=shots)
    finally:
        _stop(worker)
        _stop(server)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser).

    Package-scoped, not session-scoped: Playwright's sync API keeps an event loop running in the main
    thread while it is open, which would break every later test that calls `asyncio.run`.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def sign_in(live: Live, browser: Any) -> Iterator[Callable[[str], Any]]:
    """Open a fresh browser context and sign `email` in through the sign-in form."""
    contexts = []

    def open_as(email: str) -> Any:
        context = browser.new_context(
            base_url=live.url, locale="fr-FR", viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/")
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


def wait_until(check: Callable[[], Any], *, timeout: float, interval: float = 0.5, what: str = "") -> Any:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
