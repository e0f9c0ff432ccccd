"""What a plan row's Læringsform, Fase and Indsats før/under/efter are where the leader leaves
them blank. Pure.

The appendix's plan (bilag D) has ten columns; the five the tool adds for HR's figures fill
themselves, and a value the leader types always wins: Læringsform from the activity's wording,
Indsats as the concept's 30-30-40 of the row's staff time (expected effort, never effort done),
Fase from the status and the dates.
"""

from __future__ import annotations

__all__ = ["DERIVED_COLUMNS", "expected_split", "phase_now", "default_cells"]

from datetime import date
from typing import Any

from .effort import EFFORT_COLUMNS
from .labels import t
from .models import PlanRow
from .schema import PHASE_TARGETS, PHASES, PLAN, PLAN_STATUSES_CLOSED

# The plan's columns a person may type and the tool fills where they are blank.
DERIVED_COLUMNS: tuple[str, ...] = tuple(c.id for c in PLAN.columns if c.derived)
_BEFORE, _DURING, _AFTER = PHASES


def expected_split(hours: float) -> tuple[float, float, float]:
    """``hours`` split 30-30-40 before, during and after; the three add up to ``hours``.

    >>> expected_split(16)
    (4.8, 4.8, 6.4)
    """
    before = round(hours * PHASE_TARGETS[_BEFORE], 2)
    during = round(hours * PHASE_TARGETS[_DURING], 2)
    return before, during, round(hours - before - during, 4)


def phase_now(row: PlanRow, today: date) -> str | None:
    """Where the activity stands: Efter once it is done or anchored, Under while it runs, Før
    while it is not started or postponed; without a status, its dates decide (None without
    either).

    >>> from xlkompetence.core.models import PlanRow
    >>> phase_now(PlanRow(status="I gang"), date(2026, 5, 1)), phase_now(PlanRow(status="Gennemført"), date(2026, 5, 1))
    ('Under', 'Efter')
    >>> phase_now(PlanRow(status="Ikke startet", start=date(2026, 1, 1)), date(2026, 5, 1))
    'Før'
    >>> phase_now(PlanRow(start=date(2026, 1, 1), end=date(2026, 3, 31)), date(2026, 5, 1))
    'Efter'
    """
    if row.status in PLAN_STATUSES_CLOSED:
        return _AFTER
    if row.status == t("plan_status.in_progress"):
        return _DURING
    if row.status is not None:
        return _BEFORE
    if row.start is None:
        return None
    if today < row.start:
        return _BEFORE
    return _DURING if row.end is None or today <= row.end else _AFTER


def _hours_text(hours: float) -> str:
    number = f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return t("derived.expected_hours", hours=number)


def default_cells(row: PlanRow, today: date) -> dict[str, Any]:
    """What the derived columns show for ``row`` (as read and derived): its learning form
    where it took one from the wording, its phase now, and the expected 30-30-40 split where
    its hours carry it ("ca. 4,8 timer": expected, not done)."""
    cells: dict[str, Any] = dict.fromkeys(DERIVED_COLUMNS)
    if "learning_form" in row.derived:
        cells["learning_form"] = row.learning_form
    cells["phase"] = phase_now(row, today)
    if "phase_hours" in row.derived and row.phase_hours is not None:
        for key, hours in zip(EFFORT_COLUMNS, row.phase_hours):
            cells[key] = _hours_text(hours)
    return cells
