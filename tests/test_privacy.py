"""Personal data: HR gets what it needs and nothing more. A corpus of names in many Danish forms,
namesakes, lower-case particles, citizens and relatives next to health words is planted in
every field of a unit workbook and its file name; every output HR can receive — each sheet of
the organisation workbook, the history database and every output made from it (the SVG too),
the server's stored copy and plan, every ``--format json``, the watcher's log — is searched,
and holds none of it by default. The tool's own messages are never altered by pseudonyms."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import string
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xlkompetence.cli import cli
from xlkompetence.core.disclosure import FIELDS, FIELDS_BY_KEY, Disclosure, Share, readme_table
from xlkompetence.core.findings import Code
from xlkompetence.core.labels import FINDINGS, t
from xlkompetence.core.models import (AnchoringRow, Assessment, Cover, Decision, IndividualGoal, PlanRow, Profile,
                                      TeamGoal, UnitWorkbook, WheelEvent)
from xlkompetence.core.privacy import Scrubber, name_parts, people_in, possible_names, team_words
from xlkompetence.core.pseudonyms import Pseudonymizer
from xlkompetence.core.schema import SHEETS
from xlkompetence.excel.server.store import Store
from xlkompetence.org.watch import Watcher
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked
from xlkompetence.unit import reader
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells
from served import make_settings

ROOT = Path(__file__).parent.parent
TEAMS = ("Dagteam", "Team Hansen")
DECOMPOSED = unicodedata.normalize("NFD", "Søren Ærø")
# The persons the workbook lists, in the forms they are written in the texts that leave.
LISTED = ["Anne-Marie Hansen", "Anne-Maries", "Anne Marie Hansen", "Hansens", "Bo Jensen", "Bo Jensens", "Bos",
          "Jensen", "Mette Skov", "Mettes", "Skovs", "Ida de Vries", "Vries", "Lise Holm", "Lises", "Søren Ærø",
          "Sørens", "Ærø", "Åse Ørsted", "Ørsteds", "Kasper", "Medarbejder i Team B"]
# Citizens, relatives and health: only ever in the situational texts, which stay in the unit.
SITUATIONAL = ["Jens Pedersen", "Grethe Pedersen", "Karen Madsen", "sygemelding (stress)", "depression",
               "misbrug", "Pårørende Karen", "Jeg vil turde sige fra overfor Kasper", "Min diagnose",
               "Forstå egne reaktioner bedre", "plan-anne-marie-hansen"]


def corpus_unit() -> UnitWorkbook:
    """A unit whose every field a person types holds names: as the leader writes them."""
    employees = ("Anne-Marie Hansen", "Bo Jensen", "Mette Skov", "Ida de Vries", DECOMPOSED, "Medarbejder i Team B")
    return UnitWorkbook(
        cover=Cover(organisation="Kommunen", unit="Bostøtten Øst", leader="Lise Holm", period="2026", teams=TEAMS,
                    wheel=(WheelEvent(event="MUS/PUS", when=date(2026, 3, 1)),
                           WheelEvent(event="Samtale med Bo Jensen om sygemelding (stress)", when=date(2026, 9, 1)))),
        teams=TEAMS,
        profiles=(Profile(id="K1", strategy="Recovery som Anne-Maries team gør det",
                          goal="Bedre dialog, som Bo Jensens borgere ønsker",
                          text="Vi skal kunne føre dialog som anne marie hansen og Mettes team"),
                  Profile(id="K2", strategy="Recovery", goal="Fælles sprog", text="Vi skal kunne bruge Skovs metode")),
        assessments=(Assessment(profile_id="K1", team="Dagteam", desired=4, actual=2),
                     Assessment(profile_id="K1", team="Team Hansen", desired=4, actual=2),
                     Assessment(profile_id="K2", team="Dagteam", desired=3, actual=3)),
        decisions=(Decision(profile_id="K1", priority="længere sigt",
                            reason="Venter til Bo Jensen er tilbage fra sygemelding (stress)"),),
        team_goals=(TeamGoal(team="Dagteam", text="Dagteamet lærer af Ida de Vries og Sø\u00adren Ærø",
                             tus_date=date(2026, 1, 12),
                             tus_agreements="Borgeren Jens Pedersen klager; hans mor Grethe Pedersen ringer"),
                    TeamGoal(team="Team Hansen", text="Team Hansen øver sig med Åse Ørsteds hjælp")),
        individual_goals=tuple(
            IndividualGoal(employee=e, team=team, team_goal="Bedre dialog", personal_goal="Jeg vil turde sige fra overfor Kasper",
                           activities="Kursus med Bo Jensen", activity_goals="Forstå egne reaktioner bedre",
                           logbook="Min diagnose gør det svært", mus_date=date(2026, 3, 2))
            for e, team in zip(employees, ("Dagteam", "Team Hansen", "Dagteam", "Dagteam", "Dagteam", "Dagteam"))
        ) + (IndividualGoal(employee="Bo Jensen", team="Dagteam", personal_goal="Mere ro"),),  # a namesake
        plan=(PlanRow(employees="Hele Dagteamet og Åse Ørsted, Kasper (Team Hansen)", need="K1",
                      activity="Sidemandsoplæring hos anne-marie hansen", follow_up="Jen\u00adsen følger op med METTE",
                      goal="Ørsteds erfaring deles", timeline="april 2026", responsible="Lise Holm",
                      success="Lises vurdering af Vries", resources="20 timer", status="I gang"),
              PlanRow(employees="Kasper", need="K2", activity="Netværksmøde", responsible="Lise Holm")),
        anchoring=(AnchoringRow(need="Dialog med borgerne som Kasper fører den",
                                works="Pårørende Karen Madsen er glad", worries="Mettes depression og misbrug",
                                agreements="Bo Jensen tager over", next_follow_up=date(2026, 12, 1)),),
    )


@pytest.fixture
def units(tmp_path) -> Path:
    folder = tmp_path / "enheder"
    (folder / "Øst").mkdir(parents=True)
    path = folder / "Øst" / "plan-anne-marie-hansen.xlsx"
    write_unit_workbook(path, corpus_unit(), today=TODAY)
    # Findings quote cells: a level and a timeline typed with a name in them.
    set_cells(path, {("Kompetencebehov", "C8"): "Anne", ("Plan for kompetenceudvikling", "F6"): "når Bo Jensen er tilbage"})
    return folder


def leaks(text: str) -> list[str]:
    """Every planted name or situational text in ``text``, whole words, any case, composed."""
    text = unicodedata.normalize("NFC", text)
    found = [p for p in LISTED + SITUATIONAL
             if re.search(rf"(?<![\w]){re.escape(unicodedata.normalize('NFC', p))}(?![\w])", text, re.IGNORECASE)]
    return found


def sheets_text(path: Path) -> str:
    """Every cell of every sheet (calamine), and every part of the package (properties too)."""
    book = CalamineWorkbook.from_path(str(path))
    cells = "\n".join(str(v) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
                      for v in row if v not in ("", None))
    with zipfile.ZipFile(path) as zf:
        return cells + "\n" + "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def database_text(db: Path) -> str:
    with sqlite3.connect(db) as con:
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(repr(row) for table in tables for row in con.execute(f"SELECT * FROM {table}"))


def run(*args: str):
    return CliRunner().invoke(cli, [*args, "--today", TODAY.isoformat()])


# -- every output HR can receive ----------------------------------------------------------------

def test_merge_and_the_history_with_every_output_hold_no_planted_name(units, tmp_path):
    out = tmp_path / "org.xlsx"
    result = run("merge", str(units), "-o", str(out), "--format", "json")
    assert result.exit_code == 1, result.output  # the level typed as a name is an error
    assert leaks(result.output) == []
    assert leaks(sheets_text(out)) == []
    db = tmp_path / "org-historik.sqlite"
    assert leaks(database_text(db)) == []
    assert leaks(run("merge", str(units), "-o", str(out)).output) == []
    for args in ([], ["--format", "json"], ["--format", "xlsx", "-o", str(tmp_path / "h.xlsx")]):
        assert leaks(CliRunner().invoke(cli, ["history", "--db", str(db), *args]).output) == []
    assert leaks(sheets_text(tmp_path / "h.xlsx")) == []
    assert leaks((tmp_path / "h.svg").read_text(encoding="utf-8")) == []
    data = json.loads(result.output)
    assert data["disclosure"] == "pseudonyms"


def test_watch_and_its_log_hold_no_planted_name(units, tmp_path, caplog):
    out, db = tmp_path / "org.xlsx", tmp_path / "h.sqlite"
    with caplog.at_level(logging.INFO):
        org = Watcher(units, out, db, settle=0, retry_for=0, today=lambda: TODAY).step(now=10.0)
    assert org is not None and str(org.disclosure) == "pseudonyms"
    assert leaks(sheets_text(out)) == [] and leaks(database_text(db)) == []
    assert caplog.messages and leaks("\n".join(caplog.messages)) == []


def test_the_servers_stored_copy_and_plan_hold_no_planted_name(units, tmp_path):
    store = Store(make_settings(tmp_path, key_file=tmp_path / "key"))
    (path,) = units.rglob("*.xlsx")
    result = reader.read(loader.load(path))
    store.submit(result, "Bostøtten Øst", TODAY)
    store.rebuild()
    (kept,) = store.settings.store.glob("*.xlsx")
    assert leaks(sheets_text(kept)) == []
    assert leaks(sheets_text(store.settings.output)) == []
    assert leaks(database_text(store.settings.history_db)) == []
    # The plan rebuilt from the stored copy says what a merge of the unit says: what left once
    # is not counted or pseudonymised again.
    merged = tmp_path / "org.xlsx"
    run("merge", str(units), "-o", str(merged), "--key-file", str(tmp_path / "key"))
    for sheet in ("Teams", "Læringsmål", "Plan", "MED-SU"):
        assert table_rows(store.settings.output, sheet) == table_rows(merged, sheet), sheet


def table_rows(path: Path, sheet: str) -> list[list]:
    """A sheet's rows under its title, without the source row numbers that differ by copy."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [r for r in rows[2:] if any(v not in ("", None) for v in r)]


