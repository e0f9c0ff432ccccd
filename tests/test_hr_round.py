"""HR runs the round: roll-out from HR's list, the status of the round, and the next round.

Real lists (an Excel workbook written by openpyxl, CSV files as Excel saves them), real unit
workbooks written, typed into and read back, and the CLI as HR runs it."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.findings import Code, Severity
from xlkompetence.core.nextround import ARCHIVED, CARRIED, KEPT, advance_period
from xlkompetence.core.roster import parse_teams, read_roster
from xlkompetence.core.schema import MAX_TABLE_HEADER, NEEDS, PLAN_STATUSES_CLOSED, SCHEMA_VERSION, layout
from xlkompetence.org.watch import Watcher
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader

from conftest import TODAY, needs_ref, set_cells

TWO = ("Dagteam", "Aftenteam")

HEADERS = ["Organisation", "Enhed", "Leder", "Teams", "Periode"]
GOOD = [
    ["Socialpsykiatrien", "Bostøtten Nord", "Anne Holm", "Dagteam (10); Aftenteam (8)", "2026"],
    ["Socialpsykiatrien", "Værestedet Syd", "Bo Dahl", "Hele huset: 12", "2026"],
    ["Socialpsykiatrien", "Botilbuddet Solhjem", "", "Team A\nTeam B", "2026"],
]


def write_list(path: Path, rows: list[list], *, title: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Enheder"
    if title:
        ws.append(["Rundens enheder 2026"])
        ws.append([])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--today", TODAY.isoformat()])
    return result.exit_code, result.output


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- HR's list ------------------------------------------------------------------------------------

def test_teams_with_their_sizes_in_one_cell():
    assert parse_teams("Dagteam (10); Aftenteam: 8\nNattevagt") == (
        ("Dagteam", "Aftenteam", "Nattevagt"), {"Dagteam": 10, "Aftenteam": 8}, [])
    assert parse_teams("Team A, Team B") == (("Team A", "Team B"), {}, [])
    assert parse_teams("Dagteam (12 medarbejdere)") == (("Dagteam",), {"Dagteam": 12}, [])
    teams, _, problems = parse_teams("Dagteam (0); dagteam; Aftenteam (otte)")
    assert teams == ("dagteam",) and len(problems) == 2


def test_every_mistake_in_the_list_is_a_finding_at_its_cell(tmp_path):
    long_team = "T" * (MAX_TABLE_HEADER + 1)
    rows = [HEADERS,
            ["Socialpsykiatrien", "Bostøtten Nord", "Anne", "Dagteam (10)", "2026"],
            ["Socialpsykiatrien", "bostøtten  NORD", "", "Dagteam", "2026"],     # the same unit again
            ["Socialpsykiatrien", "Solhjem", "", f"Team A; {long_team}", "2026"],  # a team too long for a header
            ["Socialpsykiatrien", "Syd", "", "Hele huset (tolv)", "2026"],      # a size that is no number
            ["Socialpsykiatrien", "", "Bo", "Team A", "2026"],                  # no unit
            ["Socialpsykiatrien", "Øst", "", "", "2026"],                       # no teams
            ["Socialpsykiatrien", "Vest/Nord", "", "Team A", "2026"],
            ["Socialpsykiatrien", "Vest-Nord", "", "Team A", "2026"],           # one unit, spelt two ways
            ["Socialpsykiatrien", "Kyst", "", "Team A", "2026"],
            ["Socialpsykiatrien", "~Kyst", "", "Team A", "2026"]]               # two units, one file name
    roster = read_roster(rows, file="liste.xlsx", sheet="Enheder")
    where = {(f.code, f.cell) for f in roster.findings}
    assert where == {(Code.ROSTER_UNIT_TWICE, "B3"), (Code.ROSTER_TEAM_INVALID, "D4"),
                     (Code.ROSTER_TEAM_INVALID, "D5"), (Code.ROSTER_UNIT_MISSING, "B6"),
                     (Code.ROSTER_TEAMS_MISSING, "D7"), (Code.ROSTER_UNIT_TWICE, "B9"),
                     (Code.ROSTER_FILE_NAME_CLASH, "B11")}
    assert all(f.severity is Severity.ERROR and f.file == "liste.xlsx" and f.sheet == "Enheder"
               for f in roster.findings)
    twice = [f for f in roster.findings if f.code is Code.ROSTER_UNIT_TWICE]
    assert "række 2" in twice[0].message and "række 8" in twice[1].message


def test_a_missing_column_is_named(tmp_path):
    roster = read_roster([["Enhed", "Leder"], ["Nord", "Anne"]], file="liste.csv", sheet="liste")
    assert [(f.code, f.message) for f in roster.findings] == [
        (Code.ROSTER_COLUMN_MISSING, 'Listen mangler kolonnen "Teams" i overskriftsrækken.')]


def test_a_list_with_mistakes_writes_nothing(tmp_path):
    path = write_list(tmp_path / "liste.xlsx", [HEADERS, *GOOD, ["Socialpsykiatrien", "Værestedet Syd", "", "X", ""]])
    out = tmp_path / "runde"
    code, output = run("rollout", str(path), "--out", str(out))
    assert code == 1
    assert "Enheder!B7" in output and "række 5" in output and "roster.unit_twice" in output and "Intet er skrevet" in output
    assert not out.exists()


def test_rollout_makes_every_units_workbook_and_never_overwrites(tmp_path):
    path = write_list(tmp_path / "liste.xlsx", [HEADERS, *GOOD])
    out = tmp_path / "runde"
    code, output = run("rollout", str(path), "--out", str(out))
    assert code == 0, output
    made = sorted(p.name for p in out.iterdir())
    assert made == ["Bostøtten Nord.xlsx", "Botilbuddet Solhjem.xlsx", "Værestedet Syd.xlsx"]
    nord = read_checked(out / "Bostøtten Nord.xlsx", TODAY)
    assert nord.readable and nord.errors == 0
    cover = nord.unit.cover
    assert (cover.organisation, cover.unit, cover.leader, cover.period) == (
        "Socialpsykiatrien", "Bostøtten Nord", "Anne Holm", "2026")
    assert nord.unit.teams == ("Dagteam", "Aftenteam") and cover.team_sizes == {"Dagteam": 10, "Aftenteam": 8}
    assert read_checked(out / "Værestedet Syd.xlsx", TODAY).unit.cover.team_sizes == {"Hele huset": 12}

    # A leader has started; the list grows by one unit; the roll-out runs again.
    set_cells(out / "Bostøtten Nord.xlsx", {("Mål og kompetenceprofil", "A5"): "K1"})
    before = sha(out / "Bostøtten Nord.xlsx")
    write_list(path, [HEADERS, *GOOD, ["Socialpsykiatrien", "Nattevagten", "", "Nat (4)", "2026"]])
    code, output = run("rollout", str(path), "--out", str(out), "--format", "json")
    data = json.loads(output)
    assert code == 0 and [m["unit"] for m in data["made"]] == ["Nattevagten"]
    assert len(data["kept"]) == 3 and sha(out / "Bostøtten Nord.xlsx") == before


def test_a_csv_list_as_excel_saves_it_and_the_organisations_profiles(tmp_path):
    org = tmp_path / "org.xlsx"
    write_unit_workbook(org, examples.concept_example(), today=TODAY)
    csv_path = tmp_path / "liste.csv"
    # Danish Excel: semicolons, a cell with semicolons in quotes, Windows' own encoding.
    csv_path.write_bytes('Enhed;Teams;Leder\n"Bostøtten Nord";"Dagteam (10); Aftenteam (8)";Søren Ørsted\n'
                         .encode("cp1252"))
    code, output = run("rollout", str(csv_path), "--out", str(tmp_path / "ud"), "--org", str(org))
    assert code == 0, output
    unit = read_checked(tmp_path / "ud" / "Bostøtten Nord.xlsx", TODAY).unit
    assert unit.cover.leader == "Søren Ørsted" and [p.id for p in unit.profiles] == ["K1", "K2", "K3"]
    assert all(p.org == "Ja" for p in unit.profiles)
    # A semicolon without quotes splits the row: reported, not guessed.
    csv_path.write_text("Enhed;Teams;Leder\nNord;Dagteam (10); Aftenteam (8);Søren\n", encoding="utf-8")
    code, output = run("rollout", str(csv_path), "--out", str(tmp_path / "ud2"))
    assert code == 1 and "liste!D2" in output and "roster.extra_cells" in output


def test_a_list_that_cannot_be_read_stops_with_exit_code_2(tmp_path):
    bad = tmp_path / "liste.xlsx"
    bad.write_bytes(b"not a workbook")
    code, output = run("rollout", str(bad), "--out", str(tmp_path / "ud"))
    assert code == 2 and "roster.unreadable" in output


def test_rollout_with_lite_embeds_the_refresh(tmp_path):
    path = write_list(tmp_path / "liste.xlsx", [HEADERS, GOOD[0]])
    code, output = run("rollout", str(path), "--out", str(tmp_path / "ud"), "--lite")
    assert code == 0, output
    assert "xlwings Lite" in output


# -- status of the round ------------------------------------------------------------------------

@pytest.fixture
def round_folder(tmp_path) -> tuple[Path, Path]:
    """Three units on the list: one typed in its workbook, one left it as it was rolled out,
    one has no workbook; one unit not on the list delivered too; and the list itself lies in
    the folder."""
    folder = tmp_path / "runde"
    listing = write_list(folder.parent / "liste.xlsx", [HEADERS, *GOOD])
    run("rollout", str(listing), "--out", str(folder))
    (folder / "Botilbuddet Solhjem.xlsx").unlink()  # never delivered
    set_cells(folder / "Bostøtten Nord.xlsx", {
        ("Mål og kompetenceprofil", "A5"): "K1", ("Mål og kompetenceprofil", "B5"): "Recovery",
        ("Mål og kompetenceprofil", "C5"): "Bedre samtaler", ("Mål og kompetenceprofil", "D5"): "Vi skal kunne MI",
        ("Kompetencebehov", needs_ref("id", 8, TWO)): "K1", ("Kompetencebehov", needs_ref("desired@Dagteam", 8, TWO)): 4,
        ("Kompetencebehov", needs_ref("actual@Dagteam", 8, TWO)): 2,
        # One of the 18 employees has had her MUS this round.
        ("Individuelle læringsmål", "A5"): "Anne", ("Individuelle læringsmål", "B5"): "Dagteam",
        ("Individuelle læringsmål", "G5"): date(2026, 10, 1)})
    nord = folder / "Bostøtten Nord.xlsx"
    set_cells(nord, {("Forside", f"B{wheel_row(nord, 'Vurdering af kompetencer')}"): date(2026, 10, 1),
                     ("Forside", f"B{wheel_row(nord, 'MUS/PUS')}"): date(2027, 1, 15)})
    write_unit_workbook(folder / "andet.xlsx", examples.demo_units()[0][1], today=TODAY)
    inside = folder / "liste.xlsx"
    inside.write_bytes(listing.read_bytes())
    return folder, inside


def wheel_row(path: Path, event: str) -> int:
    """The Forside row of one of the year wheel's events."""
    ws = openpyxl.load_workbook(path)["Forside"]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == event)


