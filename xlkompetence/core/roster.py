"""HR's list of the round's units, as plain rows: one row per unit, read and checked. No I/O.

The list is what HR already keeps in Excel or as CSV: organisation, unit, leader, the teams
with their number of employees, the period, and the leader's e-mail address (for reminders).
``read_roster`` finds the header row (a
title may stand above it), takes the columns by name in any order, and reports every
mistake at its cell; the roll-out writes nothing until the list has no errors.

Teams go in one cell, separated by semicolons or line breaks, each with its number of
employees in brackets or after a colon: ``Dagteam (10); Aftenteam (8)``.
"""

from __future__ import annotations

__all__ = ["RosterColumn", "ROSTER_COLUMNS", "RosterEntry", "Roster", "read_roster", "has_roster_header", "parse_teams",
           "file_name_for"]

import re
from dataclasses import dataclass, field
from typing import Any

from .addresses import parse_addresses
from .cells import ref
from .filenames import safe_file_name
from .findings import Code, Finding, finding
from .grid import is_blank
from .identity import unit_key
from .labels import ROSTER_HEADERS, count, t
from .matching import normalise_text
from .schema import validate_team_names

# Rows searched for the header: room for a title and a note above it.
HEADER_SCAN_ROWS = 10
# "Dagteam (10)", "Dagteam: 10", "Dagteam (10 medarbejdere)".
_SIZED = re.compile(r"^(?P<team>.*?)\s*(?:\(\s*(?P<n1>[^()]*?)\s*\)|:\s*(?P<n2>[^:]*?))\s*$")
_NUMBERED_TEAM = re.compile(r"teams?\s*(?:nr\.?\s*)?\d+")
_COUNT = re.compile(r"^(?P<n>\d+)(?:\s*(?:medarbejdere|medarb\.?|ansatte|pers\.?|personer))?$", re.IGNORECASE)


@dataclass(frozen=True)
class RosterColumn:
    id: str
    required: bool = False

    @property
    def label(self) -> str:
        return ROSTER_HEADERS[self.id][0]

    @property
    def names(self) -> set[str]:
        """The header and the other words HR writes for it, normalised."""
        return {normalise_text(name) for name in ROSTER_HEADERS[self.id]}


ROSTER_COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("organisation"),
    RosterColumn("unit", required=True),
    RosterColumn("leader"),
    RosterColumn("teams", required=True),
    RosterColumn("period"),
    RosterColumn("email"),
    # What the organisation calls the yearly development conversation (MUS, PUS, MUS/PUS).
    RosterColumn("conversation"),
)


@dataclass(frozen=True)
class RosterEntry:
    """One unit of the round, as the list gives it; ``row`` is its row in the list."""

    row: int
    unit: str
    teams: tuple[str, ...]
    team_sizes: dict[str, int] = field(default_factory=dict)
    organisation: str = ""
    leader: str = ""
    period: str = ""
    # The leader's address(es), where the list gives any that can be used.
    emails: tuple[str, ...] = ()
    conversation: str = ""

    @property
    def key(self) -> str:
        return unit_key(self.unit)

    @property
    def file_name(self) -> str:
        return file_name_for(self.unit)


@dataclass
class Roster:
    entries: list[RosterEntry]
    findings: list[Finding]
    file: str = ""
    sheet: str | None = None


def read_roster(rows: list[list[Any]], *, file: str = "", sheet: str | None = None) -> Roster:
    """The units in ``rows`` (the list's cells, first row first) and what is wrong with them."""
    reading = _Reading(file, sheet)
    header_row, cols = _find_header(rows)
    if header_row is None:
        if any(not is_blank(v) for row in rows for v in row):
            reading.report(Code.ROSTER_NO_HEADER, unit=ROSTER_HEADERS["unit"][0], teams=ROSTER_HEADERS["teams"][0],
                           rows=count(HEADER_SCAN_ROWS, "row"))
        else:
            reading.report(Code.ROSTER_EMPTY)
        return Roster([], reading.found, file, sheet)
    if not reading.has_columns(header_row, cols):
        return Roster([], reading.found, file, sheet)
    last_header = max(c for c, v in enumerate(rows[header_row - 1], start=1) if not is_blank(v))
    entries = []
    for row in range(header_row + 1, len(rows) + 1):
        entry = reading.entry(row, rows[row - 1], cols, last_header)
        if entry is not None:
            entries.append(entry)
    if not entries and not reading.found:
        reading.report(Code.ROSTER_EMPTY, header_row, cols["unit"])
    return Roster(entries, reading.found, file, sheet)


