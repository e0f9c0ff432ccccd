"""The two calculated sheets, Overblik and Fejl og mangler: what they say and where. Pure.

Both the template writer and refresh place cells with these functions, so the layout the
writer formats is the layout refresh fills in.
"""

from __future__ import annotations

__all__ = [
    "Cells", "TITLE_ROW", "INTRO_ROW", "INFO_ROW", "KEY_ROW", "TEAM_ROW", "CHART_CELL",
    "FINDINGS_HEADER_ROW", "Summary", "summarise", "team_rows", "overview_cells", "findings_cells",
]

from dataclasses import dataclass
from datetime import date

from ..core import formulas
from ..core.calculated import Cell
from ..core.findings import Finding, Severity
from ..core.gaps import Priority, TeamSummary, needs_rows, priorities, team_summaries
from ..core.labels import t
from ..core.models import UnitWorkbook
from ..core.planning import PhaseSplit, is_overdue, phase_split, status_counts, totals
from ..core.schema import PHASES, Status

Cells = dict[tuple[int, int], Cell]

# Fixed anchors (1-based rows). Everything below KEY_ROW depends on the number of teams.
TITLE_ROW, INTRO_ROW = 1, 2
INFO_ROW = 4
KEY_ROW = 9
TEAM_ROW = 22
CHART_CELL = "F4"
FINDINGS_HEADER_ROW = 4


@dataclass(frozen=True)
class Summary:
    unit: str
    leader: str
    period: str
    updated: date
    profiles: int
    teams: int
    assessed: int
    possible: int
    profiles_gap2: int
    plan_rows: int
    overdue: int
    hours: float
    kroner: float
    errors: int
    warnings: int
    per_team: list[TeamSummary]
    status_counts: dict[str, int]
    split: PhaseSplit
    priorities: list[Priority]

    @property
    def missing_share(self) -> float | None:
        return (self.possible - self.assessed) / self.possible if self.possible else None


