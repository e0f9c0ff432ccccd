"""MUS/PUS and MED/SU through every path: the template's new bilag C columns typed and read,
the employee's own sheet written and never replaced, what was agreed brought back into bilag C
(never over a typed cell, never the logbook), Overblik's shares, the MED-SU sheet (refresh, the
add-in, older workbooks) and the organisation's MED-SU sheet — with no names in either."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.findings import Code
from xlkompetence.core.models import IndividualGoal
from xlkompetence.core.mus import Agreement, match_agreement, mus_round, team_mus
from xlkompetence.org.merge import merge_files
from xlkompetence.org.keyfile import default_key_file, read_or_make_key
from xlkompetence.unit.conversation import fetch_agreements, write_conversations
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader

import ooxml_rules
from conftest import TODAY, set_cells

C = "Individuelle læringsmål"
F = "Forside"


def org_key() -> bytes:
    """The key the CLI signs and checks MUS/PUS sheets with (the session's own config folder)."""
    return read_or_make_key(default_key_file())


def cli_run(*args: str):
    return CliRunner().invoke(cli, [*args, "--today", TODAY.isoformat()])


def field_rows(path: Path) -> dict[str, int]:
    ws = openpyxl.load_workbook(path)["MUS-PUS"]
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def fill_sheet(path: Path, **values: object) -> None:
    """Type into an employee's sheet as the leader and employee would during the talk."""
    rows = field_rows(path)
    labels = {"goal": "Personlige læringsmål", "activities": "Aftalte læringsaktiviteter",
              "held": "Aftalt ved MUS/PUS (dato)", "next": "Næste opfølgning", "logbook": "Løbende refleksioner/logbog"}
    set_cells(path, {("MUS-PUS", f"B{rows[labels[k]]}"): v for k, v in values.items()})


def bilag_c(path: Path) -> list[IndividualGoal]:
    return list(read_checked(path, TODAY).result.unit.individual_goals)


@pytest.fixture
def unit_2026(tmp_path: Path) -> Path:
    """The concept's example in this year's round, with Team B's size on the Forside."""
    unit = examples.concept_example()
    unit = unit.model_copy(update={"cover": unit.cover.model_copy(update={"period": "2026", "team_sizes": {"Team B": 4}})})
    path = tmp_path / "botilbud.xlsx"
    write_unit_workbook(path, unit, today=TODAY)
    return path


# -- the pure parts ------------------------------------------------------------------------

def test_this_round_is_the_forside_period_or_the_last_twelve_months():
    assert (mus_round("2026", TODAY).start, mus_round("2026", TODAY).end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert mus_round("april 2026 – marts 2027", TODAY).end == date(2027, 3, 31)
    assert mus_round("Runde 2026", TODAY).start == date(2026, 1, 1)
    last = mus_round("", TODAY)
    assert last.end == TODAY and last.start == date(2025, 11, 25)


def test_an_agreement_fills_blanks_adds_a_row_or_reports_a_conflict_never_overwrites():
    row = IndividualGoal(row=5, employee="Åse", team="Team C", personal_goal="Lære MI")
    held = date(2026, 3, 1)
    same = Agreement("a.xlsx", "U", "åse", team="team c", personal_goal="Lære  MI", mus_date=held)
    assert match_agreement([row], same).kind == "filled"
    assert match_agreement([row], same).fields == {"mus_date": held}
    done = row.model_copy(update={"mus_date": held})
    assert match_agreement([done], same).kind == "same"
    other = Agreement("a.xlsx", "U", "Åse", team="Team C", personal_goal="Lære Åben Dialog", mus_date=held)
    conflict = match_agreement([done], other)
    assert conflict.kind == "conflict" and conflict.conflicts == (("personal_goal", "Lære MI", "Lære Åben Dialog"),)
    # A namesake in another team is another person: her agreement is a row of her own.
    namesake = Agreement("a.xlsx", "U", "Åse", team="Team A", personal_goal="Lære Åben Dialog", mus_date=held)
    assert match_agreement([done], namesake).kind == "added"
    next_year = Agreement("a.xlsx", "U", "Åse", team="Team C", personal_goal="Lære Åben Dialog", mus_date=date(2027, 3, 1))
    added = match_agreement([done], next_year)
    assert added.kind == "added" and added.fields["employee"] == "Åse" and added.fields["team"] == "Team C"
    assert match_agreement([done], Agreement("a.xlsx", "U", "Åse")).kind == "empty"


def test_shares_count_the_forside_size_and_keep_personal_and_group_goals_apart():
    unit = examples.concept_example()
    unit = unit.model_copy(update={"cover": unit.cover.model_copy(update={"team_sizes": {"Team B": 4}}),
                                   "individual_goals": (IndividualGoal(employee="Åse", team="Team C", personal_goal="MI",
                                                                       mus_date=date(2026, 2, 1)),)})
    by_team = {x.team: x for x in team_mus(unit, mus_round("2026", TODAY))}
    # Team B has a learning goal but nobody has had a conversation: no one is covered by it yet.
    b = by_team["Team B"]
    assert (b.employees, b.held, b.personal_goals, b.group_goals, b.group_share) == (4, 0, 0, 0, 0.0)
    # Team C has no learning goal: only Åse's own goal counts; Benny (named in the plan) has none.
    c = by_team["Team C"]
    assert (c.employees, c.held, c.personal_goals, c.group_goals) == (2, 1, 1, 0)
    assert c.held_share == 0.5 and c.personal_share == 0.5


# -- template → typed → read -----------------------------------------------------------------

def test_bilag_c_dates_are_typed_validated_and_read(example_path):
    ws = openpyxl.load_workbook(example_path)[C]
    headers = [c.value for c in ws[4]]
    assert headers[-3:-1] == ["Aftalt ved MUS/PUS (dato)", "Næste opfølgning"]
    set_cells(example_path, {(C, "G5"): date(2026, 3, 2), (C, "H5"): "1/9-2026", (C, "G6"): "i morgen"})
    report = read_checked(example_path, TODAY)
    goals = report.result.unit.individual_goals
    assert (goals[0].mus_date, goals[0].next_follow_up) == (date(2026, 3, 2), date(2026, 9, 1))
    assert [(f.code, f.cell) for f in report.findings if f.sheet == C and f.code == Code.DATE_INVALID] == [
        (Code.DATE_INVALID, "G6")]


def test_a_workbook_without_the_new_columns_reads_as_an_older_template(example_path):
    set_cells(example_path, {(C, "G4"): "Noget andet", (C, "H4"): "Noget tredje", (F, "B9"): "2"})
    report = read_checked(example_path, TODAY)
    older = [f for f in report.findings if f.code == Code.TEMPLATE_OLDER]
    assert len(older) == 1 and "Aftalt ved MUS/PUS (dato)" in older[0].message
    assert report.errors == 0
    assert refresh_file(example_path, TODAY).written


# -- the employee's sheet ----------------------------------------------------------------------

def test_mus_writes_one_prefilled_sheet_per_employee_and_never_replaces_one(unit_2026, tmp_path):
    out = tmp_path / "mus"
    result = cli_run("mus", "skriv", str(unit_2026), "-o", str(out), "--medarbejder", "Ny Kollega (Team D)")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["MUS-PUS Benny.xlsx", "MUS-PUS Karl.xlsx", "MUS-PUS Medarbejder i Team B.xlsx",
                     "MUS-PUS Ny Kollega.xlsx", "MUS-PUS Åse.xlsx"]
    ws = openpyxl.load_workbook(out / "MUS-PUS Karl.xlsx")["MUS-PUS"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    given = {row[0]: row[1] for row in values if row[0]}
    assert given["Team"] == "Team A" and given["Enhed"] == "Botilbuddet (konceptets eksempel)"
    assert given["Teamets læringsmål"].startswith("Team A har i særlig grad behov")
    # Team A's one gap of 1 or more: K2, desired 4, actual 2.
    assert ["K2", 4, 2, 2] == [v for v in next(r for r in values if r[0] == "K2") if v is not None][:1] + [
        v for v in next(r for r in values if r[0] == "K2")[3:6]]
    assert ws.protection.sheet and ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9
    before = (out / "MUS-PUS Karl.xlsx").read_bytes()
    again = cli_run("mus", "skriv", str(unit_2026), "-o", str(out), "--format", "json")
    assert again.exit_code == 1
    data = json.loads(again.output)
    assert data["written"] == [] and len(data["skipped"]) == 4
    assert (out / "MUS-PUS Karl.xlsx").read_bytes() == before
    assert ooxml_rules.check(out / "MUS-PUS Karl.xlsx") == []


def test_an_unreadable_unit_workbook_gives_exit_code_2(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    assert cli_run("mus", "skriv", str(bad), "-o", str(tmp_path / "out")).exit_code == 2


# -- what was agreed, back into bilag C --------------------------------------------------------

def test_fetch_fills_bilag_c_never_the_logbook_never_changes_the_sheets(unit_2026, tmp_path):
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    karl, team_b = out / "MUS-PUS Karl.xlsx", out / "MUS-PUS Medarbejder i Team B.xlsx"
    fill_sheet(karl, goal="Bruge MI i samtaler", activities="Kursus i MI", held=date(2026, 3, 2),
               next=date(2026, 9, 1), logbook="Privat: jeg er usikker")
    fill_sheet(team_b, held=date(2026, 2, 20))
    notes = openpyxl.Workbook()
    notes.active["A1"] = "Mine noter"
    notes.save(out / "noter.xlsx")
    sheets = {p: p.read_bytes() for p in out.iterdir()}
    result = cli_run("mus", "hent", str(unit_2026), str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    outcomes = {f["file"]: f["outcome"] for f in data["files"]}
    assert outcomes["MUS-PUS Karl.xlsx"] == "added" and outcomes["MUS-PUS Medarbejder i Team B.xlsx"] == "filled"
    assert outcomes["MUS-PUS Åse.xlsx"] == "empty"
    assert [f["code"] for f in data["findings"] if f["code"].startswith("mus.")] == ["mus.not_a_sheet"]
    goals = bilag_c(unit_2026)
    karl_row = next(g for g in goals if g.employee == "Karl")
    assert (karl_row.team, karl_row.personal_goal, karl_row.activities) == ("Team A", "Bruge MI i samtaler", "Kursus i MI")
    assert (karl_row.mus_date, karl_row.next_follow_up, karl_row.logbook) == (date(2026, 3, 2), date(2026, 9, 1), "")
    assert karl_row.team_goal.startswith("Team A har")
    first_b = next(g for g in goals if g.employee == "Medarbejder i Team B")
    assert first_b.mus_date == date(2026, 2, 20) and first_b.personal_goal.startswith("Planlægge")
    assert {p: p.read_bytes() for p in out.iterdir()} == sheets
    with zipfile.ZipFile(unit_2026) as zf:
        assert not any(b"Privat: jeg er usikker" in zf.read(n) for n in zf.namelist())
    # Overblik after the refresh: Team A 1 of 1 held, Team B 1 of 4.
    ov = loader.load(unit_2026).grids["Overblik"]
    rows = {ov.get(r, 1): [ov.get(r, c) for c in range(2, 7)] for r in range(1, ov.height + 1)}
    title = next(v for v in rows if isinstance(v, str) and v.startswith("MUS/PUS og udviklingsmål"))
    assert "01-01-2026 – 31-12-2026" in title
    start = next(r for r in range(1, ov.height + 1) if ov.get(r, 1) == title)
    b_row = next(r for r in range(start, ov.height + 1) if ov.get(r, 1) == "Team B")
    b = [ov.get(b_row, c) for c in range(2, 9)]
    # One personal goal agreed; the team's learning goal covers only the one it was taken up with
    # (it never made all four "have development goals"); the two figures stand apart.
    assert b == [4, 1, 0.25, 1, 0.25, 1, 0.25]
    # Again: nothing new, nothing changed.
    stamp = unit_2026.read_bytes()
    again = json.loads(cli_run("mus", "hent", str(unit_2026), str(out), "--format", "json").output)
    assert {f["outcome"] for f in again["files"]} <= {"same", "empty"} and not again["written"]
    assert unit_2026.read_bytes() == stamp
    assert ooxml_rules.check(unit_2026) == []


def test_fetch_reports_a_conflict_and_keeps_the_typed_cell(unit_2026, tmp_path):
    set_cells(unit_2026, {(C, "A7"): "Karl", (C, "B7"): "Team A", (C, "D7"): "Lære MI",
                          (C, "G7"): date(2026, 3, 2)})
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    fill_sheet(out / "MUS-PUS Karl.xlsx", goal="Lære Åben Dialog", held=date(2026, 3, 2))
    report = fetch_agreements(unit_2026, out, TODAY, key=org_key())
    conflicts = [f for f in report.findings if f.code == Code.MUS_CONFLICT]
    assert [(f.sheet, f.cell, f.value) for f in conflicts] == [(C, "D7", "Lære Åben Dialog")]
    assert "Lære MI" in conflicts[0].message and not report.written
    assert next(g for g in bilag_c(unit_2026) if g.employee == "Karl").personal_goal == "Lære MI"


# -- whose sheet it is: (name, team), signed ---------------------------------------------------

def grey(path: Path, label: str) -> str:
    return f"B{field_rows(path)[label]}"


def namesakes_unit(tmp_path: Path) -> Path:
    """Two employees called Anne Hansen, one in each team, each with a goal of her own."""
    unit = examples.concept_example()
    goals = (IndividualGoal(employee="Anne Hansen", team="Team A", personal_goal="Lære netværksmøder",
                            mus_date=date(2025, 3, 1)),
             IndividualGoal(employee="anne  hansen", team="Team B", personal_goal="Mindre sygefravær i teamet",
                            mus_date=date(2025, 4, 1)))
    unit = unit.model_copy(update={"individual_goals": goals, "plan": (),
                                   "cover": unit.cover.model_copy(update={"period": "2026"})})
    path = tmp_path / "navnefaeller.xlsx"
    write_unit_workbook(path, unit, today=TODAY)
    return path


def test_two_namesakes_get_two_sheets_each_with_her_own_goals_and_her_own_row(tmp_path):
    unit, out = namesakes_unit(tmp_path), tmp_path / "mus"
    report = write_conversations(unit, out, TODAY, key=org_key())
    a, b = out / "MUS-PUS Anne Hansen (Team A).xlsx", out / "MUS-PUS anne hansen (Team B).xlsx"
    assert sorted(report.written) == sorted([a, b])
    text_a, text_b = (" ".join(str(v) for row in loader.load(p).grids["MUS-PUS"].rows for v in row if v) for p in (a, b))
    assert "Lære netværksmøder" in text_a and "sygefravær" not in text_a
    assert "sygefravær" in text_b and "netværksmøder" not in text_b
    fill_sheet(a, activities="Kursus A", held=date(2026, 3, 2))
    fill_sheet(b, activities="Kursus B", held=date(2026, 3, 3))
    assert fetch_agreements(unit, out, TODAY, key=org_key()).written
    rows = [g for g in bilag_c(unit) if g.employee.casefold().split() == ["anne", "hansen"]]
    # This year's conversations are rows of their own, each under its own person.
    assert [(g.team, g.activities, g.personal_goal) for g in rows] == [
        ("Team A", "", "Lære netværksmøder"), ("Team B", "", "Mindre sygefravær i teamet"),
        ("Team A", "Kursus A", ""), ("Team B", "Kursus B", "")]


@pytest.mark.parametrize("edit", ["employee", "team", "unit", "period"])
def test_a_sheet_whose_grey_cells_were_edited_is_refused_and_nothing_is_written(unit_2026, tmp_path, edit):
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    sheet = out / "MUS-PUS Karl.xlsx"
    fill_sheet(sheet, goal="Skrive i en kollegas række", held=date(2026, 3, 2))
    label, value = {"employee": ("Medarbejder", "Åse"), "team": ("Team", "Team C"), "unit": ("Enhed", "Andet sted"),
                    "period": ("Periode/runde", "2027")}[edit]
    set_cells(sheet, {("MUS-PUS", grey(sheet, label)): value})
    before = unit_2026.read_bytes()
    report = fetch_agreements(unit_2026, out, TODAY, key=org_key())
    assert [(f.code, f.file) for f in report.findings if f.code.value.startswith("mus.")] == [
        (Code.MUS_EDITED, "MUS-PUS Karl.xlsx")]
    assert not report.written and unit_2026.read_bytes() == before
    assert "Karl" in next(f for f in report.findings if f.code == Code.MUS_EDITED).message


def test_a_copied_sheet_is_refused_the_original_is_taken(unit_2026, tmp_path):
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    fill_sheet(out / "MUS-PUS Karl.xlsx", goal="Bruge MI", held=date(2026, 3, 2))
    shutil.copy(out / "MUS-PUS Karl.xlsx", out / "MUS-PUS Karl kopi.xlsx")
    report = fetch_agreements(unit_2026, out, TODAY, key=org_key())
    assert [(f.code, f.file) for f in report.findings if f.code.value.startswith("mus.")] == [
        (Code.MUS_COPIED, "MUS-PUS Karl kopi.xlsx")]
    assert [g.personal_goal for g in bilag_c(unit_2026) if g.employee == "Karl"] == ["Bruge MI"]


def test_a_sheet_copied_into_another_workbook_or_signed_with_another_key_is_refused(unit_2026, tmp_path):
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    fill_sheet(out / "MUS-PUS Karl.xlsx", goal="Bruge MI", held=date(2026, 3, 2))
    # The sheet's cells copied into a workbook of one's own: the identity stays behind.
    copy = openpyxl.Workbook()
    ws = copy.active
    ws.title = "MUS-PUS"
    for row in openpyxl.load_workbook(out / "MUS-PUS Karl.xlsx")["MUS-PUS"].iter_rows():
        for c in row:
            ws.cell(c.row, c.column, c.value)
    copy.save(out / "MUS-PUS Åse.xlsx")
    before = unit_2026.read_bytes()
    other_key = fetch_agreements(unit_2026, out, TODAY, key=b"o" * 32)
    assert {(f.code, f.file) for f in other_key.findings if f.code.value.startswith("mus.")} == {
        (Code.MUS_UNSIGNED, p.name) for p in out.glob("*.xlsx")}
    assert not other_key.written and unit_2026.read_bytes() == before
    report = fetch_agreements(unit_2026, out, TODAY, key=org_key())
    assert [(f.code, f.file) for f in report.findings if f.code.value.startswith("mus.")] == [
        (Code.MUS_UNSIGNED, "MUS-PUS Åse.xlsx")]


def test_another_units_sheet_is_refused(unit_2026, tmp_path):
    other = tmp_path / "andet.xlsx"
    unit = examples.concept_example()
    write_unit_workbook(other, unit.model_copy(update={"cover": unit.cover.model_copy(
        update={"unit": "Andet sted", "period": "2026"})}), today=TODAY)
    out = tmp_path / "mus"
    write_conversations(other, out, TODAY, key=org_key())
    fill_sheet(out / "MUS-PUS Karl.xlsx", goal="X", held=date(2026, 3, 2))
    before = unit_2026.read_bytes()
    report = fetch_agreements(unit_2026, out, TODAY, key=org_key())
    assert {f.code for f in report.findings if f.code.value.startswith("mus.")} == {Code.MUS_OTHER_UNIT}
    assert unit_2026.read_bytes() == before


def test_a_sheet_from_another_round_is_refused(unit_2026, tmp_path):
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    fill_sheet(out / "MUS-PUS Karl.xlsx", goal="X", held=date(2026, 3, 2))
    unit = read_checked(unit_2026, TODAY).unit
    next_year = tmp_path / "botilbud-2027.xlsx"
    write_unit_workbook(next_year, unit.model_copy(update={"cover": unit.cover.model_copy(update={"period": "2027"})}),
                        today=TODAY)
    report = fetch_agreements(next_year, out, TODAY, key=org_key())
    assert {f.code for f in report.findings if f.code.value.startswith("mus.")} == {Code.MUS_OTHER_ROUND}
    assert not report.written


@pytest.mark.libreoffice
def test_a_sheet_saved_by_libreoffice_keeps_its_identity(unit_2026, tmp_path, libreoffice):
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    sheet = out / "MUS-PUS Karl.xlsx"
    libreoffice.edit(sheet, {"MUS-PUS": {grey(sheet, "Personlige læringsmål"): "Bruge MI"}})
    report = fetch_agreements(unit_2026, out, TODAY, key=org_key())
    assert not [f for f in report.findings if f.code.value.startswith("mus.") and f.code != Code.MUS_CONFLICT]
    assert [g.personal_goal for g in bilag_c(unit_2026) if g.employee == "Karl"] == ["Bruge MI"]


# -- MED-SU -----------------------------------------------------------------------------------

def medsu_text(path: Path) -> str:
    grid = loader.load(path).grids["MED-SU"]
    return "\n".join(str(v) for row in grid.rows for v in row if v not in ("", None))


def test_refresh_writes_med_su_without_names_or_personal_goals(unit_2026):
    set_cells(unit_2026, {(C, "G5"): date(2026, 3, 2)})
    refresh_file(unit_2026, TODAY)
    text = medsu_text(unit_2026)
    unit = read_checked(unit_2026, TODAY).result.unit
    assert "Mål og kompetencebehov" in text and "Aktiviteter og ressourcer" in text and "MUS/PUS holdt" in text
    for g in unit.individual_goals:
        assert g.employee not in text
        for words in (g.personal_goal, g.activities, g.logbook):
            assert not words or words not in text
    for name in ("Åse", "Benny", "Karl", "Sarah", "Forstander"):
        assert name not in text
    ws = openpyxl.load_workbook(unit_2026)["MED-SU"]
    # A4 across at a scale that keeps the text at 8 pt or more (no fit-to-page shrinking).
    setup = ws.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9 and int(setup.scale) >= 73
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)


def test_an_older_workbook_without_med_su_gets_the_sheet_at_refresh(example_path, tmp_path):
    older = tmp_path / "aeldre.xlsx"
    wb = openpyxl.load_workbook(example_path)
    del wb["MED-SU"]
    wb.save(older)
    assert refresh_file(older, TODAY).written
    names = openpyxl.load_workbook(older).sheetnames
    assert "MED-SU" in names and openpyxl.load_workbook(older)["MED-SU"].sheet_state == "visible"
    assert "Gab pr. team" in medsu_text(older)
    assert ooxml_rules.check(older) == []


def test_the_organisation_plan_has_med_su_per_unit_and_in_total_without_names(unit_2026, tmp_path):
    set_cells(unit_2026, {(C, "G5"): date(2026, 3, 2)})
    out = tmp_path / "organisation.xlsx"
    merge_files([unit_2026], out, TODAY)
    ws = openpyxl.load_workbook(out)["MED-SU"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert rows[0][0] == "Enhed" and rows[0][9:12] == ["Andel med MUS/PUS holdt", "Andel med personligt mål",
                                                      "Andel dækket af gruppemål"]
    # Then the unit's MED record (none typed here).
    assert rows[0][12:] == ["Drøftet i MED/SU", "MED/SU's konklusioner"] and rows[1][12:] == [None, None]
    unit_row, total = rows[1], rows[2]
    assert unit_row[0] == "Botilbuddet (konceptets eksempel)" and total[0] == "I alt"
    # Team B: 4 on the Forside; Team A: Karl; Team C: Åse and Benny (the plan) → 7, one held.
    assert unit_row[8] == 7 and unit_row[9] == pytest.approx(1 / 7)
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    for name in ("Åse", "Benny", "Karl", "Medarbejder i Team B", "Planlægge"):
        assert name not in text


def test_the_addin_writes_med_su_in_the_open_workbook(example_path):
    import xlwings as xw

    from conftest import xlwings_payload
    from xlkompetence.excel import addin

    book = xw.Book(json=xlwings_payload(example_path))
    addin.refresh_book(book, TODAY)
    names = [s.name for s in book.sheets]
    position = names.index("MED-SU")
    written = [a for a in book.json()["actions"] if a["func"] == "setValues" and a["sheet_position"] == position]
    values = [v for a in written for row in a["values"] for v in row]
    assert "Mål og kompetencebehov" in values and "MUS/PUS holdt" in values


def test_med_su_shows_the_learning_forms_in_use(tmp_path):
    # The committee reads how the unit learns: per room and per form, activities, hours, kroner.
    path = tmp_path / "nord.xlsx"
    write_unit_workbook(path, examples.demo_units()[1][1], today=TODAY)
    refresh_file(path, TODAY)
    text = medsu_text(path)
    unit = read_checked(path, TODAY).unit
    used = {r.learning_form for r in unit.plan if r.learning_form}
    assert used and "Læringsformer" in text
    assert all(form in text for form in used)


def test_mus_hent_reports_every_value_it_cannot_use(unit_2026, tmp_path):
    """A MUS date nobody can read ("efter nytår"), an Excel error in a field: each is a finding
    naming the file, sheet, cell and value; the rest of the sheet is fetched, the sheet is not
    changed, and once the date is put right the next hent brings it into the same row."""
    out = tmp_path / "mus"
    write_conversations(unit_2026, out, TODAY, key=org_key())
    karl, team_b = out / "MUS-PUS Karl.xlsx", out / "MUS-PUS Medarbejder i Team B.xlsx"
    fill_sheet(karl, goal="Bruge MI i samtaler", held="efter nytår", next="#REF!")
    fill_sheet(team_b, held=date(2026, 2, 20), next="til foråret")
    sheets = {p: p.read_bytes() for p in out.iterdir()}
    result = cli_run("mus", "hent", str(unit_2026), str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    unusable = {(f["file"], f["sheet"], f["cell"], f["value"]) for f in json.loads(result.output)["findings"]
                if f["code"] == "mus.value_unusable"}
    karl_rows, b_rows = field_rows(karl), field_rows(team_b)
    assert unusable == {("MUS-PUS Karl.xlsx", "MUS-PUS", f"B{karl_rows['Aftalt ved MUS/PUS (dato)']}", "efter nytår"),
                        ("MUS-PUS Karl.xlsx", "MUS-PUS", f"B{karl_rows['Næste opfølgning']}", "#REF!"),
                        ("MUS-PUS Medarbejder i Team B.xlsx", "MUS-PUS", f"B{b_rows['Næste opfølgning']}", "til foråret")}
    message = next(f["message"] for f in json.loads(result.output)["findings"] if f["value"] == "efter nytår")
    assert message.startswith("Karl: Aftalt ved MUS/PUS (dato) i MUS-PUS Karl.xlsx siger \"efter nytår\"")
    assert {p: p.read_bytes() for p in out.iterdir()} == sheets
    karl_row = next(g for g in bilag_c(unit_2026) if g.employee == "Karl")
    assert (karl_row.personal_goal, karl_row.mus_date, karl_row.next_follow_up) == ("Bruge MI i samtaler", None, None)
    first_b = next(g for g in bilag_c(unit_2026) if g.employee == "Medarbejder i Team B")
    assert first_b.mus_date == date(2026, 2, 20) and first_b.next_follow_up is None
    # Put right in the sheet: the next hent fills Karl's row, no second row.
    fill_sheet(karl, held=date(2027, 1, 6), next=date(2027, 6, 1))
    again = json.loads(cli_run("mus", "hent", str(unit_2026), str(out), "--format", "json").output)
    assert "MUS-PUS Karl.xlsx" not in {f["file"] for f in again["findings"] if f["code"] == "mus.value_unusable"}
    karls = [g for g in bilag_c(unit_2026) if g.employee == "Karl"]
    assert [(g.mus_date, g.next_follow_up) for g in karls] == [(date(2027, 1, 6), date(2027, 6, 1))]
