"""The round around the plan: learning forms, TUS, the year wheel, the competence catalogue,
the leader group and staff training, each through every path: template → typed → read →
refresh → merge → sync, and a workbook from before them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from xlkompetence.core import examples
from xlkompetence.core.learning import LEARNING_FORM_NAMES, ROOMS
from xlkompetence.core.models import PlanRow, Profile, UnitWorkbook
from xlkompetence.core.planning import learning_form_mix
from xlkompetence.core.schema import CATALOGUE, NEEDS, PLAN, SCHEMA_VERSION, placed_columns
from xlkompetence.core.wheel import next_wheel_date, wheel_status
from xlkompetence.org.disclosure import Disclosure
from xlkompetence.org.merge import merge_files
from xlkompetence.org.sync import sync_paths
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader

from conftest import TODAY, copy_of, needs_ref, set_cells
from office import LibreOfficeError

A, B, D, F = "Mål og kompetenceprofil", "Kompetencebehov", "Plan for kompetenceudvikling", "Forside"
K = CATALOGUE.name
TEAMS = ("Team A", "Ledergruppen")


def plan_col(key: str) -> str:
    n = [p.key for p in placed_columns(PLAN)].index(key) + 1
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n - 1]


def lead(which: str, row: int) -> str:
    """The leader group's cell in Kompetencebehov, where the schema places it."""
    return needs_ref(f"{which}@Ledergruppen", row, TEAMS)


def wheel_row(path: Path, event: str) -> int:
    ws = openpyxl.load_workbook(path)[F]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == event)


@pytest.fixture
def unit(tmp_path, typed_unit) -> Path:
    """The typed unit, written once for the module: each test changes a copy of its own."""
    return copy_of(typed_unit, tmp_path / "enhed.xlsx")


@pytest.fixture(scope="module")
def typed_unit(tmp_path_factory) -> Path:
    """A unit with a staff team and the leader group, typed in as a leader would."""
    path = tmp_path_factory.mktemp("enhed") / "enhed.xlsx"
    write_unit_workbook(path, examples.blank("Solhjem", TEAMS), today=TODAY)
    vurdering, mus, tus = (wheel_row(path, e) for e in ("Vurdering af kompetencer", "MUS/PUS", "TUS"))
    c = plan_col
    set_cells(path, {
        (A, "A5"): "K1", (A, "B5"): "Recovery", (A, "C5"): "Dialog", (A, "D5"): "Vi skal kunne føre åben dialog.",
        (A, "A6"): "K2", (A, "C6"): "Ledelse", (A, "D6"): "Vi skal kunne coache medarbejderne.",
        # Team A: K1 5/4 (gap 1); the leader group: K2 5/2 (gap 3), not mixed into the staff's mean.
        (B, "A8"): "K1", (B, "C8"): 5, (B, "D8"): 4, (B, lead("desired", 8)): 5, (B, lead("actual", 8)): 5,
        (B, "A9"): "K2", (B, "C9"): 3, (B, "D9"): 3, (B, lead("desired", 9)): 5, (B, lead("actual", 9)): 2,
        (B, "C4"): "Team A vil føre åben dialog.", (B, lead("desired", 4)): "Lederne vil coache.",
        (B, "C5"): "12-01-2026", (B, "C6"): "Kursus i åben dialog for Anne; sidemandsoplæring bagefter.",
        # Plan: a course, staff training without a profile, a leaders' network, a form not on the list.
        (D, "A5"): "Anne", (D, "B5"): "K1", (D, "C5"): "Kursus i åben dialog", (D, f"{c('timeline')}5"): "2026",
        (D, "G5"): "Lise", (D, "I5"): "20 timer + 8.000 kr.", (D, "J5"): "Gennemført", (D, f"{c('learning_form')}5"): "Kortere kursus",
        (D, "A6"): "Hele Team A", (D, "C6"): "Personaletræning med ekstern træner", (D, "G6"): "Lise",
        (D, "I6"): "30 timer", (D, "J6"): "I gang", (D, f"{c('learning_form')}6"): "personaletræning",
        (D, "A7"): "Lise", (D, "B7"): "K2", (D, "C7"): "Ledernetværk", (D, "G7"): "Lise", (D, "J7"): "Forankret",
        (D, f"{c('learning_form')}7"): "Netværk", (D, f"{c('timeline')}7"): "2025",
        (D, "A8"): "Bo", (D, "B8"): "K1", (D, "C8"): "Yogaforløb", (D, "G8"): "Lise", (D, "J8"): "I gang",
        (D, f"{c('learning_form')}8"): "Yoga",
        # The year wheel: one date passed and not done, one done, one to come.
        (F, f"B{vurdering}"): "10-01-2026", (F, f"B{mus}"): "01-03-2026", (F, f"C{mus}"): "Ja",
        (F, f"B{tus}"): "15-01-2027",
    })
    return path


