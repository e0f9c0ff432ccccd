"""The organisation plan: many unit workbooks into one, with provenance and nothing lost."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xlkompetence.core.findings import Code
from xlkompetence.core import examples
from xlkompetence.cli import cli
from xlkompetence.core.gaps import needs_rows
from xlkompetence.org.disclosure import Disclosure
from xlkompetence.org.merge import MergeError, collect_inputs, merge_files
from xlkompetence.core.models import Profile
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, copy_of, set_cells

ORG_SHEETS = ["Overblik", "Kompetencematrix", "Vurderinger", "Teams", "Læringsformer", "Ressourcepersoner", "Plan",
              "Læringsmål", "Forankring", "Behov uden aktivitet", "Uden forankring", "MED-SU", "Kilder",
              "Fejl og mangler"]


@pytest.fixture(scope="module")
def demo_units(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("enheder")
    for name, unit in examples.demo_units():
        write_unit_workbook(folder / name, unit, today=TODAY)
    return folder


@pytest.fixture
def units(tmp_path, demo_units) -> Path:
    """The demo's units, written once for the module: each test changes a copy of its own."""
    return copy_of(demo_units, tmp_path / "enheder")


def rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def table(path: Path, sheet: str) -> list[dict]:
    """An org sheet's Excel table as dicts (title in row 1, header in row 3)."""
    data = rows(path, sheet)
    header = data[2]
    return [dict(zip(header, r)) for r in data[3:]]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_merge_writes_every_sheet_and_every_unit(units, tmp_path):
    out = tmp_path / "org.xlsx"
    org = merge_files([units], out, TODAY)
    assert org.exit_code == 0
    assert CalamineWorkbook.from_path(str(out)).sheet_names == ORG_SHEETS
    # In the order of the files' paths.
    assert [name for name, _ in org.units] == ["Bostøtten Nord", "Botilbuddet (konceptets eksempel)", "Værestedet Syd"]
    wb = openpyxl.load_workbook(out)
    assert {name for ws in wb.worksheets for name in ws.tables} == {
        "tblVurderinger", "tblTeams", "tblLaeringsformer", "tblRessourcepersoner", "tblPlan", "tblLaeringsmaal",
        "tblForankring", "tblBehovUdenAktivitet", "tblUdenForankring", "tblMEDSU", "tblKilder", "tblFejl"}
    plan = table(out, "Plan")
    assert len(plan) == 5 and {r["Enhed"] for r in plan} == {u for u, _ in org.units}
    # The streamed rows are inside their Excel tables.
    assert wb["Plan"].tables["tblPlan"].ref == f"A3:X{3 + len(plan)}"
    assert wb["Vurderinger"].tables["tblVurderinger"].ref == f"A3:H{3 + len(table(out, 'Vurderinger'))}"
    sources = table(out, "Kilder")
    assert [s["Med"] for s in sources] == ["Ja", "Ja", "Ja"]
    assert all(len(s["SHA-256"]) == 64 for s in sources)


def test_the_matrix_holds_the_units_levels_and_gaps(units, tmp_path):
    out = tmp_path / "org.xlsx"
    merge_files([units], out, TODAY)
    data = rows(out, "Kompetencematrix")
    header = data[4]
    unit_row, team_row = data[2], data[3]
    example = examples.concept_example()
    k1 = next(r for r in data[5:] if r[0] == "K1")
    # Find Botilbuddet's Team B columns through the banners (merged: value in the first cell).
    unit_col = unit_row.index("Botilbuddet (konceptets eksempel)")
    team_col = team_row.index("Team B", unit_col)
    assert header[team_col:team_col + 3] == ["Ønsket", "Reelt", "Gab"]
    expected = {r.profile_id: r for r in needs_rows(example)}["K1"]
    assert k1[team_col:team_col + 3] == [5.0, 3.0, float(expected.gaps["Team B"])]
    levels = table(out, "Vurderinger")
    assert len(levels) == sum(len(u.assessments) for _, u in examples.demo_units())


def test_inputs_are_never_changed_and_a_rerun_gives_the_same_workbook(units, tmp_path):
    before = snapshot(units)
    out = tmp_path / "org.xlsx"
    merge_files([units], out, TODAY)
    first = {n: zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist()}
    merge_files([units], out, TODAY)
    second = {n: zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist()}
    assert first == second
    assert snapshot(units) == before


