"""The one description of the unit workbook: its sheets, their columns, types and rules.

The template writer, the reader, the validator, refresh and the Excel add-in all read this
module; none of them spells a sheet name or a header of its own.
"""

from __future__ import annotations

__all__ = [
    "SCHEMA_VERSION", "FIRST_VERSION", "LEVEL_MIN", "LEVEL_MAX", "NOT_RELEVANT", "is_not_relevant", "MAX_SHEET_NAME", "Kind", "Calc", "Status",
    "STATUS_URGENCY", "PLAN_STATUSES", "PLAN_STATUSES_CLOSED", "PHASES", "PRIORITIES", "ORG_ACTIVE",
    "ORG_RETIRED", "ORG_STATUSES", "RETIRED_STATUS", "PHASE_TARGETS", "Column", "Sheet",
    "PROFILES", "NEEDS", "EMPLOYEES", "EMPLOYEE_STATUSES", "EMPLOYEE_ACTIVE", "EMPLOYEE_ENDED", "EMPLOYEES_SINCE",
    "INDIVIDUAL", "PLAN", "SUGGESTIONS", "ANCHORING", "CATALOGUE", "CAN_TEACH", "COVER", "OVERVIEW", "COMMITTEE",
    "FINDINGS",
    "GUIDE", "MEMORY", "SHEETS", "TEMPLATE_SHEETS", "SHEETS_BY_ID", "COVER_FIELDS", "PlacedColumn",
    "placed_columns", "Layout", "TEMPLATE_LAYOUT", "NEEDS_TEAM_ROW", "NEEDS_GOAL_ROW",
    "NEEDS_TUS_DATE_ROW", "NEEDS_TUS_ROW", "NEEDS_LAYOUT", "WHEEL_EVENTS", "wheel_events", "CONVERSATION_NAMES",
    "WHEEL_SPARE_ROWS", "WHEEL_STATUS_COL", "WHEEL_ORG_COL", "WHEEL_FORMULA_SINCE", "version_at_least", "LEADER_TEAM_NAMES",
    "is_leader_team", "layout", "validate_team_names", "team_header_name", "max_team_name",
    "MAX_TABLE_HEADER",
]

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .labels import DEFAULT_CONVERSATION, LABELS, t, with_conversation
from .learning import LEARNING_FORM_NAMES

# The template's version, on every Forside. A column a version adds carries it as ``since``:
# a workbook made before it reads without the column (reported once, as information).
SCHEMA_VERSION = "5"
FIRST_VERSION = "1"
LEVEL_MIN, LEVEL_MAX = 1, 5
# The level answer that says a profile is not relevant for a team.
NOT_RELEVANT = t("level.not_relevant")
MAX_SHEET_NAME = 31
# Excel repairs (and truncates) a table column name over 255 characters.
MAX_TABLE_HEADER = 255


class Kind(StrEnum):
    """What a column holds; decides parsing, validation and formatting."""

    ID = "id"
    TEXT = "text"
    LONG_TEXT = "long_text"
    LEVEL = "level"
    DATE = "date"
    CHOICE = "choice"
    TIMELINE = "timeline"
    RESOURCES = "resources"
    NUMBER = "number"
    # Names competence profiles: numbers from sheet A ("K1", "K1, K3") or a profile's text.
    PROFILE_REF = "profile_ref"


class Calc(StrEnum):
    """Who fills a column. INPUT: a person. FORMULA: a live Excel formula whose cached value
    refresh keeps right. VALUE: refresh writes a value (it needs parsing Excel cannot do).
    MANAGED: written by the organisation's sync (and ``new --org``), left alone by refresh."""

    INPUT = "input"
    FORMULA = "formula"
    VALUE = "value"
    MANAGED = "managed"