def test_learning_forms_are_ten_in_three_rooms_and_the_mix_adds_up():
    assert len(LEARNING_FORM_NAMES) == 10 and len(ROOMS) == 3
    rows = [PlanRow(learning_form="Kortere kursus", hours=20, kroner=8000), PlanRow(learning_form="Netværk", hours=5),
            PlanRow(learning_form="Sidemandsoplæring", hours=6), PlanRow(hours=1)]
    mix = learning_form_mix(rows)
    assert (mix.rooms["Ekstern formel"].activities, mix.rooms["Ekstern formel"].hours) == (2, 25.0)
    assert mix.rooms["Intern uformel"].hours == 6.0 and mix.unstated.activities == 1
    assert (mix.total.activities, mix.total.hours, mix.total.kroner) == (4, 32.0, 8000.0)


def test_the_template_carries_the_new_fields(tmp_path):
    path = tmp_path / "ny.xlsx"
    write_unit_workbook(path, examples.blank("Ny", TEAMS), today=TODAY)
    wb = openpyxl.load_workbook(path)
    assert wb[F]["B9"].value == SCHEMA_VERSION == "5"
    assert [wb[B].cell(r, 1).value for r in (4, 5, 6)] == ["Teamets læringsmål", "Drøftet på TUS (dato)",
                                                           "Aftaler fra TUS"]
    forms = [dv for dv in wb[D].data_validations.dataValidation if "Kortere kursus" in (dv.formula1 or "")]
    assert forms and forms[0].type == "list" and f"{plan_col('learning_form')}5" in str(forms[0].sqref)
    assert [wb[F].cell(wheel_row(path, "Vurdering af kompetencer") + i, 1).value for i in range(5)] == [
        "Vurdering af kompetencer", "MUS/PUS", "TUS", "Handleplan", "Opfølgningsmøde"]
    assert K in wb.sheetnames and wb[K]["G4"].value == "Kan oplære andre"
    assert any("Ja,Nej" in (dv.formula1 or "") for dv in wb[K].data_validations.dataValidation)


def test_what_was_typed_reads_and_staff_training_needs_no_profile(unit):
    report = read_checked(unit, TODAY)
    u = report.unit
    assert [r.learning_form for r in u.plan] == ["Kortere kursus", "Personaletræning", "Netværk", None]
    codes = {(f.code, f.cell) for f in report.findings}
    lf = plan_col("learning_form")
    assert ("plan.learning_form_unknown", f"{lf}8") in codes
    # Personaletræning without a profile: no red-thread warning for its row.
    assert not [f for f in report.findings if f.code.startswith("thread.need") and f.cell == "B6"]
    goal = u.team_goal_of("Team A")
    assert goal.tus_date == date(2026, 1, 12) and goal.tus_agreements.startswith("Kursus i åben dialog")
    wheel = {e.event: e for e in u.cover.wheel}
    assert wheel["MUS/PUS"].done and wheel["TUS"].when == date(2027, 1, 15)
    assert ("wheel.overdue", f"B{wheel['Vurdering af kompetencer'].row}") in codes
    assert next_wheel_date(u, TODAY).event == "TUS"
    assert "template.older" not in {f.code for f in report.findings}


def test_refresh_writes_wheel_status_catalogue_and_overview(unit):
    refresh_file(unit, TODAY)
    source = loader.load(unit)
    cover = source.grids[F]
    row = wheel_row(unit, "Vurdering af kompetencer")
    assert [cover.get(row + i, 4) for i in range(3)] == ["Overskredet", "Udført", "Planlagt"]
    cat = source.grids[K]
    lines = [cat.rows[r][:6] for r in range(4, 6)]
    assert lines == [["Anne", "Kursus i åben dialog", "Kortere kursus", 2026, "K1", "5"],
                     ["Lise", "Ledernetværk", "Netværk", 2025, "K2", "7"]]
    ov = source.grids["Overblik"]
    labels = {ov.get(r, 1): (ov.get(r, 2), ov.get(r, 3)) for r in range(1, ov.height + 1)}
    assert labels["Næste dato i årshjulet"] == (date(2027, 1, 15), "TUS")
    assert labels["Kortere kursus"][0] == 1 and labels["Personaletræning"][0] == 1
    assert labels["Ekstern formel"][0] == 2 and labels["Intern formel"][0] == 1
    # The leader group's gap of 3 stays out of the staff's mean positive gap (Team A: 1).
    assert labels["Gns. positivt gab"][0] == 1.0
    assert labels["Ledergruppen: gns. positivt gab"][0] == 3.0 and labels["Ledergruppen: stort gab (2+)"][0] == 1


