#!/usr/bin/env python
"""Load benchmark: concurrent submissions plus translators saving segments, against a running server.

    .venv/bin/python scripts/bench_load.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench \\
        [--base-url http://127.0.0.1:8000 | --spawn] [--submissions 1000] [--translators 50] [--segments 20]

With --spawn it migrates the database and starts `uvicorn service.main:create_app` itself (the broker is
`memory://` unless PASSERELLE_BROKER_URL is set, so no worker is needed). It seeds caisses, agents and
translators (each with a request in revision), fires every submission and every segment save at once,
then checks in the database that nothing was lost: every accepted submission has its request and its
stored file, every segment holds the last text its translator saved. Prints latency per operation
(p50/p95/p99/max), throughput and errors; exits 1 when anything failed or was lost.

    .venv/bin/python scripts/bench_load.py --database-url ... --compare /tmp/before [--rounds 1]

--compare runs the same load on another checkout (e.g. `git worktree add /tmp/before <commit>`) and on
this one, alternately, in one invocation: each run is a child of this script whose imports and spawned
server come from its checkout (`--repo`), on the database emptied first (PostgreSQL: its public schema;
SQLite: the file). It prints each run's figures, the after/before ratios of the p95s and the aims
(segment saves p95 < 1 s, submissions p95 < 5 s).

    .venv/bin/python scripts/bench_load.py --database-url ... --bomb --submissions 200 [--memory-bound-mb 512]

The bomb scenario (scripts/load_bomb.py) also spawns a worker: the submissions run once alone, once behind
a 56 KB DOCX bomb; it prints how the bomb ended, the worker's peak memory and the ratio of the others'
drafting times, and exits 1 when an aim is missed (bomb not failed within the OCR time limit, memory over
the bound, drafting more than 1.5x slower).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session


def _checkout() -> Path:
    """The checkout whose code runs: `--repo DIR` (how --compare runs each side), else this script's own."""
    if "--repo" in sys.argv[:-1]:
        return Path(sys.argv[sys.argv.index("--repo") + 1]).resolve()
    return Path(__file__).resolve().parent.parent


ROOT = _checkout()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from service.auth import security  # noqa: E402
from service.auth import service as auth_service  # noqa: E402
from service.models import AccessToken, Caisse, Document, Segment, TranslationRequest, User  # noqa: E402
from service.models.enums import RequestStatus, Role  # noqa: E402


@dataclass
class Report:
    """What a run measured and what it found lost."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    retried: int = 0

    def add(self, kind: str, seconds: float) -> None:
        """Record one call's latency."""
        self.latencies.setdefault(kind, []).append(seconds)

    def summary(self) -> str:
        """Latency percentiles per operation, throughput, errors and losses, in words."""
        lines = []
        for kind, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            p95, p99 = (_percentile(ordered, q) for q in (0.95, 0.99))
            lines.append(
                f"{kind:>14}: {len(values):5d} calls  p50 {statistics.median(ordered) * 1000:7.0f} ms  "
                f"p95 {p95 * 1000:7.0f} ms  p99 {p99 * 1000:7.0f} ms  "
                f"max {ordered[-1] * 1000:7.0f} ms"
            )
        total = sum(len(v) for v in self.latencies.values())
        lines.append(
            f"{total} calls in {self.wall_s:.1f} s ({total / max(self.wall_s, 1e-9):.0f}/s); "
            f"{len(self.errors)} errors; {len(self.lost)} lost writes; "
            f"{self.retried} resent after a closed keep-alive connection"
        )
        lines += [f"  error: {e}" for e in self.errors[:10]] + [f"  lost: {x}" for x in self.lost[:10]]
        return "\n".join(lines)


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Seed:
    """Accounts and requests the run uses."""

    submitters: list[str]
    editors: list[tuple[str, int, list[int]]]  # token, request id, segment positions
    requests_before: int


def _token(session: Session, user: User) -> str:
    token = security.new_token()
    now = datetime_now()
    session.add(
        AccessToken(
            user_id=user.id,
            token_hash=security.digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=4),
        )
    )
    return token


