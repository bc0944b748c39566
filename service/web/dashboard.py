"""The manager dashboard: indicators against targets, charts, backlog, at-risk list, routing actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from service.assignment import service as assignment_service
from service.deps import SessionDep
from service.errors import InvalidInput, ServiceError
from service.indicator import channel as channel_figures
from service.indicator import dialogue as dialogue_figures
from service.indicator import service as indicator_service
from service.indicator.schemas import Breakdowns, IndicatorReport
from service.models import User
from service.models.enums import Channel
from service.segment import figures as draft_figures
from service.translation_request import service as request_service
from service.translation_request.schemas import RequestFilters
from service.vendor import jobs as job_service
from service.vendor import service as vendor_service
from service.web import charts, risk
from service.web.common import Csrf, ManagerPage, Refused, french_error, render
from service.workflow import outsourcing

router = APIRouter(prefix="/pilotage", include_in_schema=False)

MONTH_NAMES = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
# Delay buckets (calendar days) for the distribution chart; the 21-day rule falls between two.
BUCKETS = ((0, 5), (6, 10), (11, 15), (16, 21), (22, 30), (31, None))
ROUTABLE = ",".join(s.value for s in assignment_service.ROUTABLE)
STATUS_WORDS = {
    "met": "Atteint",
    "at_risk": "Atteint de justesse",
    "missed": "Non atteint",
    "no_target": "Sans cible",
}
# The current year's IR.8.1 is a projection: it is on course or not, never met.
PROJECTION_WORDS = {
    "met": "En bonne voie (projection)",
    "at_risk": "En bonne voie de justesse (projection)",
    "missed": "Au-dessus de la trajectoire (projection)",
    "no_target": "Sans cible",
}


class RoutingChoiceMissing(InvalidInput):
    code = "routing_choice_missing"


def delay_distribution(session: Session, *, year: int) -> list[int]:
    """How many requests delivered in `year` fall in each delay bucket."""
    counts = [0] * len(BUCKETS)
    for days, n in indicator_service.delay_counts(session, year=year):
        for i, (low, high) in enumerate(BUCKETS):
            if days >= low and (high is None or days <= high):
                counts[i] += n
    return counts


def _charts(report: IndicatorReport, bd: Breakdowns, distribution: list[int]) -> dict[str, Any]:
    months = list(MONTH_NAMES)
    by_number = {int(r.key.split("-")[1]): r for r in bd.by_month}
    monthly = [by_number.get(m) for m in range(1, 13)]
    targets = report.targets
    delay = charts.line_chart(
        "Délai moyen mensuel (jours) et cible IR.8.2",
        months,
        [
            charts.Series("Délai moyen", [r.average_delay_days if r else None for r in monthly]),
            charts.Series(
                f"Cible {targets.average_delay_days:g} j",
                [targets.average_delay_days] * len(months),
                charts.RED,
                dashed=True,
            ),
        ],
    )
    late = charts.bar_chart(
        "Part livrée au-delà de 21 jours, par mois (IR.8.3)",
        months,
        charts.Series("Part au-delà de 21 jours", [r.late_share if r else None for r in monthly]),
        unit="%",
        reference=targets.late_share,
        reference_name="Cible",
    )
    labels = [f"{low}–{high} j" if high is not None else f"{low} j et +" for low, high in BUCKETS]
    spread = charts.bar_chart(
        "Répartition des délais de livraison (demandes)",
        labels,
        charts.Series("Demandes livrées", [float(n) for n in distribution]),
        marks={3.5: "21 jours"},
        colours=[charts.BLUE] * 4 + [charts.RED] * 2,
    )
    return {"delay": delay, "late": late, "spread": spread, "cost": _cost_chart(report, bd)}


def _cost_chart(report: IndicatorReport, bd: Breakdowns) -> Any:
    by_month = {int(r.key.split("-")[1]): r.external_cost_eur for r in bd.by_month}
    last = max(by_month, default=date.today().month)
    cumulative, total = [], 0.0
    for m in range(1, 13):
        total += by_month.get(m, 0.0)
        cumulative.append(total if m <= last else None)
    baseline = [report.baseline_eur * m / 12 for m in range(1, 13)]
    series = [
        charts.Series("Coût externe cumulé", cumulative),
        charts.Series("Référence 2019", baseline, charts.GREY, dashed=True),
    ]
    change = report.targets.external_cost_change
    if change is not None:
        series.append(
            charts.Series(
                f"Trajectoire cible ({change * 100:+.0f} %)",
                [b * (1 + change) for b in baseline],
                charts.RED,
                dashed=True,
            )
        )
    return charts.line_chart(
        "Coût de la traduction externe, cumul (IR.8.1)", list(MONTH_NAMES), series, unit="€"
    )


@router.get("", response_class=HTMLResponse)
def index(
    request: Request,
    session: SessionDep,
    user: ManagerPage,
    annee: int | None = None,
    routee: str | None = None,
    relancee: str | None = None,
    certifie: int | None = None,
) -> HTMLResponse:
    """The indicators of the year against their targets, charts, backlog and requests at risk."""
    message = f"Routage de la demande {routee} enregistré." if routee else None
    if relancee:
        message = f"Traitement de la demande {relancee} relancé."
    if certifie:
        message = f"Service fait certifié pour le travail n° {certifie} : la traduction est livrée."
    return _page(request, session, user, year=annee or date.today().year, message=message)


def _page(
    request: Request,
    session: Session,
    user: User,
    *,
    year: int,
    message: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    report = indicator_service.report(session, year=year)
    bd = indicator_service.breakdowns(session, year=year)
    at_risk = risk.at_risk(session)
    translators = {u.id: u for u in assignment_service.all_translators(session)}
    routable, _ = request_service.list_visible(
        session, user=user, filters=RequestFilters(status=ROUTABLE, page_size=100)
    )
    routable.sort(key=lambda r: (r.due_on, r.id))
    failed, _ = request_service.list_visible(session, user=user, filters=RequestFilters(status="failed"))
    start, end = indicator_service.year_bounds(year)
    return render(
        request,
        "dashboard/index.html",
        user=user,
        dialogue=dialogue_figures.figures(session, start=start, end=end),
        fraud=channel_figures.figures(session, channel=Channel.POSTED_WORKER_FRAUD, start=start, end=end),
        year=year,
        report=report,
        bd=bd,
        charts=_charts(report, bd, delay_distribution(session, year=year)),
        backlog=indicator_service.backlog_by_pair(session),
        drafts=draft_figures.by_pair(session, start=date(year, 1, 1), end=date(year + 1, 1, 1)),
        total_backlog=indicator_service.total_backlog(session),
        at_risk=at_risk,
        routable=routable,
        at_risk_ids={o.id for o in at_risk},
        returned_jobs=job_service.list_jobs(session, status=job_service.RETURNED),
        failed=failed,
        translators=translators,
        vendors=vendor_service.list_vendors(session),
        status_words=STATUS_WORDS,
        projection_words=PROJECTION_WORDS,
        message=message,
        error=error,
        status_code=status_code,
    )


def _refused(request: Request, user: User, exc: ServiceError, *, about: str = "") -> Refused:
    """The refusal to raise: nothing of the action is kept; the dashboard again, with its reason in French."""
    error = f"{about} : {french_error(exc)}" if about else french_error(exc)
    user_id, status_code = user.id, exc.status_code
    return Refused(lambda session: _page(request, session, session.get_one(User, user_id), year=date.today().year,
                                         error=error, status_code=status_code))


@router.post("/demandes/{request_id}/routage", dependencies=[Csrf])
def reroute(
    request: Request,
    session: SessionDep,
    user: ManagerPage,
    request_id: int,
    target: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Override routing: assign to a translator (`t:<id>`) or outsource to a vendor (`v:<id>`)."""
    row = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    try:
        kind, _, raw_id = target.partition(":")
        if kind not in ("t", "v") or not raw_id.isdigit():
            raise RoutingChoiceMissing("Choose a translator or a vendor.")
        ident = int(raw_id)
        assignment_service.override(
            session,
            row,
            actor=user,
            reason=reason.strip() or "décision du responsable",
            translator_id=ident if kind == "t" else None,
            vendor_id=ident if kind == "v" else None,
        )
    except ServiceError as exc:
        raise _refused(request, user, exc, about=row.reference) from exc
    return RedirectResponse(f"/pilotage?routee={row.reference}#routage", status_code=303)


