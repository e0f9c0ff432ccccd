"""A merge keeps each unit on disk, not in memory, and writes the workbook it would write from
memory; the organisation workbook never runs past Excel's last column, however many units."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.core.findings import Severity
from xlkompetence.core.pseudonyms import Pseudonymizer
from xlkompetence.org import orgmatrix, orgoverview
from xlkompetence.org.disclosure import Disclosure, disclose_entry
from xlkompetence.org.keyfile import read_or_make_key
from xlkompetence.org.merge import assemble, collect_inputs, merge_files, merge_inputs
from xlkompetence.org.orgbook import write_org_workbook
from xlkompetence.org.orgplan import Level, Levels
from xlkompetence.org.spill import StoredInput
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, copy_of, set_cells
from test_merge import demo_units  # noqa: F401 - the fixture: the demo's units, written once


def sheets(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.fixture
def units(demo_units, tmp_path) -> Path:
    """The demo's units, one of them twice, one written over, one unreadable: every kind of input."""
    folder = copy_of(demo_units, tmp_path / "enheder")
    first = sorted(folder.glob("*.xlsx"))[0]
    (folder / "kopi.xlsx").write_bytes(first.read_bytes())
    set_cells(sorted(folder.glob("*.xlsx"))[1], {("Plan for kompetenceudvikling", "B8"): "Ny aktivitet"})
    (folder / "tom.xlsx").write_bytes(b"PK")
    return folder


@pytest.mark.parametrize("disclosure", [Disclosure(), Disclosure.NAMES])
def test_units_kept_on_disk_give_the_workbook_kept_in_memory(units, tmp_path, disclosure):
    key = tmp_path / "key"
    spilled = merge_files([units], tmp_path / "disk.xlsx", TODAY, key_file=key, disclosure=disclosure, jobs=2)
    # The same inputs read and kept in memory, as watch and the server keep theirs.
    pseudonyms = Pseudonymizer(read_or_make_key(key))
    entries = [disclose_entry(e, pseudonyms, disclosure, TODAY)
               for e in merge_inputs(collect_inputs([units], tmp_path / "disk.xlsx"), TODAY, inputs=[units])]
    held = assemble(entries, TODAY, disclosure=disclosure)
    write_org_workbook(tmp_path / "memory.xlsx", held)

    assert all(isinstance(e, StoredInput) for e in spilled.inputs)
    assert not any(isinstance(e, StoredInput) for e in held.inputs)
    assert sheets(tmp_path / "disk.xlsx") == sheets(tmp_path / "memory.xlsx")
    assert [(n, u) for n, u in spilled.units] == [(n, u) for n, u in held.units]
    assert spilled.findings == held.findings
    assert [(e.errors, e.warnings, e.typed_over, e.overdue, e.rows, e.name, e.period, e.teams) for e in spilled.inputs] \
        == [(e.errors, e.warnings, e.typed_over, e.overdue, e.rows, e.name, e.period, e.teams) for e in held.inputs]
    assert spilled.exit_code == held.exit_code and spilled.errors == held.errors


def test_the_spill_goes_with_the_plan(units, tmp_path):
    org = merge_files([units], tmp_path / "org.xlsx", TODAY, key_file=tmp_path / "key", jobs=1)
    folder = org.spill.path  # type: ignore[attr-defined]
    assert os.listdir(folder), "each unit is kept in the merge's spill folder"
    org.spill.close()  # type: ignore[attr-defined]
    assert not os.path.exists(folder)


def test_findings_are_listed_by_file_then_severity_each_once(units, tmp_path):
    org = merge_files([units], tmp_path / "org.xlsx", TODAY, key_file=tmp_path / "key")
    rows = sheets(tmp_path / "org.xlsx")["Fejl og mangler"][3:]
    # What sorting every finding by file and severity gives, the order of the inputs kept among equals.
    expected = sorted(org.findings, key=lambda f: (f.file or "", f.severity.rank))
    assert len(rows) == len(expected) > 10
    assert [(r[0], r[3], r[6]) for r in rows] == [(f.file or "", f.severity.label, f.message) for f in expected]
    assert {f.severity for f in expected} >= {Severity.ERROR, Severity.WARNING}


def many_units(folder: Path, n: int, teams: int) -> Path:
    folder.mkdir()
    for i in range(n):
        unit = examples.blank(f"Enhed {i:02d}", [f"Team {i:02d}-{k}" for k in range(teams)])
        write_unit_workbook(folder / f"enhed-{i:02d}.xlsx", unit, today=TODAY)
    return folder


def test_the_matrix_goes_on_in_more_sheets_and_the_heat_map_stops_at_the_last_column(tmp_path, monkeypatch):
    # Excel's limit made small: five teams a sheet after the profile's columns, four units in the heat map.
    monkeypatch.setattr(orgmatrix, "MAX_COLUMNS", len(orgmatrix.FIXED) + 3 * 5)
    monkeypatch.setattr(orgoverview, "MAX_COLUMNS", 5)
    folder = many_units(tmp_path / "enheder", 6, 2)
    merge_files([folder], tmp_path / "org.xlsx", date(2026, 11, 24), key_file=tmp_path / "key",
                disclosure=Disclosure.NAMES)
    got = sheets(tmp_path / "org.xlsx")
    matrices = [name for name in got if name.startswith("Kompetencematrix")]
    assert matrices == ["Kompetencematrix", "Kompetencematrix 2", "Kompetencematrix 3"]
    seen = []
    for name in matrices:
        rows = got[name]
        assert rows[0][0] == name
        assert max(len(r) for r in rows) <= orgmatrix.MAX_COLUMNS
        # Each unit whole on one sheet: its banner over its teams' banners.
        banners, teams = rows[2], rows[3]
        seen += [(banners[c - (c - 7) % 6], teams[c]) for c in range(7, len(teams), 3)]
        # The profile's own columns are the whole organisation's on every sheet.
        assert [r[:7] for r in rows[5:]] == [r[:7] for r in got["Kompetencematrix"][5:]]
    assert seen == [(f"Enhed {i:02d}", f"Team {i:02d}-{k}") for i in range(6) for k in range(2)]
    overview = got["Overblik"]
    at = next(i for i, r in enumerate(overview) if str(r[0]).startswith("Gab pr. profil og enhed"))
    assert "de første 4 af 6 enheder" in overview[at][0]
    # The heat map: the profile and the four units that fit, on every row of it.
    assert overview[at + 1][1:5] == [f"Enhed {i:02d}" for i in range(4)]
    assert all(v in ("", None) for r in overview[at + 1:] for v in r[5:])


def test_the_spill_is_made_where_the_user_sends_temporary_files(units, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", None)  # computed again from TMPDIR
    org = merge_files([units], tmp_path / "org.xlsx", TODAY, key_file=tmp_path / "key", jobs=1)
    assert Path(org.spill.path).parent == tmp_path / "tmp"  # type: ignore[attr-defined]


def test_levels_kept_as_columns_read_back_as_they_were_added():
    added = [Level("Enhed A", "Team 1", "k1", 3, 1, False), Level("Enhed A", "Team 2", "k1", None, None, True),
             Level("Enhed B", "Ledelsen", "k2", 5, None, False), Level("Enhed B", "Team 1", "k1", None, 4, False)]
    levels = Levels(added)
    assert list(levels) == added and len(levels) == 4
    assert levels[-1] == added[-1] and levels[1:3] == added[1:3]
    assert [lv.gap for lv in levels] == [2, None, None, None]
    assert {key: list(at) for key, at in levels.by_key().items()} == {"k1": [0, 1, 3], "k2": [2]}