def status_rows(path: Path) -> list[dict]:
    grid = loader.load(path).grids["Status for runden"]
    header = next(r for r in range(1, grid.height + 1) if grid.get(r, 1) == "Enhed")
    width = len(grid.rows[header - 1])
    names = [grid.get(header, c) for c in range(1, width + 1)]
    return [dict(zip(names, (grid.get(r, c) for c in range(1, width + 1))))
            for r in range(header + 1, grid.height + 1) if grid.get(r, 1)]


def test_merge_with_the_list_shows_who_delivered(round_folder, tmp_path):
    folder, listing = round_folder
    out = tmp_path / "organisation.xlsx"
    code, output = run("merge", str(folder), "-o", str(out), "--expected", str(listing))
    assert ("Runden: 1 af 3 har afleveret; 2 enheder mangler, heraf 1 med en projektmappe, der er uændret siden "
            "udsendelse." in output) and "mangler: Værestedet Syd, Botilbuddet Solhjem" in output
    rows = {r["Enhed"]: r for r in status_rows(out)}
    nord, syd, solhjem = rows["Bostøtten Nord"], rows["Værestedet Syd"], rows["Botilbuddet Solhjem"]
    assert (nord["Afleveret"], nord["På listen"], syd["Afleveret"], solhjem["Afleveret"]) == (
        "Ja", "Ja", "Nej – uændret siden udsendelse", "Nej")
    assert nord["Vurderet (andel)"] == pytest.approx(0.5)  # K1 for two teams, one assessed
    assert nord["MUS/PUS holdt (andel)"] == pytest.approx(1 / 18, abs=0.001)
    # The year wheel: the next date, and the assessment date that passed undone counts as overdue.
    assert (nord["Næste dato i årshjulet"], nord["Begivenhed"]) == (date(2027, 1, 15), "MUS/PUS")
    assert nord["Overskredne datoer"] == 1
    assert solhjem["Sidst ændret"] is None and solhjem["Fejl"] is None
    unexpected = rows[examples.demo_units()[0][1].cover.unit]
    assert (unexpected["På listen"], unexpected["Afleveret"]) == ("Nej", "Ja")
    assert not any("liste.xlsx" in str(r["Fil"]) for r in rows.values())  # the list is not a unit

    code, output = run("merge", str(folder), "-o", str(out), "--expected", str(listing), "--format", "json")
    data = json.loads(output)["round"]
    assert data["expected"] == 3 and data["delivered"] == 1
    assert data["missing"] == ["Værestedet Syd", "Botilbuddet Solhjem"] and data["unchanged"] == ["Værestedet Syd"]
    delivered = {u["unit"]: u["delivered"] for u in data["units"]}
    assert (delivered["Botilbuddet Solhjem"], delivered["Værestedet Syd"]) == ("no", "unchanged")


