"""The organisation plan as data: the inputs read, what they add up to, and the status of the
round they belong to. No I/O."""

from __future__ import annotations

__all__ = [
    "InputFile", "Level", "GoalCount", "OrgPlan", "TeamRow", "UnmetNeed", "Unanchored", "Delivery", "UnitStatus",
    "RoundStatus",
]

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.committee import UnitFigures
from ..core.disclosure import Disclosure
from ..core.findings import Code, Finding, Report, Scope, Severity
from ..core.gaps import team_summaries
from ..core.labels import t
from ..core.matching import OrgProfile
from ..core.models import AnchoringRow, IndividualGoal, PlanRow, UnitWorkbook
from ..core.thread import threads, unanchored


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
    # Nobody has typed in it since it was issued (rollout, next-round, new): not delivered.
    unchanged: bool = False

    @property
    def period(self) -> str:
        return self.unit.cover.period.strip() if self.unit else ""

    @property
    def typed_over(self) -> int:
        """Values typed over calculated cells: what the unit's printed plan shows and the
        organisation's figures (calculated again) do not."""
        return sum(1 for f in self.findings if f.code is Code.CALC_TYPED_OVER)

    # Set by ``disclosure.disclose_entry``: the name of a unit without one on its Forside as it
    # may be shown, and the committee's figures taken before disclosure.
    label: str = ""
    figures: UnitFigures | None = None

    @property
    def name(self) -> str:
        if self.unit and self.unit.cover.unit:
            return self.unit.cover.unit
        return self.label or self.path.stem

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

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
    # "Ikke relevant" for the team: not assessed and not missing either.
    not_relevant: bool = False

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


@dataclass(frozen=True)
class TeamRow:
    """One team of one unit, its gaps added up so a surplus never covers a deficit."""

    unit: str
    team: str
    size: int | None
    assessed: int
    missing: int
    gap2: int
    mean_positive_gap: float | None
    mean_gap: float | None


@dataclass(frozen=True)
class UnmetNeed:
    """A prioritised need (gap ≥2, or the leader's kort/længere sigt) no activity covers."""

    unit: str
    team: str
    profile: str
    text: str
    gap: int | None
    priority: str | None
    reason: str


@dataclass(frozen=True)
class Unanchored:
    """An activity marked Gennemført or Forankret that no anchoring row follows up."""

    unit: str
    row: int | None
    profiles: str
    activity: str
    status: str | None
    end: object


class Delivery(StrEnum):
    YES = "yes"
    NO = "no"
    # Its workbook is there, but nobody has typed in it since it was issued.
    UNCHANGED = "unchanged"
    UNREADABLE = "unreadable"

    @property
    def label(self) -> str:
        return t(f"round.delivered.{self.value}")


@dataclass(frozen=True)
class UnitStatus:
    unit: str
    expected: bool
    delivered: Delivery
    file: str = ""
    modified: datetime | None = None
    errors: int | None = None
    warnings: int | None = None
    # Assessed levels among all the levels the unit's teams should give (0–1).
    assessed: float | None = None
    plan_rows: int | None = None
    overdue: int | None = None
    # Employees whose MUS/PUS is held this round, and with each kind of development goal (a
    # personal goal agreed, covered by a group goal; 0–1, never added up): what the top MED
    # committee evaluates.
    mus_held: float | None = None
    personal_goals: float | None = None
    group_goals: float | None = None
    # The next date in the unit's year wheel, and what it is.
    next_date: date | None = None
    next_event: str = ""
    typed_over: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "expected": self.expected, "delivered": self.delivered.value,
                "file": self.file or None, "modified": self.modified.isoformat() if self.modified else None,
                "errors": self.errors, "warnings": self.warnings, "typed_over": self.typed_over,
                "assessed": self.assessed,
                "plan_rows": self.plan_rows, "overdue": self.overdue, "mus_held": self.mus_held,
                "personal_goals": self.personal_goals, "group_goals": self.group_goals,
                "next_date": self.next_date.isoformat() if self.next_date else None,
                "next_event": self.next_event or None}


@dataclass
class RoundStatus:
    units: list[UnitStatus] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def expected(self) -> list[UnitStatus]:
        return [u for u in self.units if u.expected]

    @property
    def missing(self) -> list[UnitStatus]:
        return [u for u in self.expected if u.delivered is not Delivery.YES]

    @property
    def unchanged(self) -> list[UnitStatus]:
        return [u for u in self.expected if u.delivered is Delivery.UNCHANGED]

    def to_dict(self) -> dict[str, Any]:
        return {"expected": len(self.expected), "delivered": len(self.expected) - len(self.missing),
                "missing": [u.unit for u in self.missing], "unchanged": [u.unit for u in self.unchanged],
                "units": [u.to_dict() for u in self.units]}


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
    # What of the units' personal data the plan carries (``core.disclosure``); None for a plan
    # not made from disclosed inputs, which no writer takes.
    disclosure: Disclosure | None = None
    goal_counts: list[GoalCount] = field(default_factory=list)
    # Set when the merge was given the round's list (``merge --expected``).
    round: RoundStatus | None = None
    # Per unit, the MED/SU figures (counts only), taken before disclosure.
    committee: dict[str, UnitFigures] = field(default_factory=dict)
    # (unit, the unit's profile number or text) → the organisation profile's key.
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    # The names ``units`` holds, so that a thousand units are not searched for each new name.
    unit_names: set[str] = field(default_factory=set, repr=False)
    _by_key: dict[str, OrgProfile] = field(default_factory=dict, repr=False)

    def number(self, unit: str, profile_id: str) -> str:
        """The organisation's number for a unit's profile (its label where it has none)."""
        if len(self._by_key) != len(self.profiles):
            self._by_key = {p.key: p for p in self.profiles}
        profile = self._by_key.get(self.keys.get((unit, profile_id), ""))
        return profile.label if profile else profile_id

    def team_rows(self) -> list[TeamRow]:
        """Per unit and team: assessments, gaps ≥2 and the mean of the positive gaps."""
        return [TeamRow(name, s.team, unit.cover.team_sizes.get(s.team), s.assessed, s.missing, s.gap2,
                        s.mean_positive_gap, s.mean_gap)
                for name, unit in self.units for s in team_summaries(unit)]

    @cached_property
    def unmet_needs(self) -> list[UnmetNeed]:
        """Prioritised needs without an activity, unit by unit ("ikke nu" left out)."""
        result = []
        for name, unit in self.units:
            for x in threads(unit):
                for team in x.uncovered:
                    decision = x.decisions.get(team)
                    result.append(UnmetNeed(name, team, self.number(name, x.profile_id), x.text, x.gaps.get(team),
                                            x.priority_of(team), decision.reason if decision else ""))
        return result

    @cached_property
    def unanchored(self) -> list[Unanchored]:
        """Finished activities without anchoring, unit by unit."""
        return [Unanchored(name, r.row, ", ".join(self.number(name, pid) for pid in r.profile_ids), r.activity,
                           r.status, r.end)
                for name, unit in self.units for r in unanchored(unit)]

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
            "disclosure": None if self.disclosure is None else str(self.disclosure),
            "units": len(self.units),
            "profiles": len(self.profiles),
            "plan_rows": len(self.plan),
            "inputs": [{"file": e.shown, "unit": e.name if e.unit else None, "sha256": e.sha256,
                        "readable": e.readable, "included": e.included, "reason": e.reason,
                        "errors": e.errors, "warnings": e.warnings} for e in self.inputs],
            "round": None if self.round is None else self.round.to_dict(),
        }
