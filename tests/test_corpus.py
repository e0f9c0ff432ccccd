"""Hostile and broken input: every command answers every case of the corpus in the documented
way — a Danish message naming the file, a documented exit code, no traceback, no half-written
output, and every other input still processed."""

from __future__ import annotations

import json
import re
from collections import Counter
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xlkompetence.xlsx import loader
from xlkompetence.unit import reader
from xlkompetence.unit.sheettables import MAX_FINDINGS_PER_CODE
from xlkompetence.core.schema import PLAN
from xlkompetence.cli import cli

from corpus.make_corpus import INJECTIONS, JUNK_ROWS, build

TODAY = ["--today", "2026-11-24"]

# case → (validate's exit code, finding codes that must be among its findings)
EXPECTED: dict[str, tuple[int, set[str]]] = {
    "empty": (2, {"file.unreadable"}),
    "csv": (2, {"file.unreadable"}),
    "png": (2, {"file.unreadable"}),
    "truncated": (2, {"file.unreadable"}),
    "no_workbook": (2, {"file.unreadable"}),
    "encrypted": (2, {"file.encrypted"}),
    "xls": (0, set()),
    "ods": (0, set()),
    "billion_laughs": (2, {"file.unreadable"}),
    "zip_bomb": (2, {"file.unreadable"}),
    "absurd_dimension": (0, set()),
    "far_cell": (2, {"file.unreadable"}),
    "junk_rows": (1, {"plan.responsible_missing", "choice.invalid", "findings.more"}),
    "external_links": (0, {"file.external_links"}),
    "injection": (0, set()),
    "sheet_renamed": (1, {"sheet.missing"}),
    "sheet_missing": (1, {"sheet.missing"}),
    "headers_reordered": (0, set()),
    "header_misspelled": (0, {"column.renamed"}),
    "merged_cells": (0, set()),
    "tables_deleted": (0, set()),
    "two_header_rows": (0, set()),
    "hidden_filters_panes": (0, set()),
    "levels": (1, {"level.out_of_range", "level.not_whole", "level.not_number"}),
    "dates_text": (0, set()),
    "date1904": (1, {"sheet.missing"}),
    "negative_resources": (1, {"resources.negative"}),
    "error_values": (1, {"cell.error_value"}),
    "odd_text": (0, set()),
}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, libreoffice) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("corpus"), libreoffice)


