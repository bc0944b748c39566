"""Commands to run the service: database, accounts, API server, worker, all-in-one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.app import app
from service.config import get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from service.models import User

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all database migrations."""
    from service.db.migrate import upgrade

    upgrade()
    typer.echo(f"Database up to date: {_redacted(get_settings().database_url)}")


@users_app.command("create")
def users_create(
    email: str, role: Annotated[str, typer.Option(help="submitter, translator, manager, admin, expert or partner")],
    full_name: Annotated[str, typer.Option("--name")] = "",
    caisse: Annotated[str | None, typer.Option(help="caisse code (submitters)")] = None,
    pairs: Annotated[str, typer.Option(help="translators: comma-separated pairs like de>fr,en>fr")] = "",
    trainee: Annotated[bool, typer.Option(help="translators: a trainee/apprentice")] = False,
    capacity: Annotated[float, typer.Option(help="translators: pages per day")] = 10.0,
    partner: Annotated[str | None, typer.Option(help="partners: the organisation's code (e.g. SANDIA)")] = None,
    countries: Annotated[str, typer.Option(help="experts, translators: countries explained, e.g. MA,DZ")] = "",
    languages: Annotated[str, typer.Option(help="experts: document languages explained, e.g. ar,tr")] = "",
    password: Annotated[str | None, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)] = None,
    api_key: Annotated[bool, typer.Option(help="also print an API key acting as this account")] = False,
) -> None:
    """Create an account (and optionally an API key for a caisse's system)."""
    from service.auth import service as auth_service
    from service.caisse import service as caisse_service
    from service.db.session import session_scope
    from service.errors import ServiceError
    from service.partner import service as partner_service

    try:
        with session_scope() as session:
            caisse_row = caisse_service.get_by_code(session, caisse) if caisse else None
            partner_row = partner_service.get_by_code(session, partner) if partner else None
            user = auth_service.create_user(
                session, email=email, full_name=full_name, role=role, caisse=caisse_row, password=password or "",
                trainee=trainee, pairs=pairs.split(","),
                capacity_pages_per_day=capacity if role == "translator" else 0.0, partner=partner_row,
                expert_countries=countries.split(","), expert_languages=languages.split(","))
            key = auth_service.create_api_key(session, user=user, name="cli") if api_key else None
    except ServiceError as exc:
        _fail(exc.detail)
    typer.echo(f"Created {role} {email}.")
    if key:
        typer.echo(f"API key (shown once): {key}")


@users_app.command("set-password")
def users_set_password(
    email: str,
    password: Annotated[str | None, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)] = None,
) -> None:
    """Set an account's password; every live session of the account is revoked."""
    from service.auth import accounts

    with _account_session(email) as (session, user):
        revoked = accounts.change_password(session, user=user, new_password=password or "")
    typer.echo(f"Password of {email} changed; {revoked} live session(s) revoked.")


@users_app.command("deactivate")
def users_deactivate(email: str) -> None:
    """Disable an account: it can no longer sign in; its sessions and API keys are revoked."""
    from service.auth import accounts

    with _account_session(email) as (session, user):
        revoked = accounts.deactivate(session, user=user)
    typer.echo(f"{email} deactivated; {revoked} live credential(s) revoked.")


@users_app.command("activate")
def users_activate(email: str) -> None:
    """Enable a disabled account again (revoked sessions and keys stay revoked)."""
    from service.auth import accounts

    with _account_session(email) as (session, user):
        accounts.activate(session, user=user)
    typer.echo(f"{email} can sign in again.")


@users_app.command("keys")
def users_keys(email: str) -> None:
    """The account's API keys: prefix, name, last use, revocation (never the keys themselves)."""
    from service.auth import accounts

    with _account_session(email) as (session, user):
        keys = accounts.api_keys(session, user=user)
        for key in keys:
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            typer.echo(f"{key.prefix}\t{key.name}\tlast used {used}\t{state}")
    if not keys:
        typer.echo(f"{email} has no API key.")


@users_app.command("create-key")
def users_create_key(email: str, name: Annotated[str, typer.Option(help="what the key is for")] = "cli") -> None:
    """Print a new API key acting as the account (shown once)."""
    from service.auth import service as auth_service

    with _account_session(email) as (session, user):
        key = auth_service.create_api_key(session, user=user, name=name)
    typer.echo(f"API key (shown once): {key}")


@users_app.command("revoke-key")
def users_revoke_key(prefix: Annotated[str, typer.Argument(help="the key's prefix, as `users keys` lists it")]) -> None:
    """Revoke an API key: calls made with it are refused from now on."""
    from service.auth import accounts
    from service.db.session import session_scope
    from service.errors import ServiceError

    with session_scope() as session:
        try:
            key = accounts.revoke_api_key(session, prefix=prefix)
        except ServiceError as e:
            _fail(e.detail)
            return
        typer.echo(f"API key {key.prefix} ({key.name}) revoked.")


@contextmanager
def _account_session(email: str) -> Iterator[tuple[Session, User]]:
    """A committed session and the account `email`; a service error ends the command with its message."""
    from service.auth import accounts
    from service.db.session import session_scope
    from service.errors import ServiceError

    try:
        with session_scope() as session:
            yield session, accounts.get_user_by_email(session, email)
    except ServiceError as e:
        _fail(e.detail)


