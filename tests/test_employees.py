"""The employee list: HR's payroll export read with findings at its cells, put on each unit's
sheet Medarbejdere by rollout, kept by the leader through refresh; names resolved against it;
MUS figures per person and the two kinds of development goal apart; TUS as a team's form."""

from __future__ import annotations

import json
from datetime import date
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.core.addresses import read_employee_list
from xlkompetence.core.findings import Code
from xlkompetence.core.labels import t
from xlkompetence.core.models import Employee, IndividualGoal, TeamGoal
from xlkompetence.core.mus import conversations, mus_round, team_mus
from xlkompetence.core.schema import SCHEMA_VERSION
from xlkompetence.org.rollout import read_employee_file
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked

from conftest import TODAY
from test_round_holds import ok, write_list

E = "Medarbejdere"
C = "Individuelle læringsmål"


def rows_of(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def table(path: Path, sheet: str, first: str) -> list[dict]:
    rows = rows_of(path, sheet)
    at = next(i for i, r in enumerate(rows) if r and r[0] == first)
    return [dict(zip(rows[at], r)) for r in rows[at + 1:] if r and r[0] not in ("", None)]


def codes(findings) -> dict[str, list[str | None]]:
    found: dict[str, list[str | None]] = {}
    for f in findings:
        found.setdefault(str(f.code), []).append(f.cell)
    return found


# -- the list ---------------------------------------------------------------------------------

def test_a_payroll_export_is_read_by_its_headers_with_each_mistake_at_its_cell():
    rows = [["Udtræk fra lønsystemet 01-11-2026"], [],
            ["Fornavn", "Efternavn", "Arbejdssted", "Team", "Ansættelsesdato", "Arbejdsmail", "Fratrædelsesdato"],
            ["Pernille", "Skov", "Bostøtten", "Dagteam", "01-03-2019", "pernille@kommune.dk", None],
            ["", "", "", "", "", "", ""],
            ["", "", "Bostøtten", "Dagteam", "", "", ""],
            ["Bo", "Dahl", "", "Dagteam", "", "", ""],
            ["Kim", "Lund", "Bostøtten", "", "2019-13-45", "kim(at)kommune.dk", date(2026, 6, 30)],
            ["Pernille", "Skov", "Bostøtten", "Dagteam", "", "", ""]]
    listed = read_employee_list(rows, file="l.xlsx", sheet="Ark1")
    assert [(e.name, e.team, e.start, e.email, e.ended) for e in listed.entries] == [
        ("Pernille Skov", "Dagteam", date(2019, 3, 1), "pernille@kommune.dk", False),
        ("Kim Lund", "", None, "", True)]
    assert codes(listed.findings) == {
        "employees.name_missing": ["A6"], "employees.unit_missing": ["C7"], "employees.team_missing": ["D8"],
        "employees.date_invalid": ["E8"], "employees.email_invalid": ["F8"], "employees.twice": ["A9"]}
    assert all(f.sheet == "Ark1" and f.file == "l.xlsx" for f in listed.findings)


def test_a_list_without_the_columns_that_place_people_is_an_error():
    none = read_employee_list([["Navn", "Telefon"], ["Pia", "1234"]], file="l.csv")
    assert [f.code for f in none.findings] == [Code.EMPLOYEES_NO_HEADER] and not none.entries
    no_team = read_employee_list([["Navn", "Enhed"], ["Pia Holm", "Natcaféen"]])
    assert [f.code for f in no_team.findings] == [Code.EMPLOYEES_COLUMN_MISSING]
    assert [(e.name, e.team) for e in no_team.entries] == [("Pia Holm", "")]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_the_list_as_csv_in_the_encodings_payroll_systems_write(tmp_path, encoding):
    path = tmp_path / "medarbejdere.csv"
    text = "Navn;Enhed;Team;Ansat fra;E-mail\r\nÅse Ørsted;Bostøtten Nord;Dagteam;01-08-2020;aase@kommune.dk\r\n"
    path.write_bytes(text.encode(encoding))
    listed = read_employee_file(path)
    assert not listed.findings
    assert [(e.name, e.unit, e.start) for e in listed.entries] == [("Åse Ørsted", "Bostøtten Nord", date(2020, 8, 1))]
    bad = tmp_path / "billede.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert [f.code for f in read_employee_file(bad).findings] == [Code.EMPLOYEES_UNREADABLE]


# -- rollout -----------------------------------------------------------------------------------

def write_people(path: Path, rows: list[list]) -> Path:
    return write_list(path, rows, headers=["Navn", "Enhed", "Team", "Ansat fra", "E-mail"])


def test_rollout_puts_each_units_people_on_its_sheet_and_in_bilag_c(tmp_path):
    units = write_list(tmp_path / "enheder.xlsx", [["Kommune", "Bostøtten", "Anne", "Dagteam (2); Aftenteam (1)", "2026"],
                                                    ["Kommune", "Natcaféen", "", "Nattevagt (1)", "2026"]])
    people = write_people(tmp_path / "medarbejdere.xlsx", [
        ["Pernille Skov", "Bostøtten", "Dagteam", date(2019, 3, 1), "pernille@kommune.dk"],
        ["Ole Berg", "bostøtten", "aftenteam", None, None],
        ["Lise Lund", "Bostøtten", "Weekendteam", None, None],
        ["Bo Nat", "Natcaféen", "Nattevagt", None, None],
        ["Kim Væk", "Lukket Enhed", "Team 1", None, None]])
    code, output = ok("rollout", str(units), "--out", str(tmp_path / "runde"), "--medarbejdere", str(people),
                      "--format", "json")
    assert code == 0, output
    found = {f["code"]: f for f in json.loads(output)["findings"]}
    assert found["employees.team_unknown"]["cell"] == "C6" and found["employees.unit_unknown"]["cell"] == "B8"
    book = tmp_path / "runde" / "Bostøtten.xlsx"
    assert [(r["Navn"], r["Team"], r["Status"]) for r in table(book, E, "Navn")] == [
        ("Pernille Skov", "Dagteam", "Aktiv"), ("Ole Berg", "Aftenteam", "Aktiv"), ("Lise Lund", "", "Aktiv")]
    assert [(r["Medarbejder"], r["Team"]) for r in table(book, C, "Medarbejder")] == [
        ("Pernille Skov", "Dagteam"), ("Ole Berg", "Aftenteam"), ("Lise Lund", "")]
    assert [r["Navn"] for r in table(tmp_path / "runde" / "Natcaféen.xlsx", E, "Navn")] == ["Bo Nat"]
    read = read_checked(book, TODAY)
    assert read.result is not None and read.result.unit.cover.version == SCHEMA_VERSION
    assert [e.email for e in read.result.unit.employees][0] == "pernille@kommune.dk"
    # MUS sheets for everyone on the list; one without a team is not told her team has no gap.
    code, output = ok("mus", "skriv", str(book), "-o", str(tmp_path / "mus"), "--mail", str(tmp_path / "mails"),
                      "--mail-config", str(tmp_path / "mail.json"))
    assert code == 0, output
    assert {p.stem for p in (tmp_path / "mus").glob("*.xlsx")} == {
        "MUS-PUS Pernille Skov", "MUS-PUS Ole Berg", "MUS-PUS Lise Lund"}
    # Each mail goes to the address the sheet Medarbejdere has from HR's list; none, no To.
    mails = {p.stem: message_from_bytes(p.read_bytes(), policy=default) for p in (tmp_path / "mails").glob("*.eml")}
    assert [a.addr_spec for a in mails["Invitation MUS-PUS Pernille Skov"]["To"].addresses] == ["pernille@kommune.dk"]
    assert mails["Invitation MUS-PUS Ole Berg"]["To"] is None
    lise = [v for r in rows_of(tmp_path / "mus" / "MUS-PUS Lise Lund.xlsx", "MUS-PUS") for v in r]
    assert t("mus.team_unknown") in lise and t("mus.no_gaps") not in lise


# -- names resolved against the sheet -------------------------------------------------------------

def listed_unit(**update) -> object:
    unit = examples.concept_example()
    people = (Employee(name="Pernille Skov", team="Team A"), Employee(name="Anne Holm", team="Team A"),
              Employee(name="Anne Hansen", team="Team B"), Employee(name="Benny Lund", team="Team C"),
              Employee(name="Åse Berg", team="Team C"), Employee(name="Karl Ravn", team="Team A"))
    return unit.model_copy(update={"employees": people, **update})


def test_a_short_name_is_the_one_person_it_fits_and_an_unclear_one_is_asked_about(tmp_path):
    unit = listed_unit(individual_goals=(
        IndividualGoal(employee="Pernille S.", team="Team A", personal_goal="MI", mus_date=date(2026, 3, 1)),
        IndividualGoal(employee="Pernille", personal_goal="Netværk"),
        IndividualGoal(employee="Anne", personal_goal="Åben Dialog"),
        IndividualGoal(employee="Ukendt Person", team="Team B")))
    path = tmp_path / "enhed.xlsx"
    write_unit_workbook(path, unit, today=TODAY)
    read = read_checked(path, TODAY)
    found = codes(read.findings)
    assert found["employee.name_unknown"] == ["A8"]
    assert found["employee.name_ambiguous"] == ["A7"]
    ambiguous = next(f for f in read.findings if f.code is Code.EMPLOYEE_NAME_AMBIGUOUS)
    assert "Anne Holm (Team A)" in ambiguous.message and "Anne Hansen (Team B)" in ambiguous.message
    # The plan's "Åse, Benny (Team C) og Karl (Team A)" are the people on the list: no finding there.
    assert not [f for f in read.findings if f.sheet == t("sheet.plan") and f.code.value.startswith("employee.")]
    # One sheet per person: "Pernille" and "Pernille S." are Pernille Skov, everyone listed gets one.
    convs = conversations(read.result.unit)
    assert [c.employee for c in convs].count("Pernille Skov") == 1
    assert {"Pernille", "Pernille S."}.isdisjoint(c.employee for c in convs)
    assert next(c for c in convs if c.employee == "Pernille Skov").team == "Team A"


def test_the_leader_adds_ends_and_moves_people_and_refresh_keeps_every_cell(tmp_path, libreoffice):
    path = tmp_path / "enhed.xlsx"
    write_unit_workbook(path, listed_unit(), today=TODAY, issued=True)
    typed = {E: {"A11": "Nina Nyansat", "B11": "Team B", "C11": date(2026, 11, 1), "D11": "nina@kommune.dk",
                 "E6": t("employee_status.ended"), "B9": "Team A", "B10": "Holdet der ikke findes"}}
    libreoffice.edit(path, typed)
    refresh_file(path, TODAY)
    rows = {r["Navn"]: r for r in table(path, E, "Navn")}
    assert rows["Nina Nyansat"]["Team"] == "Team B" and rows["Nina Nyansat"]["E-mail"] == "nina@kommune.dk"
    assert rows["Anne Holm"]["Status"] == t("employee_status.ended") and rows["Åse Berg"]["Team"] == "Team A"
    read = read_checked(path, TODAY)
    assert codes(read.findings)["employee.team_unknown"] == ["B10"]
    per_team = {x.team: x.employees for x in team_mus(read.result.unit, mus_round("2026", TODAY))}
    # Anne Holm ended, Nina joined Team B, Åse moved to Team A; Karl's team is none of the unit's.
    assert per_team == {"Team A": 2, "Team B": 2, "Team C": 1, "Team D": 0}


def test_a_workbook_from_before_the_sheet_reads_refreshes_and_merges(tmp_path, example_path):
    import openpyxl

    old = tmp_path / "gammel.xlsx"
    wb = openpyxl.load_workbook(example_path)
    del wb[E]
    cover = wb["Forside"]
    for row in cover.iter_rows():
        if row[0].value == t("cover.version"):
            row[1].value = "4"
    wb.save(old)
    read = read_checked(old, TODAY)
    assert read.readable and not read.result.unit.employees
    older = next(f for f in read.findings if f.code is Code.TEMPLATE_OLDER)
    assert E in older.message
    report = refresh_file(old, TODAY)
    assert report.exit_code.value in (0, 1)
    code, output = ok("merge", str(old), "-o", str(tmp_path / "org.xlsx"))
    assert code in (0, 1), output


# -- the figures ----------------------------------------------------------------------------------

def test_personal_and_group_goals_stand_apart_and_tus_counts_for_a_tus_team():
    unit = listed_unit(individual_goals=(
        IndividualGoal(employee="Pernille Skov", team="Team A", personal_goal="MI", mus_date=date(2026, 3, 1)),
        IndividualGoal(employee="Anne Holm", team="Team A", mus_date=date(2026, 4, 1)),
        # Agreed last round: neither held nor a goal this round.
        IndividualGoal(employee="Karl Ravn", team="Team A", personal_goal="Netværk", mus_date=date(2025, 5, 1))))
    unit = unit.model_copy(update={
        "team_goals": (TeamGoal(team="Team A", text="Vi vil føre åbne samtaler."),
                       TeamGoal(team="Team C", text="Vi vil bruge netværket.", tus_date=date(2026, 9, 1))),
        "cover": unit.cover.model_copy(update={"team_forms": {"Team C": "TUS"}})})
    by_team = {x.team: x for x in team_mus(unit, mus_round("2026", TODAY))}
    a, c = by_team["Team A"], by_team["Team C"]
    assert (a.employees, a.held, a.personal_goals, a.group_goals, a.tus) == (3, 2, 1, 2, 0)
    assert (c.employees, c.held, c.personal_goals, c.group_goals, c.tus, c.form) == (2, 2, 0, 2, 2, "TUS")
    # Never added up: one with a personal goal who is also covered by the team's is one of each.
    assert a.personal_share == pytest.approx(1 / 3) and a.group_share == pytest.approx(2 / 3)


def test_overblik_names_who_has_no_conversation_yet_and_med_su_only_counts(tmp_path, libreoffice):
    path = tmp_path / "enhed.xlsx"
    unit = listed_unit(individual_goals=(
        IndividualGoal(employee="Pernille Skov", team="Team A", personal_goal="MI", mus_date=date(2026, 3, 1),
                       next_follow_up=date(2026, 12, 1)),))
    unit = unit.model_copy(update={"cover": unit.cover.model_copy(update={"period": "2026"})})
    write_unit_workbook(path, unit, today=TODAY)
    # The leader marks Team C's conversation this round as its TUS, on the Forside.
    cover = rows_of(path, "Forside")
    row = next(i for i, r in enumerate(cover, start=1) if str(r[0]).endswith("Team C"))
    libreoffice.edit(path, {"Forside": {f"C{row}": "TUS"}, "Kompetencebehov": {}})
    refresh_file(path, TODAY)
    people = {r[t("ov.people.name")]: r for r in table(path, "Overblik", t("ov.people.name"))
              if r[t("ov.people.team")]}
    assert people["Pernille Skov"][t("ov.people.held")] == t("ov.people.yes")
    assert people["Karl Ravn"][t("ov.people.held")] == t("ov.people.none")
    read = read_checked(path, TODAY)
    assert read.result.unit.cover.team_forms == {"Team C": "TUS"}
    committee = [v for r in rows_of(path, "MED-SU") for v in r if isinstance(v, str)]
    assert not [v for v in committee if any(p.name in v for p in unit.employees)]
    assert t("ov.mus.team_tus", team="Team C") in committee


def test_sync_adds_the_people_a_unit_lacks_below_what_the_leader_typed_and_nothing_twice(tmp_path, libreoffice):
    folder = tmp_path / "runde"
    folder.mkdir()
    path = folder / "Bostøtten.xlsx"
    unit = examples.blank("Bostøtten", ("Dagteam", "Aftenteam")).model_copy(update={"employees": (
        Employee(name="Pernille Skov", team="Dagteam"), Employee(name="Ole Berg", team="Aftenteam"))})
    write_unit_workbook(path, unit, today=TODAY, issued=True)
    # The leader moves Ole, ends Pernille and writes a newcomer of her own.
    libreoffice.edit(path, {E: {"B6": "Dagteam", "E5": t("employee_status.ended"), "A7": "Sara Egen"}})
    people = write_people(tmp_path / "medarbejdere.xlsx", [
        ["Pernille Skov", "Bostøtten", "Dagteam", None, None], ["Ole Berg", "Bostøtten", "Aftenteam", None, None],
        ["Nanna Ny", "Bostøtten", "Aftenteam", date(2026, 11, 1), "nanna@kommune.dk"]])
    org = tmp_path / "org.xlsx"
    write_unit_workbook(org, examples.concept_example(), today=TODAY)
    for _ in range(2):
        code, output = ok("sync", str(org), str(folder), "--medarbejdere", str(people))
        assert code in (0, 1), output
    rows = [(r["Navn"], r["Team"], r["Status"]) for r in table(path, E, "Navn")]
    assert rows == [("Pernille Skov", "Dagteam", t("employee_status.ended")), ("Ole Berg", "Dagteam", ""),
                    ("Sara Egen", "", ""), ("Nanna Ny", "Aftenteam", "Aktiv")]
    named = [r["Medarbejder"] for r in table(path, C, "Medarbejder")]
    assert named == ["Ole Berg", "Sara Egen", "Nanna Ny"]
    nanna = next(r for r in table(path, E, "Navn") if r["Navn"] == "Nanna Ny")
    assert nanna["Ansat fra"] == date(2026, 11, 1) and nanna["E-mail"] == "nanna@kommune.dk"
