"""The organisation plan as data: the inputs read and what they add up to. No I/O."""

from __future__ import annotations

__all__ = ["InputFile", "Level", "GoalCount", "OrgPlan"]

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.findings import Finding, Report, Scope, Severity
from ..core.matching import OrgProfile
from ..core.models import AnchoringRow, IndividualGoal, PlanRow, UnitWorkbook


@dataclass
class InputFile:
    """One input as read, and whether it went into the organisation plan."""

    path: Path
    shown: str
    sha256: str = ""
    modified: datetime | None = None
    unit: UnitWorkbook | None = None
    findings: list[Finding] = field(default_factory=list)
    readable: bool = False
    included: bool = False
    reason: str = ""

    @property
    def name(self) -> str:
        if self.unit and self.unit.cover.unit:
            return self.unit.cover.unit
        return self.path.stem

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def rows(self) -> int:
        u = self.unit
        if u is None:
            return 0
        return len(u.profiles) + len({a.row for a in u.assessments}) + len(u.individual_goals) + len(u.plan) + len(u.anchoring)


@dataclass(frozen=True)
class Level:
    unit: str
    team: str
    key: str
    desired: int | None
    actual: int | None

    @property
    def gap(self) -> int | None:
        return None if self.desired is None or self.actual is None else self.desired - self.actual


@dataclass(frozen=True)
class GoalCount:
    """What the organisation sees of one employee's bilag C rows without names: how many carry
    a personal goal and how many name learning activities."""

    unit: str
    team: str
    employee: str
    goals: int
    activities: int


@dataclass
class OrgPlan(Report):
    """Everything the organisation workbook shows. As a report, a merge is unreadable when one
    of its inputs is, and counts the findings of the units it took in (and its own)."""

    inputs: list[InputFile]
    units: list[tuple[str, UnitWorkbook]]
    profiles: list[OrgProfile]
    levels: list[Level]
    plan: list[tuple[str, PlanRow]]
    goals: list[tuple[str, IndividualGoal]]
    anchoring: list[tuple[str, AnchoringRow]]
    findings: list[Finding]
    today: date
    output: Path | None = None
    # Set by ``disclosure.disclose``: what of the units' personal data the plan carries.
    disclosure: str | None = None
    goal_counts: list[GoalCount] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return all(i.readable for i in self.inputs)

    @property
    def counted(self) -> list[Finding]:
        own = [f for f in self.findings if f.code.scope is Scope.MERGE]
        return [f for i in self.inputs if i.included for f in i.findings] + own

    def details(self) -> dict[str, Any]:
        return {
            "output": None if self.output is None else str(self.output),
            "disclosure": self.disclosure,
            "units": len(self.units),
            "profiles": len(self.profiles),
            "plan_rows": len(self.plan),
            "inputs": [{"file": e.shown, "unit": e.name if e.unit else None, "sha256": e.sha256,
                        "readable": e.readable, "included": e.included, "reason": e.reason,
                        "errors": e.errors, "warnings": len(e.findings) - e.errors} for e in self.inputs],
        }