def test_a_typed_kan_oplaere_andre_stays_with_its_line_when_the_plan_changes(unit):
    refresh_file(unit, TODAY)
    set_cells(unit, {(K, "G5"): "Ja"})
    # A new completed row above Anne's moves her line down in the catalogue.
    set_cells(unit, {(D, "A5"): "Bo", (D, "C5"): "Sidemandsoplæring i åben dialog",
                     (D, "A9"): "Anne", (D, "B9"): "K1", (D, "C9"): "Kursus i åben dialog", (D, "G9"): "Lise",
                     (D, "J9"): "Gennemført", (D, f"{plan_col('timeline')}9"): "2026"})
    report = refresh_file(unit, TODAY)
    assert report.written
    cat = loader.load(unit).grids[K]
    lines = {(cat.rows[r][0], cat.rows[r][1]): cat.rows[r][6] for r in range(4, cat.height) if cat.rows[r][0]}
    assert lines[("Anne", "Kursus i åben dialog")] == "Ja"
    assert lines[("Bo", "Sidemandsoplæring i åben dialog")] in ("", None)
    # Removed from the plan, the typed line stays, marked as no longer in it.
    set_cells(unit, {(D, "J9"): "I gang"})
    refresh_file(unit, TODAY)
    cat = loader.load(unit).grids[K]
    gone = [cat.rows[r] for r in range(4, cat.height) if cat.rows[r][0] == "Anne"]
    assert gone and gone[0][5] == "Ikke længere i planen" and gone[0][6] == "Ja"


def test_merge_shows_mix_resources_and_tus_without_names_unless_asked(unit, tmp_path):
    refresh_file(unit, TODAY)
    set_cells(unit, {(K, "G5"): "Ja"})
    out = tmp_path / "org.xlsx"
    merge_files([unit], out, TODAY, key_file=tmp_path / "key")
    wb = openpyxl.load_workbook(out)
    mix = [[c.value for c in row] for row in wb["Læringsformer"].iter_rows(min_row=4)]
    assert ["Solhjem", "Kortere kursus", "Ekstern formel", 1, 20, 8000] in mix
    assert any(r[0] == "I alt" and r[1] == "Netværk" and r[3] == 1 for r in mix)
    res = [[c.value for c in row] for row in wb["Ressourcepersoner"].iter_rows(min_row=4)]
    assert res == [["Solhjem", "K1", 1, None]]
    teams = {r[1].value: [c.value for c in r] for r in wb["Teams"].iter_rows(min_row=4)}
    assert teams["Ledergruppen"][8] == "Ja" and teams["Team A"][8] == "Nej"
    # What the team agreed stays in the unit: HR sees when, and how many agreements.
    assert teams["Team A"][9].date() == date(2026, 1, 12) and teams["Team A"][10] == "2 (teksten bliver i enheden)"
    figures = {r[0].value: r[1].value for r in wb["Overblik"].iter_rows(max_col=2) if isinstance(r[0].value, str)}
    # The leader group's gap of 3 stays out of the organisation's sums, and is shown apart.
    assert figures["Gns. positivt gab"] == 1.0 and figures["Stort gab (2+) (team og profil)"] == 0
    assert figures["Ledergrupper: gns. positivt gab"] == 3.0 and figures["Ledergrupper: stort gab (2+)"] == 1
    matrix = {r[0].value: r[3].value for r in wb["Kompetencematrix"].iter_rows() if r[0].value in ("K1", "K2")}
    assert matrix == {"K1": 1, "K2": 0}  # staff means: Team A's gaps only
    named = tmp_path / "org-navne.xlsx"
    merge_files([unit], named, TODAY, key_file=tmp_path / "key", disclosure=Disclosure.NAMES)
    res = [[c.value for c in row] for row in openpyxl.load_workbook(named)["Ressourcepersoner"].iter_rows(min_row=4)]
    assert res == [["Solhjem", "K1", 1, "Anne"]]
    free = tmp_path / "org-fritekst.xlsx"
    merge_files([unit], free, TODAY, key_file=tmp_path / "key", disclosure=Disclosure.of(free_text=True))
    teams = {r[1].value: [c.value for c in r] for r in openpyxl.load_workbook(free)["Teams"].iter_rows(min_row=4)}
    # Asked for, the agreements come with a person's name as a pseudonym.
    assert "åben dialog" in teams["Team A"][10] and "Anne" not in teams["Team A"][10]


