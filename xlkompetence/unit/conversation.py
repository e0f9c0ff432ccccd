"""MUS/PUS sheets: one small workbook per employee, filled in from the unit workbook before the
conversation, and what was agreed in them brought back into bilag C.

One file per employee rather than one workbook with a sheet each: the leader mails or prints
each employee their own sheet, and nobody sees a colleague's goals. The sheet is one A4 page:
the unit, team, the team's learning goal and gaps greyed (from the unit workbook), four white
fields for what the two agree, and the employee's own logbook, which never goes back.

``write_conversations`` never replaces a file; ``fetch_agreements`` never changes an employee's
file, never writes over a cell a person typed in bilag C (a different word is reported as
``mus.conflict``), and writes the unit workbook atomically, then refreshes it.
"""

from __future__ import annotations

__all__ = [
    "SHEET", "MARKER_CELL", "IDENTITY_SHEET", "ConversationReport", "write_conversations", "write_conversation",
    "read_agreement", "FetchReport", "fetch_agreements", "identity_problem", "file_names",
]

import io
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.cells import ref
from ..core.dates import parse_date
from ..core.edits import CellWrite, Mode, SheetEdits, TableGrowth
from ..core.filenames import safe_stem
from ..core.findings import Code, Finding, Report, finding
from ..core.grid import Grid
from ..core.labels import LABELS, conversation_named, t
from ..core.models import Cover, IndividualGoal
from ..core.mus import Agreement, Conversation, Identity, Outcome, conversations, match_agreement
from ..core.parsing import ValueProblem, normalise_text
from ..core.schema import INDIVIDUAL
from ..xlsx import loader
from ..xlsx.files import Stamp, atomic_path, real_target, write_atomic
from ..xlsx.patch import fit_workbook, patch_workbook
from ..core.numberformats import DATE_FORMAT
from ..xlsx.styles import BASE, CALC_FILL, GRID, INPUT_FILL, add_formats
from .datavalidation import date_validation
from .refresh import RefreshReport, refresh_file, writable_problem, write_problem
from .sheettables import SheetData, as_text
from .validate import AfterReading, FileReport, read_checked

SHEET = t("mus.sheet")
# The hidden cell that marks a sheet this module wrote (column H, first row).
MARKER_CELL = (1, 8)
# Fields read back, by the label in column A: model field → label key.
_READ = {"unit": "mus.unit", "employee": "mus.employee", "team": "mus.team", "period": "mus.period",
         "team_goal": "mus.team_goal",
         "personal_goal": "mus.personal_goal", "activities": "mus.activities", "mus_date": "mus.mus_date",
         "next_follow_up": "mus.next_follow_up"}


# -- writing ---------------------------------------------------------------------------------

@dataclass
class ConversationReport(AfterReading):
    """The sheets written and the ones left alone because a file of that name exists."""

    report: FileReport
    folder: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    def details(self) -> dict[str, Any]:
        return {**self.report.details(), "folder": str(self.folder), "written": [str(p) for p in self.written],
                "skipped": [str(p) for p in self.skipped]}


def write_conversations(unit_path: Path | str, folder: Path | str, today: date,
                        extra: list[str] | tuple[str, ...] = (), *, key: bytes) -> ConversationReport:
    """A MUS/PUS workbook in ``folder`` for every employee the unit workbook names (and each of
    ``extra``), signed with ``key`` (the organisation's, ``org.keyfile``); a file that exists
    already is skipped, never replaced."""
    folder = Path(folder)
    report = read_checked(unit_path, today)
    out = ConversationReport(report, folder)
    if report.result is None:
        return out
    folder.mkdir(parents=True, exist_ok=True)
    convs = conversations(report.result.unit, extra)
    with conversation_named(report.result.unit.cover.conversation):  # named as the unit names it
        for c, name in zip(convs, file_names(convs)):
            path = folder / name
            if path.exists():
                out.skipped.append(path)
                continue
            write_atomic(path, partial(write_conversation, c=c, today=today, key=key, file=name))
            out.written.append(path)
    return out


