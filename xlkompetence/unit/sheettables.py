"""A template sheet's table as found in a workbook's values. Pure: works on ``core.grid.Grid``s.

Finds tables where leaders leave them: sheets named with other case or spacing, the header row
anywhere near the top, columns reordered, headers slightly misspelt or given twice, the header
row pasted again under the table, blank rows, error values in cells. Template B's header is
found in the appendix's own layout too (team names in a row above bare "Ønsket niveau (1-5)"
headers). What ``reader`` makes of each sheet's rows is its own.
"""

from __future__ import annotations

__all__ = [
    "HEADER_SCAN_ROWS", "MAX_FINDINGS_PER_CODE", "FUZZY_CUTOFF", "SheetData", "SheetReader", "chooser",
    "find_team_header", "as_text",
]

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from ..core.cells import ref
from ..core.findings import Code, Finding, finding
from ..core.grid import Grid, is_blank
from ..core.labels import count
from ..core.parsing import ValueProblem, normalise_text, parse_choice
from ..core.schema import NEEDS, Calc, Column, PlacedColumn, Sheet, placed_columns

HEADER_SCAN_ROWS = 30
MAX_FINDINGS_PER_CODE = 200
FUZZY_CUTOFF = 0.82

R = TypeVar("R")


@dataclass
class SheetData:
    """Where a template sheet's table was found and what each row holds (raw values)."""

    sheet: Sheet
    name: str
    header_row: int
    cols: dict[str, int]
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    last_row: int = 0
    table_last_row: int = 0  # the last row of the Excel table under the header, 0 without one
    # The sheet's values, for what refresh must look at beyond the typed rows.
    grid: Grid | None = None

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1


