"""Validate unit workbooks: a report per file with models and findings, and an exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import loader, reader
from .cells import ref
from .findings import Finding, Severity, finding
from .models import UnitWorkbook
from .package import UnsafeXml
from .planning import is_overdue
from .reader import ReadResult
from .schema import ANCHORING, PLAN

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
# Findings about the file as a whole: it could not be read, or not written back.
FILE_LEVEL = frozenset({"file.not_found", "file.unreadable", "file.encrypted", "file.unsupported", "file.locked",
                        "file.read_only", "file.write_failed"})


@dataclass
class FileReport:
    """What validating one file found. ``unit`` is None when the file could not be read."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    result: ReadResult | None = None

    @property
    def readable(self) -> bool:
        return self.result is not None

    @property
    def unit(self) -> UnitWorkbook | None:
        return self.result.unit if self.result else None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def exit_code(self) -> int:
        if not self.readable or any(f.code in FILE_LEVEL for f in self.findings):
            return EXIT_UNREADABLE
        return EXIT_ERRORS if self.errors else EXIT_OK

    def as_dict(self) -> dict:
        return {
            "file": str(self.path),
            "readable": self.readable,
            "valid": self.exit_code == EXIT_OK,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.model_dump(mode="json") for f in self.findings],
        }


def dated_findings(result: ReadResult, today: date) -> list[Finding]:
    """Findings that depend on the date: overdue plan rows and passed follow-ups."""
    found: list[Finding] = []
    plan = result.sheets.get(PLAN.id)
    for row in result.unit.plan:
        if is_overdue(row, today):
            col = plan.cols.get("end") or plan.cols.get("timeline") if plan else None
            found.append(finding("plan.overdue", file=result.file, sheet=PLAN.name,
                                 cell=_cell(row.row, col), end=row.end.strftime("%d-%m-%Y"),
                                 status=row.status or "ingen status"))
    anchoring = result.sheets.get(ANCHORING.id)
    col = anchoring.cols.get("next_follow_up") if anchoring else None
    for row in result.unit.anchoring:
        if row.next_follow_up is None:
            found.append(finding("anchoring.follow_up_missing", file=result.file, sheet=ANCHORING.name,
                                 cell=_cell(row.row, col)))
        elif row.next_follow_up < today:
            found.append(finding("anchoring.follow_up_overdue", file=result.file, sheet=ANCHORING.name,
                                 cell=_cell(row.row, col), value=row.next_follow_up.strftime("%d-%m-%Y")))
    return found


def _cell(row: int | None, col: int | None) -> str | None:
    return ref(row, col) if row and col else None


def read_checked(path: Path | str, today: date, *, label: str | None = None, tables: bool = False) -> FileReport:
    """Load, read and check one workbook. Never raises for a bad file: it becomes a finding.
    ``tables``: also find where its Excel tables end (for refresh)."""
    path = Path(path)
    name = label or str(path)
    report = FileReport(path)
    try:
        source = loader.load(path, only=reader.is_read_sheet, tables=tables)
        result = reader.read(source, file=name)
    except loader.Unreadable as exc:
        report.findings.append(finding(exc.code, file=name, reason=exc.reason))
        return report
    except (UnsafeXml, OSError) as exc:
        report.findings.append(finding("file.unreadable", file=name, reason=str(exc)))
        return report
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the others
        report.findings.append(finding("file.unreadable", file=name,
                                       reason=f"uventet fejl under læsning ({type(exc).__name__}: {exc})"))
        return report
    report.result = result
    report.findings = result.findings + dated_findings(result, today)
    return report


def validate_paths(paths: list[Path], today: date) -> list[FileReport]:
    return [read_checked(p, today) for p in paths]


def exit_code(reports: list[FileReport]) -> int:
    return max((r.exit_code for r in reports), default=EXIT_OK)
