"""What refresh writes: every calculated cell of a unit workbook, decided from what the reader
found. Pure: no files, no Excel, no native packages.

``plan_refresh`` decides the template sheets' calculated cells, the year wheel's statuses on
the Forside and the Kompetencekatalog (owned, its typed Kan oplære andre kept with its line),
and ``report_edits`` the owned report sheets (Overblik, MED-SU, Fejl og mangler). Two adapters carry the plan out: ``refresh``
patches the .xlsx package on disk and the Excel add-in writes the same cells into the open
workbook. Neither ever writes a cell a person types in, except to put a new profile's number
into an empty row of Kompetencebehov.
"""

from __future__ import annotations

__all__ = ["RefreshPlan", "plan_refresh", "as_left", "report_edits", "remember_formats", "typed_over_findings"]

from collections.abc import Mapping, Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core import calculated, formulas, printing
from ..core.cells import ref
from ..core.edits import CellWrite, Mode, SheetEdits, Skipped, TableGrowth
from ..core.findings import Code, Finding, finding
from ..core.numberformats import FORMATS_CELL, areas_key, format_areas
from ..core.catalogue import catalogue
from ..core.grid import is_blank
from ..core.models import PlanRow
from ..core.plandefaults import DERIVED_COLUMNS, default_cells
from ..core.suggestions import suggestions, taken_row
from ..core.schema import (
    ANCHORING,
    CATALOGUE,
    COMMITTEE,
    EMPLOYEES,
    COVER,
    FINDINGS,
    GUIDE,
    INDIVIDUAL,
    NEEDS,
    OVERVIEW,
    PLAN,
    PROFILES,
    SUGGESTIONS,
    WHEEL_FORMULA_SINCE,
    WHEEL_STATUS_COL,
    Calc,
    placed_columns,
    version_at_least,
)
from ..core.wheel import wheel_states, wheel_status
from .styletable import cell_style
from .overview import catalogue_cells, committee_cells, findings_cells, overview_cells, summarise
from .ownedlayout import (CATALOGUE_LAYOUT, COMMITTEE_LAYOUT, FINDINGS_LAYOUT, OVERVIEW_LAYOUT, SUGGESTIONS_LAYOUT,
                          owned_edits)
from .memory import DERIVED, FILLED, Memory, derived_written, memory_edits, reserved, written_key
from .suggestionsheet import suggestion_cells, taken_lines
from .reader import Reader, ReadResult
from .sheettables import SheetData, as_text


# Every sheet the template prints, each with the unit's name in its page header.
PRINTED_SHEETS = tuple(s.name for s in (COVER, GUIDE, PROFILES, NEEDS, INDIVIDUAL, PLAN, SUGGESTIONS, ANCHORING,
                                        EMPLOYEES, CATALOGUE, OVERVIEW, FINDINGS, COMMITTEE))


@dataclass
class RefreshPlan:
    """Cells to write, per sheet name, before and after the findings are known; the values
    written into calculated value columns (to remember), and the cells left alone there
    because a person typed in them."""

    edits: dict[str, SheetEdits] = field(default_factory=dict)
    added_profiles: list[str] = field(default_factory=list)
    written: Memory = field(default_factory=dict)
    typed: list[Skipped] = field(default_factory=list)

    def sheet(self, name: str) -> SheetEdits:
        return self.edits.setdefault(name, SheetEdits())

    def memory_edits(self) -> SheetEdits:
        """The memory sheet rewritten whole (made, very hidden, where there is none)."""
        return memory_edits(self.written)


