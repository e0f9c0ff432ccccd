"""Roll-out: every unit's workbook of a round, made from HR's list and the organisation's template.

The list is read first and checked as a whole (``core.roster``); nothing is written until it
has no errors. Then each unit gets its workbook in the folder, named after the unit, with
the organisation's goals and profiles where a template is given. A workbook already there
is never touched, so the roll-out can be run again when units are added to the list.
"""

from __future__ import annotations

__all__ = ["RolloutReport", "read_roster_file", "read_employee_file", "TableUnreadable", "read_table", "decode_list",
           "new_unit_workbook", "from_org_template", "rollout"]

import csv
import io
import shutil
import tempfile
from collections.abc import Callable
from itertools import repeat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core import examples
from ..core.addresses import EmployeeList, has_employee_header, read_employee_list
from ..core.findings import Code, Finding, Report, Severity, finding
from ..core.labels import conversation_named, t
from ..core.identity import unit_key
from ..core.models import Employee, IndividualGoal, Profile, UnitWorkbook, WheelEvent
from ..core.roster import Roster, RosterEntry, has_roster_header, read_roster
from ..core.schema import ORG_ACTIVE
from ..core.wheel import with_org_wheel
from ..unit.template import write_unit_workbook
from ..xlsx import loader
from ..xlsx.files import is_taken
from .parallel import in_processes
from .sync import read_org_profiles, read_org_wheel

_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


@dataclass
class RolloutReport(Report):
    """What a roll-out did: the list's findings, the workbooks made and those left alone."""

    roster: Path
    out: Path
    findings: list[Finding] = field(default_factory=list)
    made: list[tuple[RosterEntry, Path]] = field(default_factory=list)
    kept: list[tuple[RosterEntry, Path]] = field(default_factory=list)
    failed: list[tuple[RosterEntry, Path]] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not any(f.code in (Code.ROSTER_UNREADABLE, Code.EMPLOYEES_UNREADABLE) for f in self.findings)

    def details(self) -> dict[str, Any]:
        return {"list": str(self.roster), "out": str(self.out),
                "made": [{"unit": e.unit, "file": str(p), "row": e.row} for e, p in self.made],
                "kept": [{"unit": e.unit, "file": str(p), "row": e.row} for e, p in self.kept],
                "failed": [{"unit": e.unit, "file": str(p), "row": e.row} for e, p in self.failed]}


def read_roster_file(path: Path | str) -> Roster:
    """HR's list from an Excel workbook (the first sheet with the list's headers) or a CSV file
    (; , or tab; UTF-8, UTF-16 as Excel's "Unicode-tekst", or Windows', DOS' and old Macs' own
    encodings). Never raises: whatever cannot be used is a finding with a Danish reason."""
    path = Path(path)
    try:
        sheet, rows = read_table(path, has_roster_header)
    except TableUnreadable as exc:
        return Roster([], [finding(Code.ROSTER_UNREADABLE, file=path.name, reason=str(exc))], path.name)
    return read_roster(rows, file=path.name, sheet=sheet)


def read_employee_file(path: Path | str) -> EmployeeList:
    """HR's employee list (a payroll export: Excel or CSV, read as the round's list is). Never
    raises: whatever cannot be used is a finding with a Danish reason."""
    path = Path(path)
    try:
        sheet, rows = read_table(path, has_employee_header)
    except TableUnreadable as exc:
        return EmployeeList(findings=[finding(Code.EMPLOYEES_UNREADABLE, file=path.name, reason=str(exc))],
                            file=path.name)
    return read_employee_list(rows, file=path.name, sheet=sheet)


def unplaced(employees: EmployeeList, units: list[str]) -> None:
    """A finding for each person on the list whose unit is none of ``units``."""
    known = {unit_key(u) for u in units}
    for e in employees.entries:
        if unit_key(e.unit) not in known:
            employees.report(Code.EMPLOYEES_UNIT_UNKNOWN, e.row, "unit", value=e.unit, name=e.name)


class NotText(ValueError):
    """A file with a text ending that holds no text; the message is Danish."""


class TableUnreadable(ValueError):
    """A list that cannot be read as a table; the message is the Danish reason."""


