"""Validate unit workbooks: a report per file with models and findings, and an exit code."""

from __future__ import annotations

__all__ = ["FileReport", "AfterReading", "not_a_unit", "read_checked", "validate_paths"]

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..xlsx import loader
from . import reader
from ..core.findings import Code, Finding, Report, finding
from ..core.labels import conversation_named, t
from ..core.models import UnitWorkbook
from ..core.schema import NEEDS, PROFILES
from ..xlsx.package import UnsafeXml, package_title
from .checks import workbook_findings
from .reader import ReadResult
from .refreshplan import RefreshPlan, plan_refresh, typed_over_findings
from .sheettables import as_text
from ..core.cells import ref
from ..core.edits import Mode, Skipped
from ..core.grid import is_blank
from ..xlsx.formulacells import formula_cells

@dataclass
class FileReport(Report):
    """What validating one file found. ``unit`` is None when the file could not be read."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    result: ReadResult | None = None
    # What refresh would write, decided while checking: refresh carries it out without planning again.
    plan: RefreshPlan | None = field(default=None, repr=False, compare=False)

    @property
    def readable(self) -> bool:
        return self.result is not None

    @property
    def unit(self) -> UnitWorkbook | None:
        return self.result.unit if self.result else None

    def details(self) -> dict[str, Any]:
        return {"file": str(self.path)}


class AfterReading(Report):
    """A report of what was done with a file after reading it (refreshed, sheets written from
    it): its findings and readability are those of the reading, ``report``."""

    report: FileReport

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    @property
    def readable(self) -> bool:
        return self.report.readable


# Which cells of a sheet (by name) hold a formula; None where that cannot be told.
WithFormula = Callable[[str], frozenset[tuple[int, int]] | None]


def read_checked(path: Path | str, today: date, *, label: str | None = None, tables: bool = False,
                 source: loader.Source | None = None, with_formula: WithFormula | None = None) -> FileReport:
    """Load, read and check one workbook. Never raises for a bad file: it becomes a finding.
    ``tables``: also find where its Excel tables end (for refresh). ``source`` and
    ``with_formula``: the workbook's values and formula cells where they are known without
    reading the file (a workbook being written)."""
    path = Path(path)
    name = label or str(path)
    report = FileReport(path)
    try:
        source = source or loader.load(path, only=reader.is_read_sheet, tables=tables)
        result = reader.read(source, file=name)
    except loader.Unreadable as exc:
        report.findings.append(finding(exc.code, file=name, reason=exc.reason))
        return report
    except (UnsafeXml, OSError) as exc:
        report.findings.append(finding(Code.FILE_UNREADABLE, file=name, reason=str(exc)))
        return report
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the others
        report.findings.append(finding(Code.FILE_UNREADABLE, file=name,
                                       reason=t("reason.unexpected", error=f"{type(exc).__name__}: {exc}")))
        return report
    refused = not_a_unit(path, name, {s.sheet.id for s in result.sheets.values()})
    if refused is not None:
        report.findings.append(refused)
        return report
    report.result = result
    # A value typed over a calculated cell is reported wherever findings are made: the
    # leader's printed plan shows it, the organisation's figures are calculated again.
    with_formula = with_formula or (lambda sheet: formula_cells(path, sheet))
    with conversation_named(result.unit.cover.conversation):  # the sheets name it as the Forside does
        plan = plan_refresh(result, today)
        typed = typed_over_findings(plan.typed + _typed_over_formulas(with_formula, plan, result), name)
        report.findings = workbook_findings(result, today, typed)
    report.plan = plan
    return report


def _typed_over_formulas(with_formula: WithFormula, plan: RefreshPlan, result: ReadResult) -> list[Skipped]:
    """The calculated cells where a value stands instead of the formula: what refresh leaves
    alone and reports (``xlsx.patch``), found here too, also where the value equals the result."""
    typed: list[Skipped] = []
    known = {(s.sheet, s.cell) for s in plan.typed}
    for sheet, edits in plan.edits.items():
        grid = result.grids.get(sheet)
        shown = {k: v for k, w in edits.cells.items()
                 if w.mode in (Mode.FORMULA, Mode.LIVE) and (sheet, ref(*k)) not in known
                 and grid is not None and not is_blank(v := grid.get(*k))}
        if not shown:
            continue
        formulas = with_formula(sheet)
        if formulas is None:
            return []
        typed += [Skipped(sheet, ref(*k), as_text(v)) for k, v in sorted(shown.items()) if k not in formulas]
    return typed


def not_a_unit(path: Path, name: str, found: set[str]) -> Finding | None:
    """Why a workbook in which the reader ``found`` these template sheets (by id) is no unit's
    workbook, or None: without both Mål og kompetenceprofil and Kompetencebehov there is
    nothing of a unit's to read, and every command must leave such a file as it is (the
    organisation's plan or an employee's MUS/PUS sheet in a unit's folder, above all)."""
    if PROFILES.id in found or NEEDS.id in found:
        return None
    return finding(Code.FILE_NOT_UNIT, file=name, reason=_what_it_is(path))


def _what_it_is(path: Path) -> str:
    title = ""
    if path.suffix.lower() in loader.OOXML_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as zf:
                title = package_title(zf)
        except (OSError, zipfile.BadZipFile, UnsafeXml, KeyError):
            title = ""
    if title == t("org.title"):
        return t("reason.not_unit.organisation")
    if title.startswith(t("mus.title")):
        return t("reason.not_unit.mus")
    return t("reason.not_unit.other", profiles=PROFILES.name, needs=NEEDS.name)


def validate_paths(paths: list[Path], today: date) -> list[FileReport]:
    """``read_checked`` for each path: a report per file, in order."""
    return [read_checked(p, today) for p in paths]


