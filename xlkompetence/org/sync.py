"""Sync down: bring unit workbooks in line with the organisation's goals and profiles.

The organisation template is a workbook whose sheet Mål og kompetenceprofil HR fills in
(numbers K1, K2 …). For each unit workbook, sync

- adds the organisation's new profiles to sheets A and B (with empty levels);
- updates the wording of a profile whose number it knows (in sheet A, and so in B);
- marks a profile the organisation no longer has as retired ("Udgået": kept, greyed, out of
  the gaps), never deleting it or the levels on it;
- leaves the unit's own profiles alone (a number the unit uses for its own profile is reported,
  not taken over);

and then refreshes the workbook. Only cells of sheet A's organisation rows, empty rows, and
calculated cells are written: every level, plan row, learning goal, logbook and anchoring row
the unit typed is kept exactly, with its own sheets, columns and formatting. The plan is pure
(``plan_sync``); ``sync_file`` writes atomically and keeps one backup copy.
"""

from __future__ import annotations

__all__ = [
    "BACKUP_DIR", "SyncError", "Change", "SyncPlan", "SyncReport", "read_org_profiles", "read_org_wheel",
    "plan_sync", "sync_file", "sync_paths",
]

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..xlsx import loader
from ..core.cells import ref
from ..xlsx.files import Stamp, atomic_path, real_target
from ..core.addresses import EmployeeList
from ..core.findings import Code, Finding, Report, finding
from ..core.labels import t
from ..core.models import Profile, WheelEvent
from ..core.wheel import org_events
from ..core.parsing import normalise_text
from ..unit.reader import Reader, ReadResult
from ..unit.refresh import refresh_to, writable_problem, write_problem
from ..core.schema import COVER, MEMORY, NEEDS, ORG_ACTIVE, ORG_RETIRED, PROFILES
from ..unit.issued import is_as_issued
from ..unit.memory import memory_edits
from ..unit.styletable import unit_styles
from ..unit.validate import read_checked
from ..xlsx.patch import CellWrite, Mode, SheetEdits, patch_workbook
from .syncpeople import plan_people
from .wheelsync import plan_wheel_sync

BACKUP_DIR = ".xlkompetence-backup"


class SyncError(ValueError):
    """The organisation template cannot be used; the message is Danish."""


@dataclass(frozen=True)
class Change:
    kind: str  # add, reword, retire, reactivate, conflict, employee (a person from HR's list)
    profile: str
    text: str

    def line(self) -> str:
        return t(f"sync.change.{self.kind}", profile=self.profile, text=self.text)


@dataclass
class SyncPlan:
    changes: list[Change] = field(default_factory=list)
    edits: dict[str, SheetEdits] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def cell(self, sheet: str, row: int, col: int, value: str, mode: Mode) -> None:
        self.edits.setdefault(sheet, SheetEdits()).cells[(row, col)] = CellWrite(value, mode)


@dataclass
class SyncReport(Report):
    """What syncing one unit workbook changed (or, in a dry run, would change) and found."""

    path: Path
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: bool = False
    readable: bool = True
    backup: Path | None = None

    def details(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "written": self.written,
            "backup": str(self.backup) if self.backup else None,
            "changes": [{"kind": c.kind, "profile": c.profile, "text": c.text, "message": c.line()}
                        for c in self.changes],
        }


def read_org_profiles(path: Path | str) -> list[Profile]:
    """The organisation's profiles from its template's sheet A; each must have its own number."""
    path = Path(path)
    try:
        source = loader.load(path, only=lambda name: normalise_text(name) == normalise_text(PROFILES.name))
    except loader.Unreadable as exc:
        raise SyncError(t("sync.org_unreadable", path=path, reason=exc.reason or exc.code.summary)) from exc
    reader = Reader(source.grids, str(path))
    profiles = reader.read_profiles()
    blocking = [f for f in reader.findings if f.code in (Code.SHEET_MISSING, Code.COLUMN_MISSING, Code.PROFILE_ID_MISSING,
                                                         Code.PROFILE_ID_DUPLICATE)]
    if blocking:
        raise SyncError(t("sync.org_invalid", path=path) + " " + " ".join(f"{f.location}: {f.message}" for f in blocking))
    if not profiles:
        raise SyncError(t("sync.org_empty", path=path))
    return profiles


