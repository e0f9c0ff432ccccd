"""The yearly development conversation is called what the organisation calls it (MUS, PUS,
MUS/PUS): a setting, as Send til's recipient is. HR's round list (a column Udviklingssamtale)
or ``new --samtale`` puts it on each unit's Forside; every sheet's texts, the MUS sheets and the
organisation's workbook then name it so, and the workbook reads, refreshes and rolls over as
any other."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from xlkompetence.cli import cli
from xlkompetence.core.findings import Code
from xlkompetence.core.labels import t
from xlkompetence.core.schema import COVER, INDIVIDUAL, OVERVIEW
from xlkompetence.org.merge import merge_files
from xlkompetence.org.nextround import next_round
from xlkompetence.org.rollout import rollout
from xlkompetence.unit.conversation import fetch_agreements, write_conversations
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells
from scenarios import MUS_KEY


def texts(path: Path) -> list[str]:
    """Every text in the workbook's cells."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            shared = ["".join(si.itertext()) for si in etree.fromstring(zf.read("xl/sharedStrings.xml"))]
        inline = ["".join(el.itertext()) for n in names if n.startswith("xl/worksheets/sheet")
                  for el in etree.fromstring(zf.read(n)).iter("{*}is")]
    return shared + inline


def new_unit(path: Path, *extra: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    result = CliRunner().invoke(cli, ["new", str(path), "--unit", "Solhjem", "--team", "Dagteam", "--team", "Nattevagt",
                                      "--today", "2026-11-24", *extra])
    assert result.exit_code == 0, result.output
    return path


def test_new_with_a_name_for_the_conversation_names_it_so_everywhere(tmp_path):
    path = new_unit(tmp_path / "solhjem.xlsx", "--samtale", "MUS")
    cover = loader.load(path).grids[COVER.name]
    rows = {cover.get(r, 1): cover.get(r, 2) for r in range(1, cover.height + 1)}
    assert rows[t("cover.conversation")] == "MUS"
    written = texts(path)
    assert not [x for x in written if "MUS/PUS" in x]
    assert "Aftalt ved MUS (dato)" in written and "MUS" in written  # bilag C's header, the year wheel
    report = read_checked(path, TODAY)
    assert report.result is not None and report.result.unit.cover.conversation == "MUS"
    assert not [f for f in report.findings if f.code in (Code.COLUMN_MISSING, Code.COLUMN_RENAMED, Code.TEMPLATE_OLDER)]
    refresh_file(path, TODAY)
    overview = loader.load(path).grids[OVERVIEW.name]
    titles = [overview.get(r, 1) for r in range(1, overview.height + 1)]
    assert any(str(x).startswith("MUS og udviklingsmål pr. team") for x in titles)
    assert not [x for x in texts(path) if "MUS/PUS" in x]


def test_without_a_name_it_is_mus_pus_and_a_workbook_named_otherwise_still_reads(tmp_path):
    plain = new_unit(tmp_path / "plain.xlsx")
    assert "Aftalt ved MUS/PUS (dato)" in texts(plain)
    named = new_unit(tmp_path / "pus.xlsx", "--samtale", "PUS")
    # The organisation renames it: the workbook written as PUS reads, its column and all.
    set_cells(named, {(COVER.name, "B10"): ""})
    report = read_checked(named, TODAY)
    assert report.result is not None and report.result.unit.cover.conversation == ""
    assert not [f for f in report.findings if f.code in (Code.COLUMN_MISSING, Code.COLUMN_RENAMED)]
    assert "mus_date" in report.result.sheets[INDIVIDUAL.id].cols


def test_the_round_list_sets_it_and_the_next_round_keeps_it(tmp_path):
    listing = tmp_path / "runde.csv"
    listing.write_text("Enhed;Teams;Udviklingssamtale\nSolhjem;Dagteam;PUS\n", encoding="utf-8")
    report = rollout(listing, tmp_path / "enheder", TODAY)
    (_, made), = report.made
    assert "Aftalt ved PUS (dato)" in texts(made)
    (carried,) = next_round([made], tmp_path / "næste", TODAY)
    assert carried.written, carried.findings
    assert "Aftalt ved PUS (dato)" in texts(carried.target)


def test_the_mus_sheets_and_the_organisation_name_it_as_the_units_do(tmp_path):
    unit = new_unit(tmp_path / "enheder" / "solhjem.xlsx", "--samtale", "MUS")
    set_cells(unit, {(INDIVIDUAL.name, "A5"): "Karl", (INDIVIDUAL.name, "B5"): "Dagteam"})
    sheets = tmp_path / "ark"
    assert write_conversations(unit, sheets, TODAY, key=MUS_KEY).written
    (sheet,) = sheets.glob("*.xlsx")
    assert t("mus.title").replace("MUS/PUS", "MUS") in texts(sheet)
    grid = loader.load(sheet).grids[t("mus.sheet")]
    rows = {grid.get(r, 1): r for r in range(1, grid.height + 1)}
    set_cells(sheet, {(t("mus.sheet"), f"B{rows['Aftalt ved MUS (dato)']}"): TODAY,
                      (t("mus.sheet"), f"B{rows[t('mus.personal_goal')]}"): "Bruge MI"})
    fetched = fetch_agreements(unit, sheets, TODAY, key=MUS_KEY)
    assert fetched.written and fetched.rows
    assert loader.load(unit).grids[INDIVIDUAL.name].get(5, 7) == TODAY  # Aftalt ved MUS (dato)
    org = tmp_path / "org.xlsx"
    merge_files([unit.parent], org, TODAY)
    assert "Andel med MUS holdt" in texts(org) and not [x for x in texts(org) if "MUS/PUS" in x]
