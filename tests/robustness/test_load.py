"""Load, in small: concurrent submissions and translators saving segments on a real server and PostgreSQL.

The full figures (1,000 submissions, 50 translators) come from `scripts/bench_load.py`; this test runs
the same code with smaller numbers so CI proves the property: no error, no lost write.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import REPO_ROOT
from tests.robustness import harness

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(600)]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_load", REPO_ROOT / "scripts" / "bench_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TestLoad:
    def test_concurrent_submissions_and_segment_saves_lose_nothing(self, tmp_path: Path) -> None:
        bench = _bench()
        url = harness.reset_database()
        port = _free_port()
        server: subprocess.Popen[bytes] = bench.spawn_server(url, port, tmp_path / "storage")
        try:
            report = bench.run(
                url=url,
                base_url=f"http://127.0.0.1:{port}",
                submissions=120,
                translators=8,
                segments=6,
                storage=tmp_path / "storage",
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        sys.stderr.write("\n" + report.summary() + "\n")
        assert report.errors == []
        assert report.lost == []
        assert len(report.latencies["submit"]) == 120
        assert len(report.latencies["segment save"]) == 8 * 6
