"""The two calculated sheets, Overblik and Fejl og mangler: what they say and where. Pure.

Both the template writer and refresh place cells with these functions, so the layout the
writer formats is the layout refresh fills in.
"""

from __future__ import annotations

__all__ = [
    "Cells", "TITLE_ROW", "INTRO_ROW", "INFO_ROW", "KEY_ROW", "TEAM_ROW", "CHART_CELL", "TEXT_COL",
    "FINDINGS_HEADER_ROW", "CATALOGUE_INPUT_ROWS", "Summary", "summarise", "team_rows", "overview_cells",
    "findings_cells", "catalogue_cells", "table_head", "committee_cells",
]

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import committee, formulas
from ..core.mus import PersonMus, Round, TeamMus, mus_round, people_mus, team_mus
from ..core.calculated import Cell
from ..core.findings import Finding, Severity
from ..core.gaps import Deficit, Priority, TeamSummary, deficit, needs_rows, priorities, team_summaries
from ..core.catalogue import catalogue, resource_persons
from ..core.labels import t
from ..core.models import CatalogueEntry, CommitteeRecord, TeamGoal, UnitWorkbook, WheelEvent
from ..core.wheel import next_wheel_date
from ..core.planning import (
    LearningFormMix,
    PhaseSplit,
    is_overdue,
    learning_form_mix,
    phase_split,
    status_counts,
    totals,
)
from ..core.schema import CATALOGUE, PHASES, Sheet, Status, is_leader_team, layout, placed_columns
from ..core.thread import ProfileThread, covered_teams, threads

Cells = dict[tuple[int, int], Cell]

# Fixed anchors (1-based rows). Everything below KEY_ROW depends on the number of teams.
TITLE_ROW, INTRO_ROW = 1, 2
INFO_ROW = 4
KEY_ROW = 9
TEAM_ROW = 28
# Beside the key figures, inside the first printed page's width.
CHART_CELL = "E4"
# The wide column profile texts go in; the columns before it hold short values.
TEXT_COL = 9
FINDINGS_HEADER_ROW = 4
# Rows of the catalogue's Kan oplære andre column kept white (and with their drop-down) below
# the lines: room for the lines to come.
CATALOGUE_INPUT_ROWS = 200


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
    deficit: Deficit
    threads: list[ProfileThread]
    # Activities covering (profile, team): the priority list's link to the plan.
    covering: dict[tuple[str, str], int]
    # MUS/PUS this round and development goals, per team.
    round: Round
    mus: list[TeamMus]
    # Per person, for the leader only (never on MED-SU or with HR); empty without the sheet Medarbejdere.
    people: list[PersonMus]
    mix: LearningFormMix
    next_wheel: WheelEvent | None
    team_goals: list[TeamGoal]
    # The leader group's own gaps, kept out of ``deficit`` (None: no leader group).
    leaders: Deficit | None
    resource_persons: int

    @property
    def missing_share(self) -> float | None:
        return (self.possible - self.assessed) / self.possible if self.possible else None


def summarise(unit: UnitWorkbook, findings: list[Finding], today: date) -> Summary:
    rows = needs_rows(unit)
    per_team = team_summaries(unit, rows)
    covering: dict[tuple[str, str], int] = {}
    for row in unit.plan:
        for pid in row.profile_ids:
            for team in covered_teams(row, unit.teams):
                covering[(pid, team)] = covering.get((pid, team), 0) + 1
    hours, kroner = totals(unit.plan)
    active = [p for p in unit.profiles if not p.retired]
    round_ = mus_round(unit.cover.period, today)
    leaders = [team for team in unit.teams if is_leader_team(team)]
    return Summary(
        unit=unit.cover.unit,
        leader=unit.cover.leader,
        period=unit.cover.period,
        updated=today,
        profiles=len(active),
        teams=len(unit.teams),
        assessed=sum(s.assessed for s in per_team),
        possible=len(active) * len(unit.teams) - sum(s.not_relevant for s in per_team),
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
        deficit=deficit(g for r in rows for team, g in r.gaps.items() if team not in leaders),
        threads=threads(unit, rows),
        covering=covering,
        round=round_,
        mus=team_mus(unit, round_),
        people=people_mus(unit, round_) if unit.employees else [],
        mix=learning_form_mix(unit.plan),
        next_wheel=next_wheel_date(unit, today),
        team_goals=[unit.team_goal_of(team) for team in unit.teams],
        leaders=deficit(g for r in rows for team, g in r.gaps.items() if team in leaders) if leaders else None,
        resource_persons=sum(len(names) for names in resource_persons(catalogue(unit)).values()),
    )


