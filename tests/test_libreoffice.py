"""A second spreadsheet engine agrees: LibreOffice recalculates the formulas the template
writes, and gets the gaps, status and profile texts the Python core computes; and a leader's
edits typed in LibreOffice, saved as Excel, read as typed."""

from __future__ import annotations

import os
import re
import signal
import zipfile
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xlkompetence.core import calculated, examples
from xlkompetence.xlsx import loader
from xlkompetence.unit import reader
from xlkompetence.core.cells import ref
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.core.schema import ANCHORING, NEEDS, PLAN, PROFILES, layout, placed_columns
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, needs_ref, set_cells, strip_cached_values
import office
from office import LibreOfficeError

pytestmark = pytest.mark.libreoffice

TEAMS = ("Team A", "Team B", "Team C")
# Levels as leaders type them: numbers, numbers as text with stray spaces, and mistakes.
TYPED = [
    ("K1", (5, 3), (4, 4), (3, 4)),
    ("K2", (" 4", "2 "), (5, 1), (None, None)),
    ("K3", ("tre", 2), (6, 1), (3.5, 2)),
    ("K4", (2, None), (None, 5), (1, 1)),
    ("K9", (4, 2), (4, 4), (4, 3)),  # not in sheet A: "(ukendt nummer)"
    ("k2", (3, 3), (3, 2), (5, 5)),  # ids match without regard to case, as in Excel
]


def _workbook(tmp_path: Path) -> Path:
    # K4 came from the organisation, which has since retired it.
    unit = examples.blank("Enhed", TEAMS).model_copy(update={"profiles": (
        examples.concept_example().profiles
        + (examples.Profile(id="K4", strategy="S", goal="M", text="Vi skal kunne K4.", org="Udgået"),)
    )})
    path = tmp_path / "levels.xlsx"
    write_unit_workbook(path, unit, today=TODAY)
    cols = {p.key: i for i, p in enumerate(placed_columns(NEEDS, TEAMS), start=1)}
    first = layout(NEEDS).first_data_row
    typed = {}
    for i, (pid, *levels) in enumerate(TYPED):
        row = first + i
        typed[(NEEDS.name, ref(row, cols["id"]))] = pid
        for team, (desired, actual) in zip(TEAMS, levels):
            typed[(NEEDS.name, ref(row, cols[f"desired@{team}"]))] = desired
            typed[(NEEDS.name, ref(row, cols[f"actual@{team}"]))] = actual
    set_cells(path, typed)
    return path


def _expected(path: Path) -> dict[int, dict[str, object]]:
    result = reader.read(loader.load(path))
    needs, profiles = result.sheets[NEEDS.id], result.sheets[PROFILES.id]
    texts = calculated.profile_texts([(v.get("id"), v.get("profile")) for v in profiles.rows.values()])
    retired = calculated.retired_ids([(v.get("id"), v.get("org")) for v in profiles.rows.values()])
    assert retired == {"k4"}
    return {row: calculated.needs_row(values, TEAMS, texts, retired) for row, values in needs.rows.items()}


def _as_csv(value: object) -> str:
    return "" if value is None else str(value)


def test_libreoffice_recalculates_the_same_gaps_status_and_texts(tmp_path, libreoffice):
    path = _workbook(tmp_path)
    expected = _expected(path)
    assert len(expected) == len(TYPED)
    bare = tmp_path / "bare.xlsx"
    strip_cached_values(path, bare)
    sheets = libreoffice.sheets_as_csv(bare, tmp_path / "csv")
    grid = sheets[NEEDS.name]
    cols = {p.key: i for i, p in enumerate(placed_columns(NEEDS, TEAMS))}
    compared = 0
    for row, values in expected.items():
        line = grid[row - 1]
        for key, value in values.items():
            assert line[cols[key]] == _as_csv(value), (row, key, line)
            compared += 1
    assert compared == len(TYPED) * (len(TEAMS) + 3)
    assert [line[cols["status"]] for line in grid if line and line[0] == "K4"] == ["Udgået"]
    # The rows nobody filled in stay blank in both engines.
    first_blank = layout(NEEDS).first_data_row + len(TYPED)
    assert all(v == "" for v in grid[first_blank - 1][2:])


def test_after_refresh_the_cached_values_are_what_libreoffice_computes(tmp_path, libreoffice):
    path = _workbook(tmp_path)
    refresh_file(path, TODAY)
    book = loader.load(path)
    cached = book.grids[NEEDS.name]
    bare = tmp_path / "bare.xlsx"
    strip_cached_values(path, bare)
    grid = libreoffice.sheets_as_csv(bare, tmp_path / "csv")[NEEDS.name]
    cols = [i for i, p in enumerate(placed_columns(NEEDS, TEAMS), start=1) if not p.column.is_input]
    first = layout(NEEDS).first_data_row
    for row in range(first, first + len(TYPED) + 3):
        for col in cols:
            mine = cached.get(row, col)
            mine = "" if mine is None else (str(int(mine)) if isinstance(mine, float) else str(mine))
            assert grid[row - 1][col - 1] == mine, (row, col)


def test_a_leaders_edits_typed_in_libreoffice_are_read_as_typed(example_path, libreoffice, tmp_path):
    # A number over a number, text over text, an emptied cell and a date, saved by LibreOffice
    # as Excel 2007-365, as a leader without Excel would.
    before = example_path.read_bytes()
    saved = libreoffice.edit(example_path, {
        NEEDS.name: {needs_ref("desired@Team A", 9): 5},
        PLAN.name: {"C5": "Sidemandsoplæring i Åben Dialog", "G5": ""},
        ANCHORING.name: {"E5": date(2027, 4, 1)},
    }, save_as=tmp_path / "gemt.xlsx")
    assert example_path.read_bytes() == before
    with zipfile.ZipFile(saved) as zf:
        assert re.search(rb"<Application>LibreOffice", zf.read("docProps/app.xml"))
    book = CalamineWorkbook.from_path(str(saved))
    cell = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in (NEEDS.name, PLAN.name, ANCHORING.name)}
    assert cell[NEEDS.name][8][2] == 5 and cell[ANCHORING.name][4][4] == date(2027, 4, 1)
    assert (cell[PLAN.name][4][2], cell[PLAN.name][4][6]) == ("Sidemandsoplæring i Åben Dialog", "")
    unit = reader.read(loader.load(saved)).unit
    k2 = next(a for a in unit.assessments if a.profile_id == "K2" and a.team == "Team A")
    assert k2.desired == 5
    assert unit.plan[0].activity == "Sidemandsoplæring i Åben Dialog" and not unit.plan[0].responsible
    assert unit.anchoring[0].next_follow_up == date(2027, 4, 1)
    assert refresh_file(saved, TODAY).written


def test_libreoffice_refuses_a_locked_cell_as_it_refuses_a_person(example_path, libreoffice):
    before = example_path.read_bytes()
    with pytest.raises(LibreOfficeError, match="låst"):
        libreoffice.edit(example_path, {NEEDS.name: {"A7": "Nummer"}})
    assert example_path.read_bytes() == before
    assert not [p.name for p in example_path.parent.iterdir() if p != example_path]


def test_a_libreoffice_that_died_is_started_again(example_path, libreoffice, tmp_path):
    os.killpg(libreoffice.pid, signal.SIGKILL)
    (ods,) = libreoffice.convert(example_path, "ods", tmp_path)
    with zipfile.ZipFile(ods) as zf:
        assert zf.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"


def test_without_libreoffice_the_tests_fail_saying_what_to_run(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert office.missing() == "LibreOffice (soffice) mangler: kør ./setup.sh --test"