def datetime_now():  # type: ignore[no-untyped-def]
    """Now, in UTC."""
    from service.db.base import utcnow

    return utcnow()


def _account(session: Session, *, email: str, full_name: str, role: Role, caisse: Caisse | None = None,
             pairs: list[str] | None = None, capacity_pages_per_day: float = 0.0) -> User:
    if hasattr(auth_service, "create_user"):
        return auth_service.create_user(session, email=email, full_name=full_name, role=role, caisse=caisse,
                                        pairs=pairs or [], capacity_pages_per_day=capacity_pages_per_day)
    # A checkout from before `create_user` (--compare's "before"): the rows its own bench wrote.
    user = User(email=email, full_name=full_name, role=role, caisse_id=caisse.id if caisse else None,
                translator_status="staff" if role == Role.TRANSLATOR else None, language_pairs=pairs or [],
                capacity_pages_per_day=capacity_pages_per_day, is_active=True)
    session.add(user)
    session.flush()
    return user


def seed(url: str, *, caisses: int, translators: int, segments: int) -> Seed:
    """Caisses with one agent each, and translators each holding a request in revision."""
    engine = create_engine(url)
    tag = time.time_ns() % 10**9
    with Session(engine) as session:
        submitters, editors = [], []
        for n in range(caisses):
            caisse = Caisse(code=f"B{tag}-{n}", name=f"Caisse {n}", kind="CPAM", callback_secret="s")
            session.add(caisse)
            session.flush()
            user = _account(session, email=f"agent{tag}-{n}@bench.example", full_name="Agent",
                            role=Role.SUBMITTER, caisse=caisse)
            submitters.append(_token(session, user))
        for n in range(translators):
            user = _account(session, email=f"tr{tag}-{n}@bench.example", full_name="Traducteur",
                            role=Role.TRANSLATOR, pairs=["de>fr"], capacity_pages_per_day=10.0)
            request = TranslationRequest(
                reference=f"TR-B{tag}-{n:05d}",
                caisse_id=session.scalar(select(Caisse.id).limit(1)),
                source_lang="de",
                target_lang="fr",
                received_on=date.today(),
                due_on=date.today() + timedelta(days=21),
                status=RequestStatus.IN_REVISION,
                assignee_id=user.id,
                handled_by="internal",
                pages=1,
                warnings=[],
            )
            session.add(request)
            session.flush()
            session.add_all(
                Segment(
                    request_id=request.id,
                    position=p,
                    page=1,
                    source_text=f"Satz {p}.",
                    draft_text=f"Phrase {p}.",
                    draft_origin="mt",
                    status="drafted",
                )
                for p in range(1, segments + 1)
            )
            editors.append((_token(session, user), request.id, list(range(1, segments + 1))))
        before = session.scalar(select(func.count()).select_from(TranslationRequest)) or 0
        session.commit()
    engine.dispose()
    return Seed(submitters=submitters, editors=editors, requests_before=before)


async def _timed(report: Report, kind: str, call, ok: tuple[int, ...]) -> httpx.Response | None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for attempt in (1, 2):
        try:
            response = await call()
            break
        except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
            # A pooled keep-alive connection the server closed meanwhile: resend once, as browsers do.
            if attempt == 2:
                report.errors.append(f"{kind}: {type(exc).__name__} {exc}")
                return None
            report.retried += 1
        except httpx.HTTPError as exc:
            report.errors.append(f"{kind}: {type(exc).__name__} {exc}")
            return None
    report.add(kind, time.perf_counter() - start)
    if response.status_code not in ok:
        report.errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
    return response


