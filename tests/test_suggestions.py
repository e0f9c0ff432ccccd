"""Suggestions where a gap has no plan, and the plan columns that fill themselves: a typed value
always beats a derived one, a suggestion is never counted, and a suggestion names a person only
where the leader recorded consent."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlkompetence.core.models import CatalogueEntry, Cover, Decision, PlanRow, Profile, UnitWorkbook, Assessment
from xlkompetence.core.suggestions import Teacher, by_unit, suggestions
from xlkompetence.org.merge import merge_files
from xlkompetence.unit import reader
from xlkompetence.unit.overview import summarise
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells
from persona import D, Layout, levels, plan
from test_burden import issued, line_cell, typed

F = "Forslag"


def read(path: Path):
    return reader.read(loader.load(path))


def unit_with(can_teach: str = "", elsewhere: bool = False) -> UnitWorkbook:
    """Dagteam and Aftenteam; K1 with a gap of 2 for Aftenteam, nothing planned; Pia Holm of
    Dagteam learned K1 last year (``can_teach`` as the leader marked her)."""
    teams = ("Dagteam", "Aftenteam")
    return UnitWorkbook(
        cover=Cover(unit="Bostøtten Nord", leader="Anne Holm", period="2026", teams=teams,
                    team_sizes={"Dagteam": 10, "Aftenteam": 8}),
        teams=teams, profiles=(Profile(id="K1", text="Vi skal kunne føre motiverende samtaler."),),
        assessments=(Assessment(profile_id="K1", team="Dagteam", desired=4, actual=4),
                     Assessment(profile_id="K1", team="Aftenteam", desired=4, actual=2)),
        catalogue=() if elsewhere else (CatalogueEntry(employees="Pia Holm", activity="Temadag om MI",
                                                       profile_ids=("K1",), can_teach=can_teach),))


def test_a_suggestion_names_the_unit_and_a_person_only_with_recorded_consent():
    (plain,) = suggestions(unit_with("Ja"))
    assert plain.teams == ("Aftenteam",) and plain.learning_form == "Sidemandsoplæring"
    assert "Pia" not in plain.activity and "Bostøtten Nord" in plain.activity
    assert plain.employees == "Hele Aftenteam" and plain.hours == 8 * 4  # 4 hours each for 8 people
    (named,) = suggestions(unit_with("Ja – navn må nævnes"))
    assert "Pia Holm" in named.activity
    (nobody,) = suggestions(unit_with("Nej"))
    assert nobody.learning_form == "Kortere kursus" and "Pia" not in nobody.activity
    # The organisation's catalogue: another unit's colleague, named by the unit without consent.
    other = by_unit({"Botilbuddet Solhjem": [CatalogueEntry(employees="Lise Berg", activity="MI",
                                                            profile_ids=("K1",), can_teach="Ja")]})
    (there,) = suggestions(unit_with(elsewhere=True), other)
    assert there.learning_form == "Intern undervisning" and "Botilbuddet Solhjem" in there.activity
    assert "Lise" not in there.activity
    (agreed,) = suggestions(unit_with(elsewhere=True), [Teacher("Lise Berg", ("K1",), "Botilbuddet Solhjem", True)])
    assert "Lise Berg" in agreed.activity


def test_only_prioritised_or_large_gaps_without_an_activity_are_suggested():
    unit = unit_with("Ja")
    assert suggestions(unit.model_copy(update={"decisions": (Decision(profile_id="K1", priority="Ikke nu"),)})) == []
    covered = PlanRow(employees="Hele Aftenteam", need="K1", activity="Temadag", profile_ids=("K1",))
    assert suggestions(unit.model_copy(update={"plan": (covered,)})) == []
    small = unit.model_copy(update={"assessments": (Assessment(profile_id="K1", team="Aftenteam", desired=3, actual=2),)})
    assert suggestions(small) == []
    short = small.model_copy(update={"decisions": (Decision(profile_id="K1", priority="Kort sigt"),)})
    assert [s.gap for s in suggestions(short)] == [1]


@pytest.fixture
def workbook(tmp_path) -> Path:
    """A unit whose K2 gap of 2 for Dagteam has no activity, and one typed plan row."""
    path = issued(tmp_path / "enhed.xlsx")
    layout = Layout(path)
    typed(path, levels(layout, [("K1", {"Dagteam": (4, 3)}), ("K2", {"Dagteam": (4, 2)})]))
    typed(path, plan(layout, [{"Medarbejdere": "Hele Dagteam", "Kompetencebehov": "K1", "Ansvar": "Anne Holm",
                               "Læringsaktivitet": "Kursus i MI", "Ressourceforbrug": "10 timer pr. medarbejder",
                               "Status": "I gang"}]))
    assert refresh_file(path, TODAY).written
    return path


def test_a_suggestion_is_never_counted_until_it_is_taken(workbook, tmp_path):
    result = read(workbook)
    assert [r.activity for r in result.unit.plan] == ["Kursus i MI"]
    forslag = Layout(workbook).rows[F]
    assert any("K2" in row and "Hele Dagteam" in row for row in forslag)
    summary = summarise(result.unit, result.findings, TODAY)
    assert (summary.plan_rows, summary.hours) == (1, 100)
    org = merge_files([workbook], tmp_path / "organisation.xlsx", TODAY)
    assert [r.activity for _, r in org.plan] == ["Kursus i MI"]
    # Taken with one cell: a real plan row at the next refresh, with its figures.
    set_cells(workbook, {(F, line_cell(workbook, F, "Tag med", "Profilnr.", "K2")): "Ja"})
    assert refresh_file(workbook, TODAY).written
    rows = {r.need: r for r in read(workbook).unit.plan}
    taken = rows["K2"]
    assert (taken.employees, taken.status, taken.responsible, taken.participants) == (
        "Hele Dagteam", "Ikke startet", "Anne Holm", 10)
    assert taken.learning_form == "Kortere kursus" and taken.hours == 148
    assert taken.phase_hours == (44.4, 44.4, 59.2)
    assert not any("K2" in row for row in Layout(workbook).rows[F])
    org = merge_files([workbook], tmp_path / "organisation-2.xlsx", TODAY)
    assert sorted(r.need for _, r in org.plan) == ["K1", "K2"]


def test_a_typed_value_always_beats_a_derived_one(workbook):
    layout = Layout(workbook)
    cell = {h: layout.cell(D, h) for h in ("Fase", "Læringsform", "Indsats før", "Indsats under", "Indsats efter",
                                           "Læringsaktivitet")}
    shown = lambda: {h: Layout(workbook).value(D, c) for h, c in cell.items()}  # noqa: E731
    first = shown()
    assert (first["Fase"], first["Læringsform"]) == ("Under", "Kortere kursus")
    assert (first["Indsats før"], first["Indsats efter"]) == ("ca. 30 timer", "ca. 40 timer")
    row = read(workbook).unit.plan[0]
    assert row.phase is None and row.derived == ("learning_form", "phase_hours")  # the tool's, not typed
    # The wording changes: what refresh wrote follows it.
    set_cells(workbook, {(D, cell["Læringsaktivitet"]): "Sidemandsoplæring i MI"})
    refresh_file(workbook, TODAY)
    assert shown()["Læringsform"] == "Sidemandsoplæring"
    # The leader types: every typed value stays, refresh after refresh, and counts as typed.
    set_cells(workbook, {(D, cell["Læringsform"]): "Mentorordning", (D, cell["Indsats efter"]): "60 timer",
                         (D, cell["Fase"]): "Efter"})
    for _ in range(2):
        refresh_file(workbook, TODAY)
        now = shown()
        assert (now["Læringsform"], now["Indsats efter"], now["Fase"]) == ("Mentorordning", "60 timer", "Efter")
    row = read(workbook).unit.plan[0]
    assert (row.learning_form, row.phase, row.derived) == ("Mentorordning", "Efter", ())
    assert row.hours == 60 and row.phase_hours == (0, 0, 60)  # the typed split, not the expected one
    assert now["Indsats før"] in (None, "")  # the expected split no longer applies
    # Cleared, a cell is the tool's again.
    set_cells(workbook, {(D, cell["Læringsform"]): None})
    refresh_file(workbook, TODAY)
    assert shown()["Læringsform"] == "Sidemandsoplæring"