class Status(StrEnum):
    """Status of one team's assessment of a profile, most urgent first."""

    GAP2 = "gap2"
    MISSING = "missing"
    GAP1 = "gap1"
    NONE = "none"
    ABOVE = "above"
    # Every team answered "Ikke relevant": nothing to assess, nothing missing.
    NOT_RELEVANT = "not_relevant"

    @property
    def label(self) -> str:
        return t(f"status.{self.value}")


STATUS_URGENCY: tuple[Status, ...] = tuple(Status)

PLAN_STATUSES: tuple[str, ...] = tuple(
    t(f"plan_status.{k}") for k in ("not_started", "in_progress", "done", "anchored", "postponed")
)
PLAN_STATUSES_CLOSED: tuple[str, ...] = (t("plan_status.done"), t("plan_status.anchored"))
PHASES: tuple[str, ...] = (t("phase.before"), t("phase.during"), t("phase.after"))
# The leader's decision per profile (fase 2, trin 2), in the order the priority list follows.
PRIORITIES: tuple[str, ...] = (t("priority.short"), t("priority.long"), t("priority.not_now"))
ORG_ACTIVE = t("org_status.active")
ORG_RETIRED = t("org_status.retired")
ORG_STATUSES: tuple[str, ...] = (ORG_ACTIVE, ORG_RETIRED)
RETIRED_STATUS = t("status.retired")
PHASE_TARGETS: dict[str, float] = dict(zip(PHASES, (0.30, 0.30, 0.40)))


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: Kind = Kind.TEXT
    calc: Calc = Calc.INPUT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    width: float = 30
    per_team: bool = False
    # The template version that added the column (older workbooks read without it).
    since: str = FIRST_VERSION
    # The last template version that had the column (empty: every version since): a later
    # template writes it no more, and the reader still reads it where a workbook has it.
    until: str = ""
    # A person types it, and where it is blank refresh fills in what the row's other cells give
    # (``plandefaults``): a typed value always wins.
    derived: bool = False
    # What the help row above the header says, where ``help`` (the cell's input message)
    # is longer than the row can show in the column.
    short_help: str = ""

    @property
    def hint(self) -> str:
        """The help row's text: short enough to show whole above the header."""
        return with_conversation(self.short_help or self.help)

    @property
    def help_text(self) -> str:
        """The cell's input message, the conversation named as the organisation names it."""
        return with_conversation(self.help)

    def header(self, team: str | None = None) -> str:
        """The column's header: its team's where it is one per team, and the conversation named
        as the organisation names it (``labels.conversation_named``)."""
        label = with_conversation(self.label)
        return label.format(team=team_header_name(team or "")) if self.per_team else label

    def headers_read(self, team: str | None = None) -> tuple[str, ...]:
        """The headers a reader takes for the column: its own, and where it names the
        conversation, the same header naming it as another organisation or an older template
        does (MUS/PUS, MUS, PUS)."""
        own = self.header(team)
        if DEFAULT_CONVERSATION not in self.label:
            return (own,)
        label = self.label.format(team=team_header_name(team or "")) if self.per_team else self.label
        return (own, *(label.replace(DEFAULT_CONVERSATION, name) for name in CONVERSATION_NAMES))

    @property
    def is_input(self) -> bool:
        return self.calc is Calc.INPUT

    @property
    def is_new(self) -> bool:
        """Added after the first template: an older workbook may lack it."""
        return self.since != FIRST_VERSION


@dataclass(frozen=True)
class Sheet:
    id: str
    name: str
    title: str
    intro: str
    columns: tuple[Column, ...]
    table: str = ""
    spare_rows: int = 0
    # The key column: a row counts as filled in when any input column has a value.
    key: str = ""

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    @property
    def is_template(self) -> bool:
        return bool(self.columns)


def _col(sheet: str, cid: str, **kw: Any) -> Column:
    return Column(id=cid, label=t(f"col.{sheet}.{cid}"), help=LABELS.get(f"help.{sheet}.{cid}", ""),
                  short_help=LABELS.get(f"hint.{sheet}.{cid}", ""), **kw)


