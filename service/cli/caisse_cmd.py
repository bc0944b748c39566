"""`passerelle caisses ...`: the caisses, and the callback hosts allow-listed for each."""

from __future__ import annotations

import typer

from service.cli.app import app

caisses_app = typer.Typer(help="Caisses and their callback allow-list.", no_args_is_help=True)
app.add_typer(caisses_app, name="caisses")


@caisses_app.command("list")
def caisses_list() -> None:
    """Every caisse: code, kind and name."""
    from service.caisse import service as caisse_service
    from service.db.session import session_scope

    with session_scope() as session:
        for caisse in caisse_service.list_all(session):
            typer.echo(f"{caisse.code}\t{caisse.kind}\t{caisse.name}")


@caisses_app.command("hosts")
def caisses_hosts(code: str) -> None:
    """The hosts the caisse's callbacks may reach although their address is not public."""
    from service.caisse import service as caisse_service
    from service.db.session import session_scope

    with session_scope() as session:
        caisse = _caisse(session, code)
        hosts = caisse_service.allowed_hosts(session, caisse.id)
    typer.echo("\n".join(hosts) if hosts else f"No host is allow-listed for {caisse.code}.")


@caisses_app.command("allow-host")
def caisses_allow_host(code: str, host: str) -> None:
    """Let the caisse's callbacks reach HOST (a name or an address) even on an internal network."""
    from service.caisse import service as caisse_service
    from service.db.session import session_scope
    from service.errors import ServiceError

    with session_scope() as session:
        caisse = _caisse(session, code)
        try:
            row = caisse_service.allow_callback_host(session, caisse=caisse, host=host)
        except ServiceError as e:
            typer.echo(e.detail, err=True)
            raise typer.Exit(2) from e
        typer.echo(f"Callbacks of {caisse.code} may now reach {row.host}.")


@caisses_app.command("disallow-host")
def caisses_disallow_host(code: str, host: str) -> None:
    """Remove HOST from the caisse's allow-list: callbacks to a non-public address are refused again."""
    from service.caisse import service as caisse_service
    from service.db.session import session_scope

    with session_scope() as session:
        caisse = _caisse(session, code)
        removed = caisse_service.disallow_callback_host(session, caisse=caisse, host=host)
    typer.echo(f"{host} removed from the allow-list of {caisse.code}." if removed
               else f"{host} was not allow-listed for {caisse.code}.")


def _caisse(session, code: str):  # type: ignore[no-untyped-def]
    from service.caisse import service as caisse_service
    from service.errors import ServiceError

    try:
        return caisse_service.get_by_code(session, code)
    except ServiceError as e:
        typer.echo(e.detail, err=True)
        raise typer.Exit(2) from e
