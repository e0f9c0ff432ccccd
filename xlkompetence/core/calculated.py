"""Values of the calculated columns, row by row. Pure.

The template writer uses these as the cached results of its formulas; refresh (headless and
in Excel) writes them into the calculated columns. Formula columns are computed from the
row's own cells exactly as the Excel formula would (see ``formulas``), so a row Excel shows
is a row Python writes.
"""

from __future__ import annotations

__all__ = [
    "Cell", "quietly", "needs_row", "profile_texts", "parsed_plan_row", "retired_ids", "plan_row",
    "anchoring_row",
]

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import formulas
from .gaps import gap, max_gap, profile_status, team_status
from .models import AnchoringRow, PlanRow
from .parsing import ValueProblem, parse_level, parse_resources, parse_timeline
from .planning import follow_up_status, overdue_label
from .schema import ORG_RETIRED, RETIRED_STATUS


@dataclass(frozen=True)
class Cell:
    """What one calculated cell should hold. ``formula`` None: a plain value."""

    value: Any
    formula: str | None = None
    style: str = ""


def quietly(parse, raw: Any):
    """``parse(raw)``, or None where the value cannot be used (the reader reports why)."""
    try:
        return parse(raw)
    except ValueProblem:
        return None


def _level(raw: Any) -> int | None:
    return quietly(parse_level, raw)


def _id(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def needs_row(values: dict[str, Any], teams: list[str] | tuple[str, ...],
              profile_texts: dict[str, str], retired: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """Kompetencebehov: gap per team, largest gap, status and the profile text looked up
    from sheet A (by id, ignoring case, as Excel's MATCH does). A profile the organisation
    retired (casefolded id in ``retired``) has the status "Udgået"."""
    pid = _id(values.get("id"))
    result: dict[str, Any] = {}
    gaps = []
    statuses = []
    for team in teams:
        desired = _level(values.get(f"desired@{team}"))
        actual = _level(values.get(f"actual@{team}"))
        g = gap(desired, actual)
        gaps.append(g)
        statuses.append(team_status(desired, actual))
        result[f"gap@{team}"] = "" if g is None else g
    m = max_gap(gaps)
    result["max_gap"] = "" if m is None else m
    result["status"] = "" if not pid else RETIRED_STATUS if pid.casefold() in retired else profile_status(statuses).label
    if pid:
        result["profile"] = profile_texts.get(pid.casefold(), formulas.UNKNOWN_PROFILE)
    else:
        result["profile"] = ""
    return result


def profile_texts(profile_rows: list[tuple[Any, Any]]) -> dict[str, str]:
    """casefolded id → profile text, first row winning (Excel's MATCH finds the first)."""
    texts: dict[str, str] = {}
    for raw_id, raw_text in profile_rows:
        pid = _id(raw_id)
        if pid and pid.casefold() not in texts:
            texts[pid.casefold()] = "" if raw_text is None else str(raw_text)
    return texts


def parsed_plan_row(record: PlanRow) -> PlanRow:
    """``record`` with start, end, hours and kroner taken from its text where they are unset
    (rows made in code rather than read from a sheet)."""
    updates: dict[str, Any] = {}
    timeline = quietly(parse_timeline, record.timeline)
    if timeline and record.start is None and record.end is None:
        updates.update(start=timeline.start, end=timeline.end)
    resources = quietly(parse_resources, record.resources)
    if resources and record.hours is None and record.kroner is None:
        updates.update(hours=resources.hours, kroner=resources.kroner)
    return record.model_copy(update=updates) if updates else record


def retired_ids(rows: list[tuple[Any, Any]]) -> set[str]:
    """casefolded ids of the profiles sheet A marks as retired: (id, Fra organisationen) pairs."""
    return {_id(raw_id).casefold() for raw_id, org in rows
            if _id(raw_id) and isinstance(org, str) and org.strip().casefold() == ORG_RETIRED.casefold()}


def plan_row(record: PlanRow | None, today: date) -> dict[str, Any]:
    if record is None:
        return {"start": None, "end": None, "overdue": None, "hours": None, "kroner": None}
    return {
        "start": record.start,
        "end": record.end,
        "overdue": overdue_label(record, today) or None,
        "hours": _amount(record.hours),
        "kroner": _amount(record.kroner),
    }


def _amount(value: float | None) -> float | int | None:
    if not value:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def anchoring_row(record: AnchoringRow | None, today: date) -> dict[str, Any]:
    if record is None:
        return {"follow_up_status": None}
    return {"follow_up_status": follow_up_status(record, today)}