def write_conversation(path: Path, c: Conversation, today: date, *, key: bytes, file: str) -> None:
    """One employee's sheet (XlsxWriter), A4 portrait on one page, with its signed identity
    (written as ``file``) in a very hidden sheet."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"title": f"{t('mus.title')} – {c.employee}", "created": datetime(today.year, today.month, today.day)})
    f = _formats(wb)
    ws = wb.add_worksheet(SHEET)
    _write_heading(ws, f)
    row = _write_given(ws, f, c, 3)
    row = _write_gaps(ws, f, c, row + 1)
    row = _write_earlier(ws, f, c, row + 2)
    row = _write_agreed(ws, f, row)
    row = _write_own(ws, f, row + 1)
    _print_on_one_page(ws, row)
    _write_identity(wb, replace(c.identity, file=file), key)
    wb.close()
    # Each row as tall as its text by the width model (the white fields keep their room to write).
    fitted = io.BytesIO()
    fit_workbook(io.BytesIO(path.read_bytes()), fitted)
    path.write_bytes(fitted.getvalue())


def _formats(wb: Workbook) -> dict[str, Any]:
    """The sheet's cell formats: greyed what the unit workbook gives, white what the two agree."""
    border = {"border": 1, "border_color": GRID, "text_wrap": True, "valign": "top"}
    return add_formats(wb, {
        "given": {**BASE, **border, "bg_color": CALC_FILL},
        "given_head": {**BASE, **border, "bg_color": CALC_FILL, "bold": True},
        "given_int": {**BASE, **border, "bg_color": CALC_FILL, "align": "center"},
        "input": {**BASE, **border, "bg_color": INPUT_FILL, "locked": False},
        "input_date": {**BASE, **border, "bg_color": INPUT_FILL, "locked": False, "num_format": DATE_FORMAT,
                       "align": "left"},
        "field": {**BASE, "bold": True, "valign": "top", "text_wrap": True},
        "wrap": {**BASE, "text_wrap": True, "valign": "top"},
        "hint": {**BASE, "italic": True, "font_size": 9, "font_color": "#595959", "text_wrap": True},
    })


def _write_heading(ws: Worksheet, f: dict[str, Any]) -> None:
    """Column widths, the title with the hidden marker beside it, and the introduction."""
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 8)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 5, 8)
    ws.set_column(7, 7, None, None, {"hidden": True})
    ws.write(0, 0, t("mus.title"), f["title"])
    ws.write(MARKER_CELL[0] - 1, MARKER_CELL[1] - 1, LABELS["mus.marker"])  # the same whatever the conversation is called
    ws.merge_range(1, 0, 1, 5, t("mus.intro"), f["intro"])


def _write_given(ws: Worksheet, f: dict[str, Any], c: Conversation, row: int) -> int:
    """What the unit workbook says of the employee, from 0-based ``row``; returns the next row."""
    for key, value in (("mus.unit", c.unit), ("mus.leader", c.leader), ("mus.employee", c.employee),
                       ("mus.team", c.team), ("mus.period", c.period), ("mus.team_goal", c.team_goal)):
        row = _field(ws, row, t(key), value, f["field"], f["given"])
    return row


def _write_gaps(ws: Worksheet, f: dict[str, Any], c: Conversation, row: int) -> int:
    """The team's gaps under their heading in 0-based ``row``; returns the last row written."""
    ws.write(row, 0, t("mus.gaps"), f["section"])
    row += 1
    if not c.gaps:
        # Without a team its gaps are unknown, not none.
        ws.merge_range(row, 0, row, 5, t("mus.no_gaps" if c.team.strip() else "mus.team_unknown"), f["wrap"])
        return row
    for col, key in enumerate(("mus.gap_id", "mus.gap_profile", "mus.gap_desired", "mus.gap_actual", "mus.gap_gap")):
        if col == 1:
            ws.merge_range(row, 1, row, 2, t(key), f["given_head"])
        else:
            ws.write(row, col if col == 0 else col + 1, t(key), f["given_head"])
    for gap in c.gaps:
        row += 1
        ws.write(row, 0, gap.profile_id, f["given"])
        ws.merge_range(row, 1, row, 2, gap.text, f["given"])
        for col, value in ((3, gap.desired), (4, gap.actual), (5, gap.gap)):
            ws.write(row, col, value, f["given_int"])
    return row


def _write_earlier(ws: Worksheet, f: dict[str, Any], c: Conversation, row: int) -> int:
    """What earlier conversations agreed, where bilag C has any, from 0-based ``row``; returns the next row."""
    if not c.earlier:
        return row
    ws.write(row, 0, t("mus.earlier"), f["section"])
    row += 1
    for goal, activities, when in c.earlier:
        text = " – ".join(x for x in (goal, activities) if x)
        label = when.strftime("%d-%m-%Y") if when else ""
        row = _field(ws, row, label, text, f["field"], f["given"])
    return row + 1


