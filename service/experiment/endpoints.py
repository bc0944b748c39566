"""HTTP API of the MT experiment report (manager role): the figures, and the XLSX and PDF assessment."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from service.deps import ManagerUser, SessionDep
from service.experiment import exports
from service.experiment import report as experiment_report
from service.experiment.schemas import ExperimentReport

router = APIRouter(prefix="/api/reports", tags=["reports"])

From = Annotated[date | None, Query(alias="from", description="First delivery day counted (YYYY-MM-DD); "
                                                             "default: 1 January of last year.")]
To = Annotated[date | None, Query(alias="to", description="Last delivery day counted, included; default: "
                                                         "31 December of last year, or today after `from`.")]


@router.get("/mt-experiment", response_model=ExperimentReport, response_model_by_alias=True)
def mt_experiment(session: SessionDep, _: ManagerUser, start: From = None, end: To = None) -> ExperimentReport:
    """The MT experiment (E.8.3) per language pair and service level: requests, words, segments by draft
    origin, post-editing distance, editing seconds per word with and without a draft, words per hour,
    requests kept in house that routing would have outsourced without drafts and the vendor cost avoided,
    pages avoided by scope, reuse and standard forms."""
    first, last = experiment_report.period(start, end)
    return ExperimentReport.of(experiment_report.build(session, start=first, end=last))


@router.get("/mt-experiment/export", response_class=Response,
            responses={200: {"content": {exports.MEDIA_TYPES["xlsx"]: {}, exports.MEDIA_TYPES["pdf"]: {}}}})
def mt_experiment_export(session: SessionDep, _: ManagerUser, start: From = None, end: To = None,
                         fmt: Annotated[Literal["xlsx", "pdf"], Query(alias="format")] = "xlsx") -> Response:
    """The same report as an XLSX workbook or as the PDF assessment with its charts (R.8.3.c)."""
    first, last = experiment_report.period(start, end)
    built = experiment_report.build(session, start=first, end=last)
    return Response(exports.export(built, fmt=fmt), media_type=exports.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{exports.filename(built, fmt)}"'})