def plan_refresh(result: ReadResult, today: date) -> RefreshPlan:
    """Every calculated cell of the template sheets, as the core computes it."""
    plan = RefreshPlan()
    # The memory sheet is rewritten whole: the stamp it was issued with and next-round's
    # notes go on with it.
    plan.written.update(reserved(result.memory))
    # Suggestions the leader took become plan rows first: the rest of the plan sees them.
    result = _take_suggestions(plan, result)
    needs = result.sheets.get(NEEDS.id)
    profiles = result.sheets.get(PROFILES.id)
    if needs is not None and profiles is not None:
        _plan_needs(plan, result, needs, profiles)
    if profiles is not None:
        records_p = {p.row: p for p in result.unit.profiles}
        _plan_values(plan, profiles, lambda row: calculated.profile_row(records_p.get(row)), result.memory)
    sheet = result.sheets.get(PLAN.id)
    if sheet is not None:
        records = {r.row: r for r in result.unit.plan}
        _plan_values(plan, sheet, lambda row: calculated.plan_row(records.get(row), today), result.memory)
        _plan_derived(plan, sheet, records, result.memory, today)
    sheet = result.sheets.get(ANCHORING.id)
    if sheet is not None:
        records_a = {r.row: r for r in result.unit.anchoring}
        _plan_values(plan, sheet, lambda row: calculated.anchoring_row(records_a.get(row), today), result.memory)
    _plan_wheel(plan, result, today)
    if CATALOGUE.id in result.sheets:
        plan.edits[result.sheets[CATALOGUE.id].name] = owned_edits(catalogue_cells(catalogue(result.unit)),
                                                                   CATALOGUE_LAYOUT)
    for sheet in result.sheets.values():
        if sheet.sheet.id != CATALOGUE.id:
            _plan_table(plan, sheet)
        _plan_print_area(plan, sheet)
    plan.edits[SUGGESTIONS.name] = owned_edits(suggestion_cells(suggestions(result.unit)), SUGGESTIONS_LAYOUT,
                                               create_visible=True)
    header = printing.page_header(result.unit.cover.unit)
    for name in PRINTED_SHEETS:
        plan.sheet(name).page_header = header
    return plan


def _take_suggestions(plan: RefreshPlan, result: ReadResult) -> ReadResult:
    """Each line of Forslag marked Tag med as a new plan row, in the plan's first empty rows
    (cells written only while empty), remembered as refresh's own; the workbook read again
    with them."""
    sheet = result.sheets.get(PLAN.id)
    lines = taken_lines(result.grids.get(SUGGESTIONS.name))
    if sheet is None or sheet.grid is None or not lines:
        return result
    cover = result.unit.cover
    free = (r for r in range(sheet.first_data_row, 10**6) if r not in sheet.rows)
    edits = plan.sheet(sheet.name)
    values: dict[tuple[int, int], Any] = {}
    for line in lines:
        row = next(free)
        for key, value in taken_row(line, cover.leader, cover.period).items():
            if key in sheet.cols and sheet.grid.get(row, sheet.cols[key]) is None:
                values[(row, sheet.cols[key])] = value
                edits.cells[(row, sheet.cols[key])] = CellWrite(value, Mode.FILL)
                plan.written[(FILLED + sheet.name, ref(row, sheet.cols[key]))] = written_key(value)
    grids = {**result.grids, sheet.name: sheet.grid.edited(values)}
    return Reader(grids, result.file, result.table_last_rows).read(result.notes)


def _plan_wheel(plan: RefreshPlan, result: ReadResult, today: date) -> None:
    """Each year-wheel event's status on the Forside (overskredet, udført, planlagt), never
    over a status a person typed there. From template 4 on it is a live formula in a locked
    cell; in a workbook from before, a value refresh writes."""
    grid = result.cover_grid
    if grid is None:
        return
    col = WHEEL_STATUS_COL
    live = version_at_least(result.unit.cover.version, WHEEL_FORMULA_SINCE)
    for event in result.unit.cover.wheel:
        if event.row is None:
            continue
        new = wheel_status(event, today)
        cell = ref(event.row, col)
        shown = grid.get(event.row, col)
        if live:
            # The formula shows one of its statuses; any other text was typed over it.
            if shown is not None and as_text(shown) not in wheel_states():
                plan.typed.append(Skipped(grid.name, cell, as_text(shown)))
                continue
            formula = formulas.wheel_status(ref(event.row, col - 2), ref(event.row, col - 1))
            plan.sheet(grid.name).cells[(event.row, col)] = CellWrite(new or None, Mode.LIVE, formula)
            continue
        if not new and (shown is None or shown == ""):
            continue  # nothing there, nothing to say: the Forside is left as it is
        if shown is not None and shown != "" and not _refresh_wrote(result.memory, grid.name, cell, shown, written_key(new)):
            plan.typed.append(Skipped(grid.name, cell, as_text(shown)))
            continue
        plan.sheet(grid.name).cells[(event.row, col)] = CellWrite(new or None, Mode.VALUE, style="cover_status")
        if written_key(new):
            plan.written[(grid.name, cell)] = written_key(new)