async def _submit(client: httpx.AsyncClient, report: Report, token: str, n: int, accepted: list[int]) -> None:
    body = f"Bescheinigung Nummer {n} vom {time.time_ns()}.\nDie Rente wird gezahlt.\n".encode()
    response = await _timed(
        report,
        "submit",
        lambda: client.post(
            "/api/requests",
            headers={"Authorization": f"Bearer {token}"},
            data={"source_lang": "de", "target_lang": "fr", "document_type": "other"},
            files={"file": (f"brief-{n}.txt", body, "text/plain")},
        ),
        ok=(201,),
    )
    if response is not None and response.status_code == 201:
        accepted.append(response.json()["id"])


async def _edit(
    client: httpx.AsyncClient, report: Report, token: str, request_id: int, positions: list[int]
) -> None:
    # One translator types through their segments; each save is awaited, as the editor's autosave does.
    for position in positions:
        await _timed(
            report,
            "segment save",
            lambda p=position: client.put(
                f"/api/requests/{request_id}/segments/{p}",
                headers={"Authorization": f"Bearer {token}"},
                json={"final_text": f"Texte révisé {request_id}-{p}."},
            ),
            ok=(200,),
        )


async def fire(base_url: str, seed_data: Seed, submissions: int) -> tuple[Report, list[int]]:
    """Every submission and every translator's saves at once; returns the report and accepted ids.

    The translators type in their own client process: caisses and translators are different machines,
    and one event loop driving a thousand uploads would queue the saves behind them on the client side
    (measured: saves p95 30 s from one process, 4.4 s from two, against the same server)."""
    report, accepted = Report(), list[int]()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    editors = context.Process(target=_editors, args=(base_url, seed_data, sending), daemon=True)
    limits = httpx.Limits(max_connections=submissions + 10)
    async with httpx.AsyncClient(base_url=base_url, timeout=600, limits=limits) as client:
        start = time.perf_counter()
        editors.start()
        await asyncio.gather(
            *(
                _submit(client, report, seed_data.submitters[n % len(seed_data.submitters)], n, accepted)
                for n in range(submissions)
            )
        )
        latencies, errors, retried = await asyncio.get_running_loop().run_in_executor(None, receiving.recv)
        report.wall_s = time.perf_counter() - start
    editors.join(timeout=30)
    report.latencies.update(latencies)
    report.errors += errors
    report.retried += retried
    return report, accepted


def _editors(base_url: str, seed_data: Seed, results: Connection) -> None:
    """The translators' side, in a process of its own: every translator's saves, then the figures back."""

    async def type_everything() -> Report:
        report = Report()
        limits = httpx.Limits(max_connections=len(seed_data.editors) + 10)
        async with httpx.AsyncClient(base_url=base_url, timeout=600, limits=limits) as client:
            await asyncio.gather(*(_edit(client, report, token, rid, positions)
                                   for token, rid, positions in seed_data.editors))
        return report

    report = asyncio.run(type_everything())
    results.send((report.latencies, report.errors, report.retried))


def verify(url: str, seed_data: Seed, accepted: list[int], report: Report, storage: Path | None) -> None:
    """Count in the database: every accepted submission stored, every segment holding its last save."""
    engine = create_engine(url)
    with Session(engine) as session:
        found = set(session.scalars(select(TranslationRequest.id).where(TranslationRequest.id.in_(accepted))))
        report.lost += [f"request {i} accepted but not stored" for i in accepted if i not in found]
        keys = session.scalars(select(Document.storage_key).where(Document.request_id.in_(accepted))).all()
        if len(keys) != len(accepted):
            report.lost.append(f"{len(accepted) - len(keys)} accepted submissions without their document row")
        if storage is not None:
            report.lost += [f"file {k} missing" for k in keys if k is None or not (storage / k).is_file()]
        for _, request_id, positions in seed_data.editors:
            rows = dict(
                session.execute(
                    select(Segment.position, Segment.final_text).where(Segment.request_id == request_id)
                ).all()
            )
            report.lost += [
                f"segment {request_id}/{p} holds {rows.get(p)!r}"
                for p in positions
                if rows.get(p) != f"Texte révisé {request_id}-{p}."
            ]
    engine.dispose()