# A sheet's rows, and whether they begin with the header of the list looked for.
Rows = list[list[Any]]
HasHeader = Callable[[Rows], bool]


def read_table(path: Path, has_header: HasHeader) -> tuple[str | None, Rows]:
    """The sheet and rows of a list HR or a leader keeps: in a workbook the first sheet with
    the header ``has_header`` knows, in a CSV file its rows (the sheet then as Excel names it).
    ``TableUnreadable`` with the Danish reason when it cannot be read."""
    try:
        head = path.read_bytes()[:8] if path.is_file() else b""
        # A workbook saved or renamed with a .csv ending is still a workbook.
        if path.suffix.lower() in _WORKBOOK_SUFFIXES or head.startswith((loader.ZIP_MAGIC, loader.OLE2_MAGIC)):
            return _workbook_table(path, has_header)
        if path.suffix.lower() in {".csv", ".txt"}:
            return path.stem, _csv_rows(path)
        reason = t("roster.not_a_list", path=path.name)
    except loader.Unreadable as exc:
        reason = exc.reason or exc.code.summary
    except NotText as exc:
        reason = str(exc)
    except (OSError, csv.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - a list that breaks the reader is a finding, never a crash
        reason = t("reason.unexpected", error=type(exc).__name__)
    raise TableUnreadable(reason)


def _workbook_table(path: Path, has_header: HasHeader) -> tuple[str | None, Rows]:
    suffix = path.suffix.lower()
    if suffix not in _WORKBOOK_SUFFIXES:
        # Calamine and the zip checks go by the ending: read the renamed workbook as what it is.
        real = ".xls" if path.read_bytes()[:8].startswith(loader.OLE2_MAGIC) else ".xlsx"
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / f"liste{real}"
            shutil.copyfile(path, copy)
            return _sheet_table(loader.load(copy), has_header)
    return _sheet_table(loader.load(path), has_header)


def _sheet_table(source: loader.Source, has_header: HasHeader) -> tuple[str | None, Rows]:
    sheets = [(name, [list(r) for r in grid.rows]) for name, grid in source.grids.items()]
    if not sheets:
        return None, []
    # The sheet with the list's headers (HR may keep notes or a cover sheet first).
    return next(((n, r) for n, r in sheets if has_header(r)), sheets[0])


def _csv_rows(path: Path) -> list[list[Any]]:
    text = decode_list(path.read_bytes())
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = _guessed_dialect(";" if sample.count(";") >= sample.count(",") else ",")
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]


def _guessed_dialect(delimiter: str) -> type[csv.Dialect]:
    # A class of its own: setting csv.excel's delimiter would change it for every later reader.
    return type("Guessed", (csv.excel,), {"delimiter": delimiter})


# Danish letters as each 8-bit encoding a list may come in writes them.
_DANISH = set("æøåÆØÅéÉüÜ")
_EIGHT_BIT = ("cp1252", "cp850", "mac_roman")