@router.post("/demandes/{request_id}/relancer", dependencies=[Csrf])
def retry(request: Request, session: SessionDep, user: ManagerPage, request_id: int) -> Response:
    """Run the failed step of a failed request again."""
    row = request_service.get_visible(session, user=user, request_id=request_id, lock=True)
    try:
        request_service.retry(session, row, actor=user)
    except ServiceError as exc:
        raise _refused(request, user, exc, about=row.reference) from exc
    return RedirectResponse(f"/pilotage?relancee={row.reference}#echecs", status_code=303)


@router.post("/travaux/{job_id}/service-fait", dependencies=[Csrf])
def service_done(
    request: Request,
    session: SessionDep,
    user: ManagerPage,
    job_id: int,
    remarks: Annotated[str, Form(max_length=1000)] = "",
    certified: Annotated[bool, Form()] = False,
) -> Response:
    """Certify "service done" on a vendor's returned job: it is costed and the translation delivered."""
    job = job_service.get(session, job_id)
    try:
        outsourcing.certify_service_done(
            session, job, actor=user, remarks=remarks.strip(), certified_translation=certified
        )
    except ServiceError as exc:
        raise _refused(request, user, exc) from exc
    return RedirectResponse(f"/pilotage?certifie={job.id}#externalises", status_code=303)
