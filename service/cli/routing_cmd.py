"""`passerelle routing ...`: demo vendors and rates, and routing a drafted request by hand."""

from __future__ import annotations

import typer

from service.cli.app import app

routing_app = typer.Typer(help="Routing and outsourcing.", no_args_is_help=True)
app.add_typer(routing_app, name="routing")


@routing_app.command("seed-demo")
def seed_demo() -> None:
    """Create demo vendors with contract rates and the published price list (idempotent)."""
    from service.config import get_settings
    from service.db.session import session_scope
    from service.vendor import demo

    if not get_settings().demo_mode:
        typer.echo("Demo data is refused in production (PASSERELLE_ENV=production).", err=True)
        raise typer.Exit(2)
    with session_scope() as session:
        added = demo.seed(session)
    typer.echo(f"{added} vendors, rates and prices added.")


@routing_app.command("route")
def route(request_id: int) -> None:
    """Route a drafted request now and print the decision and its reasons."""
    from service.assignment import service as assignment_service
    from service.db.session import session_scope
    from service.errors import ServiceError
    from service.translation_request import service as request_service

    try:
        with session_scope() as session:
            decision = assignment_service.route(session, request_service.get(session, request_id))
            typer.echo(f"{decision.outcome} ({decision.job_class})")
            for reason in decision.reasons:
                typer.echo(f"- {reason}")
    except ServiceError as exc:
        typer.echo(exc.detail, err=True)
        raise typer.Exit(1) from exc