def test_what_hr_still_gets_teams_figures_and_the_organisational_texts(units, tmp_path):
    out = tmp_path / "org.xlsx"
    run("merge", str(units), "-o", str(out))
    book = CalamineWorkbook.from_path(str(out))
    rows = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    plan = rows["Plan"]
    col = plan[2].index("Medarbejdere")
    employees = next(r[col] for r in plan[3:] if r[0] == "Bostøtten Øst")
    assert employees.startswith("Hele Dagteamet og Medarbejder ") and "(Team Hansen)" in employees
    activity = next(r[plan[2].index("Læringsaktivitet")] for r in plan[3:] if r[0] == "Bostøtten Øst")
    assert re.fullmatch(r"Sidemandsoplæring hos Medarbejder [A-Z2-7]{6}", activity)
    teams = {r[1]: r for r in rows["Teams"][3:]}
    assert teams["Team Hansen"][11].startswith("Team Hansen øver sig med Medarbejder ")  # the team stays a team
    assert teams["Dagteam"][10] == t("privacy.count", n=2)
    unmet = rows["Behov uden aktivitet"]
    assert not unmet[3:] or all(r[6] in ("", t("privacy.flag")) for r in unmet[3:])
    forankring = rows["Forankring"]
    assert [forankring[3][forankring[2].index(h)] for h in ("Fungerer", "Bekymrer", "Aftaler/løsninger")] == [
        t("privacy.flag")] * 3
    # Namesakes count as two people in the committee's figures; the leader is nowhere.
    sources = rows["Kilder"]
    assert [r[0] for r in sources[3:]] == ["Øst/plan-Medarbejder " + r[0].split("Medarbejder ")[1]
                                           for r in sources[3:]]
    assert re.fullmatch(r"Øst/plan-Medarbejder [A-Z2-7]{6}\.xlsx", sources[3][0])