def _plan_table(plan: RefreshPlan, sheet: SheetData) -> None:
    """Grow the sheet's table over rows with entries below it (typed there, or a new profile's)."""
    edits = plan.edits.get(sheet.name)
    filled = [row for (row, _), w in edits.cells.items() if w.mode is Mode.FILL] if edits else []
    last = max([*sheet.rows, *filled], default=0)
    if 0 < sheet.table_last_row < last:
        plan.sheet(sheet.name).grow_table = TableGrowth(sheet.header_row, last)


def _plan_print_area(plan: RefreshPlan, sheet: SheetData) -> None:
    """The table's print area down to its last filled row, over the columns a meeting reads
    (``printing.PRINT_UNTIL``): what the template writes, written again where a workbook has
    none or an older one (whole columns, which print every empty row of the table)."""
    if not sheet.cols:
        return
    until = printing.PRINT_UNTIL.get(sheet.sheet.id)
    last = sheet.cols[until] if until in sheet.cols else max(sheet.cols.values())
    plan.sheet(sheet.name).print_area = printing.filled_rows_area(sheet.name, last - 1, sheet.header_row,
                                                                  (1, max(sheet.cols.values())))


def _plan_needs(plan: RefreshPlan, result: ReadResult, needs: SheetData, profiles: SheetData) -> None:
    teams = list(result.unit.teams)
    texts = calculated.profile_texts([(v.get("id"), v.get("profile")) for v in profiles.rows.values()])
    retired = calculated.retired_ids([(v.get("id"), v.get("org")) for v in profiles.rows.values()])
    rows = {row: dict(values) for row, values in needs.rows.items()}
    edits = plan.sheet(needs.name)
    styles = {p.key: cell_style(p.column.kind, p.column.calc) for p in placed_columns(NEEDS, teams)}
    # Profiles in sheet A without a row here get the first empty rows (then rows below).
    listed = {str(v.get("id")).strip().casefold() for v in rows.values() if v.get("id") is not None}
    free = (r for r in range(needs.first_data_row, 10**6) if r not in rows)
    last = needs.last_row
    for profile in result.unit.profiles:
        if profile.id and profile.id.casefold() not in listed and "id" in needs.cols:
            row = next(free)
            rows[row] = {"id": profile.id}
            edits.cells[(row, needs.cols["id"])] = CellWrite(profile.id, Mode.FILL, style=styles["id"])
            plan.added_profiles.append(profile.id)
            last = max(last, row)
    for row in range(needs.first_data_row, last + 1):
        values = rows.get(row, {})
        derived = calculated.needs_row(values, teams, texts, retired)
        row_formulas = formulas.needs_row(row, needs.cols, teams, profiles.cols)
        for key, formula in row_formulas.items():
            if key in needs.cols:
                edits.cells[(row, needs.cols[key])] = CellWrite(derived[key], Mode.FORMULA, formula,
                                                                styles.get(key))


def _plan_values(plan: RefreshPlan, sheet: SheetData, derive, memory: Memory | None) -> None:
    edits = plan.sheet(sheet.name)
    value_cols = [(p.key, sheet.cols[p.key], cell_style(p.column.kind, p.column.calc))
                  for p in placed_columns(sheet.sheet) if p.column.calc is Calc.VALUE and p.key in sheet.cols]
    grid = sheet.grid
    # Equal writes are one object: a large plan writes the same few values down each column.
    writes: dict[tuple[type, Any, str | None], CellWrite] = {}
    for row in range(sheet.first_data_row, sheet.last_row + 1):
        derived = derive(row)
        for key, col, style in value_cols:
            new = derived.get(key)
            new_key = written_key(new)
            at = ref(row, col)
            shown = grid.get(row, col) if grid is not None else None
            if shown is not None and not _refresh_wrote(memory, sheet.name, at, shown, new_key):
                plan.typed.append(Skipped(sheet.name, at, as_text(shown)))
                continue
            write = writes.get((type(new), new, style))
            if write is None:
                write = writes[(type(new), new, style)] = CellWrite(new, Mode.VALUE, style=style)
            edits.cells[(row, col)] = write
            if new_key:
                plan.written[(sheet.name, at)] = new_key


