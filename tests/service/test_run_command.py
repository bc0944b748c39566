"""`passerelle run` (what `make run` starts): migrated, seeded, serving, and stopping its worker with it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PASSERELLE = str(Path(sys.executable).with_name("passerelle"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that exited but was not reaped yet is a zombie: it is gone for our purpose.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.timeout(120)
def test_run_serves_the_demo_and_its_worker_stops_when_it_is_terminated(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSERELLE_")}
    env.update(PASSERELLE_ENV="demo", PASSERELLE_VAR_DIR=str(tmp_path))
    port = _free_port()
    out = tmp_path / "run.log"
    run = subprocess.Popen([PASSERELLE, "run", "--port", str(port)], env=env, cwd=tmp_path,
                           stdout=out.open("wb"), stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        token = httpx.post(f"http://127.0.0.1:{port}/api/auth/token",
                           data={"username": "agent@cpam75.demo", "password": "demo-passerelle"})
        assert token.status_code == 200, "the demo accounts are seeded"
        workers = _children(run.pid)
        assert workers, "passerelle run starts a worker"
        # The banner comes once the port answers, with the address and the demo accounts.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "ready" not in out.read_text():
            time.sleep(0.2)
        banner = out.read_text()
        assert f"Passerelle is ready: http://127.0.0.1:{port}" in banner and "agent@cpam75.demo" in banner

        run.send_signal(signal.SIGTERM)  # what systemd or a container runtime sends
        stopped_at = time.monotonic()
        run.wait(timeout=10)
        while time.monotonic() < stopped_at + 10 and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "the worker outlived `passerelle run` by more than 10 s"
    finally:
        for pid in [run.pid, *workers]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