def test_copies_and_broken_files_are_listed_and_the_merge_goes_on(units, tmp_path):
    shutil.copy(units / "bostoetten-nord.xlsx", units / "kopi af nord.xlsx")
    (units / "tom.xlsx").write_bytes(b"")
    (units / "~$vaerestedet-syd.xlsx").write_bytes(b"lock")
    out = tmp_path / "org.xlsx"
    org = merge_files([units], out, TODAY, disclosure=Disclosure.NAMES)  # file names are names
    assert org.exit_code == 2
    assert len(org.units) == 3
    sources = {Path(s["Fil"]).name: s for s in table(out, "Kilder")}
    assert "~$vaerestedet-syd.xlsx" not in sources
    assert sources["kopi af nord.xlsx"]["Med"] == "Nej" and "Kopi af" in sources["kopi af nord.xlsx"]["Begrundelse"]
    assert sources["tom.xlsx"]["Med"] == "Nej"
    findings = table(out, "Fejl og mangler")
    kinds = {(Path(f["Fil"]).name, f["Fund"]) for f in findings}
    assert ("tom.xlsx", Code.FILE_UNREADABLE.summary) in kinds
    assert ("kopi af nord.xlsx", Code.MERGE_DUPLICATE_FILE.summary) in kinds


def test_two_versions_of_one_unit_count_once_the_newer(units, tmp_path):
    old = units / "bostoetten-nord.xlsx"
    new = units / "bostoetten-nord-v2.xlsx"
    shutil.copy(old, new)
    set_cells(new, {("Plan for kompetenceudvikling", "J5"): "Forankret"})
    os.utime(old, (1_700_000_000, 1_700_000_000))
    org = merge_files([units], tmp_path / "org.xlsx", TODAY)
    included = [e.path.name for e in org.inputs if e.included]
    assert "bostoetten-nord-v2.xlsx" in included and "bostoetten-nord.xlsx" not in included
    assert any(f.code == "merge.duplicate_unit" for f in org.findings)


def test_strict_leaves_out_units_with_errors(units, tmp_path):
    set_cells(units / "vaerestedet-syd.xlsx", {("Kompetencebehov", "C8"): "tre"})
    loose = merge_files([units], tmp_path / "a.xlsx", TODAY)
    strict = merge_files([units], tmp_path / "b.xlsx", TODAY, strict=True)
    assert loose.exit_code == 1 and len(loose.units) == 3
    assert len(strict.units) == 2
    (syd,) = [e for e in strict.inputs if e.path.name == "vaerestedet-syd.xlsx"]
    assert not syd.included and syd.reason == "Udeladt, fordi projektmappen har 1 fejl"


def test_text_from_units_stays_text_never_a_formula(units, tmp_path):
    payloads = ['=HYPERLINK("http://example.invalid","klik")', "=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(A1)"]
    set_cells(units / "vaerestedet-syd.xlsx", {("Plan for kompetenceudvikling", f"{c}5"): v
                                               for c, v in zip("CDEH", payloads)})
    out = tmp_path / "org.xlsx"
    merge_files([units], out, TODAY)
    with zipfile.ZipFile(out) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml  # the organisation workbook holds no formula at all
    ws = openpyxl.load_workbook(out)["Plan"]
    cells = [c for row in ws.iter_rows() for c in row if c.value in payloads]
    assert sorted(c.value for c in cells) == sorted(payloads)
    assert all(c.data_type == "s" for c in cells)


def test_profiles_match_by_number_then_text_and_near_misses_are_reported(tmp_path):
    base = examples.concept_example()
    k2 = base.profiles[1]
    typo = base.model_copy(update={"cover": base.cover.model_copy(update={"unit": "Typo"}),
                                   "profiles": (base.profiles[0], k2.model_copy(update={"text": k2.text.replace("ligeværdige", "ligevædige")}), base.profiles[2])})
    other = base.model_copy(update={"cover": base.cover.model_copy(update={"unit": "Andet K2"}),
                                    "profiles": (base.profiles[0], k2.model_copy(update={"text": "Vi skal kunne lave mad."}), base.profiles[2])})
    unnumbered = base.model_copy(update={"cover": base.cover.model_copy(update={"unit": "Uden numre"}),
                                         "profiles": (Profile(text=base.profiles[2].text + " i hverdagen"),),
                                         "assessments": ()})
    folder = tmp_path / "in"
    folder.mkdir()
    for i, unit in enumerate((base, typo, other, unnumbered)):
        write_unit_workbook(folder / f"{i}.xlsx", unit, today=TODAY)
    org = merge_files([folder], tmp_path / "org.xlsx", TODAY)
    codes = [f.code for f in org.findings if f.code.startswith("merge.")]
    assert codes.count("merge.profile_text_differs") == 1
    assert codes.count("merge.profile_id_conflict") == 1
    assert codes.count("merge.profiles_look_alike") == 1
    keys = [p.key for p in org.profiles]
    assert "id:k2" in keys and "id:k2@Andet K2" in keys  # the other K2 gets its own row
    assert sum(1 for p in org.profiles if p.id == "K2") == 2
    assert len([p for p in org.profiles if p.id is None]) == 1


