"""What the indicator domain returns: the yearly report, its breakdowns, targets and open requests."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["met", "at_risk", "missed", "no_target"]


class TargetsRead(BaseModel):
    """The targets of one year: days for IR.8.2, fractions for IR.8.3 and IR.8.1."""

    year: int
    average_delay_days: float
    late_share: float
    external_cost_change: float | None
    source: Literal["agreement", "configured"] = "agreement"


class TargetsUpdate(BaseModel):
    """New targets for a year (fractions: 0.03 is 3 %, -0.05 is -5 %)."""

    average_delay_days: float = Field(gt=0, le=365)
    late_share: float = Field(ge=0, le=1)
    external_cost_change: float | None = Field(default=None, ge=-1, le=10)


class IndicatorStatus(BaseModel):
    """One indicator against its target; `gap` is value - target (positive = worse than the target)."""

    indicator: str
    value: float | None
    target: float | None
    status: Status
    gap: float | None


class IndicatorReport(BaseModel):
    """IR.8.2, IR.8.3 and IR.8.1 over requests delivered in [start, end)."""

    year: int | None
    start: date
    end: date
    delivered: int
    average_delay_days: float | None
    late_count: int
    late_excluded: int
    late_share: float | None
    external_cost_eur: float
    baseline_eur: float
    external_cost_change: float | None
    # While the period runs: the cost extrapolated linearly to its end, and the change that would give.
    external_cost_forecast_eur: float | None = None
    external_cost_change_forecast: float | None = None
    # What the projection rests on: the months of the period elapsed so far (11 on 2 December).
    external_cost_forecast_months: int | None = None
    targets: TargetsRead
    status: dict[str, IndicatorStatus]
    # `information` deliveries (unrevised machine translations) of the period, reported apart: not in the
    # figures above unless PASSERELLE_INDICATORS_COUNT_INFORMATION is set.
    information_delivered: int = 0
    information_counted: bool = False


class BreakdownRow(BaseModel):
    """The indicators over one slice (a month, a language pair, a caisse...)."""

    key: str
    delivered: int
    average_delay_days: float | None
    late_count: int
    late_share: float | None
    external_cost_eur: float


class MonthVolume(BaseModel):
    """Requests received and delivered in a month, and those still open at its end."""

    month: str
    received: int
    delivered: int
    backlog_end: int


class Breakdowns(BaseModel):
    """Every breakdown of a period's indicators, plus volume and backlog."""

    start: date
    end: date
    by_month: list[BreakdownRow]
    by_language_pair: list[BreakdownRow]
    by_caisse: list[BreakdownRow]
    by_channel: list[BreakdownRow]
    by_handled_by: list[BreakdownRow]
    by_document_type: list[BreakdownRow]
    volume: list[MonthVolume]
    received: int
    backlog_end: int


class OpenRequest(BaseModel):
    """An open request as the manager watches it: elapsed days, due date, projected delivery."""

    id: int
    reference: str
    caisse_code: str
    source_lang: str
    target_lang: str
    pages: int | None
    status: str
    handled_by: str | None
    assignee_id: int | None
    received_on: date
    due_on: date
    deadline: date
    days_elapsed: int
    days_left: int
    projected_on: date
    projection: Literal["queue", "due_date", "vendor"]
    projected_delay_days: int
    at_risk: bool
