"""The Excel side: refresh the open workbook through xlwings, on the same core as the CLI.

The ribbon button runs ``xlkompetence.main()``. It reads each sheet it needs once, as one
block, hands plain values to the reader and ``plan_refresh`` the headless refresh uses, and
writes each calculated block back once: the number of calls into Excel does not grow with
the number of rows. Gap and status formulas are live in Excel, so they are not written over;
their shown values are checked against the core instead.
"""

from __future__ import annotations

__all__ = [
    "READ_SHEETS", "OWNED_SHEETS", "Calls", "Block", "FormatBlock", "TableSpan", "BookRefresh", "main", "refresh_book",
    "write_blocks", "read_grid_values", "read_book", "last_table_rows", "grow_tables", "plan_blocks",
    "owned_block", "format_blocks", "paused", "summary_line", "tell",
]

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ..core import formulas as formulas_module
from ..core.calculated import Cell
from ..core.cells import parse_ref, ref
from ..core.findings import Code, Finding, Severity, finding
from ..core.labels import conversation_named, count, t
from ..core.grid import Grid
from ..unit.overview import Cells
from ..unit.reader import Reader, ReadResult
from ..unit.sheettables import as_text
from ..unit.refreshplan import RefreshPlan, as_left, plan_refresh, remember_formats, report_edits, typed_over_findings
from ..unit.memory import Memory
from ..core.numberformats import FORMATS_CELL, GENERAL, areas_key
from ..core.schema import (CATALOGUE, COMMITTEE, COVER, EMPLOYEES, FINDINGS, MEMORY, OVERVIEW, SUGGESTIONS,
                           TEMPLATE_SHEETS)
from ..unit.checks import workbook_findings
from ..core.edits import EXCEL_ERRORS, Mode, SheetEdits
from .objects import XlApp, XlBook, XlSheet, XlTable

# Sheets the add-in reads; a leader's own sheets are never read. The memory of what refresh
# wrote is read (and rewritten) where the workbook has it.
READ_SHEETS = {s.name for s in TEMPLATE_SHEETS} | {COVER.name, EMPLOYEES.name}
# Written whole. The catalogue is read too (its typed Kan oplære andre goes back in with its
# line), where the workbook has one: a workbook from before it is refreshed without it.
OWNED_SHEETS = (OVERVIEW.name, COMMITTEE.name, FINDINGS.name, CATALOGUE.name, SUGGESTIONS.name, MEMORY.name)
# Owned sheets the refresh plan writes itself (the rest come from ``report_edits``).
_PLANNED_OWNED = (CATALOGUE.name, SUGGESTIONS.name)
# The MED record on MED-SU is read too: the sheet is rewritten whole, the record written back.
_OPTIONAL_SHEETS = (MEMORY.name, CATALOGUE.name, SUGGESTIONS.name, COMMITTEE.name)
# Text that Excel would take for a formula when written as a value, or whose leading apostrophe
# it would take as the mark of text and drop.
_FORMULA_START = ("=", "+", "-", "@", "'")
# xlwings' JavaScript client (xlwings Lite's may be one) long read a written text as a date
# where it was longer than this and held a capital T, and the browser's Date.parse took it.
_DATE_GUESS_LENGTH = 18


@dataclass
class Calls:
    """How many times the add-in went to Excel: the cost that matters inside Excel."""

    reads: int = 0
    writes: int = 0


@dataclass(frozen=True)
class Block:
    """One rectangular write: values or formulas, top-left at (row, col), 1-based."""

    sheet: str
    row: int
    col: int
    rows: list[list[Any]]
    formulas: bool = False

    @property
    def address(self) -> str:
        return f"{ref(self.row, self.col)}:{ref(self.row + len(self.rows) - 1, self.col + len(self.rows[0]) - 1)}"


@dataclass(frozen=True)
class FormatBlock:
    """One rectangle given one number format, 1-based corners."""

    sheet: str
    top: int
    left: int
    bottom: int
    right: int
    code: str

    @property
    def address(self) -> str:
        return f"{ref(self.top, self.left)}:{ref(self.bottom, self.right)}"


@dataclass(frozen=True)
class TableSpan:
    """An Excel table and where it stands (1-based, header row included)."""

    table: XlTable
    top: int
    left: int
    bottom: int
    right: int


@dataclass
class BookRefresh:
    result: ReadResult
    findings: list[Finding]
    blocks: list[Block]
    calls: Calls = field(default_factory=Calls)
    summary: str = ""
    formats: list[FormatBlock] = field(default_factory=list)


