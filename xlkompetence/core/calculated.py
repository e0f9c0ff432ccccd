"""Values of the calculated columns, row by row. Pure.

The template writer uses these as the cached results of its formulas; refresh (headless and
in Excel) writes them into the calculated columns. Formula columns are computed from the
row's own cells exactly as the Excel formula would (see ``formulas``), so a row Excel shows
is a row Python writes.
"""

from __future__ import annotations

__all__ = [
    "Cell", "quietly", "needs_row", "profile_texts", "derive_plan_row", "derive_anchoring_row",
    "derived_unit", "retired_ids", "profile_row", "plan_row", "anchoring_row",
]

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from . import formulas
from .dates import parse_timeline
from .effort import Effort, row_effort
from .learning import form_in_text
from .plandefaults import expected_split
from .gaps import gap, max_gap, profile_status, team_status
from .models import AnchoringRow, PlanRow, Profile, UnitWorkbook
from .parsing import ValueProblem, parse_level
from .thread import ProfileIndex
from .planning import follow_up_status, overdue_label
from .schema import NOT_RELEVANT, ORG_RETIRED, RETIRED_STATUS, is_not_relevant


@dataclass(frozen=True)
class Cell:
    """What one calculated cell should hold. ``formula`` None: a plain value."""

    value: Any
    formula: str | None = None
    style: str = ""


_Parsed = TypeVar("_Parsed")


def quietly(parse: Callable[[Any], _Parsed], raw: Any) -> _Parsed | None:
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
        raw = (values.get(f"desired@{team}"), values.get(f"actual@{team}"))
        if any(is_not_relevant(v) for v in raw):
            statuses.append(team_status(None, None, not_relevant=True))
            result[f"gap@{team}"] = NOT_RELEVANT
            continue
        desired, actual = _level(raw[0]), _level(raw[1])
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


def derive_plan_row(record: PlanRow, index: ProfileIndex, teams: tuple[str, ...] | list[str],
                    sizes: dict[str, int], effort: Effort | None = None) -> PlanRow:
    """``record`` with what its text gives: start and end (where unset), the profiles its
    Kompetencebehov names, its participants, staff hours (and their split by phase) and kroner.
    Text that cannot be read gives nothing here; the reader reports it. ``effort``: the row's
    ``row_effort``, where the caller has it already."""
    updates: dict[str, Any] = {}
    timeline = quietly(parse_timeline, record.timeline)
    if timeline and record.start is None and record.end is None:
        updates.update(start=timeline.start, end=timeline.end)
    effort = effort or row_effort(record, teams, sizes)
    updates.update(profile_ids=index.resolve(record.need).ids, participants=effort.counted,
                   hours=effort.hours, kroner=effort.kroner, phase_hours=effort.phase_hours,
                   leader_hours=effort.leader_hours)
    updates.update(_defaults(record, effort))
    return record.model_copy(update=updates)


def _defaults(record: PlanRow, effort: Effort) -> dict[str, Any]:
    """What a blank Læringsform and blank Indsats columns take: the form the wording names,
    and the 30-30-40 split of the hours where the row says nothing of its phase (a typed Fase
    keeps all the hours in it)."""
    updates: dict[str, Any] = {}
    derived: list[str] = []
    if record.learning_form is None and (form := form_in_text(record.activity)):
        updates["learning_form"] = form
        derived.append("learning_form")
    if effort.phase_hours is None and record.phase is None and effort.hours:
        updates["phase_hours"] = expected_split(effort.hours)
        derived.append("phase_hours")
    return {**updates, "derived": tuple(derived)} if derived else {}


def derive_anchoring_row(record: AnchoringRow, index: ProfileIndex) -> AnchoringRow:
    """``record`` with the profiles it follows up: its Profilnr., else a profile its text names."""
    ids = index.resolve(record.profile_ref).ids or index.resolve(record.need).ids
    return record.model_copy(update={"profile_ids": ids})


def derived_unit(unit: UnitWorkbook) -> UnitWorkbook:
    """A unit made in code with its plan and anchoring rows derived as a reader derives them."""
    index = ProfileIndex(unit.profiles)
    sizes = unit.cover.team_sizes
    return unit.model_copy(update={
        "plan": tuple(derive_plan_row(r, index, unit.teams, sizes) for r in unit.plan),
        "anchoring": tuple(derive_anchoring_row(r, index) for r in unit.anchoring),
    })


def retired_ids(rows: list[tuple[Any, Any]]) -> set[str]:
    """casefolded ids of the profiles sheet A marks as retired: (id, Fra organisationen) pairs."""
    return {_id(raw_id).casefold() for raw_id, org in rows
            if _id(raw_id) and isinstance(org, str) and org.strip().casefold() == ORG_RETIRED.casefold()}


def profile_row(record: Profile | None) -> dict[str, Any]:
    """Mål og kompetenceprofil: the goal a row inherits from a row above, shown in the row."""
    inherited = record.goal if record is not None and record.goal_from is not None else ""
    return {"inherited_goal": inherited or None}


def plan_row(record: PlanRow | None, today: date) -> dict[str, Any]:
    if record is None:
        return {"start": None, "end": None, "overdue": None, "participants": None, "hours": None,
                "kroner": None, "profile_ids": None}
    return {
        "start": record.start,
        "end": record.end,
        "overdue": overdue_label(record, today) or None,
        "participants": record.participants,
        "hours": _amount(record.hours),
        "kroner": _amount(record.kroner),
        "profile_ids": ", ".join(record.profile_ids) or None,
    }


def _amount(value: float | None) -> float | int | None:
    if not value:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def anchoring_row(record: AnchoringRow | None, today: date) -> dict[str, Any]:
    if record is None:
        return {"follow_up_status": None}
    return {"follow_up_status": follow_up_status(record, today)}