def _write_agreed(ws: Worksheet, f: dict[str, Any], row: int) -> int:
    """The white fields for what the two agree, and its dates, from 0-based ``row``; returns the next row."""
    ws.write(row, 0, t("mus.agreed"), f["section"])
    row += 1
    row = _field(ws, row, t("mus.personal_goal"), "", f["field"], f["input"], height=75)
    row = _field(ws, row, t("mus.activities"), "", f["field"], f["input"], height=75)
    for key in ("mus.mus_date", "mus.next_follow_up"):
        ws.write(row, 0, t(key), f["field"])
        ws.merge_range(row, 1, row, 2, None, f["input_date"])
        ws.data_validation(row, 1, row, 1, date_validation())
        row += 1
    return row


def _write_own(ws: Worksheet, f: dict[str, Any], row: int) -> int:
    """The employee's own logbook, which never goes back, from 0-based ``row``; returns its last row."""
    ws.write(row, 0, t("mus.own"), f["section"])
    row += 1
    row = _field(ws, row, t("mus.logbook"), "", f["field"], f["input"], height=120)
    ws.merge_range(row, 0, row, 5, t("mus.logbook_hint"), f["hint"])
    return row


def _print_on_one_page(ws: Worksheet, last_row: int) -> None:
    """A4 portrait on one page, down to 0-based ``last_row``; protected, its white fields open."""
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.print_area(0, 0, last_row, 5)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_rows": True})


def _field(ws: Worksheet, row: int, label: str, value: str, label_fmt, value_fmt, *,
           height: float | None = None) -> int:
    """A label in column A and its value across B–F (0-based ``row``); returns the next row.
    ``height``: room to write in; otherwise the row is as tall as its text (``fit_workbook``)."""
    ws.write(row, 0, label, label_fmt)
    ws.merge_range(row, 1, row, 5, value or None, value_fmt)
    if height is not None:
        ws.set_row(row, height)
    return row + 1


# -- reading back ------------------------------------------------------------------------------

def read_agreement(grid: Grid, file: str, unusable: list[Finding] | None = None) -> Agreement | None:
    """What a sheet written by ``write_conversation`` says was agreed; None for any other sheet.
    The logbook is not read. A value that cannot be used (a date that cannot be read, an Excel
    error) is left out of the agreement and, with ``unusable``, reported there with its cell."""
    if normalise_text(grid.get(*MARKER_CELL)) != normalise_text(LABELS["mus.marker"]):
        return None
    labels = {normalise_text(t(key)): name for name, key in _READ.items()}
    rows: dict[str, int] = {}
    for row in range(1, grid.height + 1):
        name = labels.get(normalise_text(grid.get(row, 1)))
        if name and name not in rows:
            rows[name] = row
    fields: dict[str, Any] = {}
    problems: list[tuple[str, int, str, str]] = []  # field, row, value, why
    for name, row in rows.items():
        raw, error = grid.get(row, 2), grid.error(row, 2)
        if error is not None:
            problems.append((name, row, error, t("mus.why_error")))
        elif name in ("mus_date", "next_follow_up"):
            try:
                fields[name] = parse_date(raw)
            except ValueProblem:
                problems.append((name, row, as_text(raw), t("mus.why_date")))
        else:
            fields[name] = as_text(raw)
    if not fields.get("employee"):
        return None
    if unusable is not None:
        unusable += [finding(Code.MUS_VALUE_UNUSABLE, file=file, sheet=grid.name, cell=ref(row, 2), value=value,
                             employee=fields["employee"], field=t(_READ[name]), name=file, why=why)
                     for name, row, value, why in problems]
    return Agreement(file=file, **fields)


@dataclass
class FetchReport(Report):
    """What ``fetch_agreements`` found in the folder and did to bilag C."""

    report: FileReport
    folder: Path
    outcomes: list[Outcome] = field(default_factory=list)
    # The bilag C row each outcome names (the row filled in, added, already saying it, or in conflict).
    at: list[int | None] = field(default_factory=list)
    extra: list[Finding] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # bilag C rows filled in or added
    written: bool = False
    refreshed: RefreshReport | None = None

    @property
    def findings(self) -> list[Finding]:
        base = self.refreshed.findings if self.refreshed is not None else self.report.findings
        return base + self.extra

    @property
    def readable(self) -> bool:
        return self.report.readable

    def details(self) -> dict[str, Any]:
        return {**self.report.details(), "folder": str(self.folder), "written": self.written,
                "files": [{"file": o.agreement.file, "outcome": o.kind, "row": row}
                          for o, row in zip(self.outcomes, self.at)]}


