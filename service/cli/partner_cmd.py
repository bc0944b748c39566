"""`passerelle partners ...`: partner organisations that consult the experts."""

from __future__ import annotations

import typer

from service.cli.app import app

partners_app = typer.Typer(help="Partner organisations (SANDIA...).", no_args_is_help=True)
app.add_typer(partners_app, name="partners")


@partners_app.command("create")
def create(code: str, name: str = typer.Option(..., "--name", help="full name of the organisation")) -> None:
    """Create a partner organisation; then add its agents with `users create --role partner --partner CODE`."""
    from service.db.session import session_scope
    from service.errors import ServiceError
    from service.partner import service as partner_service

    try:
        with session_scope() as session:
            partner = partner_service.create(session, code=code, name=name)
            created = partner.code
    except ServiceError as e:
        typer.echo(f"error ({e.code}): {e.detail}", err=True)
        raise typer.Exit(2) from e
    typer.echo(f"Created partner {created}.")


@partners_app.command("list")
def list_partners() -> None:
    """The partner organisations."""
    from service.db.session import session_scope
    from service.partner import service as partner_service

    with session_scope() as session:
        for partner in partner_service.list_partners(session):
            typer.echo(f"{partner.code}\t{partner.name}")