def read_org_wheel(path: Path | str) -> tuple[WheelEvent, ...]:
    """HR's events in the organisation template's year wheel (``core.wheel.org_events``: those
    it has dated); none where the template has no wheel."""
    path = Path(path)
    try:
        source = loader.load(path, only=lambda name: normalise_text(name) == normalise_text(COVER.name))
    except loader.Unreadable as exc:
        raise SyncError(t("sync.org_unreadable", path=path, reason=exc.reason or exc.code.summary)) from exc
    return org_events(Reader(source.grids, str(path)).read_cover().wheel)


def plan_sync(org: list[Profile], result: ReadResult, wheel: tuple[WheelEvent, ...] = ()) -> SyncPlan:
    """What bringing the unit read as ``result`` in line with ``org`` and HR's year wheel
    ``wheel`` writes. Pure."""
    plan = SyncPlan()
    _plan_wheel(plan, wheel, result)
    a = result.sheets.get(PROFILES.id)
    b = result.sheets.get(NEEDS.id)
    if a is None or b is None or "id" not in a.cols or "profile" not in a.cols:
        return plan
    unit = result.unit
    # Each of the unit's profiles was read from a row of sheet A.
    by_id = {p.id.casefold(): (p.row, p) for p in unit.profiles if p.id and p.row is not None}
    # The organisation's profiles all have numbers: read_org_profiles refuses a sheet without.
    numbered = [(p.id, p) for p in org if p.id]
    org_ids = {pid.casefold() for pid, _ in numbered}
    # New profiles go below everything the unit wrote: a profile put into a gap would hand its
    # strategy and goal to the unit's rows below it, which inherit from the row above.
    free_a = _free_rows(max(a.rows, default=a.header_row) + 1, set(a.rows))
    listed_b = {str(v.get("id")).strip().casefold() for v in b.rows.values() if v.get("id") is not None}
    free_b = _free_rows(b.first_data_row, set(b.rows))
    for pid, op in numbered:
        found = by_id.get(pid.casefold())
        if found is None:
            row = next(free_a)
            for key, value in (("id", pid), ("strategy", op.strategy), ("goal", op.goal),
                               ("profile", op.text), ("org", ORG_ACTIVE)):
                if key in a.cols and value:
                    plan.cell(a.name, row, a.cols[key], value, Mode.FILL)
            if pid.casefold() not in listed_b and "id" in b.cols:
                plan.cell(b.name, next(free_b), b.cols["id"], pid, Mode.FILL)
            plan.changes.append(Change("add", pid, op.text))
            continue
        row, mine = found
        if mine.org is None:
            plan.changes.append(Change("conflict", pid, mine.text))
            plan.findings.append(finding(Code.SYNC_ID_CONFLICT, file=result.file, sheet=a.name,
                                         cell=_ref(row, a.cols["id"]), value=pid, text=mine.text))
            continue
        if mine.text != op.text:
            plan.cell(a.name, row, a.cols["profile"], op.text, Mode.OWNED)
            plan.changes.append(Change("reword", pid, op.text))
        values = result.sheets[PROFILES.id].rows.get(row, {})
        for key, wanted in (("strategy", op.strategy), ("goal", op.goal)):
            # Only where the row states it itself: rows below may inherit it.
            if key in a.cols and wanted and values.get(key) not in (None, "") and str(values[key]).strip() != wanted:
                plan.cell(a.name, row, a.cols[key], wanted, Mode.OWNED)
        if mine.org == ORG_RETIRED and "org" in a.cols:
            plan.cell(a.name, row, a.cols["org"], ORG_ACTIVE, Mode.OWNED)
            plan.changes.append(Change("reactivate", pid, op.text))
    for mine in unit.profiles:
        if mine.id and mine.row and mine.org == ORG_ACTIVE and mine.id.casefold() not in org_ids and "org" in a.cols:
            plan.cell(a.name, mine.row, a.cols["org"], ORG_RETIRED, Mode.OWNED)
            plan.changes.append(Change("retire", mine.id, mine.text))
    return plan