def fetch_agreements(unit_path: Path | str, folder: Path | str, today: date, *, key: bytes) -> FetchReport:
    """Bring what the MUS/PUS sheets in ``folder`` agree into the unit workbook's bilag C, then
    refresh it. Only blank cells are filled and new rows added below the last one typed; a
    sheet whose signed identity (``key``) does not hold is refused with a finding."""
    unit_path, folder = Path(unit_path), Path(folder)
    name = str(unit_path)
    problem = writable_problem(unit_path, name)
    if problem is not None:
        return FetchReport(FileReport(unit_path, [problem]), folder)
    stamp = Stamp.of(real_target(unit_path))
    report = read_checked(unit_path, today, label=name, tables=True)
    out = FetchReport(report, folder)
    if report.result is None:
        return out
    unit = report.result.unit
    with conversation_named(unit.cover.conversation):  # the sheets' labels name it as the unit does
        agreements = _agreements(folder, unit_path, unit.cover, out.extra, key)
    sheet = report.result.sheets.get(INDIVIDUAL.id)
    if sheet is None:
        return out
    edits = _enter_agreements(out, list(unit.individual_goals), agreements, sheet, name)
    if not edits.cells:
        return out
    try:
        _patch_individual(unit_path, stamp, sheet, edits)
    except OSError as exc:
        out.extra.append(write_problem(exc, name))
        return out
    out.written = True
    out.rows = sorted(set(out.rows))
    out.refreshed = refresh_file(unit_path, today, label=name)
    return out


def _enter_agreements(out: FetchReport, goals: list[IndividualGoal], agreements: list[Agreement],
                      sheet: SheetData, name: str) -> SheetEdits:
    """The cells of bilag C the agreements fill in or add; each agreement's outcome and row go
    into ``out``, a conflict as a finding."""
    edits = SheetEdits()
    next_row = max([*sheet.rows, sheet.header_row]) + 1
    for a in agreements:
        outcome = match_agreement(goals, a)
        out.outcomes.append(outcome)
        index = outcome.index
        out.at.append(goals[index].row if index is not None else next_row if outcome.kind == "added" else None)
        if outcome.kind == "conflict" and index is not None:
            out.extra += _conflicts(goals[index], a, outcome, sheet, name)
            continue
        if outcome.kind == "filled" and index is not None:
            g = goals[index]
            row = g.row
            goals[index] = g.model_copy(update=outcome.fields)
        elif outcome.kind == "added":
            row = next_row
            next_row += 1
            goals.append(IndividualGoal.model_validate({**outcome.fields, "row": row}))
        else:
            continue
        for field_id, value in outcome.fields.items():
            col = sheet.cols.get(field_id)
            if col is not None and row is not None:
                edits.cells[(row, col)] = CellWrite(value, Mode.FILL)
                out.rows.append(row)
    return edits


def _conflicts(goal: IndividualGoal, a: Agreement, outcome: Outcome, sheet: SheetData, name: str) -> list[Finding]:
    """A finding for each cell of ``goal``'s row where a person typed something else than ``a`` agrees."""
    found = []
    for field_id, typed, agreed in outcome.conflicts:
        col = sheet.cols.get(field_id)
        found.append(finding(Code.MUS_CONFLICT, file=name, sheet=sheet.name,
                             cell=ref(goal.row, col) if goal.row and col else None, value=agreed,
                             employee=a.employee, typed=typed, mus_date=_day(a.mus_date), name=a.file))
    return found


def _patch_individual(unit_path: Path, stamp: Stamp | None, sheet: SheetData, edits: SheetEdits) -> None:
    """Write ``edits`` into bilag C of the unit workbook atomically, its table grown down to the
    last row written."""
    last = max(r for r, _ in edits.cells)
    if 0 < sheet.table_last_row < last:
        edits.grow_table = TableGrowth(sheet.header_row, last)
    with atomic_path(unit_path, read_as=stamp) as tmp:
        patch_workbook(unit_path, tmp, {sheet.name: edits})


def _day(when: date | None) -> str:
    return when.strftime("%d-%m-%Y") if when else "-"


