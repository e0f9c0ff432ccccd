"""Refresh: write gaps, status, the plan's derived columns, Overblik and Fejl og mangler.

``plan_refresh`` is pure: from what the reader found it decides every cell refresh writes.
Two adapters carry the plan out: ``refresh_file`` edits the .xlsx package on disk (headless,
``xlkompetence refresh``) and the add-in writes the same cells into the open workbook.
Neither ever writes a cell a person types in, except to put a new profile's number into an
empty row of Kompetencebehov.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import calculated, formulas
from .files import atomic_path, lock_files
from .findings import Finding, finding
from .loader import OOXML_SUFFIXES
from .overview import findings_cells, overview_cells, summarise
from .reader import ReadResult, SheetData
from .schema import ANCHORING, FINDINGS, NEEDS, OVERVIEW, PLAN, PROFILES, Calc, placed_columns
from .validate import FileReport, read_checked
from .xlsxpatch import CellWrite, Mode, SheetEdits, Skipped, patch_workbook


@dataclass
class RefreshPlan:
    """Cells to write, per sheet name, before and after the findings are known."""

    edits: dict[str, SheetEdits] = field(default_factory=dict)
    added_profiles: list[str] = field(default_factory=list)

    def sheet(self, name: str) -> SheetEdits:
        return self.edits.setdefault(name, SheetEdits())


def plan_refresh(result: ReadResult, today: date) -> RefreshPlan:
    """Every calculated cell of the template sheets, as the core computes it."""
    plan = RefreshPlan()
    needs = result.sheets.get(NEEDS.id)
    profiles = result.sheets.get(PROFILES.id)
    if needs is not None and profiles is not None:
        _plan_needs(plan, result, needs, profiles)
    sheet = result.sheets.get(PLAN.id)
    if sheet is not None:
        records = {r.row: r for r in result.unit.plan}
        _plan_values(plan, sheet, lambda row: calculated.plan_row(records.get(row), today))
    sheet = result.sheets.get(ANCHORING.id)
    if sheet is not None:
        records_a = {r.row: r for r in result.unit.anchoring}
        _plan_values(plan, sheet, lambda row: calculated.anchoring_row(records_a.get(row), today))
    return plan


def _plan_needs(plan: RefreshPlan, result: ReadResult, needs: SheetData, profiles: SheetData) -> None:
    teams = list(result.unit.teams)
    texts = calculated.profile_texts([(v.get("id"), v.get("profile")) for v in profiles.rows.values()])
    retired = calculated.retired_ids([(v.get("id"), v.get("org")) for v in profiles.rows.values()])
    rows = {row: dict(values) for row, values in needs.rows.items()}
    edits = plan.sheet(needs.name)
    # Profiles in sheet A without a row here get the first empty rows (then rows below).
    listed = {str(v.get("id")).strip().casefold() for v in rows.values() if v.get("id") is not None}
    free = (r for r in range(needs.first_data_row, 10**6) if r not in rows)
    last = needs.last_row
    for profile in result.unit.profiles:
        if profile.id and profile.id.casefold() not in listed and "id" in needs.cols:
            row = next(free)
            rows[row] = {"id": profile.id}
            edits.cells[(row, needs.cols["id"])] = CellWrite(profile.id, Mode.FILL)
            plan.added_profiles.append(profile.id)
            last = max(last, row)
    for row in range(needs.first_data_row, last + 1):
        values = rows.get(row, {})
        derived = calculated.needs_row(values, teams, texts, retired)
        row_formulas = formulas.needs_row(row, needs.cols, teams, profiles.cols)
        for key, formula in row_formulas.items():
            if key in needs.cols:
                edits.cells[(row, needs.cols[key])] = CellWrite(derived[key], Mode.FORMULA, formula)


def _plan_values(plan: RefreshPlan, sheet: SheetData, derive) -> None:
    edits = plan.sheet(sheet.name)
    value_cols = [p for p in placed_columns(sheet.sheet) if p.column.calc is Calc.VALUE and p.key in sheet.cols]
    for row in range(sheet.first_data_row, sheet.last_row + 1):
        derived = derive(row)
        for p in value_cols:
            edits.cells[(row, sheet.cols[p.key])] = CellWrite(derived.get(p.key), Mode.VALUE)


def report_edits(result: ReadResult, findings: list[Finding], today: date) -> dict[str, SheetEdits]:
    """Overblik and Fejl og mangler, owned outright and rewritten whole."""
    summary = summarise(result.unit, findings, today)
    edits = {}
    for name, cells in ((OVERVIEW.name, overview_cells(summary, result.unit.teams)),
                        (FINDINGS.name, findings_cells(findings))):
        edits[name] = SheetEdits(
            cells={k: CellWrite(c.value, Mode.OWNED, c.formula) for k, c in cells.items()},
            clear_from_row=1,
        )
    return edits


def typed_over_findings(skipped: list[Skipped], file: str) -> list[Finding]:
    return [finding("calc.typed_over", file=file, sheet=s.sheet, cell=s.cell, value=s.value) for s in skipped]


@dataclass
class RefreshReport:
    report: FileReport
    written: bool = False
    added_profiles: list[str] = field(default_factory=list)
    failed: bool = False  # it could be read, but not written: the file is unchanged

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings


def writable_problem(path: Path, name: str) -> Finding | None:
    """Why ``path`` must not be written now (open in Excel, a format we cannot write), or None."""
    locks = lock_files(path) if path.exists() else []
    if locks:
        return finding("file.locked", file=name, lock=locks[0].name)
    if path.exists() and path.suffix.lower() not in OOXML_SUFFIXES:
        reason = f"Kun .xlsx og .xlsm kan opdateres; {path.suffix or 'filen'} kan kun valideres."
        return finding("file.unsupported", file=name, reason=reason)
    # The mode bits, not os.access: as root access() says yes to every file.
    if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
        return finding("file.read_only", file=name)
    return None


def refresh_to(src: Path, dst: Path, today: date, name: str, report: FileReport | None = None) -> RefreshReport:
    """Write ``src`` refreshed to ``dst`` (which may be a temporary path); ``report`` is what
    reading ``src`` gave, when it has been read already. Nothing is written if it cannot be read."""
    report = report or read_checked(src, today, label=name, tables=True)
    if report.result is None:
        return RefreshReport(report)
    result = report.result
    plan = plan_refresh(result, today)

    def finalize(skipped: list[Skipped]) -> dict[str, SheetEdits]:
        added = set(plan.added_profiles)
        kept = [f for f in report.findings if not (f.code == "needs.profile_not_listed" and f.value in added)]
        report.findings = kept + typed_over_findings(skipped, name)
        return report_edits(result, report.findings, today)

    patch_workbook(src, dst, plan.edits, finalize)
    return RefreshReport(report, written=True, added_profiles=plan.added_profiles)


def refresh_file(path: Path | str, today: date, *, label: str | None = None) -> RefreshReport:
    """Validate and refresh one workbook in place, atomically. Refuses open and foreign files."""
    path = Path(path)
    name = label or str(path)
    problem = writable_problem(path, name)
    if problem is not None:
        return RefreshReport(FileReport(path, [problem]))
    report = read_checked(path, today, label=name, tables=True)
    if report.result is None:
        return RefreshReport(report)
    try:
        with atomic_path(path) as tmp:
            return refresh_to(path, tmp, today, name, report)
    except OSError as exc:
        report.findings.append(finding("file.write_failed", file=name, reason=exc.strerror or str(exc)))
        return RefreshReport(report, written=False, failed=True)
