"""Personal data stays in the unit workbook unless HR asks for names: names planted in every
free-text column, in file names and in the logbook are searched for in every output."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlkompetence.cli import cli
from xlkompetence.core.models import (AnchoringRow, Assessment, Cover, IndividualGoal, PlanRow, Profile, TeamGoal,
                                      UnitWorkbook)
from xlkompetence.org.watch import Watcher
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells

TEAMS = ("Dagteam", "Aftenteam")
LOGBOOK = "Jeg blev usikker efter mødet med pårørende"
PERSONAL_GOAL = "Jeg vil turde sige fra overfor Kasper"
ACTIVITY_GOAL = "Forstå egne reaktioner bedre"
# Every spelling of a person the outputs must not hold (whole words, any case).
PERSONS = ["Anne Hansen", "Anne", "Hansen", "Bo Jensen", "Jensen", "Åse Ørsted", "Åse", "Ørsted",
           "Lise Holm", "Lise", "Holm", "Kasper", "Mikkel Bæk", "Bæk"]
PRIVATE_TEXTS = [LOGBOOK, PERSONAL_GOAL, ACTIVITY_GOAL, "plan-anne-hansen"]


def planted_unit() -> UnitWorkbook:
    return UnitWorkbook(
        cover=Cover(organisation="Kommunen", unit="Bostøtten Øst", leader="Lise Holm", period="2026", teams=TEAMS),
        teams=TEAMS,
        profiles=(Profile(id="K1", strategy="Recovery", goal="Bedre dialog", text="Vi skal kunne føre dialog."),),
        assessments=(Assessment(profile_id="K1", team="Dagteam", desired=4, actual=2),
                     Assessment(profile_id="K1", team="Aftenteam", desired=4, actual=3)),
        team_goals=(TeamGoal(team="Dagteam", text="Dagteamet lærer af Anne og åse ørsted"),
                    TeamGoal(team="Aftenteam", text="Aftenteamet øver sig")),
        individual_goals=(
            IndividualGoal(employee="Anne Hansen", team="Dagteam", team_goal="Bedre dialog",
                           personal_goal=PERSONAL_GOAL, activities="Kursus med Bo Jensen",
                           activity_goals=ACTIVITY_GOAL, logbook=LOGBOOK),
            IndividualGoal(employee="Bo Jensen", team="Aftenteam", personal_goal="Mere ro", logbook=LOGBOOK),
            IndividualGoal(employee="Mikkel Bæk", team="Aftenteam"),
        ),
        plan=(PlanRow(employees="Hele Dagteamet og Åse Ørsted, Kasper (Aftenteam)", need="K1",
                      activity="Sidemandsoplæring hos anne hansen", follow_up="Bo Jensen følger op med ANNE",
                      goal="Åse kan lede netværksmøder", timeline="april 2026", responsible="Lise Holm",
                      success="Lise holm vurderer, om hansen er klar", resources="20 timer", status="I gang"),),
        anchoring=(AnchoringRow(need="Dialog med borgerne", works="Anne Hansen leder møderne godt",
                                worries="Bo Jensen er ofte syg", agreements="åse ørsted og Kasper tager over",
                                next_follow_up=date(2026, 12, 1)),),
    )


@pytest.fixture
def units(tmp_path) -> Path:
    folder = tmp_path / "enheder"
    folder.mkdir()
    path = folder / "plan-anne-hansen.xlsx"
    write_unit_workbook(path, planted_unit(), today=TODAY)
    # Findings quote cells: a level and a timeline typed with a name in them.
    set_cells(path, {("Kompetencebehov", "C9"): "Anne", ("Kompetencebehov", "A9"): "K1x",
                     ("Plan for kompetenceudvikling", "F6"): "når Bo Jensen er tilbage",
                     ("Plan for kompetenceudvikling", "C6"): "Samtale med Kasper", ("Plan for kompetenceudvikling", "G6"): "Lise"})
    return folder


def leaks(text: str) -> list[str]:
    found = [p for p in PERSONS if re.search(rf"(?<![\wæøå]){re.escape(p)}(?![\wæøå])", text, re.IGNORECASE)]
    return found + [p for p in PRIVATE_TEXTS if p.casefold() in text.casefold()]


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def database_text(db: Path) -> str:
    with sqlite3.connect(db) as con:
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(repr(row) for table in tables for row in con.execute(f"SELECT * FROM {table}"))


def test_merge_by_default_lets_no_name_logbook_or_personal_goal_out(units, tmp_path):
    out = tmp_path / "org.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(units), "-o", str(out), "--format", "json",
                                      "--today", TODAY.isoformat()])
    assert result.exit_code == 1, result.output  # the planted level is an error
    assert leaks(result.output) == []
    assert leaks(package_text(out)) == []
    assert leaks(database_text(tmp_path / "org-historik.sqlite")) == []
    text = CliRunner().invoke(cli, ["merge", str(units), "-o", str(out), "--today", TODAY.isoformat()]).output
    assert leaks(text) == []


def test_team_names_and_the_plans_meaning_survive(units, tmp_path):
    from python_calamine import CalamineWorkbook

    out = tmp_path / "org.xlsx"
    CliRunner().invoke(cli, ["merge", str(units), "-o", str(out), "--today", TODAY.isoformat()])
    book = CalamineWorkbook.from_path(str(out))
    plan = book.get_sheet_by_name("Plan").to_python()
    col = plan[2].index("Medarbejdere")  # by header: the activity comes third, for print
    employees = next(r[col] for r in plan[3:] if r[0] == "Bostøtten Øst")
    assert employees.startswith("Hele Dagteamet og Medarbejder ") and "(Aftenteam)" in employees
    goals = book.get_sheet_by_name("Læringsmål").to_python()
    counted = {(r[1], r[3], r[4]) for r in goals[3:] if r[0] == "Bostøtten Øst"}
    assert counted == {("Dagteam", 1, 1), ("Aftenteam", 1, 0), ("Aftenteam", 0, 0)}
    sources = book.get_sheet_by_name("Kilder").to_python()
    assert any(str(r[0]).startswith("Bostøtten Øst (") for r in sources[3:])


def test_names_only_where_asked_for_and_the_logbook_never(units, tmp_path):
    out = tmp_path / "org.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(units), "-o", str(out), "--med-navne", "--format", "json",
                                      "--today", TODAY.isoformat()])
    text = package_text(out)
    assert "Anne Hansen" in text and PERSONAL_GOAL in text and LOGBOOK not in text
    assert {"Anne Hansen", "Bo Jensen", "Lise Holm", "plan-anne-hansen"} <= set(leaks(text))  # the search finds them
    assert json.loads(result.output)["disclosure"] == "names"


def test_watch_follows_the_same_default(units, tmp_path):
    out, db = tmp_path / "org.xlsx", tmp_path / "h.sqlite"
    org = Watcher(units, out, db, settle=0, retry_for=0, today=lambda: TODAY).step(now=10.0)
    assert org is not None and org.disclosure == "pseudonyms"
    assert leaks(package_text(out)) == [] and leaks(database_text(db)) == []