def main() -> None:  # pragma: no cover - runs inside Excel, called by the ribbon
    import xlwings as xw

    refresh_book(xw.Book.caller())


def refresh_book(book: XlBook, today: date | None = None, *, values_only: bool = False) -> BookRefresh:
    """Validate and refresh the open workbook ``book`` (an ``xlwings.Book``).

    ``values_only`` writes values and clears (and grows a table, as always, where rows were
    typed below it): no screen updating, calculation mode or status bar, and formulas go in
    as values (Excel takes a value starting with "=" as a formula). xlwings Lite runs only
    such actions in the browser; its caller shows the returned ``summary`` itself.
    """
    today = today or date.today()
    calls = Calls()
    grids, spans = read_book(book, calls)
    read = Reader(grids, book.name, last_table_rows(spans)).read()
    with conversation_named(read.unit.cover.conversation):  # the sheets name it as the Forside does
        return _refresh_read(book, read, grids, spans, calls, today, values_only)


def _refresh_read(book: XlBook, read: ReadResult, grids: dict[str, Grid], spans: dict[str, list[TableSpan]],
                  calls: Calls, today: date, values_only: bool) -> BookRefresh:
    """``refresh_book`` once the workbook is read."""
    plan = plan_refresh(read, today)
    blocks, differing = plan_blocks({k: v for k, v in plan.edits.items() if k not in _PLANNED_OWNED}, grids)
    # The findings written and reported are those of the workbook as this refresh leaves it.
    result = as_left(read, plan, {(f.sheet, f.cell) for f in differing if f.sheet and f.cell})
    findings = workbook_findings(result, today, differing, typed_over_findings(plan.typed, book.name))
    planned = {name: plan.edits.pop(name) for name in _PLANNED_OWNED if name in plan.edits}
    reports = {**report_edits(result, findings, today), **planned}
    remember_formats(plan, reports)
    reports[MEMORY.name] = plan.memory_edits()
    formats = [f for name in OWNED_SHEETS if name in reports for f in format_blocks(name, reports[name], read.memory)]
    for name in OWNED_SHEETS:
        if name not in reports:
            continue
        cells = {k: Cell(w.value, w.formula) for k, w in reports[name].cells.items()}
        blocks.append(owned_block(name, cells))
    summary = summary_line(result, findings, today)
    outcome = BookRefresh(result, findings, blocks, calls, summary, formats)
    names = {s.name: s for s in book.sheets}
    with contextlib.nullcontext() if values_only else paused(book.app):
        grow_tables(plan, names, spans, calls)
        write_blocks(names, blocks, calls, formulas=not values_only, formats=formats)
        if not values_only:
            fit_owned_rows(names, reports, calls)
    if not values_only:
        tell(book.app, summary)
    return outcome


def fit_owned_rows(names: dict[str, XlSheet], reports: dict[str, SheetEdits], calls: Calls) -> None:
    """The rows of the sheets just rewritten as tall as their text, measured by Excel itself:
    one autofit for each run of rows between the texts merged across the sheet (Excel does not
    fit a merged cell, which keeps the height it has)."""
    for name, edits in reports.items():
        if name not in names or not edits.cells or edits.merges is None:
            continue
        last_row = max(r for r, _ in edits.cells)
        last_col = max(c for _, c in edits.cells)
        merged = {parse_ref(m.split(":")[0])[0] for m in edits.merges}
        run: list[int] = []
        for row in [*range(1, last_row + 1), None]:
            if row is not None and row not in merged:
                run.append(row)
                continue
            if run:
                names[name].range((run[0], 1), (run[-1], last_col)).rows.autofit()
                calls.writes += 1
                run = []


def write_blocks(names: dict[str, XlSheet], blocks: list[Block], calls: Calls, *, formulas: bool = True,
                 formats: Sequence[FormatBlock] = ()) -> None:
    """Empty the owned sheets, then write each block in one call, then each number format.
    Without ``formulas`` a formula block is written as values."""
    written = {block.sheet for block in blocks}
    for name in OWNED_SHEETS:
        # Only a sheet this refresh writes: a leader's own sheet that happens to bear the
        # catalogue's name in an older workbook is not the package's.
        if name in names and name in written:
            names[name].used_range.clear_contents()
            calls.writes += 1
    for block in blocks:
        if block.sheet in names:
            _write(names[block.sheet], block if formulas else _in_browser(block))
            calls.writes += 1
    for fmt in formats:
        if fmt.sheet in names:
            names[fmt.sheet].range(fmt.address).number_format = fmt.code
            calls.writes += 1


