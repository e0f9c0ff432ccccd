"""A leader's team name is their data: every name the reader accepts makes a workbook that
Excel opens without repair, LibreOffice calculates, and the reader reads back unchanged."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from xlkompetence.core import examples
from xlkompetence.core.cells import ref
from xlkompetence.core.schema import INDIVIDUAL, NEEDS, layout, placed_columns, validate_team_names
from xlkompetence.unit import reader
from xlkompetence.unit.template import TemplateError, write_unit_workbook
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells, strip_cached_values

# Names validate and refresh accept, and the template once refused (issue 13, item 6).
ODD_TEAMS = ("Team #2", "Anne's team", "Team [Nord]", "Bostøttens weekendteam i den nordlige del af kommunen",
             'Team "Syd", aften', "T" * 200)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def odd_workbook(tmp_path: Path, teams: tuple[str, ...] = ODD_TEAMS) -> Path:
    path = tmp_path / "teams.xlsx"
    write_unit_workbook(path, examples.blank("Enhed", teams).model_copy(
        update={"profiles": examples.concept_example().profiles}), today=TODAY)
    cols = {p.key: i for i, p in enumerate(placed_columns(NEEDS, teams), start=1)}
    row = layout(NEEDS).first_data_row
    typed = {(NEEDS.name, ref(row, cols["id"])): "K1"}
    for i, team in enumerate(teams):
        typed[(NEEDS.name, ref(row, cols[f"desired@{team}"]))] = 5
        typed[(NEEDS.name, ref(row, cols[f"actual@{team}"]))] = 1 + i % 4
    set_cells(path, typed)
    return path


def test_validate_accepts_what_excel_can_carry_and_refuses_the_rest():
    assert validate_team_names(ODD_TEAMS) == []
    assert validate_team_names(("Team A", "team  a"))  # the same column header twice
    assert validate_team_names(("T" * 300,))  # longer than an Excel table header can be


def test_odd_team_names_make_a_workbook_that_reads_back_unchanged(tmp_path):
    path = odd_workbook(tmp_path)
    result = reader.read(loader.load(path))
    assert result.unit.teams == ODD_TEAMS
    assert not [f for f in result.findings if f.code.startswith("team.")]
    levels = {a.team: (a.desired, a.actual) for a in result.unit.assessments if a.profile_id == "K1"}
    assert levels == {team: (5, 1 + i % 4) for i, team in enumerate(ODD_TEAMS)}


def test_table_headers_equal_their_cells_and_fit_excel(tmp_path):
    # Excel repairs a file whose table column names differ from the header cells or pass 255.
    path = odd_workbook(tmp_path)
    book = load_workbook(path)
    for ws in book.worksheets:
        for table in ws.tables.values():
            header = next(ws.iter_rows(min_row=ws[table.ref.split(":")[0]].row, max_row=ws[table.ref.split(":")[0]].row,
                                       min_col=ws[table.ref.split(":")[0]].column, values_only=True))
            names = [c.name for c in table.tableColumns]
            assert list(header[:len(names)]) == names, ws.title
            assert all(len(n) <= 255 for n in names)


def test_the_team_list_offers_every_team_whole(tmp_path):
    # A comma or a quote inside a name must not split it in the drop-down.
    path = odd_workbook(tmp_path)
    book = load_workbook(path)
    ws = book[INDIVIDUAL.name]
    team_col = [i for i, p in enumerate(placed_columns(INDIVIDUAL), start=1) if p.column.id == "team"][0]
    letter = ref(1, team_col).rstrip("0123456789")
    rules = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(letter)]
    assert len(rules) == 1 and rules[0].type == "list"
    source = rules[0].formula1
    if source.startswith('"'):
        assert [x for x in source.strip('"').split(",")] == list(ODD_TEAMS)
    else:
        sheet, cells = re.fullmatch(r"'?(.+?)'?!(\$A\$\d+:\$A\$\d+)", source).groups()
        offered = [c.value for (c,) in book[sheet][cells.replace("$", "")]]
        assert offered == list(ODD_TEAMS)


def test_long_names_are_refused_in_danish_before_anything_is_written(tmp_path):
    with pytest.raises(TemplateError, match="for langt"):
        write_unit_workbook(tmp_path / "x.xlsx", examples.blank("X", ("T" * 300,)), today=TODAY)
    assert not (tmp_path / "x.xlsx").exists()


def test_a_line_break_in_a_team_name_heads_its_columns_on_one_line(tmp_path):
    teams = ("Team\nNord", "Team Syd")
    path = odd_workbook(tmp_path, teams)
    with zipfile.ZipFile(path) as z:
        tables = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("xl/tables/")]
    names = [c.get("name") for t in tables for c in t.iterfind("m:tableColumns/m:tableColumn", NS)]
    assert "Team Nord: Ønsket niveau (1-5)" in names
    assert reader.read(loader.load(path)).unit.teams == ("Team Nord", "Team Syd")


@pytest.mark.libreoffice
def test_libreoffice_calculates_the_gaps_of_odd_team_names(tmp_path, libreoffice):
    path = odd_workbook(tmp_path)
    bare = tmp_path / "bare.xlsx"
    strip_cached_values(path, bare)
    grid = libreoffice.sheets_as_csv(bare, tmp_path / "csv")[NEEDS.name]
    cols = {p.key: i for i, p in enumerate(placed_columns(NEEDS, ODD_TEAMS))}
    line = grid[layout(NEEDS).first_data_row - 1]
    assert [line[cols[f"gap@{team}"]] for team in ODD_TEAMS] == [str(5 - (1 + i % 4)) for i in range(len(ODD_TEAMS))]
    assert line[cols["max_gap"]] == "4"
