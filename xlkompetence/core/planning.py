"""What the plan (template D) and the anchoring schema (template E) add up to. Pure.

``learning_form_mix`` is the one function that adds a plan up by learning form and by room;
Overblik, the organisation plan and any summary for the MED/SU committee use it.
"""

from __future__ import annotations

__all__ = [
    "is_overdue", "overdue_label", "follow_up_status", "status_counts", "PhaseSplit",
    "phase_split", "leader_hours", "totals", "PlanTotals", "MixLine", "LearningFormMix", "learning_form_mix",
]

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .labels import t
from .learning import LEARNING_FORMS, ROOMS, learning_form
from .models import AnchoringRow, PlanRow
from .schema import PHASE_TARGETS, PHASES, PLAN_STATUSES, PLAN_STATUSES_CLOSED


def is_overdue(row: PlanRow, today: date) -> bool:
    """The end date has passed and the row is neither Gennemført nor Forankret."""
    return row.end is not None and row.end < today and row.status not in PLAN_STATUSES_CLOSED


def overdue_label(row: PlanRow, today: date) -> str:
    return t("overdue.yes") if is_overdue(row, today) else ""


def follow_up_status(row: AnchoringRow, today: date) -> str:
    if row.next_follow_up is None:
        return t("follow_up.missing")
    if row.next_follow_up < today:
        return t("follow_up.overdue")
    return t("follow_up.planned")


def status_counts(plan: Iterable[PlanRow]) -> dict[str, int]:
    """Rows per plan status, every status listed (zero included), blanks last."""
    return PlanTotals.of(plan).status_counts()


@dataclass(frozen=True)
class PhaseSplit:
    """Effort before/during/after, in hours, against the 30-30-40 rule."""

    hours: dict[str, float]
    unphased_hours: float

    @property
    def total(self) -> float:
        return sum(self.hours.values())

    def share(self, phase: str) -> float | None:
        return self.hours[phase] / self.total if self.total else None

    @staticmethod
    def target(phase: str) -> float:
        return PHASE_TARGETS[phase]


def phase_split(plan: Iterable[PlanRow]) -> PhaseSplit:
    """Staff hours before, during and after, by effort (``PlanTotals.add``)."""
    return PlanTotals.of(plan).phase_split()


def leader_hours(plan: Iterable[PlanRow]) -> float:
    """Of the staff hours, those the leader groups (or the units' leaders) take part with."""
    return PlanTotals.of(plan).leader_hours()


def totals(plan: Iterable[PlanRow]) -> tuple[float, float]:
    """Hours and kroner over every row that states them."""
    return PlanTotals.of(plan).totals()


@dataclass
class PlanTotals:
    """A plan's figures added up one row at a time: statuses, hours and kroner, the hours by
    phase and those with leaders, and (given ``today``) the rows overdue. An organisation's plan
    is added up unit by unit without holding its rows."""

    today: date | None = None
    rows: int = 0
    hours: float = 0.0
    kroner: float = 0.0
    leaders: float = 0.0
    overdue: int = 0
    statuses: Counter[str | None] = field(default_factory=Counter)
    phases: dict[str, float] = field(default_factory=lambda: {phase: 0.0 for phase in PHASES})
    unphased: float = 0.0

    @classmethod
    def of(cls, plan: Iterable[PlanRow], today: date | None = None) -> PlanTotals:
        totals = cls(today)
        for row in plan:
            totals.add(row)
        return totals

    def add(self, row: PlanRow) -> None:
        """One row. Its hours go to a phase by its Indsats columns where it fills them in (one
        row carries the activity and its follow-up), else all to its Fase, else to no phase."""
        self.rows += 1
        self.statuses[row.status] += 1
        self.hours += row.hours or 0.0
        self.kroner += row.kroner or 0.0
        self.leaders += row.leader_hours or 0.0
        if self.today is not None and is_overdue(row, self.today):
            self.overdue += 1
        if row.phase_hours is not None:
            for phase, h in zip(PHASES, row.phase_hours):
                self.phases[phase] += h
        elif row.hours is None:
            return
        elif row.phase in self.phases:
            self.phases[row.phase] += row.hours
        else:
            self.unphased += row.hours

    def status_counts(self) -> dict[str, int]:
        result = {status: self.statuses.get(status, 0) for status in PLAN_STATUSES}
        result[t("plan_status.blank")] = self.statuses.get(None, 0)
        return result

    def phase_split(self) -> PhaseSplit:
        return PhaseSplit({k: round(v, 2) for k, v in self.phases.items()}, round(self.unphased, 2))

    def leader_hours(self) -> float:
        return round(self.leaders, 2)

    def totals(self) -> tuple[float, float]:
        return round(self.hours, 2), round(self.kroner, 2)


@dataclass
class MixLine:
    """Activities, staff hours and kroner of one learning form or room."""

    activities: int = 0
    hours: float = 0.0
    kroner: float = 0.0

    def add(self, row: PlanRow) -> None:
        self.activities += 1
        self.hours = round(self.hours + (row.hours or 0.0), 2)
        self.kroner = round(self.kroner + (row.kroner or 0.0), 2)


@dataclass
class LearningFormMix:
    """A plan added up by learning form (every form listed, in list order), by room, for rows
    without a form, and in total."""

    forms: dict[str, MixLine] = field(default_factory=lambda: {f.name: MixLine() for f in LEARNING_FORMS})
    rooms: dict[str, MixLine] = field(default_factory=lambda: {room: MixLine() for room in ROOMS})
    unstated: MixLine = field(default_factory=MixLine)
    total: MixLine = field(default_factory=MixLine)

    def add(self, row: PlanRow) -> None:
        form = learning_form(row.learning_form)
        if form is None:
            self.unstated.add(row)
        else:
            self.forms[form.name].add(row)
            self.rooms[form.room].add(row)
        self.total.add(row)

    def lines(self) -> list[tuple[str, str, MixLine]]:
        """(form, room, line) for each form, then the rows without a form."""
        return [(f.name, f.room, self.forms[f.name]) for f in LEARNING_FORMS] + [
            (t("learning_form.none"), "", self.unstated)]


def learning_form_mix(rows: Iterable[PlanRow]) -> LearningFormMix:
    """Plan rows added up by learning form and by room for learning: activities (rows), staff
    hours and kroner, as the rows state them (a row without hours or kroner counts as an
    activity only). Any list of plan rows will do: one unit's, a team's, an organisation's.

    >>> mix = learning_form_mix([PlanRow(activity="ÅD", learning_form="Kortere kursus", hours=20, kroner=8000),
    ...                          PlanRow(activity="Sidemand", learning_form="Sidemandsoplæring", hours=6)])
    >>> mix.forms["Kortere kursus"], mix.rooms["Intern uformel"].hours, mix.total.activities
    (MixLine(activities=1, hours=20.0, kroner=8000.0), 6.0, 2)
    """
    mix = LearningFormMix()
    for row in rows:
        mix.add(row)
    return mix