def _plan_wheel(plan: SyncPlan, wheel: tuple[WheelEvent, ...], result: ReadResult) -> None:
    """HR's year wheel into the unit's Forside, and its dates remembered as HR's (in a workbook
    with a memory: one from before it gets its memory at the refresh that follows)."""
    if not wheel:
        return
    planned = plan_wheel_sync(wheel, result)
    if result.cover_grid is not None and planned.cells:
        plan.edits.setdefault(result.cover_grid.name, SheetEdits()).cells.update(planned.cells)
    if planned.remembered and result.memory is not None:
        plan.edits[MEMORY.name] = memory_edits({**result.memory, **planned.remembered})
    plan.changes += [Change(kind, event, day) for kind, event, day in planned.changes]
    plan.findings += planned.findings


def _free_rows(first: int, taken: set[int]) -> Iterator[int]:
    row = first
    while True:
        if row not in taken:
            yield row
        row += 1


def _ref(row: int | None, col: int | None) -> str | None:
    return ref(row, col) if row and col else None


def sync_file(org: list[Profile], path: Path, today: date, *, dry_run: bool = False,
              employees: EmployeeList | None = None, wheel: tuple[WheelEvent, ...] = ()) -> SyncReport:
    """Bring one unit workbook in line with ``org`` (and HR's year ``wheel`` and ``employees``,
    where given): atomically, keeping one backup copy."""
    name = str(path)
    problem = writable_problem(path, name)
    if problem is not None:
        return SyncReport(path, findings=[problem], readable=problem.code != Code.FILE_UNSUPPORTED)
    stamp = Stamp.of(real_target(path))
    report = read_checked(path, today, label=name, tables=True)
    if report.result is None:
        return SyncReport(path, findings=report.findings, readable=False)
    plan = plan_sync(org, report.result, wheel)
    if employees is not None:
        _with_people(plan, *plan_people(employees, report.result))
    outcome = SyncReport(path, changes=plan.changes, findings=plan.findings)
    applying = [c for c in plan.changes if c.kind != "conflict"]
    if dry_run or not applying:
        return outcome
    backup = path.parent / BACKUP_DIR / path.name
    try:
        backup.parent.mkdir(exist_ok=True)
        with atomic_path(path, read_as=stamp) as tmp:
            synced = tmp.with_name(tmp.name + ".sync.xlsx")
            try:
                patch_workbook(path, synced, plan.edits, styles=unit_styles())
                # Profiles HR sends to a workbook nobody has typed in yet do not deliver it.
                untouched = is_as_issued(report.result)
                refreshed = refresh_to(synced, tmp, today, name, reissue=untouched)
            finally:
                synced.unlink(missing_ok=True)
            shutil.copy2(path, backup)
    except OSError as exc:
        outcome.findings.append(write_problem(exc, name))
        return outcome
    outcome.findings += refreshed.findings
    outcome.written, outcome.backup = True, backup
    return outcome


def _with_people(plan: SyncPlan, edits: dict[str, SheetEdits], people: list) -> None:
    for sheet, more in edits.items():
        mine = plan.edits.setdefault(sheet, SheetEdits())
        mine.cells.update(more.cells)
        mine.grow_table = more.grow_table or mine.grow_table
    plan.changes += [Change("employee", p.name, p.team) for p in people]


def sync_paths(org_template: Path, units: list[Path], today: date, *, dry_run: bool = False,
               employees: EmployeeList | None = None) -> list[SyncReport]:
    """Sync every unit workbook in ``units`` with the organisation template's profiles, and with
    HR's employee list where given."""
    org = read_org_profiles(org_template)
    wheel = read_org_wheel(org_template)
    return [sync_file(org, path, today, dry_run=dry_run, employees=employees, wheel=wheel) for path in units]