def test_by_default_names_become_stable_pseudonyms_and_the_logbook_stays_home(units, tmp_path, own_config_folder):
    out = tmp_path / "org.xlsx"
    merge_files([units], out, TODAY)
    plan = table(out, "Plan")
    goals = table(out, "Læringsmål")
    assert "Løbende refleksioner/logbog" not in goals[0] and "Personlige læringsmål" not in goals[0]
    employees = [r["Medarbejdere"] for r in plan if r["Enhed"].startswith("Botilbuddet")][0]
    assert "Åse" not in employees and "Benny" not in employees and "Karl" not in employees
    assert employees.startswith("Hele Team B og Medarbejder ")
    with zipfile.ZipFile(out) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8", "ignore")
    for name in ("Åse", "Benny", "Karl", "Jette", "Medarbejder i Team B"):
        assert name not in everything, name
    assert "De begreber, som underviserne" not in everything
    # The key is the user's own, outside the shared folder, and a shared key gives the same codes.
    key = own_config_folder / "xlkompetence" / "pseudonym-key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in out.parent.iterdir() if "key" in p.name]
    again = tmp_path / "again.xlsx"
    merge_files([units], again, TODAY, key_file=key)
    assert table(again, "Plan") == plan


def test_with_names_asked_for_names_and_goals_are_kept_but_never_the_logbook(units, tmp_path):
    out = tmp_path / "org.xlsx"
    merge_files([units], out, TODAY, disclosure=Disclosure.NAMES)
    # Names alone: who, not what they wrote; bilag C as counts per named employee.
    goals = table(out, "Læringsmål")
    assert "Personlige læringsmål" not in goals[0] and "Medarbejder i Team B" in {g["Medarbejder"] for g in goals}
    assert "Åse" in str(table(out, "Plan"))
    merge_files([units], out, TODAY, disclosure=Disclosure.of(names=True, free_text=True))
    goals = table(out, "Læringsmål")
    assert "Løbende refleksioner/logbog" not in goals[0] and "Personlige læringsmål" in goals[0]
    with zipfile.ZipFile(out) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8", "ignore")
    assert "De begreber, som underviserne" not in everything


def test_inputs_from_files_folders_and_globs(units, tmp_path):
    out = units / "org.xlsx"
    shutil.copy(units / "bostoetten-nord.xlsx", out)  # an old output inside the folder
    found = collect_inputs([units, str(units / "*.xlsx"), units / "vaerestedet-syd.xlsx"], out)
    assert sorted(p.name for p in found) == ["bostoetten-nord.xlsx", "eksempel-botilbud.xlsx", "vaerestedet-syd.xlsx"]
    with pytest.raises(MergeError):
        collect_inputs([out], out)


def test_merge_cli_text_and_json(units, tmp_path):
    out = tmp_path / "org.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(units), "--output", str(out), "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert "3 enheder fra 3 filer" in result.output and "Læser" not in result.output
    result = CliRunner().invoke(cli, ["merge", str(units), "-o", str(out), "--format", "json", "--today", "2026-11-24"])
    payload = json.loads(result.output)
    assert payload["units"] == 3 and all(i["included"] for i in payload["inputs"])
    empty = tmp_path / "tom-mappe"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["merge", str(empty), "-o", str(out)])
    assert result.exit_code == 2 and "Ingen projektmapper" in result.output
    # A file named that does not exist is listed as such, and the others are merged.
    result = CliRunner().invoke(cli, ["merge", str(units), str(tmp_path / "findes-ikke.xlsx"), "-o", str(out),
                                      "--today", "2026-11-24"])
    assert result.exit_code == 2 and "3 enheder fra 4 filer" in result.output


def test_a_progress_bar_on_a_terminal_and_none_when_quiet(units, tmp_path):
    import pty
    import subprocess
    import sys

    def run(*extra: str) -> str:
        master, slave = pty.openpty()
        proc = subprocess.run([sys.executable, "-m", "xlkompetence", "merge", str(units), "-o",
                               str(tmp_path / "org.xlsx"), *extra], stdout=subprocess.PIPE, stderr=slave,
                              timeout=120)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        assert proc.returncode == 0
        return b"".join(chunks).decode("utf-8", "replace")

    assert "Læser enhedernes projektmapper" in run()
    assert "Læser" not in run("--quiet")
