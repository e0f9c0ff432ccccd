"""A second spreadsheet engine agrees: LibreOffice recalculates the formulas the template
writes, and gets the gaps, status and profile texts the Python core computes."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlkompetence.core import calculated, examples
from xlkompetence.xlsx import loader
from xlkompetence.unit import reader
from xlkompetence.core.cells import ref
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.core.schema import NEEDS, PROFILES, layout, placed_columns
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells, strip_cached_values

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