@app.command("serve")
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Run the HTTP server (API and web pages)."""
    import uvicorn

    uvicorn.run("service.main:create_app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, log_level="info")


@app.command("worker")
def worker(concurrency: Annotated[int | None, typer.Option()] = None,
           beat: Annotated[bool, typer.Option(help="also run the periodic scheduler")] = False,
           queues: Annotated[str, typer.Option(help="queues to consume, comma-separated: ocr, mt, light")]
           = "ocr,mt,light") -> None:
    """Run a background worker (text extraction, drafting, callbacks)."""
    # Tesseract's OpenMP threads fight each other across worker processes: 2-3x slower without this.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from service.worker.app import celery_app
    from service.worker.names import Queue

    chosen = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = sorted(set(chosen) - {q.value for q in Queue})
    if unknown or not chosen:
        raise typer.BadParameter(f"unknown queue(s) {', '.join(unknown) or '(none)'}; "
                                 f"choose among {', '.join(q.value for q in Queue)}", param_hint="--queues")
    _warn_on_time_limits(chosen)
    argv = ["worker", "--loglevel=INFO", f"--concurrency={concurrency or get_settings().worker_concurrency}",
            f"--queues={','.join(chosen)}"]
    if beat:
        argv.append("--beat")
    celery_app.worker_main(argv)


def _warn_on_time_limits(queues: list[str]) -> None:
    settings = get_settings()
    if settings.broker_url.startswith("sqla+"):
        return  # no visibility timeout on the embedded broker
    for queue in queues:
        hard = settings.time_limits(queue)[1]
        if hard >= settings.broker_visibility_timeout:
            typer.echo(f"warning: PASSERELLE_{queue.upper()}_TIME_LIMIT ({hard} s) is not below "
                       f"PASSERELLE_BROKER_VISIBILITY_TIMEOUT ({settings.broker_visibility_timeout} s): a task "
                       "still running may be handed to a second worker.", err=True)


@app.command("run")
def run(host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
        seed_demo: Annotated[bool, typer.Option("--demo/--no-demo", help="seed the demo data")] = True) -> None:
    """Everything on one machine: migrate, seed the demo, then API + web + worker.

    The address and the demo accounts are printed once the server answers, not before. SIGTERM (or
    Ctrl+C) stops the server and the worker it started within 10 seconds.
    """
    from service.db.migrate import upgrade

    upgrade()
    demo_mode = seed_demo and get_settings().demo_mode
    if demo_mode:
        from datetime import date

        from service import demo
        from service.db.session import session_scope
        from service.vendor import demo as vendor_demo

        with session_scope() as session:
            demo.seed(session)
            vendor_demo.seed(session)  # what `passerelle routing seed-demo` adds: vendors, rates, price list
            demo.seed_workplace(session)  # an absence, outside clients, caisse contacts
            history = demo.seed_history(session)  # last year, simulated, unless there is one already
        with session_scope() as session:  # the MT experiment's drafts and editing times on that year
            demo.seed_experiment(session, year=date.today().year - 1)
        if history:
            typer.echo(f"Simulated {history.year}: {history.requests:,} requests received, {history.delivered:,} "
                       "of them delivered since (the dashboard's last year).")
    worker_proc = subprocess.Popen([sys.executable, "-m", "service.cli", "worker", "--beat"],
                                   preexec_fn=_stop_with_parent)
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    threading.Thread(target=_announce, args=(f"http://{local}:{port}", worker_proc.pid, demo_mode, local, port),
                     daemon=True).start()
    try:
        serve(host=host, port=port, workers=1)
    finally:
        _stop_worker(worker_proc)


def _announce(url: str, worker_pid: int, demo_mode: bool, host: str, port: int) -> None:
    """Print the address (and the demo accounts) once the port accepts connections: uvicorn opens it only
    when the application has started, so the banner means the pages answer."""
    import socket
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        typer.echo(f"The server did not open {url} within 120 s; see the log above.", err=True)
        return
    lines = [f"Passerelle is ready: {url} (worker pid {worker_pid})"]
    if demo_mode:
        from service.demo import DEMO_USERS

        lines.append("Demo accounts (password 'demo-passerelle'):")
        lines += [f"  {u.email:<30} {u.role.value}" for u in DEMO_USERS]
    typer.echo("\n".join(lines))


def _stop_worker(worker_proc: subprocess.Popen[bytes]) -> None:
    """Ask the worker to stop (warm shutdown), then kill it if it is still there after 8 seconds."""
    worker_proc.send_signal(signal.SIGTERM)
    try:
        worker_proc.wait(timeout=8)
    except subprocess.TimeoutExpired:
        worker_proc.kill()
        worker_proc.wait(timeout=2)


def _stop_with_parent() -> None:
    """In the worker child: receive SIGTERM when `passerelle run` ends, however it ends.

    uvicorn re-raises the SIGTERM it caught once it has shut down, so the parent dies without reaching
    its `finally`; without this the worker (and its beat) ran on, orphaned.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)