def service_env(url: str, storage: Path, broker: str | None = None) -> dict[str, str]:
    """The environment the spawned server and worker share."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # the checkout's code, not the virtualenv's editable install
        "PASSERELLE_DATABASE_URL": url,
        "PASSERELLE_STORAGE_DIR": str(storage),
        "PASSERELLE_ENV": os.environ.get("PASSERELLE_ENV", "test"),
        "PASSERELLE_CELERY_EAGER": "false",
        "PASSERELLE_BROKER_URL": broker or os.environ.get("PASSERELLE_BROKER_URL", "memory://"),
    }


def spawn_server(url: str, port: int, storage: Path, broker: str | None = None) -> subprocess.Popen[bytes]:
    """Migrate `url` and start uvicorn on `port`; returns once it answers."""
    from service.db.migrate import upgrade

    upgrade(url)
    env = service_env(url, storage, broker)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "service.main:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--timeout-keep-alive",
            "120",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("the server did not start within 60 s")


def run(
    *, url: str, base_url: str, submissions: int, translators: int, segments: int, storage: Path | None = None
) -> Report:
    """Seed, fire, verify; the whole benchmark as a function (the slow test calls it with small numbers)."""
    seed_data = seed(
        url, caisses=max(1, min(20, submissions // 50)), translators=translators, segments=segments
    )
    report, accepted = asyncio.run(fire(base_url, seed_data, submissions))
    verify(url, seed_data, accepted, report, storage)
    return report


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def bomb_run(args: argparse.Namespace) -> bool:
    """The bomb scenario (scripts/load_bomb.py): the same submissions without, then with, a 56 KB DOCX bomb."""
    import load_bomb

    from service.config import get_settings
    from tests.robustness.corpus import docx_bomb  # the same bomb the bounds tests submit

    storage = args.storage.resolve()
    storage.mkdir(parents=True, exist_ok=True)
    broker = os.environ.get("PASSERELLE_BROKER_URL") or f"sqla+sqlite:///{storage / 'broker.db'}"
    env = service_env(args.database_url, storage, broker)
    server = spawn_server(args.database_url, args.port, storage, broker)
    try:
        tokens = seed(args.database_url, caisses=10, translators=0, segments=0).submitters
        bomb = docx_bomb(load_bomb.BOMB_PARAGRAPHS)
        print(f"bomb: {len(bomb) / 1024:.0f} KB zipped, {load_bomb.BOMB_PARAGRAPHS * 6 / 1e6:.0f} MB of XML; "  # noqa: T201
              f"{args.submissions} normal submissions per run")
        base_url = f"http://127.0.0.1:{args.port}"
        runs = [load_bomb.scenario(label=label, url=args.database_url, base_url=base_url, env=env, tokens=tokens,
                                   submissions=args.submissions, bomb=data, log=storage / f"worker-{label}.log")
                for label, data in (("without bomb", None), ("with bomb", bomb))]
    finally:
        _stop(server)
    for run_ in runs:
        print(run_.line())  # noqa: T201
    lines, met = load_bomb.compare(*runs, memory_bound_mb=args.memory_bound_mb,
                                   time_limit_s=get_settings().ocr_soft_time_limit)
    print("\n".join(lines))  # noqa: T201
    return met


AIMS_S = {"segment save": 1.0, "submit": 5.0}  # p95, issue 21


def p95s(report: Report) -> dict[str, float]:
    """Each operation's p95 latency, in seconds."""
    return {kind: _percentile(sorted(values), 0.95) for kind, values in report.latencies.items()}


