"""Checks that look beyond one cell: against today's date; and the one list of a workbook's
findings. Pure, on what the reader found."""

from __future__ import annotations

__all__ = ["dated_findings", "workbook_findings"]

from collections import Counter
from collections.abc import Iterable
from datetime import date

from ..core.cells import ref
from ..core.labels import count, t
from ..core.findings import Code, Finding, finding
from ..core.planning import is_overdue
from ..core.schema import ANCHORING, COVER, PLAN
from ..core.wheel import is_wheel_overdue
from .reader import ReadResult
from .sheettables import MAX_FINDINGS_PER_CODE


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


def workbook_findings(result: ReadResult, today: date, *more: Iterable[Finding]) -> list[Finding]:
    """Everything found in one workbook: the reader's, the dated ones and ``more`` (what a
    refresh left alone), with at most ``MAX_FINDINGS_PER_CODE`` of one kind in one sheet and,
    for each kind past it, how many more. A plan of junk would otherwise give a finding for
    every cell of it: a list no person reads, and a Fejl og mangler sheet of hundreds of
    thousands of cells."""
    found = [*result.findings, *dated_findings(result, today), *(f for group in more for f in group)]
    per_kind = Counter((f.sheet, f.code) for f in found)
    kept: list[Finding] = []
    seen: Counter[tuple[str | None, Code]] = Counter()
    for f in found:
        seen[(f.sheet, f.code)] += 1
        if f.code is Code.FINDINGS_MORE or seen[(f.sheet, f.code)] <= MAX_FINDINGS_PER_CODE:
            kept.append(f)
    kept += [finding(Code.FINDINGS_MORE, file=result.file, sheet=sheet, n=count(n - MAX_FINDINGS_PER_CODE, "finding"),
                     kind=code)
             for (sheet, code), n in per_kind.items() if code is not Code.FINDINGS_MORE and n > MAX_FINDINGS_PER_CODE]
    return kept