def test_a_list_with_mistakes_is_refused_by_merge(round_folder, tmp_path):
    folder, listing = round_folder
    write_list(listing, [HEADERS, GOOD[0], GOOD[0]])
    code, output = run("merge", str(folder), "-o", str(tmp_path / "org.xlsx"), "--expected", str(listing))
    assert code == 2 and "Enheder!B5" in output and not (tmp_path / "org.xlsx").exists()


def test_watch_keeps_the_status_current(round_folder, tmp_path):
    folder, listing = round_folder
    out = tmp_path / "organisation.xlsx"
    watcher = Watcher(folder, out, tmp_path / "h.sqlite", settle=0, today=lambda: TODAY, expected=listing)
    org = watcher.step(now=100.0)
    assert org is not None and [u.unit for u in org.round.missing] == ["Værestedet Syd", "Botilbuddet Solhjem"]
    # HR takes the unit off the list: the next look rebuilds the status without it.
    write_list(listing, [HEADERS, GOOD[0], GOOD[1]])
    org = watcher.step(now=200.0)
    assert org is not None and [u.unit for u in org.round.missing] == ["Værestedet Syd"]
    assert "Botilbuddet Solhjem" not in {r["Enhed"] for r in status_rows(out)}


# -- the next round ------------------------------------------------------------------------------

