"""Intake benchmark: N submissions from concurrent clients to a running server, then reads.

Reports submissions/s, p50/p95 latency of submissions and of reads (one request, the list), and a
count check: every submitted request is listed and its stored file downloads with the right SHA-256.

By default it starts its own server (uvicorn, one process) on a fresh SQLite database with the
embedded broker; `--postgres` uses the PostgreSQL and Redis servers of this machine instead;
`--url` points at a server already running (with `--user/--password` of a submitter account).
`--compare DIR` runs the whole benchmark twice on fresh databases, first with the server of another
checkout (e.g. `git worktree add /tmp/before <commit>`), then with this one's, and prints the after/before
ratios of the p95s.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_server(workdir: Path, postgres: bool, workers: int = 1,
                 repo: Path = REPO) -> tuple[subprocess.Popen[bytes], str]:
    """Migrate, seed the demo accounts and start uvicorn with `repo`'s code; return the process and its URL."""
    env = {**os.environ, "PASSERELLE_ENV": "demo", "PASSERELLE_VAR_DIR": str(workdir), "PYTHONPATH": str(repo)}
    if postgres:
        db = "bench_intake"
        subprocess.run(["psql", "-q", "-U", "postgres", "-h", "127.0.0.1", "-c", f"DROP DATABASE IF EXISTS {db}"],
                       check=True)
        subprocess.run(["psql", "-q", "-U", "postgres", "-h", "127.0.0.1", "-c", f"CREATE DATABASE {db}"], check=True)
        env["PASSERELLE_DATABASE_URL"] = f"postgresql+psycopg://postgres@127.0.0.1:5432/{db}"
        env["PASSERELLE_BROKER_URL"] = "redis://127.0.0.1:6379/14"
    passerelle = str(Path(sys.executable).with_name("passerelle"))
    subprocess.run([passerelle, "demo", "seed"], env=env, check=True, capture_output=True, cwd=repo)
    port = _free_port()
    proc = subprocess.Popen([passerelle, "serve", "--port", str(port), "--workers", str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=repo)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _document(i: int) -> bytes:
    return (f"Bescheinigung Nr. {i}\n\nHiermit wird bestätigt, dass Frau Muster vom 01.01.2024 bis "
            f"31.12.2024 beschäftigt war. Aktenzeichen {i:08d}.\n").encode()


async def _submit_all(client: httpx.AsyncClient, n: int, concurrency: int) -> tuple[list[float], dict[int, str]]:
    latencies: list[float] = []
    created: dict[int, str] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def worker() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            data = _document(i)
            start = time.perf_counter()
            response = await client.post("/api/requests", files={"file": (f"attestation-{i}.txt", data)},
                                         data={"source_lang": "de", "target_lang": "fr",
                                               "document_type": "employment"})
            latencies.append(time.perf_counter() - start)
            if response.status_code != 201:
                raise SystemExit(f"submission {i} failed: {response.status_code} {response.text}")
            created[response.json()["id"]] = hashlib.sha256(data).hexdigest()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, created


async def _timed_reads(client: httpx.AsyncClient, ids: list[int], concurrency: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"get": [], "list": []}
    semaphore = asyncio.Semaphore(concurrency)

    async def read(kind: str, path: str) -> None:
        async with semaphore:
            start = time.perf_counter()
            response = await client.get(path)
            timings[kind].append(time.perf_counter() - start)
            response.raise_for_status()

    tasks = [read("get", f"/api/requests/{i}") for i in ids]
    tasks += [read("list", "/api/requests?page_size=25") for _ in range(len(ids) // 4 or 1)]
    await asyncio.gather(*tasks)
    return timings


async def _verify(client: httpx.AsyncClient, created: dict[int, str]) -> int:
    missing = 0
    for request_id, digest in created.items():
        response = await client.get(f"/api/requests/{request_id}/original")
        if response.status_code != 200 or hashlib.sha256(response.content).hexdigest() != digest:
            missing += 1
    listed = (await client.get("/api/requests?page_size=1")).json()["total"]
    return missing + max(0, len(created) - listed)


async def run(url: str, user: str, password: str, n: int, concurrency: int) -> dict[str, float]:
    """Submit, read, verify, and print the figures; returns the p95s in ms."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as anonymous:
        token = (await anonymous.post("/api/auth/token", data={"username": user, "password": password})).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits) as client:
        start = time.perf_counter()
        latencies, created = await _submit_all(client, n, concurrency)
        elapsed = time.perf_counter() - start
        reads = await _timed_reads(client, list(created), concurrency)
        problems = await _verify(client, created)
    ms = lambda values, q: 1000 * _percentile(values, q)  # noqa: E731
    print(f"submissions: {n} from {concurrency} concurrent clients in {elapsed:.2f} s "
          f"= {n / elapsed:.1f} submissions/s (aim >= 50)")
    print(f"submission latency: p50 {ms(latencies, 0.5):.1f} ms, p95 {ms(latencies, 0.95):.1f} ms, "
          f"mean {1000 * statistics.mean(latencies):.1f} ms")
    for kind, values in reads.items():
        print(f"read {kind:4}: {len(values)} calls, p50 {ms(values, 0.5):.1f} ms, "
              f"p95 {ms(values, 0.95):.1f} ms (aim p95 < 200 ms)")
    print(f"count check: {len(created)} created, {problems} missing rows or files "
          f"-> {'OK' if problems == 0 else 'FAILED'}")
    if problems:
        raise SystemExit(1)
    return {"submission": ms(latencies, 0.95), **{f"read {kind}": ms(v, 0.95) for kind, v in reads.items()}}


def _own_server(args: argparse.Namespace, repo: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as tmp:
        proc, url = start_server(Path(tmp), args.postgres, args.workers, repo)
        try:
            backend = 'PostgreSQL + Redis' if args.postgres else 'SQLite + embedded broker'
            commit = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%h %s"], capture_output=True,
                                    text=True, check=False).stdout.strip()
            print(f"server: {url} on {backend}, {args.workers} process(es), code of {repo} at {commit}")
            return asyncio.run(run(url, args.user, args.password, args.n, args.concurrency))
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def main() -> None:
    """Parse arguments, start a server unless one is given, run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=500, help="documents to submit")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--user", default="agent@cpam75.demo")
    parser.add_argument("--password", default="demo-passerelle")
    parser.add_argument("--postgres", action="store_true", help="own server on PostgreSQL + Redis")
    parser.add_argument("--workers", type=int, default=1, help="server processes (own server only)")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="run first with another checkout's server (the 'before'), then with this one's")
    args = parser.parse_args()
    if args.url:
        asyncio.run(run(args.url, args.user, args.password, args.n, args.concurrency))
        return
    if not args.compare:
        _own_server(args, REPO)
        return
    print("== before ==")
    before = _own_server(args, args.compare.resolve())
    print("== after ==")
    after = _own_server(args, REPO)
    print("== after / before, p95 ==")
    for kind, value in after.items():
        print(f"{kind}: before {before[kind]:.1f} ms, after {value:.1f} ms, x{value / before[kind]:.3f}")


if __name__ == "__main__":
    main()