class SheetReader:
    """The template's tables in ``grids`` (sheet name → values), located and read row by row,
    with a finding for whatever cannot be found or used. ``sheets`` holds each table located."""

    def __init__(self, grids: dict[str, Grid], file: str, table_last_rows: dict[str, int] | None = None):
        self.grids = grids
        self.file = file
        self.table_last_rows = table_last_rows or {}
        self.findings: list[Finding] = []
        self.sheets: dict[str, SheetData] = {}
        self.counts: dict[tuple[str | None, Code], int] = {}
        # Columns a later template added that this workbook lacks: (sheet, header).
        self.older: list[tuple[str, str]] = []

    def report(self, code: Code, sheet: str | None = None, row: int | None = None,
               col: int | None = None, **kw: Any) -> None:
        if self.keeps(code, sheet):
            cell = ref(row, col) if row and col else None
            self.findings.append(finding(code, file=self.file, sheet=sheet, cell=cell, **kw))

    def keeps(self, code: Code, sheet: str | None) -> bool:
        """Whether another finding of ``code`` in ``sheet`` is listed: a sheet of junk would give
        one per cell, so past a point they are counted instead."""
        n = self.counts[(sheet, code)] = self.counts.get((sheet, code), 0) + 1
        return n <= MAX_FINDINGS_PER_CODE

    def grid_for(self, sheet: Sheet) -> Grid | None:
        if sheet.name in self.grids:
            return self.grids[sheet.name]
        wanted = normalise_text(sheet.name)
        for name, grid in self.grids.items():
            if normalise_text(name) == wanted:
                return grid
        return None

    def report_beyond_cap(self) -> None:
        """For each kind of finding listed up to the cap in a sheet, how many more there were."""
        for (sheet, code), n in self.counts.items():
            if n > MAX_FINDINGS_PER_CODE:
                self.findings.append(finding(Code.FINDINGS_MORE, file=self.file, sheet=sheet,
                                             n=count(n - MAX_FINDINGS_PER_CODE, "finding"), kind=code))

    def locate(self, sheet: Sheet, placed: list[PlacedColumn]) -> SheetData | None:
        """Find the header row and map every expected column to its sheet column."""
        grid = self.grid_for(sheet)
        if grid is None:
            self.report(Code.SHEET_MISSING, sheet.name, name=sheet.name)
            return None
        expected = {normalise_text(h): p for p in placed for h in p.column.headers_read(p.team)}
        best_row, best_hits = 0, 0
        for row in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
            hits = sum(1 for v in grid.rows[row - 1] if isinstance(v, str) and normalise_text(v) in expected)
            if hits > best_hits:
                best_row, best_hits = row, hits
            if hits == len(expected):
                break  # every header found: the usual case, no need to look further
        if best_hits < max(1, min(2, len(placed))):
            for p in placed:
                self.report(Code.COLUMN_MISSING, sheet.name, name=p.header)
            return None
        return self.map_columns(sheet, grid, best_row, placed)

    def map_columns(self, sheet: Sheet, grid: Grid, header_row: int,
                    placed: list[PlacedColumn], preset: dict[str, int] | None = None) -> SheetData:
        cols: dict[str, int] = dict(preset or {})
        headers = {c: grid.get(header_row, c) for c in range(1, len(grid.rows[header_row - 1]) + 1)}
        by_text: dict[str, list[int]] = {}
        for c, v in headers.items():
            if not is_blank(v):
                by_text.setdefault(normalise_text(v), []).append(c)
        used: set[int] = set(cols.values())
        for p in placed:
            if p.key in cols:
                continue
            hits = next((by_text[h] for h in map(normalise_text, p.column.headers_read(p.team)) if h in by_text), [])
            if hits:
                cols[p.key] = hits[0]
                used.add(hits[0])
                if len(hits) > 1:
                    self.report(Code.COLUMN_DUPLICATE, sheet.name, header_row, hits[1], name=p.header)
                    used.update(hits[1:])
        free = {normalise_text(v): c for c, v in headers.items() if c not in used and not is_blank(v)}
        for p in placed:
            if p.key in cols:
                continue
            match = difflib.get_close_matches(normalise_text(p.header), list(free), n=1, cutoff=FUZZY_CUTOFF)
            if match:
                c = free.pop(match[0])
                cols[p.key] = c
                self.report(Code.COLUMN_RENAMED, sheet.name, header_row, c, value=headers[c], name=p.header)
            elif p.column.until:
                continue  # a column only older templates have: nothing is missing without it
            elif p.column.is_new:
                self.older.append((sheet.name, p.header))
            elif p.column.calc is not Calc.MANAGED:
                # A managed column (written by sync) is only missing from older workbooks.
                self.report(Code.COLUMN_MISSING, sheet.name, header_row, None, name=p.header)
        data = SheetData(sheet, grid.name, header_row, cols, grid=grid)
        self.sheets[sheet.id] = data
        return data

    def collect_rows(self, data: SheetData, grid: Grid, placed: list[PlacedColumn],
                     stop: Any = None, *, any_value: bool = False) -> None:
        """Raw values of every data row, and the last row refresh must look at. A row counts
        when a person typed in it, or (``any_value``, a sheet refresh writes) when it holds anything."""
        # The hot loop of every read: plain tuples, no attribute lookups per cell.
        cols = [(p.key, data.cols[p.key] - 1, p.column.is_input) for p in placed if p.key in data.cols]
        errors = grid.errors
        headers = {c: normalise_text(grid.get(data.header_row, c + 1)) for _, c, _ in cols}
        data.table_last_row = self.table_last_rows.get(grid.name, 0)
        last = max(data.table_last_row, data.header_row)
        for row in range(data.first_data_row, grid.height + 1):
            if stop and stop(row):
                break
            line = grid.rows[row - 1]
            width = len(line)
            values: dict[str, Any] = {}
            filled = typed = False
            for key, c, is_input in cols:
                v = line[c] if c < width else None
                if v is not None and is_blank(v):
                    v = None
                if errors and (row, c + 1) in errors:
                    if is_input:
                        self.report(Code.CELL_ERROR_VALUE, data.name, row, c + 1, value=grid.errors[(row, c + 1)])
                    v = None
                values[key] = v
                if v is not None:
                    filled = True
                    typed = typed or is_input or any_value
            if filled:
                last = row
            if typed and sum(1 for _, c, _ in cols if c < width and isinstance(line[c], str)
                             and normalise_text(line[c]) == headers[c]) >= 2:
                continue  # the header row again (two header rows, a block pasted twice)
            if typed:
                data.rows[row] = values
        data.last_row = last

    def read_records(self, sheet: Sheet, record: Callable[[SheetData, int, dict[str, Any]], R | None]) -> list[R]:
        """What ``record(data, row, values)`` makes of each data row of ``sheet``, in row order
        (a row it returns None for is left out); nothing when the sheet or its table is
        missing, which ``locate`` reports."""
        placed = placed_columns(sheet)
        data = self.locate(sheet, placed)
        if data is None:
            return []
        self.collect_rows(data, self.grids[data.name], placed)
        made = (record(data, row, values) for row, values in data.rows.items())
        return [x for x in made if x is not None]

    def parse(self, parser, raw: Any, sheet: str, row: int, col: int | None):
        """``parser(raw)``, or None where the value cannot be used (reported at its cell)."""
        try:
            return parser(raw)
        except ValueProblem as problem:
            self.report(problem.code, sheet, row, col, value=raw, message=problem.message)
            return None


