"""The MT experiment report for managers (E.8.3): figures per pair and level, charts, XLSX and PDF exports."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from service.deps import SessionDep
from service.errors import InvalidInput
from service.experiment import exports
from service.experiment import report as experiment_report
from service.experiment.labels import AVOIDED_FR, LEVELS_FR, ORIGINS_FR
from service.experiment.schemas import ExperimentReport
from service.web import charts
from service.web.common import ManagerPage, render

router = APIRouter(prefix="/pilotage/experimentation", include_in_schema=False)


def _day(value: str | None) -> date | None:
    """A date typed in the form (YYYY-MM-DD, what <input type=date> sends); empty: none."""
    return date.fromisoformat(value) if value else None


def _period(du: str | None, au: str | None) -> tuple[date, date, str | None]:
    """The period asked for, else last year with what was wrong with it (in French)."""
    try:
        start, end = experiment_report.period(_day(du), _day(au))
    except ValueError:
        return (*experiment_report.period(None, None), "Date incorrecte : saisissez-la au format JJ/MM/AAAA "
                "avec le calendrier, ou choisissez une année. L'année dernière est affichée.")
    except InvalidInput:
        return (*experiment_report.period(None, None), "La période commence après sa fin : mettez la date de "
                "début avant la date de fin. L'année dernière est affichée.")
    return start, end, None


def _chart(report: ExperimentReport) -> Markup | None:
    """Seconds per word with and without a draft, side by side per pair and level."""
    labels, values, colours = [], [], []
    for row in report.rows[:6]:
        pair = f"{row.source_lang}→{row.target_lang}"
        for name, value, colour in (("avec", row.seconds_per_word_with_draft, charts.BLUE),
                                    ("sans", row.seconds_per_word_without_draft, charts.RED)):
            if value is not None:
                labels.append(f"{pair} {name}")
                values.append(value)
                colours.append(colour)
    if not values:
        return None
    return charts.bar_chart("Secondes d'édition par mot, avec et sans pré-traduction", labels,
                            charts.Series("secondes par mot", values), colours=colours)


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, user: ManagerPage, du: str | None = None,
          au: str | None = None) -> HTMLResponse:
    """The experiment report over the period (default: last year), with its exports."""
    start, end, error = _period(du, au)
    report = ExperimentReport.of(experiment_report.build(session, start=start, end=end))
    today = date.today()
    return render(request, "pilotage/experimentation.html", user=user, report=report, start=start, end=end,
                  chart=_chart(report), levels=LEVELS_FR, origins=ORIGINS_FR, avoided=AVOIDED_FR,
                  method=exports.METHOD, years=range(today.year, today.year - 4, -1), error=error,
                  status_code=422 if error else 200)
