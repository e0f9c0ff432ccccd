"""Sync down: organisation profiles into unit workbooks, with every typed cell kept."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlkompetence.core import examples
from xlkompetence.xlsx import loader
from xlkompetence.unit import reader
from xlkompetence.cli import cli
from xlkompetence.core.models import Profile, UnitWorkbook
from xlkompetence.core.schema import COMMITTEE, FINDINGS, OVERVIEW, ORG_RETIRED
from xlkompetence.org.sync import BACKUP_DIR, SyncError, read_org_profiles, sync_paths
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, copy_of, set_cells

A, B, C, D, E, F = ("Mål og kompetenceprofil", "Kompetencebehov", "Individuelle læringsmål",
                    "Plan for kompetenceudvikling", "Forankring", "Forside")


def org_template(path: Path, profiles: tuple[Profile, ...]) -> Path:
    write_unit_workbook(path, UnitWorkbook(profiles=profiles, teams=("Organisation",)), today=TODAY)
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """The organisation's template and a unit made from it, written once for the module."""
    folder = tmp_path_factory.mktemp("sync")
    edited_unit(folder / "enheder" / "solhjem.xlsx",
                org_template(folder / "org.xlsx", examples.concept_example().profiles))
    return folder


@pytest.fixture
def org(tmp_path, made) -> Path:
    return copy_of(made / "org.xlsx", tmp_path / "org.xlsx")


@pytest.fixture
def unit(tmp_path, org, made) -> Path:
    """A unit of its own for each test (see ``edited_unit``), its organisation's template beside it."""
    return copy_of(made / "enheder" / "solhjem.xlsx", tmp_path / "enheder" / "solhjem.xlsx")


