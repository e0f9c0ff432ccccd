"""The organisation plan as data: the inputs read and what they add up to. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..core.findings import Finding, Severity
from ..core.matching import OrgProfile
from ..core.models import AnchoringRow, IndividualGoal, PlanRow, UnitWorkbook
from ..unit.validate import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE


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


@dataclass
class OrgPlan:
    """Everything the organisation workbook shows."""

    inputs: list[InputFile]
    units: list[tuple[str, UnitWorkbook]]
    profiles: list[OrgProfile]
    levels: list[Level]
    plan: list[tuple[str, PlanRow]]
    goals: list[tuple[str, IndividualGoal]]
    anchoring: list[tuple[str, AnchoringRow]]
    findings: list[Finding]
    today: date

    @property
    def exit_code(self) -> int:
        if any(not i.readable for i in self.inputs):
            return EXIT_UNREADABLE
        return EXIT_ERRORS if any(i.errors for i in self.inputs if i.included) else EXIT_OK