def test_sync_keeps_tus_wheel_and_catalogue(unit, tmp_path):
    refresh_file(unit, TODAY)
    set_cells(unit, {(K, "G5"): "Ja"})
    org = tmp_path / "org-skabelon.xlsx"
    write_unit_workbook(org, UnitWorkbook(profiles=(Profile(id="K1", strategy="Recovery", goal="Dialog",
                                                            text="Vi skal kunne føre åben dialog."),),
                                          teams=("Organisation",)), today=TODAY)
    (report,) = sync_paths(org, [unit], TODAY)
    assert report.exit_code == 0
    after = read_checked(unit, TODAY).unit
    assert after.team_goal_of("Team A").tus_date == date(2026, 1, 12)
    assert {e.event for e in after.cover.wheel if e.when} == {"Vurdering af kompetencer", "MUS/PUS", "TUS"}
    assert [(e.employees, e.can_teach) for e in after.catalogue if e.can_teach] == [("Anne", "Ja")]


def test_a_workbook_from_before_reads_as_an_older_template(tmp_path):
    """Version 2 had no Læringsform, TUS rows, year wheel or catalogue: it reads without an
    error, says so once, and refresh leaves it without the new sheet."""
    old = Path(__file__).parent / "corpus" / "v2-eksempel.xlsx"
    path = tmp_path / "gammel.xlsx"
    path.write_bytes(old.read_bytes())
    report = read_checked(path, TODAY)
    assert report.exit_code == 0
    (older,) = [f for f in report.findings if f.code == "template.older"]
    assert "Læringsform" in older.message and "Kompetencekatalog" in older.message and "Årshjul" in older.message
    # No Læringsform column: the form comes from the activity's wording, as the tool's.
    assert report.unit.team_goal_of("Team B").text and report.unit.plan[0].derived == ("learning_form",)
    result = refresh_file(path, TODAY)
    assert result.written
    assert K not in loader.load(path).grids
    assert read_checked(path, TODAY).exit_code == 0


def test_needs_rows_are_found_by_label(tmp_path):
    """The header row moved from 5 to 7; both layouts read (the constants are the template's)."""
    assert NEEDS.name == B
    path = tmp_path / "ny.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    old = Path(__file__).parent / "corpus" / "v2-eksempel.xlsx"
    new_levels = {(a.profile_id, a.team): (a.desired, a.actual) for a in read_checked(path, TODAY).unit.assessments}
    old_levels = {(a.profile_id, a.team): (a.desired, a.actual) for a in read_checked(old, TODAY).unit.assessments}
    assert new_levels == old_levels and len(new_levels) == 12


def test_a_status_typed_over_the_year_wheel_is_kept_and_reported(unit):
    row = wheel_row(unit, "Vurdering af kompetencer")
    set_cells(unit, {(F, f"D{row}"): "Flyttet til marts"})
    report = refresh_file(unit, TODAY)
    assert loader.load(unit).grids[F].get(row, 4) == "Flyttet til marts"
    assert (F, f"D{row}") in {(f.sheet, f.cell) for f in report.findings if f.code == "calc.typed_over"}


def add_in_writes(path: Path, today: date = TODAY) -> tuple[dict[tuple[str, int, int], object], list]:
    """What the add-in (the remote engine) writes into ``path`` opened in Excel, cell by cell,
    and what it found."""
    import xlwings as xw
    from python_calamine import CalamineWorkbook

    from conftest import xlwings_payload
    from xlkompetence.excel import addin

    book = xw.Book(json=xlwings_payload(path))
    outcome = addin.refresh_book(book, today)
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    written: dict[tuple[str, int, int], object] = {}
    for a in book.json()["actions"]:
        if a["func"] in ("setValues", "setFormula"):
            r0, c0 = a["start_row"] + 1, a["start_column"] + 1
            for i, line in enumerate(a["values"]):
                for j, v in enumerate(line):
                    written[(names[a["sheet_position"]], r0 + i, c0 + j)] = v
    return written, outcome.findings