def _agreements(folder: Path, unit_path: Path, cover: Cover, findings: list[Finding], key: bytes) -> list[Agreement]:
    """The agreements of every MUS/PUS sheet in ``folder`` for this unit, in file name order;
    other files, and sheets whose identity does not hold, are reported and skipped (lock files
    and the unit workbook itself silently)."""
    result = []
    for path in sorted(folder.glob("*.xlsx")):
        if path.name.startswith(("~$", ".~lock")) or path.resolve() == unit_path.resolve():
            continue
        try:
            source = loader.load(path, only=lambda n: normalise_text(n) in _MUS_SHEETS)
        except (loader.Unreadable, OSError):
            findings.append(finding(Code.MUS_NOT_A_SHEET, file=path.name, name=path.name))
            continue
        grids = {normalise_text(n): g for n, g in source.grids.items()}
        grid = grids.get(normalise_text(SHEET))
        unusable: list[Finding] = []
        agreement = read_agreement(grid, path.name, unusable) if grid is not None else None
        if agreement is None:
            findings.append(finding(Code.MUS_NOT_A_SHEET, file=path.name, name=path.name))
            continue
        problem = identity_problem(agreement, grids.get(normalise_text(IDENTITY_SHEET)), cover, key)
        if problem is not None:
            findings.append(problem)
        else:
            findings += unusable
            result.append(agreement)
    return result


# -- identity ----------------------------------------------------------------------------------

IDENTITY_SHEET = t("mus.identity_sheet")
_MUS_SHEETS = {normalise_text(SHEET), normalise_text(IDENTITY_SHEET)}
# The identity's fields, one a row under the marker, then the signature.
_IDENTITY_FIELDS = ("unit", "employee", "team", "period", "file")


def _write_identity(wb: Workbook, identity: Identity, key: bytes) -> None:
    """Whom the sheet is for, signed, in a sheet nobody unhides without a macro: a copy of the
    MUS/PUS sheet into another workbook leaves it behind."""
    ws = wb.add_worksheet(IDENTITY_SHEET)
    ws.write_string(0, 0, t("mus.identity_marker"))
    for i, name in enumerate(_IDENTITY_FIELDS, start=1):
        ws.write_string(i, 0, name)
        ws.write_string(i, 1, getattr(identity, name))
    ws.write_string(len(_IDENTITY_FIELDS) + 1, 0, "signature")
    ws.write_string(len(_IDENTITY_FIELDS) + 1, 1, identity.signature(key))
    ws.very_hidden()


def _read_identity(grid: Grid | None) -> tuple[Identity, str] | None:
    """The identity a sheet was written with and its signature; None where it has none."""
    if grid is None or normalise_text(grid.get(1, 1)) != normalise_text(t("mus.identity_marker")):
        return None
    values = {as_text(grid.get(row, 1)): as_text(grid.get(row, 2)) for row in range(2, len(_IDENTITY_FIELDS) + 3)}
    if not values.get("signature"):
        return None
    return Identity(**{name: values.get(name, "") for name in _IDENTITY_FIELDS}), values["signature"]


def identity_problem(a: Agreement, grid: Grid | None, cover: Cover, key: bytes) -> Finding | None:
    """Why the sheet ``a`` was read from may not write into this unit workbook, if it may not:
    no identity signed with ``key`` (written before identities, by another organisation's
    key, or tampered with), grey cells edited since, a copy under another file name, another
    unit's sheet, or a sheet from another round."""
    read = _read_identity(grid)
    if read is None or not read[0].signed_by(key, read[1]):
        return finding(Code.MUS_UNSIGNED, file=a.file, name=a.file)
    identity = read[0]
    shown = Identity(a.unit, a.employee, a.team, a.period)
    if shown.person() != identity.person():
        return finding(Code.MUS_EDITED, file=a.file, name=a.file, employee=identity.employee)
    if identity.file != a.file:
        return finding(Code.MUS_COPIED, file=a.file, name=a.file, other=identity.file)
    if cover.unit and normalise_text(identity.unit) != normalise_text(cover.unit):
        return finding(Code.MUS_OTHER_UNIT, file=a.file, value=identity.unit, unit=cover.unit, name=a.file)
    if normalise_text(identity.period) != normalise_text(cover.period):
        return finding(Code.MUS_OTHER_ROUND, file=a.file, name=a.file, value=identity.period, period=cover.period)
    return None


def file_names(convs: list[Conversation]) -> list[str]:
    """A file name for each sheet, safe on every system and each its own: "MUS-PUS Anne
    Hansen.xlsx", and where two people share a name, their teams after it."""
    stems = [c.file_stem for c in convs]
    taken = Counter(s.casefold() for s in stems)
    stems = [safe_stem(f"{s} ({c.team or t('mus.no_team')})", fallback=s) if taken[s.casefold()] > 1 else s
             for c, s in zip(convs, stems)]
    names: list[str] = []
    for s in stems:
        n, name = 1, s
        while name.casefold() in {x.casefold() for x in names}:
            n += 1
            name = f"{s} {n}"
        names.append(name)
    return [f"{name}.xlsx" for name in names]
