"""The library's public names: what ``import xlkompetence`` offers, pinned."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import xlkompetence

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = [
    "__version__", "main",
    "UnitWorkbook", "Finding", "Code", "Severity", "ExitCode", "Report",
    "write_unit_workbook", "read_checked", "validate_paths", "refresh_file",
    "merge_files", "read_org_profiles", "sync_paths", "load_history", "read_org_tables",
    "refresh_book",
]


def test_the_public_names_are_pinned():
    assert xlkompetence.__all__ == PUBLIC


def test_every_public_name_resolves_and_says_what_it_does():
    for name in PUBLIC:
        value = getattr(xlkompetence, name)
        if name != "__version__":
            assert value.__doc__, name


def test_importing_the_package_loads_nothing_native_or_heavy():
    code = ("import json, sys, xlkompetence; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'lxml', 'python_calamine', 'xlsxwriter', 'fastapi', 'matplotlib', 'xlwings', 'pandas'})))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(out.stdout) == []


def test_the_package_says_it_is_typed():
    assert (ROOT / "xlkompetence" / "py.typed").exists()


def test_every_module_declares_its_public_names():
    missing = []
    for path in sorted((ROOT / "xlkompetence").rglob("*.py")):
        if path.name in ("__main__.py",) or path.name == "__init__.py" and path.parent.name != "xlkompetence":
            continue
        if "__all__" not in path.read_text(encoding="utf-8"):
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, missing
