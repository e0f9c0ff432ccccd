"""Nothing half-written and nothing typed lost: killed writes, full disks, read-only files,
and generated workbooks that refresh and sync must leave as people typed them."""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.xlsx import loader
from xlkompetence.unit import reader
from xlkompetence.cli import cli
from xlkompetence.core.models import Assessment, PlanRow, Profile, UnitWorkbook
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.org.sync import sync_file
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells


def big_workbook(path: Path) -> Path:
    """A workbook whose refresh writes for about a second: hundreds of times the 2 ms the test
    takes to see the temporary file and kill the writer."""
    unit = examples.concept_example()
    profiles = tuple(Profile(id=f"K{i}", strategy="S", goal="M", text=f"Vi skal kunne {i}.") for i in range(1, 300))
    assessments = tuple(Assessment(profile_id=p.id, team=t, desired=5, actual=2) for p in profiles for t in unit.teams)
    plan = tuple(PlanRow(activity=f"A{i}", responsible="R", timeline="april 2026", resources="2 timer")
                 for i in range(300))
    write_unit_workbook(path, unit.model_copy(update={"profiles": profiles, "assessments": assessments,
                                                      "plan": plan}), today=TODAY)
    return path


def test_a_refresh_killed_while_writing_leaves_the_file_as_it_was(tmp_path):
    path = big_workbook(tmp_path / "stor.xlsx")
    before = path.read_bytes()
    killed = False
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "xlkompetence", "refresh", str(path), "--today", "2026-11-24"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
                proc.send_signal(signal.SIGKILL)  # in the middle of writing the new file
                killed = True
                break
            time.sleep(0.002)
        proc.wait(timeout=30)
        if killed:
            break
        path.write_bytes(before)  # it finished first; try again
    assert killed, "never caught the write in progress"
    assert path.read_bytes() == before
    CalamineWorkbook.from_path(str(path))


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_every_file_as_it_was(example_path, monkeypatch, tmp_path):
    before = example_path.read_bytes()
    monkeypatch.setattr("xlkompetence.xlsx.files.os.fsync", _disk_full)
    result = CliRunner().invoke(cli, ["refresh", str(example_path), "--today", "2026-11-24"])
    assert result.exit_code == 2 and "kunne ikke skrives" in result.output and "No space left" in result.output
    assert example_path.read_bytes() == before
    out = tmp_path / "org.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(example_path), "-o", str(out), "--today", "2026-11-24"])
    assert result.exit_code == 2 and "kan ikke skrives" in result.output and not out.exists()
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "ny.xlsx"), "--unit", "X", "--team", "A"])
    assert result.exit_code == 2 and not (tmp_path / "ny.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_a_read_only_workbook_is_not_refreshed(example_path):
    example_path.chmod(0o444)
    before = example_path.read_bytes()
    result = CliRunner().invoke(cli, ["refresh", str(example_path), "--format", "json"])
    assert result.exit_code == 2 and '"file.read_only"' in result.output
    assert example_path.read_bytes() == before


def test_an_output_that_cannot_be_written_is_explained(example_path, tmp_path):
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["merge", str(example_path), "-o", str(blocker / "org.xlsx")])
    assert result.exit_code == 2 and "kan ikke skrives" in result.output


# -- refresh and sync never change a typed cell, on generated workbooks ------------------------

texts = st.text(alphabet=st.sampled_from("abcæøå ÆØÅ=+-@'\"&<>1234567890.,:;!?\n"), min_size=1, max_size=30)
levels = st.one_of(st.none(), st.integers(1, 5))
typed_values = st.one_of(texts, st.integers(-3, 9), st.floats(0, 6, allow_nan=False).map(lambda x: round(x, 1)))


@st.composite
def units(draw):
    teams = tuple(f"T{i}" for i in range(draw(st.integers(1, 3))))
    n = draw(st.integers(1, 5))
    profiles = tuple(Profile(id=f"K{i}", strategy=draw(texts), goal=draw(texts), text=draw(texts),
                             org=draw(st.sampled_from([None, "Ja"]))) for i in range(1, n + 1))
    assessments = tuple(Assessment(profile_id=p.id, team=t, desired=draw(levels), actual=draw(levels))
                        for p in profiles for t in teams)
    plan = tuple(PlanRow(activity=draw(texts), responsible=draw(texts), timeline=draw(st.sampled_from(
        ["april 2026", "uge 2-8 2027", "løbende", ""])), resources=draw(st.sampled_from(["2 dage", "20", ""])))
        for _ in range(draw(st.integers(0, 3))))
    return UnitWorkbook(teams=teams, profiles=profiles, assessments=assessments, plan=plan)


# (sheet, column letter) pairs of input cells, and the rows a person might type in.
INPUT_CELLS = [("Kompetencebehov", "C"), ("Kompetencebehov", "D"), ("Plan for kompetenceudvikling", "A"),
               ("Plan for kompetenceudvikling", "C"), ("Plan for kompetenceudvikling", "F"),
               ("Plan for kompetenceudvikling", "I"), ("Individuelle læringsmål", "D"), ("Forankring", "B")]


def typed_snapshot(path: Path) -> dict:
    source = loader.load(path)
    result = reader.read(source)
    calc = {data.name: ({c for k, c in data.cols.items() if not data.sheet.column(k.split("@")[0]).is_input},
                        data.first_data_row) for data in result.sheets.values()}
    org_rows = {p.row for p in result.unit.profiles if p.org}
    cells = {}
    for grid in source.grids.values():
        if grid.name in ("Overblik", "MED-SU", "Fejl og mangler", "Forslag", "_xlkompetence"):
            continue  # rewritten whole by refresh: nobody types there
        cols, first = calc.get(grid.name, (set(), 10**9))
        for r, line in enumerate(grid.rows, start=1):
            for c, v in enumerate(line, start=1):
                if v != "" and not (c in cols and r >= first):
                    if grid.name == "Mål og kompetenceprofil" and r in org_rows:
                        continue  # the organisation's rows are the organisation's
                    cells[(grid.name, r, c)] = v
    return cells


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(unit=units(), typing=st.lists(st.tuples(st.sampled_from(INPUT_CELLS), st.integers(5, 9), typed_values),
                                      max_size=8))
def test_refresh_and_sync_never_change_a_typed_cell(tmp_path_factory, unit, typing):
    folder = tmp_path_factory.mktemp("gen")
    path = folder / "enhed.xlsx"
    write_unit_workbook(path, unit, today=TODAY)
    set_cells(path, {(sheet, f"{col}{row}"): value for (sheet, col), row, value in typing})
    before = typed_snapshot(path)
    assert refresh_file(path, TODAY).written
    after = typed_snapshot(path)
    assert {k: after.get(k) for k in before} == before
    org = [Profile(id=p.id, strategy="Ny strategi", goal="Nyt mål", text=f"Ny tekst {p.id}") for p in unit.profiles[:1]]
    org.append(Profile(id="K99", strategy="S", goal="M", text="Organisationens nye profil"))
    sync_file(org, path, TODAY)
    synced = typed_snapshot(path)
    assert {k: synced.get(k) for k in before if k[0] != "Mål og kompetenceprofil"} == \
           {k: v for k, v in before.items() if k[0] != "Mål og kompetenceprofil"}
    own = {k: v for k, v in before.items() if k[0] == "Mål og kompetenceprofil"}
    assert {k: synced.get(k) for k in own} == own  # the unit's own profile rows are untouched