def test_the_period_moves_on_a_year():
    assert advance_period("2026") == "2027"
    assert advance_period("2026/27") == "2027/28"
    assert advance_period("1. januar 2026 - 31. december 2026") == "1. januar 2027 - 31. december 2027"
    assert advance_period("Forår") is None


def catalogue_cell(path: Path, header: str) -> str:
    """The first line's cell under ``header`` in the Kompetencekatalog."""
    ws = openpyxl.load_workbook(path)["Kompetencekatalog"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                return f"{cell.column_letter}{cell.row + 1}"
    raise KeyError(header)


def typed_cells(path: Path) -> dict[tuple[str, int, str], object]:
    """Every non-blank cell a person types in round N, by sheet, row and column header."""
    from xlkompetence.core.schema import ANCHORING, INDIVIDUAL, PLAN, PROFILES, layout, placed_columns

    wb = openpyxl.load_workbook(path)
    cells = {}
    unit = read_checked(path, TODAY).unit
    for sheet in (PROFILES, NEEDS, INDIVIDUAL, PLAN, ANCHORING):
        ws = wb[sheet.name]
        header = layout(sheet).header_row
        inputs = {p.header for p in placed_columns(sheet, unit.teams) if p.column.is_input}
        for col in range(1, ws.max_column + 1):
            name = ws.cell(header, col).value
            if name in inputs:
                for row in range(header + 1, ws.max_row + 1):
                    if ws.cell(row, col).value not in (None, ""):
                        cells[(sheet.name, row, name)] = ws.cell(row, col).value
    return cells


def test_a_unit_goes_into_the_next_round_with_every_value_accounted_for(tmp_path):
    source = tmp_path / "runde-2026" / "nord.xlsx"
    source.parent.mkdir()
    name, nord = examples.demo_units()[1]
    write_unit_workbook(source, nord, today=TODAY)
    # The round as a leader leaves it: the year wheel dated and partly done, the finished
    # activity in the competence catalogue with its resource person marked.
    set_cells(source, {("Forside", f"B{wheel_row(source, 'TUS')}"): date(2026, 3, 2),
                       ("Forside", f"C{wheel_row(source, 'TUS')}"): "Ja",
                       ("Forside", f"B{wheel_row(source, 'MUS/PUS')}"): date(2027, 2, 1)})
    refresh_file(source, TODAY)
    set_cells(source, {("Kompetencekatalog", catalogue_cell(source, "Kan oplære andre")): "Ja"})
    nord = read_checked(source, TODAY).unit
    before = sha(source)
    code, output = run("next-round", str(source.parent), "--out", str(tmp_path / "runde-2027"), "--format", "json")
    assert code == 0, output
    report = json.loads(output)["files"][0]
    assert sha(source) == before  # round N's file is only read

    # Every typed cell of round N has a fate, and the kept ones stand in the new workbook.
    from xlkompetence.core.schema import placed_columns

    headers = {p.key: p.header for s in (NEEDS,) for p in placed_columns(s, nord.teams)}
    fates = {(v["sheet"], v["row"], headers.get(v["key"], v["key"])) for v in report["values"] if v["row"]}
    fated_keys = {(s, r) for s, r, _ in fates}
    for (sheet, row, header) in typed_cells(source):
        assert (sheet, row) in fated_keys, (sheet, row, header)
    assert report["kept"] and report["carried"] and report["archived"]
    assert {v["fate"] for v in report["values"]} == {KEPT, CARRIED, ARCHIVED}

    new = read_checked(tmp_path / "runde-2027" / "nord.xlsx", TODAY).unit
    assert new.cover.period == advance_period(nord.cover.period) and new.cover.team_sizes == nord.cover.team_sizes
    assert [(p.id, p.text) for p in new.profiles] == [(p.id, p.text) for p in nord.profiles]
    old_levels = {(a.profile_id, a.team): a for a in nord.assessments}
    for a in new.assessments:
        old = old_levels[(a.profile_id, a.team)]
        assert (a.desired, a.actual, a.previous) == (old.desired, None, old.actual)
    unfinished = [r for r in nord.plan if r.status not in PLAN_STATUSES_CLOSED]
    assert [(r.activity, r.status) for r in new.plan] == [(r.activity, r.status) for r in unfinished]
    assert len(unfinished) < len(nord.plan)
    assert [(a.need, a.next_follow_up) for a in new.anchoring] == [(a.need, a.next_follow_up) for a in nord.anchoring]
    assert [g.text for g in new.team_goals] == [g.text for g in nord.team_goals]
    wheel = {e.event: (e.when, e.done) for e in new.cover.wheel}
    assert wheel["TUS"] == (date(2027, 3, 2), False) and wheel["MUS/PUS"] == (date(2028, 2, 1), False)
    # Finished activities go on in the competence catalogue, marked with their round, the
    # leader's Kan oplære andre with them; refresh keeps them though the plan no longer has them.
    finished = [r for r in nord.plan if r.status in PLAN_STATUSES_CLOSED]
    refresh_file(tmp_path / "runde-2027" / "nord.xlsx", TODAY)
    lines = read_checked(tmp_path / "runde-2027" / "nord.xlsx", TODAY).unit.catalogue
    assert [(e.activity, e.earlier) for e in lines] == [(r.activity, "Tidligere runde 2026") for r in finished]
    assert lines[0].can_teach == "Ja"
    assert any(v["sheet"] == "Kompetencekatalog" and v["fate"] == KEPT and v["key"] == "can_teach"
               for v in report["values"])
    # The account says where each value went, never what it was: no name, goal or logbook text.
    for g in nord.individual_goals:
        for text in (g.employee, g.personal_goal, g.logbook):
            assert not text or text not in output
    assert any(v["to"] == "Kompetencekatalog:activity" for v in report["values"])
    archived = {v["row"] for v in report["values"] if v["fate"] == ARCHIVED and v["sheet"] == "Plan for kompetenceudvikling"}
    finished_rows = {r.row for r in read_checked(source, TODAY).unit.plan if r.status in PLAN_STATUSES_CLOSED}
    assert archived == finished_rows

    # Run again: the new file is there, so nothing is written over it.
    after = sha(tmp_path / "runde-2027" / "nord.xlsx")
    code, output = run("next-round", str(source), "--out", str(tmp_path / "runde-2027"))
    assert code == 2 and "next.target_exists" in output
    assert sha(tmp_path / "runde-2027" / "nord.xlsx") == after


def test_a_value_typed_over_a_calculated_cell_is_archived_by_the_next_round(tmp_path):
    source = tmp_path / "runde-2026" / "nord.xlsx"
    source.parent.mkdir()
    write_unit_workbook(source, examples.demo_units()[1][1], today=TODAY)
    row = wheel_row(source, "TUS")
    set_cells(source, {("Forside", f"D{row}"): "Flyttet til marts"})  # over the wheel's status
    code, output = run("next-round", str(source), "--out", str(tmp_path / "runde-2027"), "--format", "json")
    assert code == 0, output
    values = json.loads(output)["files"][0]["values"]
    assert {"sheet": "Forside", "row": row, "key": f"D{row}", "fate": ARCHIVED, "to": None} in values


def test_last_rounds_levels_stand_beside_the_new_ones_and_a_first_round_hides_them(tmp_path, blank_path):
    path = tmp_path / "eksempel.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    run("next-round", str(path), "--out", str(tmp_path / "ny"))
    ws = openpyxl.load_workbook(tmp_path / "ny" / "eksempel.xlsx")["Kompetencebehov"]
    header = [c.value for c in ws[layout(NEEDS).header_row]]
    col = header.index("Team A: Reelt niveau (sidste runde)") + 1
    assert header[col - 2] == "Team A: Reelt niveau (1-5)"  # beside this round's
    letter = openpyxl.utils.get_column_letter(col)
    assert not ws.column_dimensions[letter].hidden
    first = openpyxl.load_workbook(blank_path)["Kompetencebehov"]
    letter = openpyxl.utils.get_column_letter(
        [c.value for c in first[layout(NEEDS).header_row]].index("Team A: Reelt niveau (sidste runde)") + 1)
    assert first.column_dimensions[letter].hidden
    assert SCHEMA_VERSION == "5"


def test_a_list_without_units_and_the_missing_units_as_findings(round_folder, tmp_path):
    empty = read_roster([["Enhed", "Teams"], [None, None]], file="liste.xlsx", sheet="Ark1")
    assert [(f.code, f.cell) for f in empty.findings] == [(Code.ROSTER_EMPTY, "A1")]
    folder, listing = round_folder
    code, output = run("merge", str(folder), "-o", str(tmp_path / "org.xlsx"), "--expected", str(listing),
                       "--format", "json")
    found = {(f["code"], f["severity"]) for f in json.loads(output)["findings"]}
    assert ("round.not_delivered", "warning") in found and ("round.unexpected", "info") in found


def test_teams_one_per_column_and_the_list_on_a_later_sheet(tmp_path):
    roster = read_roster([["Enhed", "Team 1", "Team 2", "Team 3"], ["Nord", "Dagteam (10)", "Aftenteam (8)", None]])
    assert [(e.unit, e.teams, e.team_sizes) for e in roster.entries] == [
        ("Nord", ("Dagteam", "Aftenteam"), {"Dagteam": 10, "Aftenteam": 8})]
    wb = openpyxl.Workbook()
    wb.active.title = "Noter"
    wb.active.append(["Listen står på næste ark."])
    ws = wb.create_sheet("Enheder")
    ws.append(HEADERS)
    ws.append(GOOD[0])
    wb.save(tmp_path / "liste.xlsx")
    code, output = run("rollout", str(tmp_path / "liste.xlsx"), "--out", str(tmp_path / "ud"))
    assert code == 0, output
    assert (tmp_path / "ud" / "Bostøtten Nord.xlsx").exists()


def test_the_next_round_of_a_folder_keeps_its_sub_folders_and_skips_what_is_no_unit(tmp_path):
    folder = tmp_path / "runde-2026"
    for sub in ("nord", "syd"):
        (folder / sub).mkdir(parents=True)
        write_unit_workbook(folder / sub / "plan.xlsx", examples.demo_units()[1][1], today=TODAY)
    listing = write_list(folder / "enheder.xlsx", [HEADERS, GOOD[0]])  # HR's list among them
    code, output = run("next-round", str(folder), "--out", str(tmp_path / "runde-2027"), "--format", "json")
    data = json.loads(output)
    written = sorted(Path(f["target"]).relative_to(tmp_path / "runde-2027").as_posix()
                     for f in data["files"] if f["written"])
    assert written == ["nord/plan.xlsx", "syd/plan.xlsx"]
    refused = next(f for f in data["files"] if f["file"] == str(listing))
    assert not refused["written"] and refused["passed_over"]
    assert {x["code"] for x in refused["findings"]} == {"file.not_unit"}
    # The list in the round's folder is passed over, not a failure of the run.
    assert code == 0 and not (tmp_path / "runde-2027" / "enheder.xlsx").exists()
    code, output = run("next-round", str(listing), "--out", str(tmp_path / "runde-2027"))
    assert code == 2 and "ikke en enheds projektmappe" in output