def chooser(column: Column) -> Callable[[Any], str | None]:
    """A parser of ``column``'s choices, for ``SheetReader.parse``."""
    return lambda raw: parse_choice(raw, column.choices, field=column.label)


def find_team_header(grid: Grid) -> tuple[int | None, list[str], dict[str, int]]:
    """The header row of template B, its teams in column order, and the columns of the
    teams' levels when the headers do not name the team.

    Accepts "Team A: Ønsket niveau (1-5)" headers, and the appendix's layout: bare
    "Ønsket niveau (1-5)" / "Reelt niveau (1-5)" headers under a row naming the teams.
    """
    desired = _team_pattern(NEEDS.column("desired"))
    bare = {w: _bare(NEEDS.column(w)) for w in ("desired", "actual", "gap")}
    for row in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
        teams: list[str] = []
        cols: dict[str, int] = {}
        width = len(grid.rows[row - 1])
        for col in range(1, width + 1):
            text = normalise_text(grid.get(row, col))
            if not text:
                continue
            m = desired.match(text)
            if m:
                teams.append(_original_team(grid.get(row, col), m.group("team")))
            elif text == bare["desired"] and row > 1:
                team = _merged_value(grid, row - 1, col)
                if team:
                    teams.append(team)
                    cols[f"desired@{team}"] = col
                    # The team's other columns follow, under the same team name.
                    for nxt in range(col + 1, min(col + 3, width) + 1):
                        for which in ("actual", "gap"):
                            if normalise_text(grid.get(row, nxt)) == bare[which]:
                                cols.setdefault(f"{which}@{team}", nxt)
        if teams:
            return row, teams, cols
    return None, [], {}


def _bare(column: Column) -> str:
    return normalise_text(column.header("")).lstrip(": ").strip()


def _team_pattern(column: Column) -> re.Pattern[str]:
    suffix = _bare(column)
    suffix = re.escape(suffix).replace(r"\(1\-5\)", r"(?:\(1\s*[-–]\s*5\))?").replace(r"1\-5", "1-5")
    return re.compile(rf"^(?P<team>.+?)\s*[:–-]\s*{suffix}$")


def _original_team(header: Any, normalised_team: str) -> str:
    """The team name as written (the header's own case), not the normalised form."""
    text = " ".join(str(header).split())
    return text[: len(normalised_team)].strip() if text.casefold().startswith(normalised_team) else normalised_team


def _merged_value(grid: Grid, row: int, col: int) -> str:
    value = grid.get(row, col)
    if is_blank(value):
        for r0, c0, r1, c1 in grid.merged:
            if r0 <= row <= r1 and c0 <= col <= c1:
                value = grid.get(r0, c0)
                break
    return as_text(value)


def as_text(value: Any) -> str:
    """A cell value as the text a person sees: 3.0 → "3", dates as dd-mm-yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M") if value.time() != time() else value.strftime("%d-%m-%Y")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, (time, timedelta)):
        return str(value)
    return str(value).strip()