def test_the_add_in_leaves_the_wheel_to_excel_and_writes_the_catalogue_with_its_typed_column(unit):
    """The remote engine: the open workbook's statuses are Excel's own (locked, live), checked
    against the core; the catalogue is written as in the file."""
    refresh_file(unit, TODAY)
    set_cells(unit, {(K, "G5"): "Ja", (D, "A5"): "Bo", (D, "C5"): "Sidemandsoplæring",
                     (D, "A9"): "Anne", (D, "B9"): "K1", (D, "C9"): "Kursus i åben dialog", (D, "G9"): "Lise",
                     (D, "J9"): "Gennemført", (D, f"{plan_col('timeline')}9"): "2026"})
    written, findings = add_in_writes(unit)
    assert not [key for key in written if key[0] == F and key[2] == 4]
    assert "calc.differs" not in {f.code for f in findings}
    lines = {(written.get((K, r, 1)), written.get((K, r, 2))): written.get((K, r, 7)) for r in range(5, 10)}
    assert lines[("Anne", "Kursus i åben dialog")] == "Ja" and lines[("Bo", "Sidemandsoplæring")] in ("", None)
    # A status Excel shows that is not the core's is reported, not written over.
    row = wheel_row(unit, "Vurdering af kompetencer")
    set_cells(unit, {(F, f"D{row}"): "Planlagt"})
    written, findings = add_in_writes(unit)
    assert not [key for key in written if key[0] == F and key[2] == 4]
    assert [(f.code, f.cell, f.value) for f in findings if f.code == "calc.differs"] == [
        ("calc.differs", f"D{row}", "Planlagt")]


def test_the_year_wheel_status_is_a_locked_calculated_cell(tmp_path, libreoffice):
    """The year wheel's Status is calculated like the gaps: a live formula in a locked cell, so
    a person cannot type over it (LibreOffice refuses, as Excel does), that LibreOffice
    calculates to what the core says, and that refresh keeps cached for readers that do not
    calculate."""
    path = tmp_path / "hjul.xlsx"
    write_unit_workbook(path, examples.blank("Solhjem", TEAMS), today=TODAY)
    first = wheel_row(path, "Vurdering af kompetencer")
    ws = openpyxl.load_workbook(path)[F]
    assert ws.protection.sheet
    statuses = [ws.cell(first + i, 4) for i in range(10)]
    assert all(c.protection.locked and str(c.value).startswith("=IF(") for c in statuses)
    assert all(not ws.cell(first + i, c).protection.locked for i in range(10) for c in (1, 2, 3))
    with pytest.raises(LibreOfficeError, match="låst"):
        libreoffice.edit(path, {F: {f"D{first}": "Udført"}})
    # Dates a leader types in LibreOffice (passed, passed but done, to come, none), then
    # LibreOffice's own calculation: its TODAY() is the machine's day, so the core is asked for that day.
    now = date.today()
    libreoffice.edit(path, {F: {f"B{first}": date(2020, 1, 10), f"B{first + 1}": date(2020, 3, 1),
                                f"C{first + 1}": "ja", f"B{first + 2}": date(2999, 1, 15), f"C{first + 3}": "x"}})
    shown = libreoffice.sheets_as_csv(path, tmp_path / "csv")[F]
    unit = read_checked(path, now).unit
    expected = {e.row: wheel_status(e, now) for e in unit.cover.wheel}
    assert [expected[first + i] for i in range(5)] == ["Overskredet", "Udført", "Planlagt", "Udført", ""]
    assert {row: shown[row - 1][3] for row in expected} == expected
    # Refresh writes the core's value as the formula's cached result, and keeps the formula.
    refresh_file(path, TODAY)
    assert [loader.load(path).grids[F].get(first + i, 4) for i in range(3)] == ["Overskredet", "Udført", "Planlagt"]
    assert str(openpyxl.load_workbook(path)[F].cell(first, 4).value).startswith("=IF(")


def test_a_wheel_from_before_the_live_status_keeps_its_values(unit, tmp_path):
    """A workbook from template 3 had the status as a value in an unlocked cell: refresh and
    the add-in go on writing it there, and a status typed over it is still kept and reported."""
    first = wheel_row(unit, "Vurdering af kompetencer")
    version = next(r for r in range(1, 20) if openpyxl.load_workbook(unit)[F].cell(r, 1).value == "Skabelonversion")
    set_cells(unit, {(F, f"B{version}"): "3", **{(F, f"D{first + i}"): None for i in range(10)}})
    assert refresh_file(unit, TODAY).written
    cover = loader.load(unit).grids[F]
    assert [cover.get(first + i, 4) for i in range(3)] == ["Overskredet", "Udført", "Planlagt"]
    assert not str(openpyxl.load_workbook(unit)[F].cell(first, 4).value).startswith("=")
    written, _ = add_in_writes(unit, date(2027, 2, 1))
    assert written[(F, first + 2, 4)] == "Overskredet"  # the TUS of 15 January 2027 has passed
