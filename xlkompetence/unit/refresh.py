"""Refresh a unit workbook on disk: the refresh plan (``refreshplan``) carried out on the .xlsx
package, in place and atomically. Files open in Excel, read-only files and formats that
cannot be written are refused with a finding; on any error the file is left as it was.
"""

from __future__ import annotations

__all__ = ["RefreshReport", "writable_problem", "write_problem", "refresh_to", "refresh_file"]

import stat
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.delivery import STAMP, fingerprint
from ..core.edits import SheetEdits, Skipped
from ..core.schema import COMMITTEE, MEMORY
from ..core.findings import Code, Finding, finding
from ..core.labels import conversation_named, t
from ..xlsx.files import FileChanged, FileOpened, Stamp, atomic_path, lock_files, real_target
from ..xlsx.loader import OOXML_SUFFIXES
from ..xlsx.package import PartLies
from ..xlsx.patch import patch_workbook
from .checks import workbook_findings
from .refreshplan import as_left, plan_refresh, remember_formats, report_edits, typed_over_findings
from .styletable import unit_styles
from .validate import AfterReading, FileReport, read_checked


@dataclass
class RefreshReport(AfterReading):
    """What refreshing one file found and did; its findings are the file's."""

    report: FileReport
    written: bool = False
    added_profiles: list[str] = field(default_factory=list)
    failed: bool = False  # it could be read, but not written: the file is unchanged

    @property
    def path(self) -> Path:
        return self.report.path

    def details(self) -> dict[str, Any]:
        return {**self.report.details(), "refreshed": self.written, "added_profiles": self.added_profiles}


def writable_problem(path: Path, name: str) -> Finding | None:
    """Why ``path`` must not be written now (open in Excel, a format we cannot write), or None."""
    locks = lock_files(path) if path.exists() else []
    if locks:
        return finding(Code.FILE_LOCKED, file=name, lock=locks[0].name)
    if path.exists() and path.suffix.lower() not in OOXML_SUFFIXES:
        reason = t("reason.not_writable", suffix=path.suffix or t("reason.the_file"))
        return finding(Code.FILE_UNSUPPORTED, file=name, reason=reason)
    # The mode bits, not os.access: as root access() says yes to every file.
    if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
        return finding(Code.FILE_READ_ONLY, file=name)
    return None


def write_problem(exc: OSError, name: str) -> Finding:
    """Why a write was given up, as a finding: the file was opened or saved by someone else
    meanwhile, or the system refused it. In every case the file is as it was."""
    if isinstance(exc, FileOpened):
        return finding(Code.FILE_LOCKED, file=name, lock=exc.lock)
    if isinstance(exc, FileChanged):
        return finding(Code.FILE_CHANGED, file=name)
    return finding(Code.FILE_WRITE_FAILED, file=name, reason=exc.strerror or str(exc))


def refresh_to(src: Path, dst: Path, today: date, name: str, report: FileReport | None = None, *,
               reissue: bool = False) -> RefreshReport:
    """Write ``src`` refreshed to ``dst`` (which may be a temporary path); ``report`` is what
    reading ``src`` gave, when it has been read already. Nothing is written if it cannot be read.
    ``reissue``: HR changed the workbook before anyone typed in it (sync), so it is stamped
    as issued again, with what it holds now."""
    report = report or read_checked(src, today, label=name, tables=True)
    if report.result is None:
        return RefreshReport(report)
    result = report.result
    with conversation_named(result.unit.cover.conversation):  # the sheets name it as the Forside does
        plan = report.plan or plan_refresh(result, today)
        report.plan = None  # carried out once
        if reissue:
            plan.written[STAMP] = fingerprint(result.unit)

        def finalize(skipped: list[Skipped]) -> dict[str, SheetEdits]:
            # The findings written and reported are those of the workbook as this refresh leaves it.
            left = as_left(result, plan, {(s.sheet, s.cell) for s in skipped})
            report.result = left
            report.findings = workbook_findings(left, today, typed_over_findings(plan.typed + skipped, name))
            reports = report_edits(left, report.findings, today)
            remember_formats(plan, {**plan.edits, **reports})
            if plan.written == result.memory:
                return reports  # remembers what it did already: a large plan's memory is most of the file
            return {**reports, MEMORY.name: plan.memory_edits()}

        # MED-SU and the memory are written by ``finalize``; a workbook from before them gets the
        # sheets made first.
        plan.sheet(COMMITTEE.name).create_visible = True
        patch_workbook(src, dst, {**plan.edits, MEMORY.name: SheetEdits(create_hidden=True)}, finalize, unit_styles())
    return RefreshReport(report, written=True, added_profiles=plan.added_profiles)


def refresh_file(path: Path | str, today: date, *, label: str | None = None) -> RefreshReport:
    """Validate and refresh one workbook in place, atomically. Refuses open and foreign files."""
    path = Path(path)
    name = label or str(path)
    problem = writable_problem(path, name)
    if problem is not None:
        return RefreshReport(FileReport(path, [problem]))
    stamp = Stamp.of(real_target(path))
    report = read_checked(path, today, label=name, tables=True)
    if report.result is None:
        return RefreshReport(report)
    try:
        with atomic_path(path, read_as=stamp) as tmp:
            return refresh_to(path, tmp, today, name, report)
    except OSError as exc:
        report.findings.append(write_problem(exc, name))
        return RefreshReport(report, written=False, failed=True)
    except (PartLies, zipfile.BadZipFile):
        # It was read whole a moment ago: what cannot be read now was replaced meanwhile.
        report.findings.append(finding(Code.FILE_CHANGED, file=name))
        return RefreshReport(report, written=False, failed=True)