def summarise(unit: UnitWorkbook, findings: list[Finding], today: date) -> Summary:
    rows = needs_rows(unit)
    per_team = team_summaries(unit, rows)
    hours, kroner = totals(unit.plan)
    active = [p for p in unit.profiles if not p.retired]
    return Summary(
        unit=unit.cover.unit,
        leader=unit.cover.leader,
        period=unit.cover.period,
        updated=today,
        profiles=len(active),
        teams=len(unit.teams),
        assessed=sum(s.assessed for s in per_team),
        possible=len(active) * len(unit.teams),
        profiles_gap2=sum(1 for r in rows if r.status is Status.GAP2),
        plan_rows=len(unit.plan),
        overdue=sum(1 for r in unit.plan if is_overdue(r, today)),
        hours=hours,
        kroner=kroner,
        errors=sum(1 for f in findings if f.severity is Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        per_team=per_team,
        status_counts=status_counts(unit.plan),
        split=phase_split(unit.plan),
        priorities=priorities(unit, rows),
    )


def team_rows(n_teams: int) -> tuple[int, int]:
    """First and last row of the per-team table (the chart's data)."""
    first = TEAM_ROW + 2
    return first, first + max(n_teams, 1) - 1


def overview_cells(s: Summary, teams: list[str] | tuple[str, ...]) -> Cells:
    cells: Cells = {}

    def put(row: int, col: int, value, style: str = "") -> None:
        cells[(row, col)] = Cell(value, style=style)

    put(TITLE_ROW, 1, t("title.overview"), "title")
    put(INTRO_ROW, 1, t("intro.overview"), "intro")
    for i, (key, value, style) in enumerate((
        ("ov.unit", s.unit, "text"),
        ("ov.leader", s.leader, "text"),
        ("ov.period", s.period, "text"),
        ("ov.updated", s.updated, "date"),
    )):
        put(INFO_ROW + i, 1, t(key), "label")
        put(INFO_ROW + i, 2, value or None, style)

    put(KEY_ROW, 1, t("ov.key_figures"), "section")
    figures = (
        ("ov.profiles", s.profiles, "int"),
        ("ov.teams", s.teams, "int"),
        ("ov.assessed", s.assessed, "int"),
        ("ov.missing_share", s.missing_share, "pct"),
        ("ov.profiles_gap2", s.profiles_gap2, "int"),
        ("ov.plan_rows", s.plan_rows, "int"),
        ("ov.overdue", s.overdue, "int"),
        ("ov.hours", s.hours, "dec"),
        ("ov.kroner", s.kroner, "kr"),
        ("ov.errors", s.errors, "int"),
        ("ov.warnings", s.warnings, "int"),
    )
    for i, (key, value, style) in enumerate(figures):
        put(KEY_ROW + 1 + i, 1, t(key), "label")
        put(KEY_ROW + 1 + i, 2, value, style)

    put(TEAM_ROW, 1, t("ov.per_team"), "section")
    headers = ("ov.team", "ov.mean_desired", "ov.mean_actual", "ov.mean_gap",
               "ov.team_assessed", "ov.team_missing", "ov.team_gap2")
    for c, key in enumerate(headers, start=1):
        put(TEAM_ROW + 1, c, t(key), "header")
    first, _ = team_rows(len(teams))
    by_team = {x.team: x for x in s.per_team}
    for i, team in enumerate(teams):
        x = by_team.get(team)
        row = first + i
        put(row, 1, team, "text")
        put(row, 2, x.mean_desired if x else None, "dec")
        put(row, 3, x.mean_actual if x else None, "dec")
        put(row, 4, x.mean_gap if x else None, "dec")
        put(row, 5, x.assessed if x else 0, "int")
        put(row, 6, x.missing if x else 0, "int")
        put(row, 7, x.gap2 if x else 0, "int")

    row = team_rows(len(teams))[1] + 2
    put(row, 1, t("ov.plan_status"), "section")
    put(row + 1, 1, t("ov.status"), "header")
    put(row + 1, 2, t("ov.rows"), "header")
    for i, (status, count) in enumerate(s.status_counts.items()):
        put(row + 2 + i, 1, status, "text")
        put(row + 2 + i, 2, count, "int")

    row += 2 + len(s.status_counts) + 1
    put(row, 1, t("ov.split"), "section")
    for c, key in enumerate(("ov.phase", "ov.phase_hours", "ov.phase_share", "ov.phase_target"), start=1):
        put(row + 1, c, t(key), "header")
    for i, phase in enumerate(PHASES):
        put(row + 2 + i, 1, phase, "text")
        put(row + 2 + i, 2, s.split.hours[phase], "dec")
        put(row + 2 + i, 3, s.split.share(phase), "pct")
        put(row + 2 + i, 4, s.split.target(phase), "pct")
    put(row + 2 + len(PHASES), 1, t("ov.phase_missing"), "text")
    put(row + 2 + len(PHASES), 2, s.split.unphased_hours, "dec")

    row += 2 + len(PHASES) + 2
    put(row, 1, t("ov.priorities"), "section")
    pheaders = ("ov.team", "ov.rank", "ov.id", "ov.desired", "ov.actual", "ov.gap", "ov.profile")
    for c, key in enumerate(pheaders, start=1):
        put(row + 1, c, t(key), "header")
    if not s.priorities:
        put(row + 2, 1, t("ov.no_priorities"), "text")
    for i, p in enumerate(s.priorities):
        r = row + 2 + i
        for c, (value, style) in enumerate((
            (p.team, "text"), (p.rank, "int"), (p.profile_id, "text"),
            (p.desired, "int"), (p.actual, "int"), (p.gap, "gap"), (p.text, "text"),
        ), start=1):
            put(r, c, value, style)
    return cells


def findings_cells(findings: list[Finding]) -> Cells:
    """Fejl og mangler: one row per finding, linked to its cell, errors first."""
    cells: Cells = {}
    cells[(TITLE_ROW, 1)] = Cell(t("title.findings"), style="title")
    cells[(INTRO_ROW, 1)] = Cell(t("intro.findings"), style="intro")
    headers = ("fs.severity", "fs.code", "fs.sheet", "fs.cell", "fs.value", "fs.message")
    for c, key in enumerate(headers, start=1):
        cells[(FINDINGS_HEADER_ROW, c)] = Cell(t(key), style="header")
    ordered = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.sheet or "", _row_of(f.cell)))
    if not ordered:
        cells[(FINDINGS_HEADER_ROW + 1, 1)] = Cell(t("fs.none"), style="text")
    for i, f in enumerate(ordered):
        r = FINDINGS_HEADER_ROW + 1 + i
        cells[(r, 1)] = Cell(f.severity.label, style="severity")
        cells[(r, 2)] = Cell(f.code, style="text")
        cells[(r, 3)] = Cell(f.sheet, style="text")
        if f.sheet and f.cell:
            cells[(r, 4)] = Cell(f.location, formula=formulas.hyperlink(f.sheet, f.cell), style="link")
        else:
            cells[(r, 4)] = Cell(None, style="text")
        cells[(r, 5)] = Cell(f.value, style="text")
        cells[(r, 6)] = Cell(f.message, style="wrap")
    return cells


def _row_of(cell: str | None) -> int:
    digits = "".join(ch for ch in cell or "" if ch.isdigit())
    return int(digits) if digits else 0
