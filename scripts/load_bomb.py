"""The bomb scenario of `scripts/bench_load.py --bomb`: a DOCX bomb among normal submissions, real worker.

Two runs in one invocation, each with a fresh `passerelle worker` (so both pay the same model loading):
the normal submissions alone, then the same number with the bomb sent first. For every normal request it
takes the drafting time (submission to the `drafted` event) from the database; for the bomb, how it
ended and after how long; for the worker, the peak resident memory of its largest process and of the
whole process tree, sampled from /proc every 100 ms. The verdict compares the two runs' drafting times.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from service.models import Event, TranslationRequest

BOMB_PARAGRAPHS = 6_300_000  # 38 MB of XML in a 56 KB file, the second bomb
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """What one run measured."""

    label: str
    drafting_s: list[float] = field(default_factory=list)
    missing: int = 0
    bomb: tuple[str, str | None, float] | None = None  # status, failure code, seconds from submission
    peak_process_mb: float = 0.0
    peak_tree_mb: float = 0.0
    wall_s: float = 0.0

    def line(self) -> str:
        """The run in one line."""
        ordered = sorted(self.drafting_s) or [float("nan")]
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        bomb = "" if self.bomb is None else f"; bomb {self.bomb[0]} ({self.bomb[1]}) after {self.bomb[2]:.1f} s"
        return (f"{self.label:>12}: {len(self.drafting_s)} drafted ({self.missing} not), drafting time "
                f"p50 {statistics.median(ordered):.1f} s, p95 {p95:.1f} s, max {ordered[-1]:.1f} s; worker peak "
                f"{self.peak_process_mb:.0f} MB (largest process), {self.peak_tree_mb:.0f} MB (all){bomb}; "
                f"{self.wall_s:.0f} s")


class RssSampler(threading.Thread):
    """Peak resident memory of a process and its descendants, read from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_process, self.peak_tree = pid, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self._stop_event.wait(0.1):
            sizes = [_rss(p) for p in _tree(self.pid)]
            if sizes:
                self.peak_process, self.peak_tree = max(self.peak_process, max(sizes)), max(self.peak_tree, sum(sizes))

    def stop(self) -> None:
        """Stop sampling."""
        self._stop_event.set()
        self.join(timeout=5)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def spawn_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`passerelle worker --concurrency 2` on every queue; returns once Celery says it is ready."""
    with log.open("wb") as out:
        worker = subprocess.Popen([sys.executable, "-m", "service.cli", "worker", "--concurrency", "2"],
                                  cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if b"ready." in log.read_bytes():
            return worker
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited: {log.read_text()[-2000:]}")
        time.sleep(0.2)
    worker.kill()
    raise RuntimeError("the worker was not ready within 120 s")


async def _submit_all(base_url: str, tokens: list[str], submissions: int,
                      bomb: bytes | None) -> tuple[list[int], int | None]:
    async with httpx.AsyncClient(base_url=base_url, timeout=600,
                                 limits=httpx.Limits(max_connections=submissions + 10)) as client:
        async def one(n: int, data: bytes, name: str) -> int:
            response = await client.post(
                "/api/requests", headers={"Authorization": f"Bearer {tokens[n % len(tokens)]}"},
                data={"source_lang": "de", "target_lang": "fr", "document_type": "other"},
                files={"file": (name, data, "application/octet-stream")})
            response.raise_for_status()
            return int(response.json()["id"])

        bomb_id = await one(0, bomb, "lettre.docx") if bomb is not None else None
        texts = [f"Bescheinigung Nummer {n} vom {time.time_ns()}.\nDie Rente wird monatlich gezahlt.\n".encode()
                 for n in range(submissions)]
        ids = await asyncio.gather(*(one(n, t, f"brief-{n}.txt") for n, t in enumerate(texts)))
    return list(ids), bomb_id


def _outcome(session: Session, ids: list[int], bomb_id: int | None) -> tuple[dict[int, float], tuple | None]:
    created = dict(session.execute(select(TranslationRequest.id, TranslationRequest.created_at)
                                   .where(TranslationRequest.id.in_(ids))).all())
    drafted = dict(session.execute(select(Event.request_id, Event.at).where(
        Event.request_id.in_(ids), Event.to_status == "drafted")).all())
    times = {i: (drafted[i] - created[i]).total_seconds() for i in drafted}
    bomb = None
    if bomb_id is not None:
        row = session.get(TranslationRequest, bomb_id)
        assert row is not None
        ended = session.scalar(select(Event.at).where(Event.request_id == bomb_id, Event.to_status == row.status)
                               .order_by(Event.id.desc()).limit(1))
        bomb = (row.status, row.failure_code, (ended - row.created_at).total_seconds() if ended else float("nan"))
    return times, bomb


def scenario(*, label: str, url: str, base_url: str, env: dict[str, str], tokens: list[str], submissions: int,
             bomb: bytes | None, log: Path, timeout_s: float = 1800) -> Run:
    """One run: a fresh worker, every submission at once, wait until each is drafted (or the timeout)."""
    worker = spawn_worker(env, log)
    sampler = RssSampler(worker.pid)
    sampler.start()
    engine = create_engine(url)
    result = Run(label)
    started = time.monotonic()
    try:
        ids, bomb_id = asyncio.run(_submit_all(base_url, tokens, submissions, bomb))
        while True:
            with Session(engine) as session:
                times, ended = _outcome(session, ids, bomb_id)
            bomb_done = ended is None or ended[0] not in ("received", "extracting")
            if (len(times) == len(ids) and bomb_done) or time.monotonic() - started > timeout_s:
                break
            time.sleep(1)
        result.drafting_s, result.bomb, result.missing = list(times.values()), ended, len(ids) - len(times)
    finally:
        result.wall_s = time.monotonic() - started
        sampler.stop()
        worker.terminate()
        worker.wait(timeout=60)
        engine.dispose()
    result.peak_process_mb, result.peak_tree_mb = sampler.peak_process / 2**20, sampler.peak_tree / 2**20
    return result


def compare(plain: Run, bombed: Run, *, memory_bound_mb: float, time_limit_s: float) -> tuple[list[str], bool]:
    """The verdict lines and whether every aim is met."""
    ratio50 = statistics.median(bombed.drafting_s) / statistics.median(plain.drafting_s)
    p95 = [sorted(r.drafting_s)[min(len(r.drafting_s) - 1, int(0.95 * len(r.drafting_s)))] for r in (plain, bombed)]
    ratio95 = p95[1] / p95[0]
    bomb = bombed.bomb or ("absent", None, float("nan"))
    checks = [
        (bomb[0] == "failed" and bomb[2] <= time_limit_s,
         f"bomb ended {bomb[0]} ({bomb[1]}) after {bomb[2]:.1f} s; OCR time limit {time_limit_s:.0f} s"),
        (bombed.peak_process_mb <= memory_bound_mb,
         f"largest worker process peaked at {bombed.peak_process_mb:.0f} MB with the bomb "
         f"({plain.peak_process_mb:.0f} MB without); bound {memory_bound_mb:.0f} MB"),
        (ratio50 <= 1.5 and ratio95 <= 1.5 and not bombed.missing,
         f"others' drafting time with the bomb / without: p50 x{ratio50:.2f}, p95 x{ratio95:.2f} (aim <= 1.5)"),
    ]
    return [("ok   " if ok else "MISS ") + text for ok, text in checks], all(ok for ok, _ in checks)