def _empty(url: str) -> None:
    """A blank database for the next run: PostgreSQL's public schema dropped, the SQLite file removed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database or "").unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _commit(repo: Path) -> str:
    found = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%h %s"], capture_output=True,
                           text=True, check=False)
    return found.stdout.strip() or "?"


def compare_run(args: argparse.Namespace) -> bool:
    """The same load on --compare's checkout ("before") and this one ("after"), alternately."""
    sides = [("before", args.compare.resolve()), ("after", ROOT)]
    found: dict[str, list[dict[str, float]]] = {label: [] for label, _ in sides}
    clean = True
    for round_ in range(1, args.rounds + 1):
        for label, repo in sides:
            _empty(args.database_url)
            storage = args.storage.resolve() / f"{label}-{round_}"
            result = storage.with_suffix(".json")
            storage.mkdir(parents=True, exist_ok=True)
            command = [sys.executable, str(Path(__file__).resolve()), "--repo", str(repo), "--spawn",
                       "--database-url", args.database_url, "--port", str(args.port), "--storage", str(storage),
                       "--submissions", str(args.submissions), "--translators", str(args.translators),
                       "--segments", str(args.segments), "--result-json", str(result)]
            print(f"== {label}, round {round_}: {repo} at {_commit(repo)} ==", flush=True)  # noqa: T201
            child = subprocess.run(command, env={**os.environ, "PYTHONPATH": str(repo)}, check=False)
            clean = clean and child.returncode == 0
            if result.is_file():
                found[label].append(json.loads(result.read_text()))
                result.unlink()
            shutil.rmtree(storage, ignore_errors=True)
    print("\n== after / before, p95 ==")  # noqa: T201
    met = clean
    for kind, aim in AIMS_S.items():
        before = [r[kind] for r in found["before"] if kind in r]
        after = [r[kind] for r in found["after"] if kind in r]
        if not before or not after:
            print(f"{kind:>14}: missing runs")  # noqa: T201
            met = False
            continue
        worst = max(after)
        ratios = ", ".join(f"x{a / b:.3f}" for a, b in zip(after, before, strict=False))
        print(f"{kind:>14}: before {', '.join(f'{b:.2f}' for b in before)} s; after "  # noqa: T201
              f"{', '.join(f'{a:.2f}' for a in after)} s; after/before {ratios}; aim p95 < {aim:.0f} s: "
              f"{'met' if worst < aim else 'MISSED'}")
        met = met and worst < aim
    return met


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", required=True, help="the database the server uses (for seed and checks)"
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--spawn", action="store_true", help="start a server on --port for the run")
    parser.add_argument("--port", type=int, default=8765, help="the spawned server's port")
    parser.add_argument("--storage", type=Path, default=Path("var/bench-storage"))
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--translators", type=int, default=50)
    parser.add_argument("--segments", type=int, default=20)
    parser.add_argument("--bomb", action="store_true",
                        help="the bomb scenario: --submissions normal texts without, then with, a 56 KB DOCX bomb, "
                             "through a spawned server and worker (--spawn implied)")
    parser.add_argument("--memory-bound-mb", type=float, default=512,
                        help="with --bomb: the largest worker process must stay under this")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="another checkout (the 'before'): run the load on it and on this one, alternately")
    parser.add_argument("--rounds", type=int, default=1, help="with --compare: before/after pairs to run")
    parser.add_argument("--repo", type=Path, help=argparse.SUPPRESS)  # read by _checkout() before the imports
    parser.add_argument("--result-json", type=Path, help="also write each operation's p95 (s) to this file")
    args = parser.parse_args()
    if args.compare:
        sys.exit(0 if compare_run(args) else 1)
    if args.bomb:
        sys.exit(0 if bomb_run(args) else 1)
    if args.repo:
        print(f"code from {Path(auth_service.__file__).parents[2]}", flush=True)  # noqa: T201
    server = spawn_server(args.database_url, args.port, args.storage.resolve()) if args.spawn else None
    try:
        report = run(
            url=args.database_url,
            base_url=f"http://127.0.0.1:{args.port}" if server else args.base_url,
            submissions=args.submissions,
            translators=args.translators,
            segments=args.segments,
            storage=args.storage.resolve() if server else None,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print(report.summary(), flush=True)  # noqa: T201  (operator script)
    if args.result_json:
        args.result_json.write_text(json.dumps(p95s(report)))
    sys.exit(1 if report.errors or report.lost else 0)


if __name__ == "__main__":
    main()