PROFILES = Sheet(
    id="profiles",
    name=t("sheet.profiles"),
    title=t("title.profiles"),
    intro=t("intro.profiles"),
    table="tblProfiler",
    spare_rows=40,
    key="id",
    columns=(
        _col("profiles", "id", kind=Kind.ID, width=8),
        _col("profiles", "strategy", kind=Kind.LONG_TEXT, width=42),
        _col("profiles", "goal", kind=Kind.LONG_TEXT, width=42),
        _col("profiles", "profile", kind=Kind.LONG_TEXT, required=True, width=53),
        _col("profiles", "org", kind=Kind.CHOICE, calc=Calc.MANAGED, choices=ORG_STATUSES, width=13),
        # The goal a row without one of its own inherits from a row above: shown, never silent.
        _col("profiles", "inherited_goal", kind=Kind.LONG_TEXT, calc=Calc.VALUE, width=30, since="2"),
    ),
)

NEEDS = Sheet(
    id="needs",
    name=t("sheet.needs"),
    title=t("title.needs"),
    intro=t("intro.needs"),
    table="tblKompetencebehov",
    spare_rows=40,
    key="id",
    columns=(
        _col("needs", "id", kind=Kind.ID, required=True, width=8),
        _col("needs", "profile", kind=Kind.LONG_TEXT, calc=Calc.FORMULA, width=50),
        _col("needs", "desired", kind=Kind.LEVEL, per_team=True, width=11),
        _col("needs", "actual", kind=Kind.LEVEL, per_team=True, width=11),
        # Last round's level beside this round's, so the development shows; written by next-round.
        _col("needs", "previous", kind=Kind.LEVEL, calc=Calc.MANAGED, per_team=True, width=11, since="3"),
        _col("needs", "gap", kind=Kind.NUMBER, calc=Calc.FORMULA, per_team=True, width=8),
        # The leader's decision per profile and team: a profile can be urgent for one team and
        # wait for another (HR's list of needs without an activity follows it team by team).
        _col("needs", "team_priority", kind=Kind.CHOICE, choices=PRIORITIES, per_team=True, width=13, since="5"),
        _col("needs", "team_reason", kind=Kind.LONG_TEXT, per_team=True, width=24, since="5"),
        _col("needs", "max_gap", kind=Kind.NUMBER, calc=Calc.FORMULA, width=9),
        _col("needs", "status", kind=Kind.TEXT, calc=Calc.FORMULA, width=18),
        # Templates 2–4: one decision per profile, for every team; read, no longer written.
        _col("needs", "priority", kind=Kind.CHOICE, choices=PRIORITIES, width=13, since="2", until="4"),
        _col("needs", "reason", kind=Kind.LONG_TEXT, width=30, since="2", until="4"),
    ),
)

# The unit's people: HR's employee list as rollout and sync put it (name, team, employment
# start, e-mail), kept by the leader, who adds, ends or moves people. Bilag C, the MUS sheets
# and the MUS figures count the people on it; names elsewhere are resolved against it.
EMPLOYEES_SINCE = "5"
EMPLOYEE_ACTIVE = t("employee_status.active")
EMPLOYEE_ENDED = t("employee_status.ended")
EMPLOYEE_STATUSES: tuple[str, ...] = (EMPLOYEE_ACTIVE, EMPLOYEE_ENDED)
EMPLOYEES = Sheet(
    id="employees",
    name=t("sheet.employees"),
    title=t("title.employees"),
    intro=t("intro.employees"),
    table="tblMedarbejdere",
    spare_rows=30,
    key="name",
    columns=(
        _col("employees", "name", width=24, since=EMPLOYEES_SINCE),
        _col("employees", "team", kind=Kind.CHOICE, width=16, since=EMPLOYEES_SINCE),
        _col("employees", "start", kind=Kind.DATE, width=13, since=EMPLOYEES_SINCE),
        _col("employees", "email", width=30, since=EMPLOYEES_SINCE),
        _col("employees", "status", kind=Kind.CHOICE, choices=EMPLOYEE_STATUSES, width=12, since=EMPLOYEES_SINCE),
    ),
)

