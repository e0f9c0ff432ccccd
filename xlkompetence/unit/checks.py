"""Checks that look beyond one cell: against today's date. Pure, on what the reader found."""

from __future__ import annotations

__all__ = ["dated_findings"]

from datetime import date

from ..core.cells import ref
from ..core.labels import t
from ..core.findings import Code, Finding, finding
from ..core.planning import is_overdue
from ..core.schema import ANCHORING, COVER, PLAN
from ..core.wheel import is_wheel_overdue
from .reader import ReadResult


def dated_findings(result: ReadResult, today: date) -> list[Finding]:
    """Findings that depend on the date: overdue plan rows, passed follow-ups and year-wheel
    dates passed without being done."""
    found: list[Finding] = []
    plan = result.sheets.get(PLAN.id)
    for row in result.unit.plan:
        if row.end is not None and is_overdue(row, today):
            col = plan.cols.get("end") or plan.cols.get("timeline") if plan else None
            found.append(finding(Code.PLAN_OVERDUE, file=result.file, sheet=PLAN.name,
                                 cell=_cell(row.row, col), end=row.end.strftime("%d-%m-%Y"),
                                 state=t("overdue.state", status=row.status) if row.status else t("overdue.no_status")))
    anchoring = result.sheets.get(ANCHORING.id)
    col = anchoring.cols.get("next_follow_up") if anchoring else None
    for anchored in result.unit.anchoring:
        if anchored.next_follow_up is None:
            found.append(finding(Code.ANCHORING_FOLLOW_UP_MISSING, file=result.file, sheet=ANCHORING.name,
                                 cell=_cell(anchored.row, col)))
        elif anchored.next_follow_up < today:
            found.append(finding(Code.ANCHORING_FOLLOW_UP_OVERDUE, file=result.file, sheet=ANCHORING.name,
                                 cell=_cell(anchored.row, col), value=anchored.next_follow_up.strftime("%d-%m-%Y")))
    for event in result.unit.cover.wheel:
        if event.when is not None and is_wheel_overdue(event, today):
            found.append(finding(Code.WHEEL_OVERDUE, file=result.file, sheet=COVER.name, cell=_cell(event.row, 2),
                                 value=event.when.strftime("%d-%m-%Y"), event=event.event or t("wheel.event"),
                                 date=event.when.strftime("%d-%m-%Y")))
    return found


def _cell(row: int | None, col: int | None) -> str | None:
    return ref(row, col) if row and col else None
