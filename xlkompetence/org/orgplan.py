"""The organisation plan as data: the inputs read, what they add up to, and the status of the
round they belong to. No I/O."""

from __future__ import annotations

__all__ = [
    "OVERDUE_CODES", "ROW_KINDS", "UnitSummary", "InputFile", "Level", "Levels", "GoalCount", "OrgPlan", "Units", "UnitRows", "Delivery", "UnitStatus",
    "RoundStatus",
]

from collections import Counter
from array import array
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, overload

from ..core.committee import UnitFigures
from ..core.disclosure import Disclosure
from ..core.findings import Code, Finding, Report, Scope, Severity
from ..core.labels import t
from ..core.matching import OrgProfile
from ..core.models import Cover, UnitWorkbook


# Findings about a date that has passed: what the round's status counts as overdue.
OVERDUE_CODES = (Code.PLAN_OVERDUE, Code.ANCHORING_FOLLOW_UP_OVERDUE, Code.WHEEL_OVERDUE)


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
    # What the plan adds up of it, where it was read (``UnitSummary.of``); made again from the unit
    # where it is not there.
    summary: UnitSummary | None = None

    def loaded(self) -> tuple[UnitWorkbook | None, list[Finding]]:
        """The unit and its findings (read once, for an input kept on disk)."""
        return self.unit, self.findings

    @property
    def cover(self) -> Cover | None:
        return self.unit.cover if self.unit is not None else None

    @property
    def teams(self) -> tuple[str, ...]:
        return self.unit.teams if self.unit is not None else ()

    @property
    def period(self) -> str:
        return self.cover.period.strip() if self.cover else ""

    @property
    def overdue(self) -> int:
        """Findings about a date that has passed."""
        return sum(1 for f in self.findings if f.code in OVERDUE_CODES)

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
        if self.cover and self.cover.unit:
            return self.cover.unit
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


@dataclass(frozen=True, slots=True)
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


class Levels(Sequence[Level]):
    """The plan's levels, kept as columns: a thousand units have a hundred thousand of them, and
    a Level object each took three times the memory. A Level is made when it is asked for."""

    # A level is 1–5: 0 stands for none.
    _NONE = 0

    def __init__(self, levels: Iterable[Level] = ()) -> None:
        self._unit: list[str] = []
        self._team: list[str] = []
        self._key: list[str] = []
        # desired, actual, not relevant: three bytes a level.
        self._values = array("b")
        for lv in levels:
            self.append(lv)

    def append(self, lv: Level) -> None:
        self._unit.append(lv.unit)
        self._team.append(lv.team)
        self._key.append(lv.key)
        self._values.extend((self._NONE if lv.desired is None else lv.desired,
                             self._NONE if lv.actual is None else lv.actual, lv.not_relevant))

    def __len__(self) -> int:
        return len(self._key)

    def _level(self, i: int) -> Level:
        desired, actual, not_relevant = self._values[3 * i: 3 * i + 3]
        return Level(self._unit[i], self._team[i], self._key[i], desired or None, actual or None, bool(not_relevant))

    @overload
    def __getitem__(self, i: int) -> Level: ...

    @overload
    def __getitem__(self, i: slice) -> list[Level]: ...

    def __getitem__(self, i: int | slice) -> Level | list[Level]:
        if isinstance(i, slice):
            return [self._level(j) for j in range(len(self))[i]]
        return self._level(range(len(self))[i])

    def __iter__(self) -> Iterator[Level]:
        return map(self._level, range(len(self)))

    def by_key(self) -> dict[str, array[int]]:
        """The indexes of each profile's levels, in their order."""
        found: dict[str, array[int]] = {}
        for i, key in enumerate(self._key):
            found.setdefault(key, array("I")).append(i)
        return found


@dataclass(frozen=True)
class GoalCount:
    """What the organisation sees of one employee's bilag C rows without names: how many carry
    a personal goal and how many name learning activities."""

    unit: str
    team: str
    employee: str
    goals: int
    activities: int


# The kinds of row a unit has many of, that the plan counts and reads again when written.
ROW_KINDS = ("plan", "individual_goals", "anchoring")


@dataclass(frozen=True)
class UnitSummary:
    """What the organisation plan adds up of one unit when it takes it in: its profiles (but the
    retired), its levels, its employees' bilag C counts (as disclosed) and how many rows of each
    kind it has. Made where the unit is read, so that a unit kept on disk need not be read
    again to be taken in."""

    # (number, text, strategy, goal)
    profiles: tuple[tuple[str | None, str, str, str], ...]
    # (profile number, team, desired, actual, not relevant)
    levels: tuple[tuple[str, str, int | None, int | None, bool], ...]
    # (team, employee, rows with a personal goal, rows with learning activities): what HR may
    # know of bilag C by default.
    goal_counts: tuple[tuple[str, str, int, int], ...]
    rows: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, unit: UnitWorkbook) -> UnitSummary:
        goals: Counter[tuple[str, str]] = Counter()
        activities: Counter[tuple[str, str]] = Counter()
        for g in unit.individual_goals:
            goals[(g.team, g.employee)] += bool(g.personal_goal.strip())
            activities[(g.team, g.employee)] += bool(g.activities.strip())
        return cls(tuple((p.id, p.text, p.strategy, p.goal) for p in unit.profiles if not p.retired),
                   tuple((a.profile_id, a.team, a.desired, a.actual, a.not_relevant) for a in unit.assessments),
                   tuple((team, who, goals[(team, who)], activities[(team, who)]) for team, who in goals),
                   tuple((kind, len(getattr(unit, kind))) for kind in ROW_KINDS))


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