class _Reading:
    """What is wrong with one list, and the units and file names its rows have taken so far."""

    def __init__(self, file: str, sheet: str | None):
        self.file = file
        self.sheet = sheet
        self.found: list[Finding] = []
        self.seen: dict[str, int] = {}
        self.files: dict[str, int] = {}

    def report(self, code: Code, row: int | None = None, col: int | None = None, **params: Any) -> None:
        cell = ref(row, col) if row and col else None
        self.found.append(finding(code, file=self.file, sheet=self.sheet, cell=cell, **params))

    def has_columns(self, header_row: int, cols: dict[str, int]) -> bool:
        """Whether the header row has every required column; each one missing is reported."""
        for column in ROSTER_COLUMNS:
            if column.required and column.id not in cols:
                self.report(Code.ROSTER_COLUMN_MISSING, header_row, None, column=column.label)
        return not any(c.required and c.id not in cols for c in ROSTER_COLUMNS)

    def entry(self, row: int, line: list[Any], cols: dict[str, int], last_header: int) -> RosterEntry | None:
        """The unit in ``line`` (row ``row``); None for a blank row or one with an error (reported)."""

        def cell(cid: str) -> str:
            c = cols.get(cid)
            value = line[c - 1] if c and c - 1 < len(line) else None
            return "" if is_blank(value) else _text(value)

        if all(is_blank(v) for v in line):
            return None
        beyond = [c for c, v in enumerate(line, start=1) if c > last_header and not is_blank(v)]
        if beyond:
            # A semicolon in a cell of a CSV file without quotes around it splits the row.
            self.report(Code.ROSTER_EXTRA_CELLS, row, beyond[0], value=line[beyond[0] - 1])
            return None
        unit = cell("unit")
        if not unit:
            self.report(Code.ROSTER_UNIT_MISSING, row, cols["unit"])
            return None
        key = unit_key(unit)
        if key in self.seen:
            self.report(Code.ROSTER_UNIT_TWICE, row, cols["unit"], value=unit, other=self.seen[key])
            return None
        self.seen[key] = row
        teams_text = "\n".join(x for x in [cell("teams")] + [cell(k) for k in cols if k.startswith("teams#")] if x)
        teams, sizes, problems = parse_teams(teams_text)
        if not teams and not problems:
            self.report(Code.ROSTER_TEAMS_MISSING, row, cols["teams"], unit=unit)
        for problem in problems:
            self.report(Code.ROSTER_TEAM_INVALID, row, cols["teams"], value=teams_text, problem=problem)
        name = normalise_text(file_name_for(unit))
        if name in self.files:
            self.report(Code.ROSTER_FILE_NAME_CLASH, row, cols["unit"], value=unit, name=file_name_for(unit),
                        other=self.files[name])
        self.files.setdefault(name, row)
        if teams and not problems:
            return RosterEntry(row, unit, teams, sizes, cell("organisation"), cell("leader"), cell("period"),
                               self.emails(row, cell("email"), cols), cell("conversation"))
        return None

    def emails(self, row: int, text: str, cols: dict[str, int]) -> tuple[str, ...]:
        """The addresses in the E-mail cell; one that cannot be used is reported (a warning: the
        roll-out does not wait for it) and left out."""
        addresses, bad = parse_addresses(text)
        for part in bad:
            self.report(Code.ROSTER_EMAIL_INVALID, row, cols["email"], value=part)
        return addresses


def has_roster_header(rows: list[list[Any]]) -> bool:
    """Whether ``rows`` (a sheet) has the list's header row near its top."""
    return _find_header(rows)[0] is not None


def parse_teams(text: str) -> tuple[tuple[str, ...], dict[str, int], list[str]]:
    """The teams of one cell, their sizes, and Danish sentences for what cannot be used.

    >>> parse_teams("Dagteam (10); Aftenteam: 8\\nNattevagt")
    (('Dagteam', 'Aftenteam', 'Nattevagt'), {'Dagteam': 10, 'Aftenteam': 8}, [])
    >>> parse_teams("Team A (ti)")[2]
    ['Antallet af medarbejdere i "Team A (ti)" er ikke et helt tal.']
    """
    parts = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    if len(parts) == 1 and "," in parts[0] and "(" not in parts[0]:
        parts = [p.strip() for p in parts[0].split(",") if p.strip()]
    teams: list[str] = []
    sizes: dict[str, int] = {}
    problems: list[str] = []
    for part in parts:
        team, size = part, None
        m = _SIZED.match(part)
        if m and m.group("team"):
            team = m.group("team").strip()
            raw = (m.group("n1") if m.group("n1") is not None else m.group("n2") or "").strip()
            n = _COUNT.match(raw)
            if n is None or int(n.group("n")) < 1:
                problems.append(t("roster.size_invalid", part=part))
                continue
            size = int(n.group("n"))
        if normalise_text(team) in {normalise_text(x) for x in teams}:
            problems.append(t("roster.team_twice", team=team))
            continue
        teams.append(team)
        if size is not None:
            sizes[team] = size
    problems += validate_team_names(teams) if teams else []
    return tuple(teams), sizes, problems


def file_name_for(unit: str) -> str:
    """The unit's workbook's file name: its name as far as every system allows it
    (``core.filenames``).

    >>> file_name_for("Bostøtten Nord/Syd: aften")
    'Bostøtten Nord-Syd- aften.xlsx'
    >>> file_name_for("CON")
    '_CON.xlsx'
    """
    return safe_file_name(unit, fallback=t("roster.unit_file"))


def _find_header(rows: list[list[Any]]) -> tuple[int | None, dict[str, int]]:
    """The header row and each column's place. Teams may also stand one per column ("Team 1",
    "Team 2", … or "Teams" repeated): those columns are kept as ``teams#2``, ``teams#3``, …"""
    team_names = {normalise_text(name) for name in ROSTER_HEADERS["teams"]}
    for row in range(1, min(len(rows), HEADER_SCAN_ROWS) + 1):
        cols: dict[str, int] = {}
        extra = 0
        for col, value in enumerate(rows[row - 1], start=1):
            text = normalise_text(_text(value)) if not is_blank(value) else ""
            if not text:
                continue
            if text in team_names or _NUMBERED_TEAM.fullmatch(text):
                if "teams" in cols:
                    extra += 1
                    cols[f"teams#{extra + 1}"] = col
                else:
                    cols["teams"] = col
                continue
            for column in ROSTER_COLUMNS:
                if text in column.names and column.id not in cols:
                    cols[column.id] = col
        if "unit" in cols or "teams" in cols:
            return row, cols
    return None, {}


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()