def run(*args: str):
    result = CliRunner().invoke(cli, [*args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_the_corpus_covers_every_case(corpus):
    assert set(corpus) == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_validate_answers_each_case_as_documented(corpus, case):
    path = corpus[case]
    code, out = run("validate", str(path), "--format", "json", *TODAY)
    expected_code, expected_codes = EXPECTED[case]
    entry = json.loads(out)["files"][0]
    found = {f["code"] for f in entry["findings"]}
    assert code == expected_code, (case, found)
    assert expected_codes <= found, (case, found)
    for f in entry["findings"]:
        assert f["file"] == str(path)
        assert f["message"] and not f["message"].startswith(("Traceback", "Error"))
    code, text = run("validate", str(path), *TODAY)
    assert text.startswith(str(path))


def test_a_sheet_of_junk_lists_the_first_findings_of_a_kind_and_counts_the_rest(corpus):
    code, out = run("validate", str(corpus["junk_rows"]), "--format", "json", *TODAY)
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1
    # Every junk row has a status that is not on the list.
    assert Counter((f["sheet"], f["code"]) for f in findings)[(PLAN.name, "choice.invalid")] == MAX_FINDINGS_PER_CODE
    rest = f"{JUNK_ROWS - MAX_FINDINGS_PER_CODE:,}".replace(",", ".")
    assert [f["sheet"] for f in findings if f["message"].startswith(f"{rest} fund mere af typen choice.invalid")] \
        == [PLAN.name]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_refresh_writes_a_whole_file_or_leaves_it_as_it_was(corpus, case, tmp_path):
    path = tmp_path / corpus[case].name
    shutil.copy(corpus[case], path)
    before = path.read_bytes()
    code, out = run("refresh", str(path), "--format", "json", *TODAY)
    entry = json.loads(out)["files"][0]
    assert code in (0, 1, 2)
    if entry.get("refreshed"):
        assert code in (0, 1)
        CalamineWorkbook.from_path(str(path))  # a whole workbook
    else:
        assert code == 2 or case in ("date1904",)
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left


def test_merge_takes_the_whole_corpus_and_explains_every_file(corpus, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in corpus.values():
        shutil.copy(path, folder / path.name)
    out = tmp_path / "org.xlsx"
    # With names, so each input is shown by its file name (by default: its unit and a hash).
    code, text = run("merge", str(folder), "-o", str(out), "--format", "json", "--med-navne", *TODAY)
    assert code == 2
    payload = json.loads(text)
    by_file = {Path(i["file"]).name: i for i in payload["inputs"]}
    merge_inputs = {p.name for p in corpus.values() if p.suffix in (".xlsx", ".xlsm")}
    assert set(by_file) == merge_inputs
    for name, entry in by_file.items():
        assert bool(entry["reason"]) is not entry["included"], name  # every file left out says why
        case = next(c for c, p in corpus.items() if p.name == name)
        assert entry["readable"] == (EXPECTED[case][0] != 2), name
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Kilder").to_python()
    assert len(rows) - 3 == len(merge_inputs)
    # Formula payloads from a unit arrive as text: the organisation workbook has no formula.
    with zipfile.ZipFile(out) as zf:
        sheets = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets
    # The corpus is one unit many times over (the newest copy counts, the rest are listed),
    # and the 1904 file, which has no Forside and so is named after its file.
    assert payload["units"] == 2
    assert sum(1 for i in payload["inputs"] if "Ældre udgave" in i["reason"]) >= 10
    only = tmp_path / "injection.xlsx"
    run("merge", str(corpus["injection"]), "-o", str(only), *TODAY)
    plan = CalamineWorkbook.from_path(str(only)).get_sheet_by_name("Plan").to_python()
    assert INJECTIONS[0] in {c for r in plan for c in r}


def test_sync_answers_each_case(corpus, tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    for path in corpus.values():
        shutil.copy(path, folder / path.name)
    code, text = run("sync", str(corpus["headers_reordered"]), str(folder), "--dry-run", "--format", "json", *TODAY)
    assert code == 2
    files = {Path(f["file"]).name: f for f in json.loads(text)["files"]}
    assert files["krypteret.xlsx"]["readable"] is False
    assert files["kolonner-byttet.xlsx"]["readable"] is True


def test_formula_payloads_stay_text_through_refresh(corpus, tmp_path):
    path = tmp_path / "x.xlsx"
    shutil.copy(corpus["injection"], path)
    run("refresh", str(path), *TODAY)
    with zipfile.ZipFile(path) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    formulas = re.findall(rb"<f>(.*?)</f>", xml)
    assert formulas and not any(b"cmd|" in f or b"example.invalid" in f for f in formulas)
    unit = reader.read(loader.load(path)).unit
    assert unit.plan[0].activity == INJECTIONS[0] and unit.plan[0].follow_up == INJECTIONS[1]


def test_values_are_read_as_leaders_meant_them(corpus):
    dates = reader.read(loader.load(corpus["dates_text"])).unit
    assert [r.next_follow_up for r in dates.anchoring] == [date(2027, 4, 1)] * 4
    d1904 = reader.read(loader.load(corpus["date1904"])).unit
    assert d1904.anchoring[0].next_follow_up == date(2027, 4, 1)
    two = reader.read(loader.load(corpus["two_header_rows"]))
    assert len(two.unit.plan) == 1 and not [f for f in two.findings if f.code == "choice.invalid"]
    moved = reader.read(loader.load(corpus["headers_reordered"])).unit
    assert moved.plan[0].activity == "Kursus i Åben Dialog." and moved.plan[0].responsible == "Jette, Team B"
    odd = reader.read(loader.load(corpus["odd_text"])).unit
    assert "🎯" in odd.individual_goals[0].personal_goal
    assert odd.anchoring[0].works == "מילים בעברית ועربية"
    assert odd.plan[1].activity == "'Aktivitet med apostrof"