def team_rows(n_teams: int) -> tuple[int, int]:
    """First and last row of the per-team table (the chart's data)."""
    first = TEAM_ROW + 2
    return first, first + max(n_teams, 1) - 1


def overview_cells(s: Summary, teams: list[str] | tuple[str, ...]) -> Cells:
    """Overblik, top to bottom: title and the unit, key figures, means per team (the chart's
    data), plan status, the 30-30-40 split, the priority list and the red thread per profile.
    Each section below the per-team table starts where the one above ended."""
    cells: Cells = {}
    _put_heading(cells, s)
    _put_key_figures(cells, s)
    row = _put_per_team(cells, s, teams)
    row = _put_plan_status(cells, s, row)
    row = _put_split(cells, s, row)
    row = _put_mix(cells, s, row)
    row = _put_team_goals(cells, s, row)
    row = _put_mus(cells, s, row)
    row = _put_people(cells, s, row)
    row = _put_priorities(cells, s, row)
    _put_thread(cells, s, row)
    return cells


def _put(cells: Cells, row: int, col: int, value: Any, style: str = "") -> None:
    cells[(row, col)] = Cell(value, style=style)


def _put_table(cells: Cells, row: int, title: str, headers: tuple[str, ...],
               rows: Iterable[Iterable[tuple[Any, str]]]) -> None:
    """A section: its title in ``row``, column headers below, then one row of (value, style)
    pairs per item."""
    _put(cells, row, 1, t(title), "section")
    for c, key in enumerate(headers, start=1):
        _put(cells, row + 1, c, t(key), "header")
    for i, values in enumerate(rows):
        for c, (value, style) in enumerate(values, start=1):
            _put(cells, row + 2 + i, c, value, style)


def _put_heading(cells: Cells, s: Summary) -> None:
    """Title, introduction and the unit, leader, period and date of the update."""
    _put(cells, TITLE_ROW, 1, t("title.overview"), "title")
    _put(cells, INTRO_ROW, 1, t("intro.overview"), "intro")
    for i, (key, value, style) in enumerate((
        ("ov.unit", s.unit, "text"),
        ("ov.leader", s.leader, "text"),
        ("ov.period", s.period, "text"),
        ("ov.updated", s.updated, "date"),
    )):
        _put(cells, INFO_ROW + i, 1, t(key), "label")
        _put(cells, INFO_ROW + i, 2, value or None, style)


def _put_key_figures(cells: Cells, s: Summary) -> None:
    _put(cells, KEY_ROW, 1, t("ov.key_figures"), "section")
    figures = (
        ("ov.profiles", s.profiles, "int"),
        ("ov.teams", s.teams, "int"),
        ("ov.assessed", s.assessed, "int"),
        ("ov.missing_share", s.missing_share, "pct"),
        ("ov.profiles_gap2", s.profiles_gap2, "int"),
        ("ov.gap2_all", s.deficit.gap2, "int"),
        ("ov.mean_positive_gap_all", s.deficit.mean_positive, "dec"),
        ("ov.plan_rows", s.plan_rows, "int"),
        ("ov.overdue", s.overdue, "int"),
        ("ov.hours", s.hours, "dec"),
        ("ov.kroner", s.kroner, "kr"),
        ("ov.errors", s.errors, "int"),
        ("ov.warnings", s.warnings, "int"),
        ("ov.catalogue", s.resource_persons, "int"),
    )
    for i, (key, value, style) in enumerate(figures):
        _put(cells, KEY_ROW + 1 + i, 1, t(key), "label")
        _put(cells, KEY_ROW + 1 + i, 2, value, style)
    # The year wheel's next date, with its event beside it (seed 004: "årshjul").
    row = KEY_ROW + 1 + len(figures)
    _put(cells, row, 1, t("ov.next_wheel"), "label")
    if s.next_wheel is not None:
        _put(cells, row, 2, s.next_wheel.when, "date")
        _put(cells, row, 3, s.next_wheel.event, "text")
    else:
        # Date-formatted even when empty: refresh keeps a cell's format, and a date written
        # later into a text cell would show as a number.
        _put(cells, row, 2, t("ov.next_wheel_none"), "date")
    if s.leaders is not None:
        _put(cells, row + 1, 1, t("ov.leaders_mean"), "label")
        _put(cells, row + 1, 2, s.leaders.mean_positive, "dec")
        _put(cells, row + 2, 1, t("ov.leaders_gap2"), "label")
        _put(cells, row + 2, 2, s.leaders.gap2, "int")