def decode_list(data: bytes) -> str:
    """A CSV file's text: UTF-8 or UTF-16 by their marks, UTF-8 where it decodes, else the
    8-bit encoding (Windows, DOS, old Mac) that gives the most Danish letters and the fewest
    odd characters. ``NotText`` for a file that holds no text.

    >>> decode_list("Enhed;Teams\nBostøtten;Dagteam".encode("cp850")).split()[1]
    'Bostøtten;Dagteam'
    >>> decode_list("Enhed\tTeams\n".encode("utf-16")).split()
    ['Enhed', 'Teams']
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data[1:200:2].count(0) > 0.8 * len(data[1:200:2]) > 0:
        return data.decode("utf-16-le", errors="replace")  # UTF-16 without its mark
    if b"\x00" in data[:4096]:
        raise NotText(t("roster.not_text"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = max(_EIGHT_BIT, key=lambda enc: _plausibility(data.decode(enc, errors="replace")))
    return data.decode(best, errors="replace")


def _plausibility(text: str) -> int:
    danish = sum(1 for ch in text if ch in _DANISH)
    odd = sum(1 for ch in text if not (ch.isalnum() or ch.isspace() or ch in ";,.:-()/&'\"+%?!*") or ch == "\ufffd")
    return danish - 2 * odd


def from_org_template(workbook: UnitWorkbook, profiles: list[Profile],
                      wheel: tuple[WheelEvent, ...]) -> UnitWorkbook:
    """A new unit's ``workbook`` with the organisation template's profiles (marked as the
    organisation's) and HR's year wheel (``core.wheel.with_org_wheel``)."""
    if profiles:
        workbook = workbook.model_copy(update={"profiles": tuple(
            p.model_copy(update={"org": ORG_ACTIVE, "row": None}) for p in profiles)})
    with conversation_named(workbook.cover.conversation):  # the usual events name it as the unit does
        return with_org_wheel(workbook, wheel)


def new_unit_workbook(path: Path, entry: RosterEntry, today: date, *,
                      org_profiles: list | None = None, employees: list[Employee] | None = None,
                      org_wheel: tuple[WheelEvent, ...] = ()) -> UnitWorkbook:
    """Write one unit's new workbook at ``path`` (the caller has made sure it is free), with
    ``employees`` on its sheet Medarbejdere and a row each in bilag C, and the organisation's
    profiles and HR's year wheel where given."""
    workbook = examples.blank(entry.unit, entry.teams, organisation=entry.organisation, leader=entry.leader,
                              period=entry.period, conversation=entry.conversation)
    workbook = workbook.model_copy(update={"cover": workbook.cover.model_copy(
        update={"team_sizes": dict(entry.team_sizes)})})
    if employees:
        workbook = workbook.model_copy(update={"employees": tuple(employees), "individual_goals": tuple(
            IndividualGoal(employee=e.name, team=e.team) for e in employees if e.active)})
    workbook = from_org_template(workbook, org_profiles or [], org_wheel)
    write_unit_workbook(path, workbook, today=today, issued=True)
    return workbook


def rollout(roster_path: Path | str, out: Path | str, today: date, *,
            org_template: Path | None = None, employees_path: Path | None = None) -> RolloutReport:
    """Make the workbook of every unit on the list at ``roster_path`` in the folder ``out``, each
    with its people from the employee list at ``employees_path``, where given.

    Writes nothing when a list has errors or the organisation's template cannot be used
    (``SyncError``); never overwrites a workbook that is there already."""
    roster_path, out = Path(roster_path), Path(out)
    roster = read_roster_file(roster_path)
    employees = read_employee_file(employees_path) if employees_path is not None else EmployeeList()
    unplaced(employees, [e.unit for e in roster.entries])
    people = {e.key: employees.place(e.unit, e.teams) for e in roster.entries}
    report = RolloutReport(roster_path, out, [*roster.findings, *employees.findings])
    if any(f.severity is Severity.ERROR for f in report.findings):
        return report
    profiles = read_org_profiles(org_template) if org_template is not None else None
    wheel = read_org_wheel(org_template) if org_template is not None else ()
    out.mkdir(parents=True, exist_ok=True)
    todo: list[tuple[RosterEntry, Path]] = []
    planned: set[Path] = set()
    for entry in roster.entries:
        path = out / entry.file_name
        if is_taken(path) or path in planned:
            report.kept.append((entry, path))
            report.findings.append(finding(Code.ROLLOUT_EXISTS, file=path.name, name=path.name))
            continue
        todo.append((entry, path))
        planned.add(path)
    # Each unit's workbook is written by itself, in processes where there are enough of them.
    refused = in_processes(_write_new, [p for _, p in todo], [e for e, _ in todo], repeat(today), repeat(profiles),
                           [people[e.key] for e, _ in todo], repeat(wheel), n=len(todo))
    for (entry, path), reason in zip(todo, refused):
        if reason is not None:
            # One unit's file the system refuses; the others are still made, and the report
            # says which were (a later run makes the rest).
            report.failed.append((entry, path))
            report.findings.append(finding(Code.FILE_WRITE_FAILED, file=str(path), reason=reason))
            continue
        report.made.append((entry, path))
    return report


def _write_new(path: Path, entry: RosterEntry, today: date, profiles: list | None,
               employees: list[Employee] | None, wheel: tuple[WheelEvent, ...]) -> str | None:
    """Write one unit's new workbook with its people and HR's year wheel; why the system refused
    it, or None."""
    try:
        new_unit_workbook(path, entry, today, org_profiles=profiles, employees=employees, org_wheel=wheel)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