def format_blocks(name: str, edits: SheetEdits, memory: Memory | None) -> list[FormatBlock]:
    """An owned sheet's number formats (``core.numberformats``) as Excel is to get them: its
    block General, then each area in its own; nothing where the memory says the workbook has
    these already (a refresh that moved no section)."""
    if edits.formats is None or not edits.cells or (memory or {}).get((name, FORMATS_CELL)) == areas_key(edits.formats):
        return []
    rows, cols = max(r for r, _ in edits.cells), max(c for _, c in edits.cells)
    return [FormatBlock(name, 1, 1, rows, cols, GENERAL),
            *(FormatBlock(name, a.top, a.left, a.bottom, a.right, a.code) for a in edits.formats)]


def read_grid_values(book: XlBook, calls: Calls | None = None) -> tuple[dict[str, Grid], dict[str, int]]:
    """The sheets the reader needs, one block read each, and where their tables end."""
    grids, spans = read_book(book, calls or Calls())
    return grids, last_table_rows(spans)


def read_book(book: XlBook, calls: Calls) -> tuple[dict[str, Grid], dict[str, list[TableSpan]]]:
    """The sheets the reader needs, one block read each, and the tables on them."""
    grids: dict[str, Grid] = {}
    spans: dict[str, list[TableSpan]] = {}
    for sheet in book.sheets:
        if sheet.name in READ_SHEETS or sheet.name in _OPTIONAL_SHEETS:
            grids[sheet.name], spans[sheet.name] = _read_sheet(sheet, calls)
    return grids, spans


def last_table_rows(spans: dict[str, list[TableSpan]]) -> dict[str, int]:
    return {name: max((s.bottom for s in tables), default=0) for name, tables in spans.items()}


def _read_sheet(sheet: XlSheet, calls: Calls) -> tuple[Grid, list[TableSpan]]:
    """The sheet's values from A1 in one read, and its tables."""
    used = sheet.used_range
    values = used.options(ndim=2, err_to_str=True).value
    calls.reads += 1
    top, left = used.row, used.column
    rows: list[list[Any]] = [[] for _ in range(top - 1)]
    errors: dict[tuple[int, int], str] = {}
    for r, line in enumerate(values, start=top):
        cells: list[Any] = [None] * (left - 1)
        for c, value in enumerate(line, start=left):
            if isinstance(value, str) and value in EXCEL_ERRORS:
                errors[(r, c)] = value
                value = None
            elif isinstance(value, datetime) and value.time() == datetime.min.time():
                value = value.date()
            cells.append(value)
        rows.append(cells)
    spans = []
    for table in sheet.tables:
        rng = table.range
        spans.append(TableSpan(table, rng.row, rng.column, rng.row + rng.rows.count - 1,
                               rng.column + rng.columns.count - 1))
        calls.reads += 1
    return Grid(sheet.name, rows, errors), spans


def grow_tables(plan: RefreshPlan, sheets: dict[str, XlSheet], spans: dict[str, list[TableSpan]], calls: Calls) -> None:
    """Resize each table the plan grows over the rows typed below it, as Excel does when one
    types there; a table with a totals row is left as it is."""
    for name, edits in plan.edits.items():
        growth = edits.grow_table
        if growth is None or name not in sheets:
            continue
        for span in spans.get(name, []):
            if span.top != growth.header_row or span.bottom >= growth.last_row or span.table.show_totals:
                continue
            calls.writes += 1
            try:
                span.table.resize(sheets[name].range((span.top, span.left), (growth.last_row, span.right)))
            except Exception:  # noqa: BLE001 - COM raises its own error types
                # Excel can refuse (a protected sheet, another table in the way): the rows then
                # stay below the table, as they were, and the refresh goes on.
                pass