def test_the_tools_own_messages_are_never_altered_by_pseudonyms(units, tmp_path):
    out = tmp_path / "org.xlsx"
    result = json.loads(run("merge", str(units), "-o", str(out), "--format", "json").output)
    assert result["findings"]
    for f in result["findings"]:
        code = Code(f["code"])
        if code.scope.value == "merge":
            # The merge's own, made from what left the units: every word of its template stands.
            literals = [lit.strip() for lit, *_ in string.Formatter().parse(FINDINGS[code.value][1]) if lit.strip()]
            assert all(lit in f["message"] for lit in literals), f
        else:
            assert f["message"] == code.summary and f["value"] is None, f  # the unit's: its kind and cell
    text = sheets_text(out)
    # "Medarbejder i Team B" is an employee: "i" is still a word, in the tool's texts and the leader's.
    assert Code.PLAN_STATUS_MISSING.summary in text and "Rækken Medarbejder" not in text
    assert t("org.not_anchored.intro") in text and t("org.no_activity.intro") in text


def test_names_and_free_text_only_where_asked_for_and_the_logbook_never(units, tmp_path):
    out = tmp_path / "org.xlsx"
    names = json.loads(run("merge", str(units), "-o", str(out), "--med-navne", "--format", "json").output)
    text = sheets_text(out)
    assert names["disclosure"] == "names"
    assert {"Anne-Marie Hansen", "Lise Holm", "plan-anne-marie-hansen"} <= set(leaks(text))
    assert "Grethe Pedersen" not in text and "sygemelding (stress)" not in text and "Min diagnose" not in text
    free = json.loads(run("merge", str(units), "-o", str(out), "--med-fritekst", "--format", "json").output)
    text = sheets_text(out)
    assert free["disclosure"] == "free_text"
    assert "depression" in text and "Grethe Pedersen" in text  # released: the leader's words as written
    assert "Bo Jensen" not in text and "Min diagnose" not in text
    both = json.loads(run("merge", str(units), "-o", str(out), "--med-navne", "--med-fritekst",
                          "--format", "json").output)
    text = sheets_text(out)
    assert both["disclosure"] == "free_text+names"
    assert "Jeg vil turde sige fra overfor Kasper" in text and "Min diagnose" not in text