def _plan_derived(plan: RefreshPlan, sheet: SheetData, records: Mapping[int | None, PlanRow], memory: Memory | None,
                  today: date) -> None:
    """The plan's derived columns (Fase, Læringsform, Indsats) in every row where they are blank
    or show what refresh put there, remembered as refresh's; a value a person typed is theirs
    and stays (no finding: these are input columns)."""
    edits = plan.sheet(sheet.name)
    ours = derived_written(memory)
    cols = [(key, sheet.cols[key]) for key in DERIVED_COLUMNS if key in sheet.cols]
    for row, record in records.items():
        if row is None:
            continue
        new_values = default_cells(record, today)
        for key, col in cols:
            shown = sheet.grid.get(row, col) if sheet.grid is not None else None
            new = new_values[key]
            if shown is None and new is None:
                continue  # blank, and nothing to fill in: most cells of a large plan
            cell = ref(row, col)
            if shown is not None and ours.get((sheet.name, cell)) != written_key(shown):
                continue
            edits.cells[(row, col)] = CellWrite(new, Mode.VALUE)
            if written_key(new):
                plan.written[(DERIVED + sheet.name, cell)] = written_key(new)


def _refresh_wrote(memory: Memory | None, sheet: str, cell: str, shown: object, new_key: str) -> bool:
    """Whether the value a calculated value cell shows is refresh's own, so it may be replaced;
    ``new_key`` is what refresh writes now, as ``written_key`` gives it.

    With a memory: it is what refresh wrote there last, or what it would write now. In a
    workbook from before the memory, a value where refresh now writes nothing can only be a
    person's (its text no longer gives one), while any other value is taken as an older refresh's.
    """
    key = written_key(shown)
    if key == new_key:
        return True
    if memory is None:
        return new_key != ""
    return memory.get((sheet, cell)) == key


def as_left(result: ReadResult, plan: RefreshPlan, left_alone: AbstractSet[tuple[str, str]] = frozenset()) -> ReadResult:
    """The workbook as this refresh leaves it, read again: the plan's writes applied to the
    values it was read from (a cell in ``left_alone`` — (sheet, cell) — keeps its value, an
    input cell is filled only while empty) and its tables grown. What refresh reports, on every
    path, is what this reading finds: a row it adds is a row the findings know.

    The reader reads what people type (and the catalogue, whose rewrite gives back the lines
    it was made from): where the plan fills no input cell and grows no table, the workbook
    reads as it did, and ``result`` is that reading."""
    if not any(w.mode is Mode.FILL for e in plan.edits.values() for w in e.cells.values()) \
            and not any(e.grow_table for e in plan.edits.values()):
        return result
    grids = dict(result.grids)
    last_rows = dict(result.table_last_rows)
    for name, edits in plan.edits.items():
        grid = grids.get(name)
        if grid is None:
            continue
        values = {(row, col): w.value for (row, col), w in edits.cells.items()
                  if (name, ref(row, col)) not in left_alone
                  and not (w.mode is Mode.FILL and grid.get(row, col) is not None)}
        grids[name] = grid.edited(values, edits.clear_from_row)
        if edits.grow_table is not None:
            last_rows[name] = max(last_rows.get(name, 0), edits.grow_table.last_row)
    return Reader(grids, result.file, last_rows).read(result.notes)


def report_edits(result: ReadResult, findings: list[Finding], today: date) -> dict[str, SheetEdits]:
    """Overblik, MED-SU and Fejl og mangler, owned outright and rewritten whole. A workbook from
    before MED-SU gets the sheet (plain, visible) at its end."""
    summary = summarise(result.unit, findings, today)
    return {OVERVIEW.name: owned_edits(overview_cells(summary, result.unit.teams), OVERVIEW_LAYOUT),
            COMMITTEE.name: owned_edits(committee_cells(result.unit, today), COMMITTEE_LAYOUT, create_visible=True),
            FINDINGS.name: owned_edits(findings_cells(findings), FINDINGS_LAYOUT)}


def remember_formats(plan: RefreshPlan, edits: Mapping[str, SheetEdits]) -> None:
    """The owned sheets' number formats as this refresh writes them, into the memory: an add-in
    sends them to Excel only when they differ from what the workbook was last given."""
    for name, sheet_edits in edits.items():
        if sheet_edits.formats is not None:
            plan.written[(name, FORMATS_CELL)] = areas_key(sheet_edits.formats)


def typed_over_findings(skipped: list[Skipped], file: str) -> list[Finding]:
    return [finding(Code.CALC_TYPED_OVER, file=file, sheet=s.sheet, cell=s.cell, value=s.value) for s in skipped]
