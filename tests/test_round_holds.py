"""A real round holds: HR's commands on the input a real round gives them.

Each test below is named after a way a round went wrong; the last one replays a whole round
(HR's list, roll-out, five leaders of five kinds typing in LibreOffice and in code, MUS/PUS
sheets, merge with the round's status, watch, next round, and the next round's merge) and
checks what HR reads at every step."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.effort import participants
from xlkompetence.core.filenames import MAX_STEM_BYTES, safe_file_name
from xlkompetence.core.findings import Code
from xlkompetence.core.identity import unit_key
from xlkompetence.core.labels import t
from xlkompetence.org import history
from xlkompetence.org.merge import merge_files
from xlkompetence.org.nextround import NextRoundError, next_round
from xlkompetence.org.rollout import read_roster_file
from xlkompetence.org.watch import Watcher
from xlkompetence.unit.issued import is_as_issued
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, needs_ref, set_cells
from persona import A, B, C, D, E, F, Layout, anchoring, individual, levels, merged, plan, profiles, wheel_dates

HEADERS = ["Organisation", "Enhed", "Leder", "Teams", "Periode"]


# The commands that do not take --today (nothing they do depends on the date).
UNDATED = {("lite", "add")}


def run(*args: str) -> tuple[int, str, BaseException | None]:
    """The CLI as HR runs it; the exception is any that escaped it (a traceback to the user)."""
    today = [] if tuple(args[:2]) in UNDATED else ["--today", TODAY.isoformat()]
    result = CliRunner().invoke(cli, [*args, *today])
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output, escaped


def ok(*args: str) -> tuple[int, str]:
    code, output, escaped = run(*args)
    assert escaped is None, f"{args}: {escaped!r}\n{output}"
    return code, output


def write_list(path: Path, rows: list[list], headers: list[str] = HEADERS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Enheder"
    ws.append(["Rundens enheder"])
    ws.append([])
    for row in [headers, *rows]:
        ws.append(row)
    wb.save(path)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def unit_file(tmp_path: Path, name: str = "Enhed.xlsx", **cover: str) -> Path:
    path = tmp_path / name
    workbook = examples.blank(cover.get("unit", "Bostøtten Nord"), ("Dagteam", "Aftenteam"),
                              organisation="Socialpsykiatrien", period=cover.get("period", "2026"))
    write_unit_workbook(path, workbook, today=TODAY, issued=True)
    return path


def json_of(output: str) -> dict:
    return json.loads(output)


# -- next-round ----------------------------------------------------------------------------------

def test_next_round_goes_on_past_a_unit_it_cannot_carry(tmp_path, monkeypatch):
    folder = tmp_path / "runde-2026"
    folder.mkdir()
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        unit_file(folder, name, unit=name[0].upper())
    # A value typed over a calculated cell (Timer) in one of them: what crashed next-round.
    layout = Layout(folder / "b.xlsx")
    set_cells(folder / "b.xlsx", {(D, layout.cell(D, "Medarbejdere")): "Hele Dagteam",
                                  (D, layout.cell(D, "Læringsaktivitet")): "Kursus",
                                  (D, layout.cell(D, "Timer")): 99})
    # Whatever breaks on one unit's workbook, the others are still carried.
    import xlkompetence.org.nextround as module

    real = module.carry_forward

    def breaks_on_c(unit):
        if unit.cover.unit == "C":
            raise RuntimeError("kan ikke")
        return real(unit)

    monkeypatch.setattr(module, "carry_forward", breaks_on_c)
    reports = next_round([folder], tmp_path / "runde-2027", TODAY)
    by = {r.source.name: r for r in reports}
    assert by["a.xlsx"].written and by["b.xlsx"].written and not by["c.xlsx"].written
    assert [f.code for f in by["c.xlsx"].findings] == [Code.NEXT_FAILED]
    assert "RuntimeError" in by["c.xlsx"].findings[0].message
    archived = [(f.key, f.fate) for f in by["b.xlsx"].fates if f.sheet == D and f.key == "hours"]
    assert archived == [("hours", "archived")]
    assert not (tmp_path / "runde-2027" / "c.xlsx").exists()


def test_next_round_refuses_a_folder_inside_the_round_and_a_later_round_is_no_newer_version(tmp_path):
    folder = tmp_path / "runde"
    folder.mkdir()
    nord = unit_file(folder, "Bostøtten Nord.xlsx")
    set_cells(nord, {(B, Layout(nord).level("Dagteam", "Ønsket", 0)): 4})  # the unit delivered something
    before = tree(folder)
    code, output = ok("next-round", str(folder), "--out", str(folder / "2027"))
    assert code == 2 and "ligger inde i" in output and tree(folder) == before
    with pytest.raises(NextRoundError):
        next_round([folder], folder, TODAY)
    # Round 2027 made beside, then copied into round 2026's folder (as happens on a share):
    # the merge of 2026 counts 2026's workbook, not the newer, empty one of 2027.
    ok("next-round", str(folder), "--out", str(tmp_path / "runde-2027"))
    shutil.copy(tmp_path / "runde-2027" / "Bostøtten Nord.xlsx", folder / "Bostøtten Nord 2027.xlsx")
    os.utime(folder / "Bostøtten Nord 2027.xlsx", (4e9, 4e9))  # the newest file by far
    listing = write_list(tmp_path / "liste.xlsx", [["Socialpsykiatrien", "Bostøtten Nord", "", "Dagteam; Aftenteam",
                                                    "2026"]])
    code, output = ok("merge", str(folder), "-o", str(tmp_path / "org.xlsx"), "--expected", str(listing),
                      "--format", "json")
    data = json_of(output)
    taken = [i for i in data["inputs"] if i["included"]]
    assert len(taken) == 1 and data["round"]["delivered"] == 1
    left = next(i for i in data["inputs"] if not i["included"])
    assert "runde 2027" in left["reason"].lower()
    assert any(f["code"] == "merge.other_round" for f in json_of(output)["findings"])


def test_next_round_accounts_for_what_the_template_has_no_place_for(tmp_path, libreoffice):
    folder = tmp_path / "runde-2026"
    folder.mkdir()
    path = unit_file(folder, period="2026-10-05")
    layout = Layout(path)
    # The leader's own sheet, a column typed beside the plan, a comment; TUS held; the top MED's
    # evaluation still to come; the workbook works in the browser (xlwings Lite).
    libreoffice.edit(path, merged(
        {D: {layout.cell(D, "Medarbejdere"): "Hele Dagteam", layout.cell(D, "Læringsaktivitet"): "Kursus i MI",
             layout.cell(D, "Ansvar"): "Anne", layout.cell(D, "Status"): t("plan_status.in_progress"),
             "Z4": "Mine noter", "Z5": "Husk lokale"},
         B: {layout.team_cell("Dagteam", "Teamets læringsmål"): "Dialog",
             layout.team_cell("Dagteam", "Drøftet på TUS (dato)"): date(2026, 9, 1),
             layout.team_cell("Dagteam", "Aftaler fra TUS"): "Sparring hver uge"}},
        wheel_dates(layout, {"Opfølgningsmøde": date(2026, 12, 15)})),
        unprotect=True, comments={D: {layout.cell(D, "Læringsaktivitet"): "Spørg Bo om datoen"}},
        new_sheets={"Mine noter": {"A1": "Ting at huske", "A2": "Budget 2027"}})
    ok("lite", "add", str(path))
    before = sha(path)
    code, output = ok("next-round", str(folder), "--out", str(tmp_path / "runde-2027"), "--format", "json")
    assert code == 0 and sha(path) == before
    report = json_of(output)["files"][0]
    behind = {(v["sheet"], v["key"]) for v in report["values"] if v["fate"] == "archived" and v["row"] is None}
    assert {("Mine noter", "own_sheet"), (D, "column:Mine noter"), (D, "comments")} <= behind
    new = tmp_path / "runde-2027" / path.name
    result = read_checked(new, TODAY).result
    assert result is not None
    notes = [f.message for f in result.findings if f.code is Code.NEXT_LEFT_BEHIND]
    assert len(notes) == 3 and all(path.name in n and "runde 2026-10-05" in n for n in notes)
    assert any('"Mine noter"' in n and "Arket" in n for n in notes)
    # On the new workbook's Fejl og mangler, after the refresh next-round runs, and after the next.
    refresh_file(new, TODAY)
    shown = CalamineWorkbook.from_path(str(new)).get_sheet_by_name("Fejl og mangler").to_python()
    assert sum(1 for row in shown for v in row if isinstance(v, str) and "er ikke ført med" in v) == 3
    unit = result.unit
    assert unit.cover.period == "2027-10-05"
    goal = unit.team_goal_of("Dagteam")
    assert (goal.text, goal.tus_date, goal.tus_agreements) == ("Dialog", None, "")
    wheel = {(e.event, e.when) for e in unit.cover.wheel if e.when}
    assert ("Opfølgningsmøde (fra runde 2026-10-05)", date(2026, 12, 15)) in wheel
    assert ("Opfølgningsmøde", date(2027, 12, 15)) in wheel
    with zipfile.ZipFile(new) as zf:
        assert any(n.startswith("xl/webextensions/") for n in zf.namelist())  # Lite came along
    assert any(lite["written"] for lite in json_of(output)["lite"])


# -- delivered or not ------------------------------------------------------------------------

def test_a_workbook_nobody_typed_in_is_not_delivered_whatever_touched_it(tmp_path, libreoffice):
    path = unit_file(tmp_path)
    def unchanged() -> bool:
        result = read_checked(path, TODAY).result
        assert result is not None
        return is_as_issued(result)

    assert unchanged()
    refresh_file(path, TODAY)                      # the leader presses Opdater
    assert unchanged()
    libreoffice.edit(path, {})                     # opens it and saves it without typing
    assert unchanged()
    org_template = tmp_path / "org.xlsx"
    write_unit_workbook(org_template, examples.concept_example(), today=TODAY)
    code, _ = ok("sync", str(org_template), str(path))  # HR sends the organisation's profiles
    assert code in (0, 1) and unchanged()
    layout = Layout(path)
    libreoffice.edit(path, {B: {layout.level("Dagteam", "Reelt", 0): 3}})
    assert not unchanged()
    # Typed, then taken back: nothing typed that counts.
    libreoffice.edit(path, {B: {layout.level("Dagteam", "Reelt", 0): ""}})
    assert unchanged()


def test_roll_out_and_merge_say_who_has_not_delivered(tmp_path):
    listing = write_list(tmp_path / "liste.xlsx", [
        ["Socialpsykiatrien", "Bostøtten Nord", "Anne", "Dagteam (10)", "2026"],
        ["Socialpsykiatrien", "Værestedet Syd", "Bo", "Hele huset (12)", "2026"]])
    ok("rollout", str(listing), "--out", str(tmp_path / "runde-2026"))
    code, output = ok("merge", str(tmp_path / "runde-2026"), "-o", str(tmp_path / "org.xlsx"),
                      "--expected", str(listing))
    assert "0 af 2 har afleveret" in output and "heraf 2 med en projektmappe, der er uændret" in output
    nord = tmp_path / "runde-2026" / "Bostøtten Nord.xlsx"
    set_cells(nord, {(B, Layout(nord).level("Dagteam", "Ønsket", 0)): 4})
    code, output = ok("merge", str(tmp_path / "runde-2026"), "-o", str(tmp_path / "org.xlsx"),
                      "--expected", str(listing), "--format", "json")
    status = json_of(output)["round"]
    assert status["delivered"] == 1 and status["unchanged"] == ["Værestedet Syd"]


# -- HR's list -------------------------------------------------------------------------------

LIST_TEXT = "Organisation;Enhed;Leder;Teams;Periode\nSocialpsykiatrien;Bostøtten Nord;Åse Ørum;Dagteam (10);2026\n"


@pytest.mark.parametrize("name, data, expect", [
    ("tom.csv", b"", Code.ROSTER_EMPTY),
    ("kun-bom.csv", b"\xef\xbb\xbf", Code.ROSTER_EMPTY),
    ("unicode-tekst.txt", LIST_TEXT.replace(";", "\t").encode("utf-16"), None),
    ("dos.csv", LIST_TEXT.encode("cp850"), None),
    ("mac.csv", LIST_TEXT.encode("mac_roman"), None),
    ("windows.csv", LIST_TEXT.encode("cp1252"), None),
    ("bytes.csv", bytes(range(256)) * 8, Code.ROSTER_UNREADABLE),
    ("uden-overskrift.csv", "Nord;Dagteam\nSyd;Aftenteam\n".encode(), Code.ROSTER_NO_HEADER),
])
def test_a_list_in_any_encoding_or_none_is_read_or_a_finding(tmp_path, name, data, expect):
    path = tmp_path / name
    path.write_bytes(data)
    roster = read_roster_file(path)
    if expect is None:
        assert [(e.unit, e.leader, e.teams, e.team_sizes) for e in roster.entries] == [
            ("Bostøtten Nord", "Åse Ørum", ("Dagteam",), {"Dagteam": 10})]
        assert roster.findings == []
    else:
        assert [f.code for f in roster.findings] == [expect] and roster.entries == []
        assert all(f.message and f.file == name for f in roster.findings)
    code, output = ok("rollout", str(path), "--out", str(tmp_path / "ud"))
    assert code == (0 if expect is None else 2 if expect is Code.ROSTER_UNREADABLE else 1)


def test_a_workbook_saved_as_csv_is_read_as_the_workbook_it_is(tmp_path):
    listing = write_list(tmp_path / "liste.xlsx", [["Socialpsykiatrien", "Nord", "", "Dagteam (4)", "2026"]])
    renamed = tmp_path / "liste.csv"
    shutil.copy(listing, renamed)
    assert [e.unit for e in read_roster_file(renamed).entries] == ["Nord"]


def test_watch_keeps_the_plan_current_while_the_list_cannot_be_read(tmp_path):
    folder = tmp_path / "runde"
    folder.mkdir()
    unit_file(folder)
    listing = tmp_path / "liste.csv"
    listing.write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "org.xlsx"
    watcher = Watcher(folder, out, tmp_path / "h.sqlite", settle=0, today=lambda: TODAY, expected=listing)
    org = watcher.step(now=100.0)
    assert org is not None and org.round is None and out.exists()
    listing.write_text(LIST_TEXT.replace("Åse Ørum", ""), encoding="utf-8")
    org = watcher.step(now=200.0)
    assert org is not None and org.round is not None and [u.unit for u in org.round.expected] == ["Bostøtten Nord"]


# -- names that become files ---------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    ".skjult enhed", "~$Enhed", "Enhed.", "con.txt", "NUL", "COM1.x", "COM¹", "CONIN$", "lpt9",
    "漢" * 80, "Bostøtten " * 20, "Enhed\u202egnirts", "Team 1/2: Nat?"])
def test_file_names_from_names_are_safe_everywhere(name):
    file = safe_file_name(name, fallback="enhed")
    stem = file[:-5]
    assert not stem.startswith((".", "~", "$", " ")) and not stem.endswith((".", " "))
    assert max(len(stem.encode()), len(stem.encode("utf-16-le")) // 2) <= MAX_STEM_BYTES
    device = stem.split(".", 1)[0].casefold()
    assert device not in {"con", "prn", "aux", "nul", "conin$", "conout$"} and not (
        device[:3] in ("com", "lpt") and len(device) == 4)
    assert not any(ch in stem for ch in '<>:"/\\|?*\u202e')


def test_rollout_writes_every_unit_whatever_its_name(tmp_path):
    long_cjk, long_latin = "漢" * 80, "Bostøtten Nord og Syd " * 10
    names = [".skjult", "~$Enhed", "con.txt", "COM¹", long_cjk, long_latin]
    listing = write_list(tmp_path / "liste.xlsx", [["Org", n, "", "Dagteam", "2026"] for n in names])
    code, output = ok("rollout", str(listing), "--out", str(tmp_path / "ud"), "--format", "json")
    data = json_of(output)
    assert code == 0 and len(data["made"]) == len(names) and not data["failed"]
    made = [Path(m["file"]) for m in data["made"]]
    assert all(p.exists() and p.parent == tmp_path / "ud" for p in made)
    assert len({p.name for p in made}) == len(names)
    # Every one of them is found again by a merge: no name became a hidden or a lock file.
    code, output = ok("merge", str(tmp_path / "ud"), "-o", str(tmp_path / "org.xlsx"), "--format", "json")
    assert json_of(output)["units"] == len(names)


def test_a_link_to_nothing_in_the_output_folder_is_never_written_through(tmp_path):
    listing = write_list(tmp_path / "liste.xlsx", [["Org", "Nord", "", "Dagteam", "2026"]])
    out = tmp_path / "ud"
    out.mkdir()
    outside = tmp_path / "udenfor" / "Nord.xlsx"
    (out / "Nord.xlsx").symlink_to(outside)
    code, output = ok("rollout", str(listing), "--out", str(out))
    assert "findes allerede" in output and not outside.exists()
    round_ = tmp_path / "runde"
    round_.mkdir()
    unit_file(round_, "Nord.xlsx", unit="Nord")
    nxt = tmp_path / "næste"
    nxt.mkdir()
    (nxt / "Nord.xlsx").symlink_to(outside)
    code, output = ok("next-round", str(round_), "--out", str(nxt))
    assert code == 2 and not outside.exists()


def test_mus_sheets_for_an_employee_with_a_very_long_name(tmp_path):
    path = unit_file(tmp_path)
    name = "Anne-Marie " * 20 + "Hansen"
    code, output = ok("mus", "skriv", str(path), "-o", str(tmp_path / "mus"), "--medarbejder", f"{name} (Dagteam)")
    assert code == 0
    written = list((tmp_path / "mus").glob("*.xlsx"))
    assert len(written) == 1 and len(written[0].name.encode()) <= MAX_STEM_BYTES + 5


# -- the organisation's plan is no unit's workbook ---------------------------------------------------

def test_no_unit_command_changes_the_organisation_plan(tmp_path, example_path):
    org = tmp_path / "organisation.xlsx"
    merge_files([example_path], org, TODAY)
    before = sha(org)
    for args in (["refresh", str(org)], ["validate", str(org)], ["lite", "add", str(org)],
                 ["mus", "skriv", str(org), "-o", str(tmp_path / "mus")], ["next-round", str(org), "--out",
                                                                            str(tmp_path / "n")]):
        code, output = ok(*args)
        assert code == 2 and "organisationens samlede plan" in output, args
        assert sha(org) == before, args
    assert not (tmp_path / "n").exists() or not list((tmp_path / "n").iterdir())


# -- one identity for a unit -------------------------------------------------------------------------

def test_one_unit_however_its_name_is_spelt(tmp_path):
    assert len({unit_key(n) for n in ("Bostøtten Nord", "BOSTØTTEN NORD.", "Bostøtten-Nord", " bostøtten  nord ",
                                      "Bo\u00adstøtten Nord")}) == 1
    folder = tmp_path / "runde"
    folder.mkdir()
    path = unit_file(folder, unit="Bostøtten Nord")
    set_cells(path, {(B, Layout(path).level("Dagteam", "Ønsket", 0)): 4})
    listing = write_list(tmp_path / "liste.xlsx", [["Socialpsykiatrien", "Bostøtten-Nord", "", "Dagteam; Aftenteam",
                                                    "2026"]])
    db = tmp_path / "h.sqlite"
    code, output = ok("merge", str(folder), "-o", str(tmp_path / "org.xlsx"), "--expected", str(listing),
                      "--db", str(db), "--format", "json")
    assert json_of(output)["round"]["delivered"] == 1
    # The leader renames the unit on the Forside; the history still has one unit.
    set_cells(path, {(F, Layout(path).cover("Enhed/tilbud")): "BOSTØTTEN NORD."})
    ok("merge", str(folder), "-o", str(tmp_path / "org.xlsx"), "--db", str(db))
    with history.connect(db) as con:
        assert [u for (u,) in con.execute("SELECT DISTINCT unit FROM rounds")] == ["Bostøtten Nord"]
        assert con.execute("SELECT COUNT(DISTINCT unit) FROM levels").fetchone()[0] <= 1
    assert history.load(db, ["bostøtten-nord"]).rounds == ["2026"]


def test_a_unit_without_a_name_and_a_unit_with_a_hostile_name_merge(tmp_path, example_path):
    hostile = "Enhed 🌟 مرحبا بالعالم שלום " + "x" * 60 + " 👩‍⚕️ slut"
    org_template = example_path
    for name, unit in (("a.xlsx", hostile), ("b.xlsx", "")):
        code, _ = ok("new", str(tmp_path / name), "--unit", unit or " ", "--team", "Team A", "--org", str(org_template))
    code, output = ok("merge", str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx"), "-o", str(tmp_path / "org.xlsx"),
                      "--format", "json")
    assert json_of(output)["units"] == 2
    matrix = CalamineWorkbook.from_path(str(tmp_path / "org.xlsx")).get_sheet_by_name("Kompetencematrix").to_python()
    assert any(hostile in str(v) for row in matrix for v in row)


# -- what leaders type where the tool calculates -------------------------------------------------

def test_values_typed_over_calculated_cells_reach_validate_and_merge(tmp_path):
    folder = tmp_path / "runde"
    folder.mkdir()
    path = unit_file(folder)
    layout = Layout(path)
    set_cells(path, {(D, layout.cell(D, "Medarbejdere")): "Hele Dagteam",
                     (D, layout.cell(D, "Læringsaktivitet")): "Kursus", (D, layout.cell(D, "Ansvar")): "Anne",
                     (D, layout.cell(D, "Timer")): 40, (D, layout.cell(D, "Kroner")): 1000})
    code, output = ok("validate", str(path), "--format", "json")
    typed = [f for f in json_of(output)["files"][0]["findings"] if f["code"] == "calc.typed_over"]
    assert {f["cell"] for f in typed} == {layout.cell(D, "Timer"), layout.cell(D, "Kroner")}
    listing = write_list(tmp_path / "liste.xlsx", [["Socialpsykiatrien", "Bostøtten Nord", "", "Dagteam; Aftenteam",
                                                    "2026"]])
    code, output = ok("merge", str(folder), "-o", str(tmp_path / "org.xlsx"), "--expected", str(listing),
                      "--format", "json")
    assert json_of(output)["round"]["units"][0]["typed_over"] == 2
    rows = CalamineWorkbook.from_path(str(tmp_path / "org.xlsx")).get_sheet_by_name("Status for runden").to_python()
    header = next(r for r in rows if "Enhed" in r)
    line = next(r for r in rows if r and r[0] == "Bostøtten Nord")
    assert line[header.index(t("round.col.typed_over"))] == 2
    # Refresh reports them once, not once from reading and once from writing.
    report = refresh_file(path, TODAY)
    assert sum(1 for f in report.findings if f.code is Code.CALC_TYPED_OVER) == 2


def test_everyone_and_the_leaders_are_counted_once_and_apart():
    sizes = {"Dagteam": 12, "Aftenteam": 10, "Ledergruppen": 2}
    everyone = participants("Alle medarbejdere og ledelsen", tuple(sizes), sizes)
    assert (everyone.count, everyone.leaders, everyone.names) == (24, 2, ())
    staff = participants("Alle medarbejdere", tuple(sizes), sizes)
    assert (staff.count, staff.leaders) == (22, 0)
    lone = participants("Hele huset og lederen", ("Dagteam",), {"Dagteam": 12})
    assert (lone.count, lone.leaders, lone.names) == (13, 1, ())


def test_validate_and_refresh_take_folders_and_patterns(tmp_path, example_path):
    folder = tmp_path / "runde"
    (folder / "nord").mkdir(parents=True)
    shutil.copy(example_path, folder / "nord" / "a.xlsx")
    shutil.copy(example_path, folder / "b.xlsx")
    write_list(folder / "liste.xlsx", [["Org", "Nord", "", "Dagteam", "2026"]])  # no unit: passed over
    code, output = ok("validate", str(folder), "--format", "json")
    data = json_of(output)
    assert len(data["files"]) == 2 and data["passed_over"] == [str(folder / "liste.xlsx")]
    code, output = ok("refresh", str(folder / "*.xlsx"), "--format", "json")
    assert [Path(f["file"]).name for f in json_of(output)["files"]] == ["b.xlsx"]
    code, output = ok("validate", str(folder / "ingen-*.xlsx"))
    assert code == 2


def test_a_table_cut_to_its_header_row_is_read_not_a_crash(example_path, tmp_path):
    """A table left with its header row only (another program saved it so) makes calamine panic
    when asked for the table: the workbook is read as one whose table has no rows, and a merge of
    it goes on to the others."""
    cut = tmp_path / "kun-overskrift.xlsx"
    with zipfile.ZipFile(example_path) as zin, zipfile.ZipFile(cut, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/tables/") and b'ref="' in data:
                head = data.split(b'ref="', 1)[1].split(b'"', 1)[0].decode()
                first, last = head.split(":")
                header_only = f'{first}:{"".join(c for c in last if c.isalpha())}{"".join(c for c in first if c.isdigit())}'
                data = data.replace(f'ref="{head}"'.encode(), f'ref="{header_only}"'.encode())
            zout.writestr(item, data)
    report = read_checked(cut, TODAY, tables=True)
    assert report.result is not None and report.result.unit.profiles
    out = tmp_path / "org.xlsx"
    code, output, escaped = run("merge", str(cut), str(example_path), "-o", str(out))
    assert escaped is None and code in (0, 1) and out.exists(), output


def test_a_workbook_replaced_while_refresh_reads_it_is_a_finding(example_path, monkeypatch):
    """Another program saves something else over the workbook between refresh's reading and its
    writing: refresh says the file changed, leaves what is there, and never traces."""
    import xlkompetence.unit.refresh as refresh_module

    def read_then_replaced(path, *args, **kwargs):
        report = read_checked(path, *args, **kwargs)
        Path(path).write_bytes(b"not a workbook any more")
        return report

    monkeypatch.setattr(refresh_module, "read_checked", read_then_replaced)
    outcome = refresh_file(example_path, TODAY)
    assert outcome.failed and not outcome.written
    assert Code.FILE_CHANGED in {f.code for f in outcome.report.findings}
    assert example_path.read_bytes() == b"not a workbook any more"


def test_a_value_typed_over_a_gap_is_found_by_validate_as_by_refresh(example_path, tmp_path):
    """A leader types the gap she sees over its formula: the same number, so the sheet looks
    right today, but the cell no longer follows the levels. validate, refresh and merge all say
    so at that cell, and refresh keeps what she typed."""
    gap = needs_ref("gap@Team A", 8)
    shown = CalamineWorkbook.from_path(str(example_path)).get_sheet_by_name("Kompetencebehov").to_python()
    row, col = int(gap[1:]) - 1, ord(gap[0]) - ord("A")
    set_cells(example_path, {("Kompetencebehov", gap): shown[row][col]})
    expected = {("Kompetencebehov", gap)}

    def typed(findings) -> set:
        return {(f.sheet, f.cell) for f in findings if f.code == Code.CALC_TYPED_OVER}

    assert typed(read_checked(example_path, TODAY).findings) == expected
    assert typed(refresh_file(example_path, TODAY).report.findings) == expected
    assert typed(read_checked(example_path, TODAY).findings) == expected
    assert CalamineWorkbook.from_path(str(example_path)).get_sheet_by_name("Kompetencebehov").to_python()[row][col] == shown[row][col]
    code, output, escaped = run("merge", str(example_path), "-o", str(tmp_path / "org.xlsx"), "--format", "json")
    merged = json.loads(output)
    assert escaped is None and [(f["code"], f["cell"]) for f in merged["findings"]
                                if f["code"] == Code.CALC_TYPED_OVER] == [(Code.CALC_TYPED_OVER, gap)], output