def test_the_units_own_med_su_sheet_names_nobody(units):
    (path,) = units.rglob("*.xlsx")
    run("refresh", str(path))
    grid = loader.load(path).grids["MED-SU"]
    text = "\n".join(str(v) for row in grid.rows for v in row if v not in ("", None))
    assert "Bedre dialog, som" in text and leaks(text) == []


# -- the leader is told ------------------------------------------------------------------------

def test_the_leader_is_told_at_the_cell_and_the_message_names_only_the_name(tmp_path):
    unit = corpus_unit()
    unit = unit.model_copy(update={"plan": (unit.plan[0].model_copy(update={
        "activity": "Samtale om Borgeren Jens Pedersens klage, som Mette hørte"}),)})
    path = tmp_path / "enhed.xlsx"
    write_unit_workbook(path, unit, today=TODAY)
    found = [f for f in read_checked(path, TODAY).findings if f.code.value.startswith("privacy.")]
    activity = [(f.code, f.message) for f in found if f.location == "Plan for kompetenceudvikling!C5"]
    assert (Code.PRIVACY_NAMES_PERSON, Code.PRIVACY_NAMES_PERSON.message(name="Mette")) in activity
    assert (Code.PRIVACY_MAYBE_NAME, Code.PRIVACY_MAYBE_NAME.message(name="Jens Pedersens")) in activity
    for f in found:
        assert "klage" not in f.message and "Samtale" not in f.message
    # Medarbejdere and Ansvar are lists of people: no finding there; nor for the team Team Hansen.
    plan = "Plan for kompetenceudvikling!"
    assert not [f for f in found if f.location in (plan + "A5", plan + "G5")]
    assert Code.PRIVACY_NAMES_PERSON.message(name="Kasper") in [f.message for f in found
                                                                if f.location == "Forankring!A5"]
    assert not [f for f in found if "Team Hansen" in f.message]


# -- the scrubber, case by case ------------------------------------------------------------------

def scrubber() -> Scrubber:
    unit = corpus_unit()
    return Scrubber(unit.cover.unit, people_in(unit), Pseudonymizer(b"k" * 32), team_words(unit))