def plan_blocks(edits: dict[str, SheetEdits], grids: dict[str, Grid]) -> tuple[list[Block], list[Finding]]:
    """The refresh plan's ``edits`` as block writes for a live workbook, and the findings it raises.

    FORMULA cells already show Excel's result; where it is not the core's, the cell was
    typed over or its formula changed, and that is reported, not overwritten. Only a cell
    with no content at all gets its formula, and not in a row whose number this refresh fills
    in: there the formulas are in place and Excel recalculates them once the number is there
    (and writing them again would be refused: they are locked on a protected sheet).
    """
    blocks: list[Block] = []
    differing: list[Finding] = []
    for sheet, sheet_edits in edits.items():
        grid = grids.get(sheet)
        by_col: dict[tuple[int, bool], dict[int, Any]] = {}
        filled_rows = {row for (row, _), w in sheet_edits.cells.items() if w.mode is Mode.FILL}
        for (row, col), w in sheet_edits.cells.items():
            shown = grid.get(row, col) if grid else None
            if w.mode is Mode.LIVE:
                if not _same(shown, w.value):
                    differing.append(_differs(sheet, row, col, shown, w.value))
            elif w.mode is Mode.FORMULA:
                if _same(shown, w.value) or row in filled_rows:
                    continue
                if shown is None:
                    by_col.setdefault((col, True), {})[row] = w.formula
                else:
                    differing.append(_differs(sheet, row, col, shown, w.value))
            elif w.mode is Mode.FILL:
                if shown is None:
                    by_col.setdefault((col, False), {})[row] = w.value
            else:
                by_col.setdefault((col, False), {})[row] = _excel_value(w.value)
        for (col, formulas), cells in sorted(by_col.items()):
            for run in _runs(sorted(cells)):
                blocks.append(Block(sheet, run[0], col, [[cells[r]] for r in run], formulas))
    return blocks, differing


def _differs(sheet: str, row: int, col: int, shown: Any, expected: Any) -> Finding:
    return finding(Code.CALC_DIFFERS, sheet=sheet, cell=ref(row, col), value=as_text(shown), expected=_show(expected))


def owned_block(sheet: str, cells: Cells) -> Block:
    """A whole owned sheet (Overblik, Fejl og mangler) as one block from A1."""
    rows = max(r for r, _ in cells)
    cols = max(c for _, c in cells)
    grid: list[list[Any]] = [[None] * cols for _ in range(rows)]
    for (r, c), cell in cells.items():
        grid[r - 1][c - 1] = cell.formula if cell.formula else _excel_value(cell.value)
    return Block(sheet, 1, 1, grid)


def _runs(rows: list[int]) -> Iterator[list[int]]:
    run: list[int] = []
    for r in rows:
        if run and r != run[-1] + 1:
            yield run
            run = []
        run.append(r)
    if run:
        yield run


def _in_browser(block: Block) -> Block:
    """``block`` as values only (formulas as their text, which Excel takes as formulas), each
    text xlwings' JavaScript would take for a date as a formula that gives the text and holds
    no "T" for it to see (``formulas.text``)."""
    return replace(block, formulas=False, rows=[[_safe_from_date_guess(v) for v in line] for line in block.rows])


def _safe_from_date_guess(value: Any) -> Any:
    if not isinstance(value, str) or len(value) <= _DATE_GUESS_LENGTH or "T" not in value or value.startswith("="):
        return value
    formula = formulas_module.text(value[1:] if value.startswith("'") else value)
    # A text too long to be a formula (over 8,192 characters written out) goes as it is.
    return value if formula is None else formula


def _excel_value(value: Any) -> Any:
    """A value as Excel must receive it: text stays text even when it starts like a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _same(shown: Any, expected: Any) -> bool:
    if expected in (None, ""):
        return shown in (None, "")
    if isinstance(expected, (int, float)) and isinstance(shown, (int, float)):
        return float(shown) == float(expected)
    return str(shown).strip() == str(expected).strip()


def _show(value: Any) -> str:
    return "(tom)" if value in (None, "") else str(value)


def _write(sheet: XlSheet, block: Block) -> None:
    rng = sheet.range(block.address)
    if block.formulas:
        rng.formula = block.rows
    else:
        rng.value = block.rows


@contextlib.contextmanager
def paused(app: XlApp) -> Iterator[None]:
    """Screen updating and automatic calculation off while writing; back as they were after,
    also when a write fails."""
    try:
        screen = app.screen_updating
    except NotImplementedError:
        # Excel on the web suspends updating only until the next sync; it cannot be read.
        screen = True
    try:
        calculation = app.calculation
    except NotImplementedError:
        # An older xlwings.js does not report the mode; what cannot be restored is not changed.
        calculation = None
    app.screen_updating = False
    if calculation is not None:
        app.calculation = "manual"
    try:
        yield
    finally:
        if calculation is not None:
            app.calculation = calculation
        app.screen_updating = screen


def summary_line(result: ReadResult, findings: list[Finding], today: date) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    return t("addin.summary", profiles=count(len(result.unit.profiles), "profile"),
             teams=count(len(result.unit.teams), "team"), errors=count(errors, "error"),
             warnings=count(warnings, "warning"), date=today.strftime("%d-%m-%Y"))


def tell(app: XlApp, text: str) -> None:
    """The one-line summary in the status bar; as a message where there is none."""
    try:
        app.status_bar = text
    except NotImplementedError:
        app.alert(text, title=t("addin.title"))
