"""What the README and the shipped workbooks promise stays true."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

from xlkompetence.demo import write_examples
from xlkompetence.core.findings import codes_table
from xlkompetence.core.labels import LABELS

ROOT = Path(__file__).parent.parent


def test_readme_lists_every_finding_code_as_the_catalogue_says():
    assert codes_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_test_command_is_what_ci_runs():
    # CI runs the README's line as written: its last line is the README's, comment left off.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (line,) = re.findall(r"^\./setup\.sh --test .*pytest.*$", readme, re.M)
    assert ci.rstrip("\n").splitlines()[-1] == line.split("#")[0].rstrip()


def test_shipped_workbooks_are_what_the_schema_generates_now(tmp_path):
    shipped = ROOT / "workbooks"
    with zipfile.ZipFile(shipped / "eksempel.xlsx") as zf:
        created = re.search(rb"<dcterms:created[^>]*>([^<]+)<", zf.read("docProps/core.xml")).group(1)
    day = datetime.fromisoformat(created.decode().rstrip("Z")).date()
    for fresh in write_examples(tmp_path, day):
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(shipped / fresh.name) as b:
            assert a.namelist() == b.namelist(), fresh.name
            for name in a.namelist():
                assert a.read(name) == b.read(name), (fresh.name, name)


def test_user_texts_respect_excel_limits():
    for key, text in LABELS.items():
        if key.startswith(("help.", "dv.")) and not key.endswith("title"):
            assert len(text) <= 255, key
        if key.endswith("title") and key.startswith("dv."):
            assert len(text) <= 32, key