INDIVIDUAL = Sheet(
    id="individual",
    name=t("sheet.individual"),
    title=t("title.individual"),
    intro=t("intro.individual"),
    table="tblLaeringsmaal",
    spare_rows=60,
    columns=(
        _col("individual", "employee", width=18),
        _col("individual", "team", kind=Kind.CHOICE, width=12),
        _col("individual", "team_goal", kind=Kind.LONG_TEXT, width=33),
        _col("individual", "personal_goal", kind=Kind.LONG_TEXT, width=33),
        _col("individual", "activities", kind=Kind.LONG_TEXT, width=28),
        _col("individual", "activity_goals", kind=Kind.LONG_TEXT, width=33),
        # MUS/PUS: when the row's goals and activities were agreed, and when to follow up.
        _col("individual", "mus_date", kind=Kind.DATE, width=13, since="3"),
        _col("individual", "next_follow_up", kind=Kind.DATE, width=13, since="3"),
        # Last: the employee's own, printed for no meeting (``printing.PRINT_UNTIL``). Readers
        # find every column by its header, so a workbook with it before the dates reads the same.
        _col("individual", "logbook", kind=Kind.LONG_TEXT, width=60),
    ),
)

PLAN = Sheet(
    id="plan",
    name=t("sheet.plan"),
    title=t("title.plan"),
    intro=t("intro.plan"),
    table="tblPlan",
    spare_rows=60,
    columns=(
        _col("plan", "employees", kind=Kind.LONG_TEXT, width=24),
        _col("plan", "need", kind=Kind.PROFILE_REF, width=28),
        _col("plan", "activity", kind=Kind.LONG_TEXT, required=True, width=24),
        _col("plan", "follow_up", kind=Kind.LONG_TEXT, width=22),
        _col("plan", "goal", kind=Kind.LONG_TEXT, width=26),
        _col("plan", "timeline", kind=Kind.TIMELINE, width=16),
        _col("plan", "responsible", required=True, width=16),
        _col("plan", "success", kind=Kind.LONG_TEXT, width=24),
        _col("plan", "resources", kind=Kind.RESOURCES, width=14),
        _col("plan", "status", kind=Kind.CHOICE, choices=PLAN_STATUSES, width=13),
        _col("plan", "phase", kind=Kind.CHOICE, choices=PHASES, width=9, derived=True),
        # Fase 3 trin 1: the form of learning, from a list (formal/informal, internal/external).
        _col("plan", "learning_form", kind=Kind.CHOICE, choices=LEARNING_FORM_NAMES, width=16, since="3",
             derived=True),
        # 30-30-40: one row carries the activity and its follow-up, so its effort is split here.
        _col("plan", "effort_before", kind=Kind.RESOURCES, width=10, since="2", derived=True),
        _col("plan", "effort_during", kind=Kind.RESOURCES, width=10, since="2", derived=True),
        _col("plan", "effort_after", kind=Kind.RESOURCES, width=10, since="2", derived=True),
        _col("plan", "start", kind=Kind.DATE, calc=Calc.VALUE, width=11),
        _col("plan", "end", kind=Kind.DATE, calc=Calc.VALUE, width=11),
        _col("plan", "overdue", kind=Kind.TEXT, calc=Calc.VALUE, width=11),
        _col("plan", "participants", kind=Kind.NUMBER, calc=Calc.VALUE, width=10, since="2"),
        _col("plan", "hours", kind=Kind.NUMBER, calc=Calc.VALUE, width=8),
        _col("plan", "kroner", kind=Kind.NUMBER, calc=Calc.VALUE, width=11),
        _col("plan", "profile_ids", kind=Kind.TEXT, calc=Calc.VALUE, width=10, since="2"),
    ),
)

