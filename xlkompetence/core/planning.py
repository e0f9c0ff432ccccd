"""What the plan (template D) and the anchoring schema (template E) add up to. Pure."""

from __future__ import annotations

__all__ = [
    "is_overdue", "overdue_label", "follow_up_status", "status_counts", "PhaseSplit",
    "phase_split", "totals",
]

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .labels import t
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


def status_counts(plan: tuple[PlanRow, ...] | list[PlanRow]) -> dict[str, int]:
    """Rows per plan status, every status listed (zero included), blanks last."""
    counts = Counter(r.status for r in plan)
    result = {status: counts.get(status, 0) for status in PLAN_STATUSES}
    result[t("plan_status.blank")] = counts.get(None, 0)
    return result


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


def phase_split(plan: tuple[PlanRow, ...] | list[PlanRow]) -> PhaseSplit:
    """Staff hours before, during and after, by effort: a row's Indsats columns where it fills
    them in (one row carries the activity and its follow-up), else all its hours in its Fase,
    else they count as without a phase."""
    hours = {phase: 0.0 for phase in PHASES}
    unphased = 0.0
    for row in plan:
        if row.phase_hours is not None:
            for phase, h in zip(PHASES, row.phase_hours):
                hours[phase] += h
        elif row.hours is None:
            continue
        elif row.phase in hours:
            hours[row.phase] += row.hours
        else:
            unphased += row.hours
    return PhaseSplit({k: round(v, 2) for k, v in hours.items()}, round(unphased, 2))


def totals(plan: tuple[PlanRow, ...] | list[PlanRow]) -> tuple[float, float]:
    """Hours and kroner over every row that states them."""
    return (
        round(sum(r.hours or 0.0 for r in plan), 2),
        round(sum(r.kroner or 0.0 for r in plan), 2),
    )