@pytest.mark.parametrize("text, kept", [
    ("Mettes sygefravær", "sygefravær"),
    ("Anne-Maries mål", "mål"),
    ("anne marie hansens bil", "bil"),
    ("Bo's og Jensens", "og"),
    ("Jen\u00adsen og An\u200bne-Marie", "og"),
    (unicodedata.normalize("NFD", "Søren Ærøs idé"), "idé"),
    ("Ida de Vries og de andre", "og de andre"),
    ("Medarbejder i Team B er i gang", "er i gang"),
    ("Vi mødes i Team Hansen", "Vi mødes i Team Hansen"),
    ("at bo i egen bolig i en skov", "at bo i egen bolig i en skov"),
    ("Rækken i planen har ingen status", "Rækken i planen har ingen status"),
])
def test_the_scrubber_finds_every_form_and_touches_nothing_else(text, kept):
    shown = scrubber().text(text)
    assert kept in shown and leaks(shown) == [], shown


def test_a_name_part_is_never_a_lower_case_word():
    assert name_parts("Medarbejder i Team B", {"team", "b"}) == []
    assert name_parts("Ida de Vries") == ["Ida", "Vries"]
    assert name_parts("Anne-Marie von Holm") == ["Anne-Marie", "Anne", "Marie", "Holm"]


def test_a_possible_name_is_a_capitalised_word_inside_a_sentence_that_is_not_a_danish_word():
    s = scrubber()
    assert possible_names("Borgeren Jens Pedersen klager over Kommunen.", s, team_words(corpus_unit())) == [
        "Jens Pedersen"]
    assert possible_names("Recovery. Vi holder Dialog med Borgeren i Team Hansen.", s, team_words(corpus_unit())) == []


# -- the table ------------------------------------------------------------------------------------

def test_every_column_of_every_sheet_has_its_entry_in_the_table():
    declared = {f.key for f in FIELDS}
    for sheet in SHEETS:
        for column in sheet.columns:
            assert f"{sheet.id}.{column.id}" in declared, f"{sheet.id}.{column.id} has no disclosure"
    assert len(declared) == len(FIELDS)


def test_every_field_of_every_record_has_its_entry_or_is_the_tools_own_bookkeeping():
    from xlkompetence.core.disclosure import RECORDS
    from xlkompetence.core.models import CatalogueEntry, CommitteeRecord, Employee, UnitWorkbook as Unit

    records = {type(r) for name in ("profiles", "assessments", "decisions", "team_goals", "individual_goals", "plan",
                                    "anchoring") for r in getattr(corpus_unit(), name)} | {WheelEvent, CatalogueEntry,
                                                                                            Employee, CommitteeRecord}
    assert records == set(RECORDS)
    for record, (sheet, names) in RECORDS.items():
        for name in record.model_fields:
            assert name == "row" or names.get(name, name) is None or f"{sheet}.{names.get(name, name)}" in FIELDS_BY_KEY, (
                record.__name__, name)
    assert all(f"cover.{name}" in FIELDS_BY_KEY for name in Cover.model_fields if name != "wheel")
    assert set(Unit.model_fields) == {"cover", "teams", *("profiles assessments decisions team_goals individual_goals "
                                                          "plan anchoring catalogue employees committee").split()}


def test_the_readme_holds_the_tables_own_rows():
    assert readme_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_logbook_never_leaves_and_the_opt_ins_only_open():
    assert all(FIELDS_BY_KEY["individual.logbook"].share(Disclosure.of(names=n, free_text=f)) is Share.NOTHING
               for n in (False, True) for f in (False, True))
    for field in FIELDS:
        default = field.share(Disclosure())
        for d in (Disclosure.of(names=True), Disclosure.of(free_text=True), Disclosure.of(names=True, free_text=True)):
            assert field.share(d) in (default, Share.VALUE, Share.TEXT), field
    assert FIELDS_BY_KEY["plan.activity"].share(Disclosure.of(names=True)) is Share.VALUE
    assert FIELDS_BY_KEY["needs.reason"].share(Disclosure.of(free_text=True)) is Share.TEXT