ANCHORING = Sheet(
    id="anchoring",
    name=t("sheet.anchoring"),
    title=t("title.anchoring"),
    intro=t("intro.anchoring"),
    table="tblForankring",
    spare_rows=30,
    columns=(
        _col("anchoring", "need", kind=Kind.LONG_TEXT, width=37),
        _col("anchoring", "works", kind=Kind.LONG_TEXT, width=37),
        _col("anchoring", "worries", kind=Kind.LONG_TEXT, width=37),
        _col("anchoring", "agreements", kind=Kind.LONG_TEXT, width=37),
        _col("anchoring", "next_follow_up", kind=Kind.DATE, width=14),
        _col("anchoring", "profile_ref", kind=Kind.PROFILE_REF, width=11, since="2"),
        _col("anchoring", "follow_up_status", kind=Kind.TEXT, calc=Calc.VALUE, width=14),
    ),
)

CAN_TEACH: tuple[str, ...] = (t("catalogue.yes"), t("catalogue.no"), t("catalogue.yes_named"))

# Written whole by refresh from the plan's Gennemført/Forankret rows; only Kan oplære andre is
# typed, and it is kept with its line (employees + activity + profiles) when the plan changes.
CATALOGUE = Sheet(
    id="catalogue",
    name=t("sheet.catalogue"),
    title=t("title.catalogue"),
    intro=t("intro.catalogue"),
    columns=(
        _col("catalogue", "employees", kind=Kind.LONG_TEXT, calc=Calc.VALUE, width=30, since="3"),
        _col("catalogue", "activity", kind=Kind.LONG_TEXT, calc=Calc.VALUE, width=34, since="3"),
        _col("catalogue", "learning_form", kind=Kind.TEXT, calc=Calc.VALUE, width=20, since="3"),
        _col("catalogue", "year", kind=Kind.NUMBER, calc=Calc.VALUE, width=8, since="3"),
        _col("catalogue", "profile_ids", kind=Kind.TEXT, calc=Calc.VALUE, width=10, since="3"),
        _col("catalogue", "plan_row", kind=Kind.TEXT, calc=Calc.VALUE, width=14, since="3"),
        _col("catalogue", "can_teach", kind=Kind.CHOICE, choices=CAN_TEACH, width=14, since="3"),
    ),
)

# Written whole by refresh from the gaps no activity covers (``core.suggestions``); only Tag med
# is typed, and a line taken becomes a plan row. No figure reads this sheet.
SUGGESTIONS = Sheet(
    id="suggestions",
    name=t("sheet.suggestions"),
    title=t("title.suggestions"),
    intro=t("intro.suggestions"),
    columns=(
        _col("suggestions", "take", kind=Kind.CHOICE, choices=(t("catalogue.yes"),), width=9, since="5"),
        _col("suggestions", "profile_id", kind=Kind.TEXT, calc=Calc.VALUE, width=9, since="5"),
        _col("suggestions", "employees", kind=Kind.LONG_TEXT, calc=Calc.VALUE, width=24, since="5"),
        _col("suggestions", "gap", kind=Kind.NUMBER, calc=Calc.VALUE, width=9, since="5"),
        _col("suggestions", "activity", kind=Kind.LONG_TEXT, calc=Calc.VALUE, width=40, since="5"),
        _col("suggestions", "learning_form", kind=Kind.TEXT, calc=Calc.VALUE, width=18, since="5"),
        _col("suggestions", "resources", kind=Kind.TEXT, calc=Calc.VALUE, width=16, since="5"),
        _col("suggestions", "hours", kind=Kind.NUMBER, calc=Calc.VALUE, width=9, since="5"),
        _col("suggestions", "why", kind=Kind.LONG_TEXT, calc=Calc.VALUE, width=34, since="5"),
    ),
)

