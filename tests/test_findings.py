"""The finding catalogue and the one report protocol every command's report follows."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from xlkompetence.core.findings import Code, ExitCode, Finding, Report, Scope, Severity, exit_code_of, finding
from xlkompetence.core.labels import FINDINGS
from xlkompetence.org.orgplan import OrgPlan
from xlkompetence.org.sync import SyncReport
from xlkompetence.unit.refresh import RefreshReport
from xlkompetence.unit.validate import FileReport

ROOT = Path(__file__).resolve().parent.parent
REPORTS = (FileReport, RefreshReport, SyncReport, OrgPlan)


def test_every_code_has_one_entry_with_severity_scope_summary_and_message():
    assert {c.value for c in Code} == set(FINDINGS)
    for code in Code:
        assert isinstance(code.severity, Severity) and isinstance(code.scope, Scope)
        assert code.summary and code.summary[0].isupper() and code.summary.endswith((".", ")"))
        assert FINDINGS[code.value][1]


def test_a_code_is_a_str_whose_own_methods_still_work():
    assert Code.PLAN_OVERDUE.title() == "Plan.Overdue"
    assert f"{Code.PLAN_OVERDUE}".upper() == "PLAN.OVERDUE"


def test_scope_is_part_of_the_entry_not_read_off_the_name():
    # Each family's codes agree with their scope; a file code that is only a warning (links to
    # other files) does not stop the file.
    assert {c.scope for c in Code if c.value.startswith("merge.")} == {Scope.MERGE}
    assert Code.FILE_EXTERNAL_LINKS.scope is Scope.FILE and not Code.FILE_EXTERNAL_LINKS.stops_the_file
    assert Code.FILE_LOCKED.stops_the_file and not Code.LEVEL_NOT_NUMBER.stops_the_file


def test_a_finding_takes_severity_and_text_from_the_catalogue():
    f = finding(Code.PROFILE_ID_DUPLICATE, sheet="Mål og kompetenceprofil", cell="A6", value="K1", other=5)
    assert f.severity is Severity.ERROR and f.code is Code.PROFILE_ID_DUPLICATE
    assert f.message == FINDINGS["profile.id_duplicate"][1].format(value="K1", other=5)
    assert Finding.model_validate(f.model_dump(mode="json")) == f


def test_a_misspelt_code_fails_the_type_check(tmp_path):
    snippet = tmp_path / "uses_codes.py"
    snippet.write_text(
        "from xlkompetence.core.findings import Code, finding\n"
        "finding(Code.PLAN_OVERDUE, end='1-1-2026', status='I gang')\n"
        "finding(Code.PLAN_OVERDU)\n"
        "finding('plan.overdue')\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary",
                           "--cache-dir", str(tmp_path / ".mypy"), str(snippet)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    lines = {int(m.group(1)) for m in re.finditer(r"uses_codes\.py:(\d+): error", proc.stdout)}
    assert lines == {3, 4}, proc.stdout


@pytest.mark.parametrize(("codes", "readable", "expected"), [
    ((), True, ExitCode.OK),
    ((Code.LEVEL_MISSING,), True, ExitCode.OK),
    ((Code.FILE_EXTERNAL_LINKS, Code.PLAN_OVERDUE), True, ExitCode.OK),
    ((Code.LEVEL_OUT_OF_RANGE, Code.LEVEL_MISSING), True, ExitCode.ERRORS),
    ((Code.FILE_LOCKED,), True, ExitCode.UNREADABLE),
    ((Code.LEVEL_OUT_OF_RANGE, Code.FILE_WRITE_FAILED), True, ExitCode.UNREADABLE),
    ((), False, ExitCode.UNREADABLE),
])
def test_one_rule_maps_findings_to_the_documented_exit_codes(codes, readable, expected):
    found = [finding(c, message="x") for c in codes]
    assert exit_code_of(found, readable=readable) is expected


def test_no_report_counts_or_picks_exit_codes_of_its_own():
    for cls in REPORTS:
        assert issubclass(cls, Report)
        own = {name for name in ("errors", "warnings", "exit_code", "to_dict") if name in vars(cls)}
        assert not own, (cls.__name__, own)


def test_every_report_gives_the_same_keys_as_json(example_path, tmp_path):
    from xlkompetence.org.merge import merge_files
    from xlkompetence.unit.refresh import refresh_file
    from xlkompetence.unit.validate import read_checked

    today = date(2026, 11, 24)
    reports = [read_checked(example_path, today), refresh_file(example_path, today),
               SyncReport(example_path), merge_files([example_path], tmp_path / "org.xlsx", today)]
    common = {"readable", "valid", "exit_code", "errors", "warnings", "findings"}
    for report in reports:
        data = report.to_dict()
        assert common <= set(data), type(report).__name__
        assert data["exit_code"] == int(report.exit_code)
        assert data["errors"] == sum(1 for f in report.counted if f.severity is Severity.ERROR)
