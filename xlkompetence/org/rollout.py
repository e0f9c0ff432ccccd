"""Roll-out: every unit's workbook of a round, made from HR's list and the organisation's template.

The list is read first and checked as a whole (``core.roster``); nothing is written until it
has no errors. Then each unit gets its workbook in the folder, named after the unit, with
the organisation's goals and profiles where a template is given. A workbook already there
is never touched, so the roll-out can be run again when units are added to the list.
"""

from __future__ import annotations

__all__ = ["RolloutReport", "read_roster_file", "new_unit_workbook", "rollout"]

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core import examples
from ..core.findings import Code, Finding, Report, Severity, finding
from ..core.labels import t
from ..core.models import UnitWorkbook
from ..core.roster import Roster, RosterEntry, has_roster_header, read_roster
from ..core.schema import ORG_ACTIVE
from ..unit.template import write_unit_workbook
from ..xlsx import loader
from ..xlsx.files import is_taken
from .sync import read_org_profiles

# Encodings a CSV from Excel comes in: UTF-8 (with or without its mark), else Windows' own.
_CSV_ENCODINGS = ("utf-8-sig", "cp1252")
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
        return not any(f.code is Code.ROSTER_UNREADABLE for f in self.findings)

    def details(self) -> dict[str, Any]:
        return {"list": str(self.roster), "out": str(self.out),
                "made": [{"unit": e.unit, "file": str(p), "row": e.row} for e, p in self.made],
                "kept": [{"unit": e.unit, "file": str(p), "row": e.row} for e, p in self.kept],
                "failed": [{"unit": e.unit, "file": str(p), "row": e.row} for e, p in self.failed]}


def read_roster_file(path: Path | str) -> Roster:
    """HR's list from an Excel workbook (the first sheet with the list's headers) or a CSV file
    (; , or tab)."""
    path = Path(path)
    try:
        if path.suffix.lower() in _WORKBOOK_SUFFIXES:
            source = loader.load(path)
            sheets = [(name, [list(r) for r in grid.rows]) for name, grid in source.grids.items()]
            # The sheet with the list's headers (HR may keep notes or a cover sheet first).
            sheet, rows = next(((n, r) for n, r in sheets if has_roster_header(r)), sheets[0])
            return read_roster(rows, file=path.name, sheet=sheet)
        if path.suffix.lower() in {".csv", ".txt"}:
            return read_roster(_csv_rows(path), file=path.name, sheet=path.stem)  # as Excel names it
        reason = t("roster.not_a_list", path=path.name)
    except loader.Unreadable as exc:
        reason = exc.reason or exc.code.summary
    except (OSError, UnicodeDecodeError, csv.Error, IndexError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return Roster([], [finding(Code.ROSTER_UNREADABLE, file=path.name, reason=reason)], path.name)


def _csv_rows(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    for encoding in _CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]


def new_unit_workbook(path: Path, entry: RosterEntry, today: date, *,
                      org_profiles: list | None = None) -> UnitWorkbook:
    """Write one unit's new workbook at ``path`` (the caller has made sure it is free)."""
    workbook = examples.blank(entry.unit, entry.teams, organisation=entry.organisation, leader=entry.leader,
                              period=entry.period)
    workbook = workbook.model_copy(update={"cover": workbook.cover.model_copy(
        update={"team_sizes": dict(entry.team_sizes)})})
    if org_profiles:
        workbook = workbook.model_copy(update={"profiles": tuple(
            p.model_copy(update={"org": ORG_ACTIVE, "row": None}) for p in org_profiles)})
    write_unit_workbook(path, workbook, today=today, issued=True)
    return workbook


def rollout(roster_path: Path | str, out: Path | str, today: date, *,
            org_template: Path | None = None) -> RolloutReport:
    """Make the workbook of every unit on the list at ``roster_path`` in the folder ``out``.

    Writes nothing when the list has errors or the organisation's template cannot be used
    (``SyncError``); never overwrites a workbook that is there already."""
    roster_path, out = Path(roster_path), Path(out)
    roster = read_roster_file(roster_path)
    report = RolloutReport(roster_path, out, list(roster.findings))
    if any(f.severity is Severity.ERROR for f in roster.findings):
        return report
    profiles = read_org_profiles(org_template) if org_template is not None else None
    out.mkdir(parents=True, exist_ok=True)
    for entry in roster.entries:
        path = out / entry.file_name
        if is_taken(path):
            report.kept.append((entry, path))
            report.findings.append(finding(Code.ROLLOUT_EXISTS, file=path.name, name=path.name))
            continue
        try:
            new_unit_workbook(path, entry, today, org_profiles=profiles)
        except OSError as exc:
            # One unit's file the system refuses; the others are still made, and the report
            # says which were (a later run makes the rest).
            report.failed.append((entry, path))
            report.findings.append(finding(Code.FILE_WRITE_FAILED, file=str(path), reason=exc.strerror or str(exc)))
            continue
        report.made.append((entry, path))
    return report