COVER = Sheet(id="cover", name=t("sheet.cover"), title=t("title.cover"), intro=t("cover.hint"), columns=())
OVERVIEW = Sheet(id="overview", name=t("sheet.overview"), title=t("title.overview"), intro=t("intro.overview"), columns=())
FINDINGS = Sheet(id="findings", name=t("sheet.findings"), title=t("title.findings"), intro=t("intro.findings"), columns=())
# For the MED/SU committee: no names, no personal goals; rewritten whole by refresh.
COMMITTEE = Sheet(id="committee", name=t("sheet.committee"), title=t("title.committee"),
                  intro=t("intro.committee"), columns=())
GUIDE = Sheet(id="guide", name=t("sheet.guide"), title=t("title.guide"), intro="", columns=())
# Very hidden: the values refresh wrote into calculated value columns, so a value a person
# typed there later is told from one refresh wrote itself.
MEMORY = Sheet(id="memory", name=t("sheet.memory"), title="", intro="", columns=())

# Workbook order: the cover and guide first, the phases in order, then what is calculated.
SHEETS: tuple[Sheet, ...] = (COVER, GUIDE, PROFILES, NEEDS, INDIVIDUAL, PLAN, SUGGESTIONS, ANCHORING, EMPLOYEES,
                             CATALOGUE, OVERVIEW, COMMITTEE, FINDINGS, MEMORY)
TEMPLATE_SHEETS: tuple[Sheet, ...] = (PROFILES, NEEDS, INDIVIDUAL, PLAN, ANCHORING)
SHEETS_BY_ID: dict[str, Sheet] = {s.id: s for s in SHEETS}

# The conversation's name (MUS, PUS, MUS/PUS) is the organisation's: set by HR's list or ``new``.
COVER_FIELDS: tuple[str, ...] = ("organisation", "unit", "leader", "period", "teams", "version", "conversation")


@dataclass(frozen=True)
class PlacedColumn:
    """A schema column at its place in a sheet: per-team columns appear once per team."""

    column: Column
    team: str | None = None

    @property
    def key(self) -> str:
        return f"{self.column.id}@{self.team}" if self.team is not None else self.column.id

    @property
    def header(self) -> str:
        return self.column.header(self.team)


def placed_columns(sheet: Sheet, teams: tuple[str, ...] | list[str] = (), *,
                   older: bool = False) -> list[PlacedColumn]:
    """The columns of ``sheet`` in template order; per-team columns grouped team by team.
    ``older``: also the columns only older templates have (``Column.until``), as a reader
    looks for them."""
    placed: list[PlacedColumn] = []
    team_cols = [c for c in sheet.columns if c.per_team]
    for column in sheet.columns:
        if column.until and not older:
            continue
        if column.per_team:
            if column is team_cols[0]:
                for team in teams:
                    placed.extend(PlacedColumn(tc, team) for tc in team_cols)
            continue
        placed.append(PlacedColumn(column))
    return placed


@dataclass(frozen=True)
class Layout:
    """Where the template writer puts a template sheet's table (1-based rows)."""

    header_row: int
    first_data_row: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "first_data_row", self.header_row + 1)


# Rows above the header: title, intro, guiding questions (or, on Kompetencebehov,
# the team names and each team's learning goal).
TEMPLATE_LAYOUT = Layout(header_row=4)
NEEDS_TEAM_ROW = 3
NEEDS_GOAL_ROW = 4
# Since version 3: what each team agreed at its TUS, under its learning goal. Readers find
# these rows (and the goal row) by their labels, so a workbook from before reads as it was.
NEEDS_TUS_DATE_ROW = 5
NEEDS_TUS_ROW = 6
NEEDS_LAYOUT = Layout(header_row=7)