def _put_per_team(cells: Cells, s: Summary, teams: list[str] | tuple[str, ...]) -> int:
    """Mean levels and counts per team, in the cover's team order (a team nobody assessed
    shows blanks and zeros). Returns the row the next section starts in."""
    by_team = {x.team: x for x in s.per_team}

    def values(team: str) -> list[tuple[Any, str]]:
        x = by_team.get(team)
        return [(team, "text"),
                (x.mean_desired if x else None, "dec"),
                (x.mean_actual if x else None, "dec"),
                (x.mean_gap if x else None, "dec"),
                (x.mean_positive_gap if x else None, "dec"),
                (x.assessed if x else 0, "int"),
                (x.missing if x else 0, "int"),
                (x.gap2 if x else 0, "int")]

    _put_table(cells, TEAM_ROW, "ov.per_team",
               ("ov.team", "ov.mean_desired", "ov.mean_actual", "ov.mean_gap", "ov.mean_positive_gap",
                "ov.team_assessed", "ov.team_missing", "ov.team_gap2"),
               (values(team) for team in teams))
    last = team_rows(len(teams))[1]
    _put(cells, last + 1, 1, t("ov.positive_gap_hint"), "note")
    return last + 3


def _put_plan_status(cells: Cells, s: Summary, row: int) -> int:
    """Plan rows per status from ``row``; returns the row the next section starts in."""
    _put_table(cells, row, "ov.plan_status", ("ov.status", "ov.rows"),
               ([(status, "text"), (count, "int")] for status, count in s.status_counts.items()))
    return row + 2 + len(s.status_counts) + 1


def _put_split(cells: Cells, s: Summary, row: int) -> int:
    """Hours before/during/after against the 30-30-40 rule, and the hours without a phase."""
    _put_table(cells, row, "ov.split", ("ov.phase", "ov.phase_hours", "ov.phase_share", "ov.phase_target"),
               ([(phase, "text"), (s.split.hours[phase], "dec"), (s.split.share(phase), "pct"),
                 (s.split.target(phase), "pct")] for phase in PHASES))
    _put(cells, row + 2 + len(PHASES), 1, t("ov.phase_missing"), "text")
    _put(cells, row + 2 + len(PHASES), 2, s.split.unphased_hours, "dec")
    return row + 2 + len(PHASES) + 2


def _put_mus(cells: Cells, s: Summary, row: int) -> int:
    """Per team: employees, MUS/PUS held this round and development goals, and the total."""
    rows = committee.mus_rows(s.mus)
    _put_table(cells, row, "ov.per_team", committee.MUS_HEADERS, rows)
    _put(cells, row, 1, t("ov.mus", start=s.round.start.strftime("%d-%m-%Y"), end=s.round.end.strftime("%d-%m-%Y")),
         "section")
    _put(cells, row + 2 + len(rows), 1, t("ov.mus.hint"), "note")
    return row + 2 + len(rows) + 2
def _put_mix(cells: Cells, s: Summary, row: int) -> int:
    """Activities, hours and kroner per learning form with its room, then per room."""
    lines = s.mix.lines()
    rooms = list(s.mix.rooms.items())
    _put_table(cells, row, "ov.mix", ("ov.mix.form", "ov.mix.activities", "ov.mix.hours", "ov.mix.kroner",
                                      "ov.mix.room"),
               [[(form, "text"), (x.activities, "int"), (x.hours, "dec"), (x.kroner, "kr"), (room or None, "text")]
                for form, room, x in lines]
               + [[(room, "label"), (x.activities, "int"), (x.hours, "dec"), (x.kroner, "kr"), (None, "text")]
                  for room, x in rooms])
    return row + 2 + len(lines) + len(rooms) + 1


def _put_people(cells: Cells, s: Summary, row: int) -> int:
    """Per person on the sheet Medarbejdere: held this round (at the team's TUS, where that is its
    form), when, the next follow-up, and the two kinds of development goal; who has none yet
    stands first. Nothing where the workbook lists nobody."""
    if not s.people:
        return row
    yes, no = t("ov.people.yes"), t("ov.people.no")
    ordered = sorted(s.people, key=lambda p: p.held)
    rows = [[(p.name, "text"), (p.team, "text"),
             (t("ov.people.tus") if p.by_tus else yes if p.held else t("ov.people.none"), "text"),
             (p.when, "date"), (p.next_follow_up, "date"), (yes if p.personal_goal else no, "text"),
             (yes if p.group_goal else no, "text")] for p in ordered]
    _put_table(cells, row, "ov.people", ("ov.people.name", "ov.people.team", "ov.people.held", "ov.people.date",
                                         "ov.people.next", "ov.people.goal", "ov.people.group_goal"), rows)
    _put(cells, row, 1, t("ov.people", start=s.round.start.strftime("%d-%m-%Y"), end=s.round.end.strftime("%d-%m-%Y")),
         "section")
    _put(cells, row + 2 + len(rows), 1, t("ov.people.hint"), "note")
    return row + 2 + len(rows) + 2


