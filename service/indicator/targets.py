"""Yearly targets: the objectives agreement's table by default, overridden per year by a manager.

Every indicator is lower-is-better (days, a share, a cost change). Its status against the target:
- missed: the value is above the target (gap = value - target > 0);
- at risk: the target is met, but with less than 10 % of the target as headroom
  (e.g. a 3 % late-share target is at risk from 2.7 % up to 3 %; -5 % on cost from -5.5 % up to -5 %);
- met: below the target by at least that margin;
- no target: nothing was delivered, or the year has none (IR.8.1 in 2021).
Years outside 2021-2024 take the nearest agreed year's targets until a manager sets their own.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.indicator.errors import InvalidYear
from service.indicator.schemas import IndicatorStatus, Status, TargetsRead, TargetsUpdate
from service.models import IndicatorTarget

# COG 2021-2024, Fiche 8: (IR.8.2 days, IR.8.3 share, IR.8.1 change); 2021 has no cost target.
AGREEMENT_TARGETS: dict[int, tuple[float, float, float | None]] = {
    2021: (9.5, 0.05, None),
    2022: (9.0, 0.04, -0.02),
    2023: (9.0, 0.035, -0.04),
    2024: (8.0, 0.03, -0.05),
}
# "At risk" = the target is met, but with less than this share of the target as headroom.
AT_RISK_MARGIN = 0.10


def check_year(year: int) -> None:
    """Refuse years no report can be about."""
    if not 2000 <= year <= 2100:
        raise InvalidYear(year)


def agreement_targets(year: int) -> TargetsRead:
    """The agreement's targets for `year`; outside 2021-2024 the nearest agreed year holds."""
    nearest = min(max(year, min(AGREEMENT_TARGETS)), max(AGREEMENT_TARGETS))
    delay, share, change = AGREEMENT_TARGETS[nearest]
    return TargetsRead(year=year, average_delay_days=delay, late_share=share, external_cost_change=change)


def get(session: Session, *, year: int) -> TargetsRead:
    """The targets in force for `year`: a manager's setting if any, else the agreement's."""
    check_year(year)
    row = session.get(IndicatorTarget, year)
    if row is None:
        return agreement_targets(year)
    return TargetsRead(year=year, average_delay_days=row.average_delay_days, late_share=row.late_share,
                       external_cost_change=row.external_cost_change, source="configured")


def put(session: Session, *, year: int, targets_in: TargetsUpdate) -> TargetsRead:
    """Set the targets of `year` (replacing any earlier setting)."""
    check_year(year)
    row = session.get(IndicatorTarget, year)
    if row is None:
        row = IndicatorTarget(year=year, **targets_in.model_dump())
        session.add(row)
    else:
        for field, value in targets_in.model_dump().items():
            setattr(row, field, value)
    session.flush()
    return get(session, year=year)


def reset(session: Session, *, year: int) -> TargetsRead:
    """Drop a year's setting so the agreement's targets apply again."""
    check_year(year)
    row = session.get(IndicatorTarget, year)
    if row is not None:
        session.delete(row)
        session.flush()
    return agreement_targets(year)


def judge(indicator: str, value: float | None, target: float | None) -> IndicatorStatus:
    """Met, at risk or missed for a lower-is-better indicator, with the gap (value - target)."""
    if value is None or target is None:
        return IndicatorStatus(indicator=indicator, value=value, target=target, status="no_target", gap=None)
    gap = value - target
    status: Status
    if gap > 1e-12:
        status = "missed"
    elif gap > -AT_RISK_MARGIN * abs(target) - 1e-12:
        status = "at_risk"
    else:
        status = "met"
    return IndicatorStatus(indicator=indicator, value=value, target=target, status=status, gap=round(gap, 6))
