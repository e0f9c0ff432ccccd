"""Validate unit workbooks: a report per file with models and findings, and an exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..xlsx import loader
from . import reader
from ..core.findings import Finding, Severity, finding
from ..core.models import UnitWorkbook
from ..xlsx.package import UnsafeXml
from .checks import dated_findings
from .reader import ReadResult

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
