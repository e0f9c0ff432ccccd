"""The burden a round puts on a leader, counted: the careful leader's round (4 teams, 6 profiles,
7 plan rows, 3 individual rows, 2 anchoring rows) typed once with every column of the plan, and
once with the appendix's own columns, the derived columns left to fill themselves and three
rows taken from the suggestions with one cell each. Same plan content, same figures for HR."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xlkompetence.core.learning import form_in_text
from xlkompetence.core.models import Cover, Profile, UnitWorkbook
from xlkompetence.core.plandefaults import phase_now
from xlkompetence.core.planning import learning_form_mix, phase_split, totals
from xlkompetence.unit import reader
from xlkompetence.unit.burden import typed_cells
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells
from persona import (CAREFUL_DECISIONS, CAREFUL_LEVELS, CAREFUL_OWN, CAREFUL_PROFILES, CAREFUL_SUGGESTED, CAREFUL_TEAMS, D, Layout, careful_needs,
                     careful_plan_rows, fold, plan)

SUGGESTIONS, CATALOGUE = "Forslag", "Kompetencekatalog"


def issued(path: Path) -> Path:
    teams = tuple(CAREFUL_TEAMS)
    unit = UnitWorkbook(
        cover=Cover(organisation="Socialpsykiatrien", unit="Bostøtten Nord", leader="Anne Holm", period="2026",
                    teams=teams, team_sizes=CAREFUL_TEAMS),
        teams=teams,
        profiles=tuple(Profile(id=pid, strategy="Recovery i hverdagen", goal="Borgeren mestrer sit liv", text=text)
                       for pid, text in CAREFUL_PROFILES))
    write_unit_workbook(path, unit, today=TODAY, issued=True)
    return path


def typed(path: Path, cells: dict) -> None:
    set_cells(path, {(sheet, cell): value for sheet, values in cells.items() for cell, value in values.items()})


def read(path: Path):
    return reader.read(loader.load(path))


def line_cell(path: Path, sheet: str, header: str, first: str, where: str) -> str:
    """The cell under ``header`` in the line of ``sheet`` whose column ``first`` holds ``where``."""
    from xlkompetence.core.cells import ref

    rows = Layout(path).rows[sheet]
    at = next(i for i, r in enumerate(rows) if header in r and first in r)
    col, key = rows[at].index(header) + 1, rows[at].index(first)
    row = next(i for i, r in enumerate(rows[at + 1:], start=at + 2) if fold(r[key]) == fold(where))
    return ref(row, col)


def can_teach(path: Path) -> None:
    """The leader marks the colleagues who learned K2 beside each other as able to teach it."""
    typed(path, {CATALOGUE: {line_cell(path, CATALOGUE, "Kan oplære andre", "Profilnr.", "K2"): "Ja"}})


def every_column(path: Path) -> None:
    """The careful leader as in the round before: all fifteen plan columns typed by hand, before
    any refresh (the hours each row's split is typed from are what the workbook reads)."""
    rows = CAREFUL_OWN + CAREFUL_SUGGESTED
    typed(path, careful_needs(Layout(path)))
    typed(path, plan(Layout(path), careful_plan_rows(rows, every_column=False)))
    by_activity = {r.activity: r for r in read(path).unit.plan}
    records = [by_activity[r["Læringsaktivitet"]] for r in rows]
    typed(path, plan(Layout(path), careful_plan_rows(
        rows, every_column=True, hours=[r.hours for r in records],
        forms=[form_in_text(r.activity) for r in records], phases=[phase_now(r, TODAY) for r in records])))
    refresh_file(path, TODAY)
    can_teach(path)
    refresh_file(path, TODAY)


def appendix_only(path: Path) -> None:
    """The same leader now: the appendix's columns of the own four rows, then the suggestions
    taken with one cell each, then the three taken rows' follow-up, goal and success criteria."""
    typed(path, careful_needs(Layout(path)))
    typed(path, plan(Layout(path), careful_plan_rows(CAREFUL_OWN, every_column=False)))
    refresh_file(path, TODAY)
    can_teach(path)
    refresh_file(path, TODAY)
    takes = {line_cell(path, SUGGESTIONS, "Tag med", "Profilnr.", pid): "Ja" for pid in ("K2", "K3", "K5")}
    typed(path, {SUGGESTIONS: takes})
    refresh_file(path, TODAY)
    layout = Layout(path)
    rows = {r.activity: r.row for r in read(path).unit.plan}
    more = {}
    for row in CAREFUL_SUGGESTED:
        at = rows[row["Læringsaktivitet"]]
        for header in ("Opfølgningsaktivitet", "Læringsmål", "Succeskriterier og evaluering"):
            more[f"{layout.cell(D, header).rstrip('0123456789')}{at}"] = row[header]
    typed(path, {D: more})
    refresh_file(path, TODAY)


def figures(path: Path) -> dict:
    """What HR reads of the plan: every row's content and staff time, the totals, the 30-30-40
    split and the learning-form mix."""
    unit = read(path).unit
    rows = sorted((r.employees, r.need, r.activity, r.timeline, r.responsible, r.resources, r.status, r.follow_up,
                   r.goal, r.success, r.learning_form, r.participants, r.hours, r.phase_hours) for r in unit.plan)
    mix = learning_form_mix(unit.plan)
    return {"rows": rows, "totals": totals(unit.plan), "split": phase_split(unit.plan),
            "mix": {k: (v.activities, v.hours) for k, v in mix.forms.items()}, "unstated": mix.unstated}


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("burden")
    blank = issued(folder / "udsendt.xlsx")
    paths = {"issued": blank}
    for name, leader in (("before", every_column), ("after", appendix_only)):
        paths[name] = folder / f"{name}.xlsx"
        shutil.copy(blank, paths[name])
        leader(paths[name])
    return paths


def test_the_careful_leaders_round_takes_at_most_150_typed_cells(rounds):
    start = read(rounds["issued"])
    before, after = typed_cells(start, read(rounds["before"])), typed_cells(start, read(rounds["after"]))
    print(f"typed cells: before {before.total} ({before.characters} characters) {before.cells}; "
          f"after {after.total} ({after.characters} characters) {after.cells}")
    # Template 5 asks Prioritet per team: the careful leader decides for each team with a gap,
    # where template 4 took one decision per profile. Beyond those extra decisions, the round
    # takes at most 150 typed cells.
    decided = [p for p, (priority, _) in CAREFUL_DECISIONS.items() if priority]
    per_team = sum(1 for p in decided for d, a in dict(CAREFUL_LEVELS)[p].values() if d > a)
    assert before.total >= 190 and after.total - (per_team - len(decided)) <= 150
    # The plan alone: 7 rows of 15 columns against 4 rows of the appendix's 10, 3 taken with one
    # cell and 3 × 3 texts written into them.
    assert before.cells[D] == 7 * 15 and after.cells[D] == 4 * 10 + 3 * 3 and after.cells[SUGGESTIONS] == 3


def test_the_same_plan_and_the_same_figures_for_hr(rounds):
    before, after = figures(rounds["before"]), figures(rounds["after"])
    assert len(after["rows"]) == 7
    assert after == before


def test_figures_complete_where_the_leader_typed_only_the_appendixs_columns(rounds):
    after = figures(rounds["after"])
    assert after["split"].unphased_hours == 0 and after["split"].total == after["totals"][0] > 0
    assert after["unstated"].activities == 0
