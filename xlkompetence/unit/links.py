"""The red thread as findings: the links between the sheets that are missing or broken. Pure.

Each sheet can be right on its own while the thread between them is broken: a gap ≥2 no
activity covers, an activity whose Kompetencebehov names no profile, a team with gaps but no
learning goal, individual goals that never mention the team's, a finished activity nobody
follows up. The leader decides priorities: a profile the leader has put on "længere sigt" or
"ikke nu" is not pointed at for lacking an activity, only for lacking a reason.
"""

from __future__ import annotations

__all__ = ["link_findings"]

from collections.abc import Callable

from ..core.cells import ref
from ..core.findings import Code, Finding, finding
from ..core.labels import t
from ..core.learning import STAFF_TRAINING
from ..core.models import UnitWorkbook
from ..core.schema import ANCHORING, INDIVIDUAL, NEEDS, PLAN, PRIORITIES, PROFILES
from ..core.thread import ProfileIndex, ProfileThread, refers_to, threads, unanchored
from .sheettables import SheetData


class _Found:
    """Findings of one workbook, each placed at a cell of a sheet the reader located."""

    def __init__(self, sheets: dict[str, SheetData], file: str, keeps: Callable[[Code, str], bool]):
        self.sheets = sheets
        self.file = file
        self.keeps = keeps
        self.items: list[Finding] = []

    def add(self, code: Code, sheet_id: str, row: int | None, column: str | None, **params: str) -> None:
        data = self.sheets.get(sheet_id)
        col = data.cols.get(column) if data is not None and column else None
        name = data.name if data is not None else _NAMES[sheet_id]
        if not self.keeps(code, name):
            return
        self.items.append(finding(code, file=self.file, sheet=name, cell=ref(row, col) if row and col else None,
                                  **params))


_NAMES = {s.id: s.name for s in (PROFILES, NEEDS, INDIVIDUAL, PLAN, ANCHORING)}


def link_findings(unit: UnitWorkbook, sheets: dict[str, SheetData], index: ProfileIndex, file: str,
                  keeps: Callable[[Code, str], bool] = lambda code, sheet: True) -> list[Finding]:
    """Every missing or broken link of the red thread in ``unit``; ``keeps(code, sheet)`` says
    whether one more of a kind is listed (the reader caps a sheet of junk)."""
    found = _Found(sheets, file, keeps)
    if not unit.profiles:
        if PROFILES.id in sheets:
            found.add(Code.THREAD_NOT_STARTED, PROFILES.id, None, None)
        return found.items
    _references(found, unit, index)
    for thread in threads(unit):
        _profile_links(found, thread)
    _individual_links(found, unit)
    _anchored(found, unit)
    return found.items


def _references(found: _Found, unit: UnitWorkbook, index: ProfileIndex) -> None:
    """Plan rows that name no profile, and numbers no profile has (plan and anchoring)."""
    for row in unit.plan:
        reference = index.resolve(row.need)
        if reference.unknown:
            found.add(Code.THREAD_NEED_UNKNOWN, PLAN.id, row.row, "need", value=", ".join(reference.unknown))
        elif not reference.ids and not (row.learning_form == STAFF_TRAINING and not row.need):
            # Personaletræning develops the staff group as a whole: no profile needed.
            what = t("thread.what.blank") if not row.need else t("thread.what.unmatched", value=row.need[:80])
            found.add(Code.THREAD_NEED_UNLINKED, PLAN.id, row.row, "need", what=what)
    for anchoring in unit.anchoring:
        reference = index.resolve(anchoring.profile_ref)
        if reference.unknown:
            found.add(Code.THREAD_NEED_UNKNOWN, ANCHORING.id, anchoring.row, "profile_ref",
                      value=", ".join(reference.unknown))


def _profile_links(found: _Found, thread: ProfileThread) -> None:
    """A gap ≥2 no activity covers (unless the leader decided otherwise); a decision to wait
    with a gap ≥2 that gives no reason."""
    short = PRIORITIES[0]
    teams = [team for team in thread.uncovered
             if (thread.gaps.get(team) or 0) >= 2 and thread.priority_of(team) in (None, short)]
    if teams:
        found.add(Code.THREAD_GAP_WITHOUT_ACTIVITY, NEEDS.id, thread.row, "id",
                  profile=thread.profile_id, teams=", ".join(teams))
    told: set[str | None] = set()
    for team, decision in thread.decisions.items():
        waits = decision.priority not in (None, short) and (thread.gaps.get(team) or 0) >= 2
        if waits and not decision.reason and decision.team not in told and decision.priority:
            told.add(decision.team)  # an older template's one decision for every team: said once
            column = "reason" if decision.team is None else f"team_reason@{decision.team}"
            found.add(Code.NEEDS_REASON_MISSING, NEEDS.id, decision.row, column,
                      profile=thread.profile_id, priority=decision.priority.lower())


def _individual_links(found: _Found, unit: UnitWorkbook) -> None:
    """A team whose members have individual goals, none of which refers to the team's goal."""
    for goal in unit.team_goals:
        rows = [g for g in unit.individual_goals if g.team == goal.team]
        if goal.text and rows and not any(refers_to(g.team_goal, goal.text) for g in rows):
            found.add(Code.THREAD_INDIVIDUAL_UNLINKED, INDIVIDUAL.id, rows[0].row, "team_goal",
                      team=goal.team, goal=goal.text[:80])


def _anchored(found: _Found, unit: UnitWorkbook) -> None:
    """Activities marked Gennemført or Forankret that no row in Forankring follows up."""
    for row in unanchored(unit):
        found.add(Code.THREAD_DONE_WITHOUT_ANCHORING, PLAN.id, row.row, "status",
                  activity=(row.activity or row.need)[:60], status=(row.status or "").lower(),
                  profiles=", ".join(row.profile_ids) or t("thread.the_activity"),
                  evaluation="" if row.success else t("thread.no_evaluation"))