def edited_unit(path: Path, org: Path) -> Path:
    """A unit started from the organisation template, then edited by a person in every sheet."""
    path.parent.mkdir()
    result = CliRunner().invoke(cli, ["new", str(path), "--unit", "Solhjem", "--team", "Team A", "--team", "Team B",
                                      "--org", str(org), "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    # The leader adds a sheet of her own and a column to the plan (in Excel; here openpyxl).
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Mine noter")["A1"] = "Husk MUS i marts"
    wb[D]["W4"] = "Min kolonne"
    wb[D]["W5"] = "egen note"
    wb.save(path)
    set_cells(path, {
        (F, "B4"): "Eksempelkommune", (F, "B6"): "Lise Leder", (F, "B7"): "2026",
        (A, "A8"): "E1", (A, "D8"): "Vi skal kunne samarbejde med pårørende.",  # the unit's own profile
        (B, "C8"): 5, (B, "D8"): 3, (B, "I8"): 4, (B, "J8"): 4, (B, "C9"): 3, (B, "D9"): 2,
        (B, "A11"): "E1", (B, "C11"): 4, (B, "D11"): 1, (B, "C4"): "Team A vil bruge MI.",
        (B, "C5"): "12-01-2026", (B, "C6"): "Team A aftalte MI-kursus og sidemandsoplæring.",
        (C, "A5"): "Anne", (C, "B5"): "Team A", (C, "D5"): "Lære MI", (C, "I5"): "Logbog: første uge gik godt.",
        (D, "A5"): "Hele Team A", (D, "B5"): "K1", (D, "C5"): "Kursus i MI", (D, "F5"): "april – juni 2026",
        (D, "G5"): "Lise", (D, "I5"): "20 timer", (D, "J5"): "I gang", (D, "K5"): "Under",
        (E, "A5"): "MI i hverdagen", (E, "B5"): "Bedre samtaler", (E, "E5"): "15-12-2026",
    })
    return path


def typed_cells(path: Path) -> dict[tuple[str, int, int], object]:
    """Every cell a person typed: input columns and anything outside the template tables,
    except sheet A's organisation rows, which the organisation owns."""
    source = loader.load(path)
    result = reader.read(source)
    calc: dict[str, set[int]] = {}
    first: dict[str, int] = {}
    for data in result.sheets.values():
        calc[data.name] = {c for key, c in data.cols.items() if not data.sheet.column(key.split("@")[0]).is_input}
        first[data.name] = data.first_data_row
    org_rows = {p.row for p in result.unit.profiles if p.org}
    cells = {}
    for grid in source.grids.values():
        if grid.name in (OVERVIEW.name, COMMITTEE.name, FINDINGS.name, "_xlkompetence"):  # refresh's own memory
            continue
        for r, line in enumerate(grid.rows, start=1):
            for c, v in enumerate(line, start=1):
                if v == "" or (c in calc.get(grid.name, ()) and r >= first.get(grid.name, 1)):
                    continue
                if grid.name == A and r in org_rows:
                    continue
                cells[(grid.name, r, c)] = v
    return cells


def test_hr_rewords_adds_and_retires_and_every_typed_cell_stays(tmp_path, org, unit):
    profiles = examples.concept_example().profiles
    k2 = profiles[1].model_copy(update={"text": "Vi skal kunne bruge kommunikative redskaber i ligeværdige dialoger."})
    k4 = Profile(id="K4", strategy=profiles[0].strategy, goal="Nyt mål", text="Vi skal kunne inddrage netværket.")
    org_template(org, (profiles[0], k2, k4))  # K3 is gone
    before = typed_cells(unit)
    original = unit.read_bytes()

    (report,) = sync_paths(org, [unit], TODAY)
    assert report.written and report.exit_code == 0
    assert sorted((c.kind, c.profile) for c in report.changes) == [("add", "K4"), ("retire", "K3"), ("reword", "K2")]
    after = typed_cells(unit)
    assert {k: v for k, v in after.items() if k in before} == before
    assert set(before) <= set(after)
    # The backup is the workbook as it was.
    assert (unit.parent / BACKUP_DIR / unit.name).read_bytes() == original

    result = reader.read(loader.load(unit))
    by_id = {p.id: p for p in result.unit.profiles}
    assert by_id["K2"].text == k2.text
    assert by_id["K3"].org == ORG_RETIRED and by_id["K4"].org == "Ja" and by_id["E1"].org is None
    k3 = [a for a in result.unit.assessments if a.profile_id == "K3"]
    assert k3, "the retired profile keeps its row and levels"
    needs = loader.load(unit).grids[B]
    status_col = result.sheets["needs"].cols["status"]
    status = {needs.get(r, 1): needs.get(r, status_col) for r in range(8, 14)}
    assert status["K3"] == "Udgået" and status["K4"] == "Ikke vurderet"
    texts = {needs.get(r, 1): needs.get(r, 2) for r in range(8, 14)}
    assert texts["K2"] == k2.text and texts["K4"] == k4.text
    wb = openpyxl.load_workbook(unit)
    assert wb["Mine noter"]["A1"].value == "Husk MUS i marts" and wb[D]["W5"].value == "egen note"


def test_dry_run_writes_nothing(org, unit):
    org_template(org, examples.concept_example().profiles[:2])
    original = unit.read_bytes()
    result = CliRunner().invoke(cli, ["sync", str(org), str(unit.parent), "--dry-run", "--today", "2026-11-24"])
    assert result.exit_code == 0
    assert "prøvekørsel" in result.output and "K3 er udgået" in result.output
    assert unit.read_bytes() == original
    assert not (unit.parent / BACKUP_DIR).exists()


def test_a_second_sync_changes_nothing(org, unit):
    sync_paths(org, [unit], TODAY)
    once = unit.read_bytes()
    (report,) = sync_paths(org, [unit], TODAY)
    assert report.changes == [] and not report.written
    assert unit.read_bytes() == once


def test_the_units_own_number_is_not_taken_over(org, unit):
    set_cells(unit, {(A, "A8"): "K4"})  # the unit's own profile is numbered K4
    org_template(org, examples.concept_example().profiles + (Profile(id="K4", text="Organisationens K4."),))
    (report,) = sync_paths(org, [unit], TODAY)
    assert [(c.kind, c.profile) for c in report.changes] == [("conflict", "K4")]
    assert [f.code for f in report.findings if f.code.startswith("sync.")] == ["sync.id_conflict"]
    assert reader.read(loader.load(unit)).unit.profile("K4").text == "Vi skal kunne samarbejde med pårørende."


def test_an_open_workbook_is_skipped(org, unit):
    (unit.parent / ("~$" + unit.name)).write_bytes(b"x")
    org_template(org, examples.concept_example().profiles[:1])
    original = unit.read_bytes()
    result = CliRunner().invoke(cli, ["sync", str(org), str(unit), "--format", "json", "--today", "2026-11-24"])
    payload = json.loads(result.output)
    assert payload["files"][0]["findings"][0]["code"] == "file.locked"
    assert unit.read_bytes() == original


def test_a_template_without_numbers_is_refused(tmp_path):
    bad = org_template(tmp_path / "bad.xlsx", (Profile(text="Uden nummer"),))
    with pytest.raises(SyncError) as exc:
        read_org_profiles(bad)
    assert "nummer" in str(exc.value)


def test_new_from_the_organisation_template(tmp_path, org):
    path = tmp_path / "ny.xlsx"
    result = CliRunner().invoke(cli, ["new", str(path), "--unit", "Ny", "--team", "T", "--org", str(org)])
    assert result.exit_code == 0
    unit = reader.read(loader.load(path)).unit
    assert [(p.id, p.org) for p in unit.profiles] == [("K1", "Ja"), ("K2", "Ja"), ("K3", "Ja")]
    assert {a.profile_id for a in unit.assessments} == {"K1", "K2", "K3"}