class Units(Sequence[tuple[str, UnitWorkbook]]):
    """The units taken in, each under its name in the plan, as (name, unit). A unit spilled to
    disk (``spill``) is read again each time it is asked for: the plan never holds them all."""

    def __init__(self, named: list[tuple[str, InputFile]]):
        self._named = named

    def __len__(self) -> int:
        return len(self._named)

    @overload
    def __getitem__(self, i: int) -> tuple[str, UnitWorkbook]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, UnitWorkbook]]: ...

    def __getitem__(self, i: int | slice) -> tuple[str, UnitWorkbook] | list[tuple[str, UnitWorkbook]]:
        if isinstance(i, slice):
            return [(name, _unit_of(entry)) for name, entry in self._named[i]]
        name, entry = self._named[i]
        return name, _unit_of(entry)

    def __iter__(self) -> Iterator[tuple[str, UnitWorkbook]]:
        return ((name, _unit_of(entry)) for name, entry in self._named)


def _unit_of(entry: InputFile) -> UnitWorkbook:
    unit = entry.unit
    assert unit is not None  # only inputs read are taken in
    return unit


class UnitRows(Collection[tuple[str, Any]]):
    """One kind of row (``kind``: plan, individual_goals, anchoring) of every unit taken in, as
    (the unit's name, row), read from the units when iterated."""

    def __init__(self, units: Units, kind: str, n: int):
        self._units, self._kind, self._n = units, kind, n

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return ((name, row) for name, unit in self._units for row in getattr(unit, self._kind))

    def __contains__(self, item: object) -> bool:
        return any(item == x for x in self)


@dataclass
class OrgPlan(Report):
    """Everything the organisation workbook shows. As a report, a merge is unreadable when one
    of its inputs is, and counts the findings of the units it took in (and its own).

    What is added up across the units (levels, profiles, committee figures, counts) is held;
    the units' own rows are read from their inputs when a sheet is written (``units``), so
    that memory does not grow with the units' rows."""

    inputs: list[InputFile]
    profiles: list[OrgProfile]
    levels: Levels
    # The merge's own findings (copies, versions, rounds, profiles, the round's status); the
    # units' are their inputs'.
    own_findings: list[Finding]
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
    # Each input taken in, under the name it has in the plan (unique), in order.
    named: list[tuple[str, InputFile]] = field(default_factory=list)
    # How many rows of each kind (plan, individual_goals, anchoring) the units have.
    row_counts: dict[str, int] = field(default_factory=dict)
    # The names ``units`` holds, so that a thousand units are not searched for each new name.
    unit_names: set[str] = field(default_factory=set, repr=False)
    # What keeps the spilled units on disk, for as long as the plan is used.
    spill: object = field(default=None, repr=False)
    _by_key: dict[str, OrgProfile] = field(default_factory=dict, repr=False)

    @property
    def units(self) -> Units:
        return Units(self.named)

    def rows_of(self, kind: str) -> UnitRows:
        return UnitRows(self.units, kind, self.row_counts.get(kind, 0))

    @property
    def plan(self) -> UnitRows:
        return self.rows_of("plan")

    @property
    def goals(self) -> UnitRows:
        return self.rows_of("individual_goals")

    @property
    def anchoring(self) -> UnitRows:
        return self.rows_of("anchoring")

    def names_taken(self) -> dict[int, str]:
        """Each input taken in, by identity, to its name in the plan."""
        return {id(entry): name for name, entry in self.named}

    def each_finding(self) -> Iterator[Finding]:
        """Every input's findings, then the merge's own: one input's at a time."""
        return chain((f for e in self.inputs for f in e.findings), self.own_findings)

    def finding_counts(self) -> tuple[int, int]:
        """Errors and warnings among every input's findings and the merge's own, each input's
        as counted where it was read: no input is read again to count them."""
        own = Counter(f.severity for f in self.own_findings)
        return (sum(e.errors for e in self.inputs) + own[Severity.ERROR],
                sum(e.warnings for e in self.inputs) + own[Severity.WARNING])

    @property
    def findings(self) -> list[Finding]:
        return list(self.each_finding())

    def number(self, unit: str, profile_id: str) -> str:
        """The organisation's number for a unit's profile (its label where it has none)."""
        if len(self._by_key) != len(self.profiles):
            self._by_key = {p.key: p for p in self.profiles}
        profile = self._by_key.get(self.keys.get((unit, profile_id), ""))
        return profile.label if profile else profile_id

    @property
    def readable(self) -> bool:
        return all(i.readable for i in self.inputs)

    @property
    def counted(self) -> Iterator[Finding]:
        own = (f for f in self.own_findings if f.code.scope is Scope.MERGE)
        return chain((f for i in self.inputs if i.included for f in i.findings), own)

    def details(self) -> dict[str, Any]:
        return {
            "output": None if self.output is None else str(self.output),
            "disclosure": None if self.disclosure is None else str(self.disclosure),
            "units": len(self.named),
            "profiles": len(self.profiles),
            "plan_rows": len(self.plan),
            "inputs": [{"file": e.shown, "unit": e.name if e.cover else None, "sha256": e.sha256,
                        "readable": e.readable, "included": e.included, "reason": e.reason,
                        "errors": e.errors, "warnings": e.warnings} for e in self.inputs],
            "round": None if self.round is None else self.round.to_dict(),
        }
