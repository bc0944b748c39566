"""HTTP API of the indicators (manager role): report, breakdowns, exports, targets, open requests."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from service.deps import ManagerUser, SessionDep
from service.indicator import dialogue, exports, monitoring, targets
from service.indicator import service as indicator_service
from service.indicator.schemas import Breakdowns, IndicatorReport, OpenRequest, TargetsRead, TargetsUpdate

router = APIRouter(prefix="/api/indicators", tags=["indicators"])

Year = Annotated[int | None, Query(ge=2000, le=2100, description="Year of delivery (or give start and end).")]
Start = Annotated[date | None, Query(description="First day of the period (with `end`).")]
End = Annotated[date | None, Query(description="Day after the period's last day.")]


@router.get("", response_model=IndicatorReport)
def get_report(session: SessionDep, _: ManagerUser, year: Year = None, start: Start = None,
               end: End = None) -> IndicatorReport:
    """IR.8.2 (average delay), IR.8.3 (share beyond 21 days) and IR.8.1 (external cost change) with their
    targets and status, over requests delivered in the year (or in [start, end))."""
    return indicator_service.report(session, year=year, start=start, end=end)


@router.get("/breakdowns", response_model=Breakdowns)
def get_breakdowns(session: SessionDep, _: ManagerUser, year: Year = None, start: Start = None,
                   end: End = None) -> Breakdowns:
    """The indicators by month, language pair, caisse, channel, handler and document type; monthly volume
    and backlog."""
    return indicator_service.breakdowns(session, year=year, start=start, end=end)


@router.get("/export", response_class=Response,
            responses={200: {"content": {exports.MEDIA_TYPES["csv"]: {}, exports.MEDIA_TYPES["xlsx"]: {}}}})
def export_report(session: SessionDep, _: ManagerUser, year: Annotated[int, Query(ge=2000, le=2100)],
                  fmt: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "xlsx") -> Response:
    """The yearly report (indicators, breakdowns, volume) as a CSV or XLSX file."""
    report = indicator_service.report(session, year=year)
    details = indicator_service.breakdowns(session, year=year)
    start, end = indicator_service.year_bounds(year)
    body = exports.export(report, details, fmt=fmt, dialogue=dialogue.figures(session, start=start, end=end))
    filename = f"indicateurs-{year}.{fmt}"
    return Response(body, media_type=exports.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/dialogue", response_model=dialogue.DialogueFigures)
def get_dialogue(session: SessionDep, _: ManagerUser, year: Annotated[int, Query(ge=2000, le=2100)]
                 ) -> dialogue.DialogueFigures:
    """Consultations asked in the year (per partner, country, type; median and 90th-percentile answer time,
    share answered on time) and the time delivered requests waited for their submitter, reported apart."""
    start, end = indicator_service.year_bounds(year)
    return dialogue.figures(session, start=start, end=end)


@router.get("/open", response_model=list[OpenRequest])
def list_open(session: SessionDep, _: ManagerUser,
              limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> list[OpenRequest]:
    """Open requests, oldest first: days elapsed, due date, projected delivery date and risk."""
    return monitoring.open_requests(session, limit=limit)


@router.get("/at-risk", response_model=list[OpenRequest])
def list_at_risk(session: SessionDep, _: ManagerUser,
                 limit: Annotated[int, Query(ge=1, le=5000)] = 200) -> list[OpenRequest]:
    """Open requests projected past 21 days or their due date, most urgent first."""
    return monitoring.at_risk(session, limit=limit)


@router.get("/targets/{year}", response_model=TargetsRead)
def get_targets(session: SessionDep, _: ManagerUser, year: int) -> TargetsRead:
    """The targets in force for a year (the objectives agreement's unless a manager set others)."""
    return targets.get(session, year=year)


@router.put("/targets/{year}", response_model=TargetsRead)
def put_targets(session: SessionDep, _: ManagerUser, year: int, body: TargetsUpdate) -> TargetsRead:
    """Set a year's targets (shares as fractions: 0.03 for 3 %, -0.05 for -5 %)."""
    return targets.put(session, year=year, targets_in=body)


@router.delete("/targets/{year}", response_model=TargetsRead)
def reset_targets(session: SessionDep, _: ManagerUser, year: int) -> TargetsRead:
    """Go back to the objectives agreement's targets for a year."""
    return targets.reset(session, year=year)