def _put_team_goals(cells: Cells, s: Summary, row: int) -> int:
    """Each team's learning goal beside what it agreed at its TUS, and when."""
    _put(cells, row, 1, t("ov.teams_tus"), "section")
    # The texts in the two wide columns: the goal, then what the TUS agreed.
    for c, key in ((1, "ov.team"), (2, "ov.tus_date"), (TEXT_COL, "ov.team_goal"), (TEXT_COL + 1, "ov.tus_agreements")):
        _put(cells, row + 1, c, t(key), "header")
    for i, goal in enumerate(s.team_goals):
        r = row + 2 + i
        _put(cells, r, 1, goal.team, "text")
        _put(cells, r, 2, goal.tus_date, "date")
        _put(cells, r, TEXT_COL, goal.text or None, "wrap")
        _put(cells, r, TEXT_COL + 1, goal.tus_agreements or None, "wrap")
    return row + 2 + max(len(s.team_goals), 1) + 1


def _put_priorities(cells: Cells, s: Summary, row: int) -> int:
    """The priority list (the leader's priority first, then the largest gap, with the
    activities that cover each), or a line saying there is nothing to prioritise. Returns the
    row the next section starts in."""
    headers = ("ov.team", "ov.rank", "ov.id", "ov.desired", "ov.actual", "ov.gap", "ov.priority",
               "ov.thread.activities", "ov.profile", "ov.reason")
    _put_table(cells, row, "ov.priorities", headers,
               ([(p.team, "text"), (p.rank, "int"), (p.profile_id, "text"), (p.desired, "int"),
                 (p.actual, "int"), (p.gap, "gap"), (p.priority, "text"),
                 (s.covering.get((p.profile_id, p.team), 0), "int"), (p.text, "text"), (p.reason or None, "wrap")]
                for p in s.priorities))
    if not s.priorities:
        _put(cells, row + 2, 1, t("ov.no_priorities"), "text")
    return row + 2 + max(len(s.priorities), 1) + 1


def _put_thread(cells: Cells, s: Summary, row: int) -> None:
    """Per profile: gap → activities → status → anchoring, and the first link missing."""
    headers = ("ov.thread.id", "ov.thread.priority", "ov.thread.max_gap", "ov.thread.gap2_teams",
               "ov.thread.activities", "ov.thread.closed", "ov.thread.anchoring", "ov.thread.next",
               "ov.thread.profile", "ov.thread.state")

    def values(x: ProfileThread) -> list[tuple[Any, str]]:
        key, params = x.state
        return [(x.profile_id, "text"), (x.priority, "text"), (x.max_gap, "gap"), (len(x.gap2_teams), "int"),
                (len(x.activities), "int"), (len(x.closed), "int"), (len(x.anchoring), "int"),
                (x.next_follow_up, "date"), (x.text, "text"), (t(key, **params), "wrap")]

    _put_table(cells, row, "ov.thread", headers, (values(x) for x in s.threads))
    if not s.threads:
        _put(cells, row + 2, 1, t("ov.thread.none"), "text")


def committee_cells(unit: UnitWorkbook, today: date) -> Cells:
    """MED-SU: title, the unit, period and date, then each section of ``core.committee`` below
    the one before (a table with its headers, or a line where it has no rows, and its note)."""
    cells: Cells = {}
    _put(cells, TITLE_ROW, 1, t("title.committee"), "title")
    _put(cells, INTRO_ROW, 1, t("intro.committee"), "intro")
    for i, (key, value, style) in enumerate((("committee.unit", unit.cover.unit, "text"),
                                             ("committee.period", unit.cover.period, "text"),
                                             ("committee.updated", today, "date"))):
        _put(cells, INFO_ROW + i, 1, t(key), "label")
        _put(cells, INFO_ROW + i, 2, value or None, style)
    row = _put_record(cells, INFO_ROW + 4, unit.committee)
    for section in committee.sections(unit, today):
        _put(cells, row, 1, section.title, "section")
        for c, header in enumerate(section.headers, start=1):
            _put(cells, row + 1, c, header, "header")
        for i, values in enumerate(section.rows):
            for c, (value, style) in enumerate(values, start=1):
                _put(cells, row + 2 + i, c, value, style)
        row += 2 + len(section.rows)
        if not section.rows and section.empty:
            _put(cells, row, 1, section.empty, "text")
            row += 1
        if section.note:
            _put(cells, row, 1, section.note, "note")
            row += 1
        row += 1
    return cells


