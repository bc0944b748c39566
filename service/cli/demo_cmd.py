"""`passerelle demo ...`: demo data."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli.app import app

demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")


@demo_app.command("seed")
def seed(
    requests: Annotated[int | None, typer.Option(help="Also simulate a year of N requests.")] = None,
    year: Annotated[int | None, typer.Option(help="Year simulated by --requests (default: last).")] = None,
    phrasebook: Annotated[bool, typer.Option(
        "--phrasebook/--no-phrasebook",
        help="Import data/phrasebook into the translation memory.")] = True,
    experiment: Annotated[bool | None, typer.Option(
        "--experiment/--no-experiment",
        help="Seed drafts, held-back drafts and editing times on the year for the MT experiment report "
             "(default: when --requests simulates a year).")] = None,
) -> None:
    """Create the demo caisses (CPAM75, CAF93) and one account per role (password: demo-passerelle)."""
    from service import demo
    from service.config import get_settings
    from service.db.migrate import upgrade
    from service.db.session import session_scope
    from service.vendor import demo as vendor_demo

    if not get_settings().demo_mode:
        typer.echo("Demo data is refused in production (PASSERELLE_ENV=production).", err=True)
        raise typer.Exit(2)
    upgrade()
    with session_scope() as session:
        created = demo.seed(session)
        vendors = vendor_demo.seed(session)  # formerly only `passerelle routing seed-demo`
        workplace = demo.seed_workplace(session)
        memory = demo.seed_phrasebook(session) if phrasebook else {}
    typer.echo(f"Demo ready: {len(created)} accounts created; password 'demo-passerelle'; "
               f"{vendors} vendor, rate and price rows added; {workplace['absences']} absence, "
               f"{workplace['clients']} outside clients, {workplace['contacts']} caisse contacts.")
    if sum(memory.values()):
        typer.echo(f"Translation memory: {sum(memory.values()):,} phrasebook pairs added "
                   f"({', '.join(f'{pair} {n}' for pair, n in memory.items())}).")
    if requests is not None:
        _simulate_year(requests, year)
    if experiment is None:  # plain `demo seed` creates accounts only
        experiment = requests is not None
    if experiment:
        _seed_experiment(year)


def _seed_experiment(year: int | None) -> None:
    """The MT experiment's demo history on `year` (default: last), on the simulated year if there is one."""
    from datetime import date

    from service import demo
    from service.db.session import session_scope

    year = year or date.today().year - 1
    with session_scope() as session:
        seeded = demo.seed_experiment(session, year=year)
    if seeded:
        typer.echo(f"MT experiment {year}: {seeded} delivered requests with drafts and editing times "
                   f"(see /pilotage/experimentation).")


def _simulate_year(requests: int, year: int | None) -> None:
    """Replace the simulated requests of `year` by a realistic year of `requests` (indicator demo)."""
    from datetime import date

    from service.db.session import session_scope
    from service.errors import ServiceError
    from service.indicator import simulate

    if requests < 1:
        typer.echo("--requests must be at least 1.", err=True)
        raise typer.Exit(2)
    try:
        with session_scope() as session:
            done = simulate.seed_year(session, year=year or date.today().year - 1, requests=requests)
    except ServiceError as e:
        typer.echo(f"error ({e.code}): {e.detail}", err=True)
        raise typer.Exit(2) from e
    typer.echo(f"Simulated {done.year}: {done.requests:,} requests ({done.delivered:,} delivered, "
               f"{done.open:,} open, {done.cancelled:,} cancelled). "
               f"See `passerelle indicators --year {done.year}`.")