# The year wheel on the Forside: the round's recurring dates, pre-filled; spare rows for the
# leader's own.
# MED/SU's discussion of goals and needs and the top MED's evaluation of MUS are the KL
# agreement's own dates.
WHEEL_EVENTS: tuple[str, ...] = tuple(t(f"wheel.{k}") for k in ("assessment", "mus", "tus", "plan", "follow_up",
                                                                  "committee", "top_committee"))
# What organisations call the yearly development conversation; a setting picks one (or another).
CONVERSATION_NAMES: tuple[str, ...] = (DEFAULT_CONVERSATION, "MUS", "PUS")


def wheel_events() -> tuple[str, ...]:
    """The year wheel's usual events, the conversation named as the organisation names it."""
    return tuple(with_conversation(e) for e in WHEEL_EVENTS)
WHEEL_SPARE_ROWS = 5
# The wheel's columns on the Forside: event, date, done, the status, and whether it is HR's.
WHEEL_STATUS_COL = 4
WHEEL_ORG_COL = 5
# From this template on the status is a live formula in a locked cell; before it, refresh
# wrote it as a value into an unlocked one.
WHEEL_FORMULA_SINCE = "4"


def is_not_relevant(raw: object) -> bool:
    """Whether a level cell holds the answer "Ikke relevant" (as typed: any case, spacing).

    >>> is_not_relevant(" ikke  RELEVANT "), is_not_relevant(3), is_not_relevant("")
    (True, False, False)
    """
    return isinstance(raw, str) and " ".join(raw.casefold().split()) == NOT_RELEVANT.casefold()


def version_at_least(version: str, since: str) -> bool:
    """Whether a workbook of template ``version`` (as its Forside says; blank is the first)
    is ``since`` or later."""
    def number(text: str) -> int:
        digits = "".join(ch for ch in text.split(".")[0] if ch.isdigit())
        return int(digits) if digits else int(FIRST_VERSION)

    return number(version) >= number(since)

LEADER_TEAM_NAMES: tuple[str, ...] = tuple(t("leader_team.names").split("|"))
_LEADER_TEAMS = {" ".join(n.casefold().split()) for n in LEADER_TEAM_NAMES}


def is_leader_team(team: str) -> bool:
    """A team that is the leader group (its profiles at management level, seed 001 fase 1
    trin 2): shown on its own, never mixed into the staff teams' averages.

    >>> is_leader_team("Ledergruppen"), is_leader_team(" ledelse "), is_leader_team("Team A")
    (True, True, False)
    """
    return " ".join(team.casefold().split()) in _LEADER_TEAMS


def layout(sheet: Sheet) -> Layout:
    return NEEDS_LAYOUT if sheet is NEEDS else TEMPLATE_LAYOUT


def team_header_name(team: str) -> str:
    """A team name as it heads its table columns: one line, no control characters.

    A table column name must equal its header cell, and Excel keeps line breaks in column
    names in an escaped form of its own; the banner above the columns keeps the name as typed.
    """
    return "".join(ch for ch in " ".join(team.split()) if unicodedata.category(ch) != "Cc")


def max_team_name() -> int:
    """The longest team name whose column headers Excel accepts as table column names."""
    return MAX_TABLE_HEADER - max(len(c.header("")) for c in NEEDS.columns if c.per_team)


def validate_team_names(teams: list[str] | tuple[str, ...]) -> list[str]:
    """Danish reasons why these team names cannot head columns (empty when they can).

    Any character is fine: formulas address cells, not table columns, and the team list's
    drop-down falls back to cells where a name does not fit Excel's inline list.
    """
    problems: list[str] = []
    seen: set[str] = set()
    if not teams:
        problems.append(t("team.name.none"))
    for team in teams:
        name = team_header_name(team)
        if not name:
            problems.append(t("team.name.empty"))
        elif len(name) > max_team_name():
            problems.append(t("team.name_too_long", team=name[:40] + "…", max=max_team_name()))
        elif name.casefold() in seen:
            problems.append(t("team.name.twice", team=name))
        seen.add(name.casefold())
    return problems