def _put_record(cells: Cells, row: int, record: CommitteeRecord) -> int:
    """The MED record's input cells, with what was typed there (read from the sheet by the
    reader, so rewriting the sheet keeps it); the row after it."""
    _put(cells, row, 1, t("committee.record"), "section")
    _put(cells, row + 1, 1, t("committee.discussed"), "label")
    _put(cells, row + 1, 2, record.discussed or record.typed_date or None, "input_date")
    _put(cells, row + 2, 1, t("committee.conclusions"), "label")
    _put(cells, row + 2, 2, record.conclusions or None, "input")
    return row + 4


def findings_cells(findings: list[Finding]) -> Cells:
    """Fejl og mangler: one row per finding, linked to its cell, errors first."""
    cells: Cells = {}
    cells[(TITLE_ROW, 1)] = Cell(t("title.findings"), style="title")
    cells[(INTRO_ROW, 1)] = Cell(t("intro.findings"), style="intro")
    # What the leader reads: type, place, value and message (the code stays in the CLI's and
    # the JSON's output, for support: it is English, not for a leader's sheet).
    headers = ("fs.severity", "fs.sheet", "fs.cell", "fs.value", "fs.message")
    for c, key in enumerate(headers, start=1):
        cells[(FINDINGS_HEADER_ROW, c)] = Cell(t(key), style="header")
    ordered = sorted(findings, key=lambda f: (f.severity.rank, f.sheet or "", _row_of(f.cell)))
    if not ordered:
        cells[(FINDINGS_HEADER_ROW + 1, 1)] = Cell(t("fs.none"), style="text")
    for i, f in enumerate(ordered):
        r = FINDINGS_HEADER_ROW + 1 + i
        cells[(r, 1)] = Cell(f.severity.label, style="severity")
        cells[(r, 2)] = Cell(f.sheet, style="text")
        if f.sheet and f.cell:
            cells[(r, 3)] = Cell(f.location, formula=formulas.hyperlink(f.sheet, f.cell), style="link")
        else:
            cells[(r, 3)] = Cell(None, style="text")
        cells[(r, 4)] = Cell(f.value, style="wrap")
        cells[(r, 5)] = Cell(f.message, style="wrap")
    return cells


def _row_of(cell: str | None) -> int:
    digits = "".join(ch for ch in cell or "" if ch.isdigit())
    return int(digits) if digits else 0


def table_head(sheet: Sheet) -> Cells:
    """An owned sheet's title, intro and its table's headers."""
    header = layout(sheet).header_row
    cells: Cells = {(TITLE_ROW, 1): Cell(sheet.title, style="title"), (INTRO_ROW, 1): Cell(sheet.intro, style="intro")}
    for c, p in enumerate(placed_columns(sheet), start=1):
        cells[(header, c)] = Cell(p.header, style="header")
    return cells


def catalogue_cells(entries: Sequence[CatalogueEntry]) -> Cells:
    """Kompetencekatalog: title, intro, headers and one row per line; the typed Kan oplære
    andre goes back in its line's row, and blank input cells stand below for lines to come."""
    placed = placed_columns(CATALOGUE)
    header = layout(CATALOGUE).header_row
    cells = table_head(CATALOGUE)
    styles = ["input" if p.column.is_input else "year" if p.column.id == "year" else "wrap" for p in placed]
    for i, entry in enumerate(entries):
        r = header + 1 + i
        values = {
            "employees": entry.employees or None,
            "activity": entry.activity or None,
            "learning_form": entry.learning_form,
            "year": entry.year,
            "profile_ids": ", ".join(entry.profile_ids) or None,
            "plan_row": str(entry.plan_row) if entry.plan_row else entry.earlier or t("catalogue.gone"),
            "can_teach": entry.can_teach or None,
        }
        for c, (p, style) in enumerate(zip(placed, styles), start=1):
            cells[(r, c)] = Cell(values[p.key], style=style)
    # Blank, formatted cells below the lines: the lines to come keep the format (refresh keeps
    # a cell's format, and a new cell takes the one above it, the header's).
    for r in range(header + 1 + len(entries), header + 1 + max(len(entries), 1) + CATALOGUE_INPUT_ROWS):
        for c, style in enumerate(styles, start=1):
            cells[(r, c)] = Cell(None, style=style)
    return cells
