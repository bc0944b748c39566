"""`passerelle retention run [--dry-run]`: purge personal data past the retention period."""

from __future__ import annotations

from typing import Annotated

import typer

from service.cli.app import app

retention_app = typer.Typer(
    help="Data retention (GDPR): purge originals and translations.", no_args_is_help=True
)
app.add_typer(retention_app, name="retention")


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list what would go, change nothing")] = False,
) -> None:
    """Purge what the policy says must go (PASSERELLE_RETENTION_ORIGINALS_DAYS / _TRANSLATIONS_DAYS)."""
    from service.retention import policy as retention_policy
    from service.retention import service as retention_service
    from service.retention import tasks as retention_tasks

    policy = retention_policy.from_settings()
    typer.echo(
        f"Policy: originals {_days(policy.originals_days)}, translations {_days(policy.translations_days)}."
    )
    items = retention_tasks.run(dry_run=dry_run)
    for item in items:
        what = [
            w
            for w, due in (("original and texts", item.originals), ("translation", item.translations))
            if due
        ]
        objects = ", ".join(f"{kind} {n}" for kind, n in item.objects.items() if n)
        typer.echo(
            f"{'would purge' if dry_run else 'purged'} {item.reference}: {', '.join(what)} "
            f"({len(item.files)} file(s)): {objects or 'nothing left'}"
        )
    verb = "would be purged" if dry_run else "purged"
    totals = {kind: sum(i.objects.get(kind, 0) for i in items) for kind in retention_service.KINDS}
    typer.echo(f"{len(items)} request(s) {verb}, {sum(len(i.files) for i in items)} file(s).")
    typer.echo("by kind: " + ", ".join(f"{kind} {n}" for kind, n in totals.items()))


def _days(days: int) -> str:
    return "kept forever" if days <= 0 else f"{days} days after delivery"
