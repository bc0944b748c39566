"""`passerelle indicators` and `passerelle import-history`: the objectives agreement's figures."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from service.cli import imports
from service.cli.app import app
from service.errors import ServiceError

EXIT_REFUSED = 2
STATUS_WORDS = {"met": "met", "at_risk": "AT RISK", "missed": "MISSED", "no_target": "no target"}


@app.command("indicators")
def indicators(
    year: Annotated[int, typer.Option(help="Year of delivery, e.g. 2024.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object, not a table.")] = False,
    with_breakdowns: Annotated[bool, typer.Option("--breakdowns", help="Add the breakdowns.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild-rollup", help="Recompute the monthly rollup first (after "
                                          "changing PASSERELLE_INDICATORS_COUNT_INFORMATION).")] = False,
) -> None:
    """Print IR.8.2 (average delay), IR.8.3 (share beyond 21 days) and IR.8.1 (external cost) for a year."""
    from service.db.session import session_scope
    from service.indicator import service as indicator_service

    try:
        with session_scope() as session:
            if rebuild:
                from service.indicator import rollup

                rollup.rebuild(session)
                session.flush()
            report = indicator_service.report(session, year=year)
            details = indicator_service.breakdowns(session, year=year) if with_breakdowns else None
    except ServiceError as e:
        typer.echo(f"error ({e.code}): {e.detail}", err=True)
        raise typer.Exit(EXIT_REFUSED) from e
    if as_json:
        body = report.model_dump(mode="json")
        if details is not None:
            body["breakdowns"] = details.model_dump(mode="json")
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    typer.echo(_table(report))
    if details is not None:
        for name in ("by_month", "by_language_pair", "by_caisse", "by_channel", "by_handled_by",
                     "by_document_type"):
            typer.echo(f"\n{name.replace('_', ' ')}")
            for row in getattr(details, name):
                share = f"{row.late_share * 100:5.1f} %" if row.late_share is not None else "    -  "
                delay = row.average_delay_days or 0
                typer.echo(f"  {row.key:<20} {row.delivered:>8,} delivered  {delay:6.2f} days  {share} late"
                           f"  {row.external_cost_eur:>14,.2f} EUR")


def _table(report) -> str:  # type: ignore[no-untyped-def]
    """The report as aligned lines a manager can read in a terminal."""
    t, s = report.targets, report.status

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value * 100:.2f} %"

    def line(code: str, label: str, value: str, target: str, key: str) -> str:
        gap = s[key].gap
        # Days for IR.8.2; percentage points for the two fractions.
        shown = "" if gap is None else f" gap {gap:+.2f} days" if key == "average_delay_days" \
            else f" gap {gap * 100:+.2f} pts"
        word = STATUS_WORDS[s[key].status]
        return f"{code:<7} {label:<30} {value:>12}   target {target:>9}   {word:<9}{shown}"

    delay = "-" if report.average_delay_days is None else f"{report.average_delay_days:.2f} days"
    forecast = [] if report.external_cost_forecast_eur is None else [
        f"At this pace the year ends at {report.external_cost_forecast_eur:,.2f} EUR "
        f"({pct(report.external_cost_change_forecast)} against the baseline)"]
    return "\n".join([
        f"Indicators {report.year}: requests delivered from {report.start} to {report.end} (excluded)",
        f"Delivered: {report.delivered:,}   late (counted): {report.late_count:,}   "
        f"late but excluded (trainees, > 60 pages): {report.late_excluded:,}",
        line("IR.8.2", "average delay", delay, f"{t.average_delay_days:.2f}", "average_delay_days"),
        line("IR.8.3", "share delivered beyond 21 days", pct(report.late_share), pct(t.late_share),
             "late_share"),
        line("IR.8.1", "external cost change", pct(report.external_cost_change), pct(t.external_cost_change),
             "external_cost_change"),
        f"External cost: {report.external_cost_eur:,.2f} EUR "
        f"against a baseline of {report.baseline_eur:,.2f} EUR",
        *forecast,
        f"Information deliveries (unrevised machine translation): {report.information_delivered:,} "
        + ("(counted in the figures above)" if report.information_counted else "(reported apart, not counted)"),
    ])


@app.command("import-history")
def import_history(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="CSV exported from the previous platform or Excel (see README).")],
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid",
                                               help="Import the valid rows and list the others.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row, change nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object.")] = False,
) -> None:
    """Import past requests (idempotent on `reference`: importing again updates, never duplicates)."""
    from service.history import service as history_service
    from service.history.errors import HistoryFileInvalid

    started = time.perf_counter()
    try:
        with imports.transaction(dry_run) as session:
            result = history_service.import_file(session, file, skip_invalid=skip_invalid)
    except HistoryFileInvalid as e:
        for error in e.errors:
            typer.echo(f"line {error.line}: {error.reason}", err=True)
        imports.refuse(e.code, f"{len(e.errors)} invalid row(s): nothing was imported. Fix them, or use "
                               "--skip-invalid.")
    except ServiceError as e:
        imports.refuse(e.code, e.detail)
    seconds = time.perf_counter() - started
    for error in result.skipped:
        typer.echo(f"skipped line {error.line}: {error.reason}", err=True)
    verb = "Would import" if dry_run else "Imported"
    created = f" Caisses {'to create' if dry_run else 'created'}: {', '.join(result.caisses_created)}." \
        if result.caisses_created else ""
    imports.report(result.model_dump(mode="json"), as_json=as_json,
                   sentence=f"{verb} {result.rows - len(result.skipped):,} rows ({result.inserted:,} new, "
                            f"{result.updated:,} updated, {len(result.skipped):,} skipped) in {seconds:.1f} s."
                            + created)
