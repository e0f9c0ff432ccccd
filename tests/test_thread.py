"""The red thread between the sheets, the leader's priorities, and staff time: real workbooks
written by the template writer, typed into as a leader would, read back and refreshed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from xlkompetence.core import examples
from xlkompetence.core.findings import Code, Severity
from xlkompetence.core.gaps import deficit
from xlkompetence.core.models import Assessment, Cover, Profile, TeamGoal, UnitWorkbook
from xlkompetence.core.resources import HOURS_PER_DAY
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader

from conftest import TODAY, needs_ref, set_cells

A, B, D, E, F = ("Mål og kompetenceprofil", "Kompetencebehov", "Plan for kompetenceudvikling", "Forankring",
                 "Forside")


def three_gaps(path: Path) -> Path:
    """Three profiles each with a gap of 2 or more for Team A (Team B at its level), learning
    goals, and no plan."""
    profiles = tuple(Profile(id=f"K{i}", strategy="Recovery i alt", goal="Bedre dialog", text=f"Vi skal kunne {word}.")
                     for i, word in enumerate(("lytte", "spørge", "samarbejde"), start=1))
    teams = ("Team A", "Team B")
    assessments = tuple(Assessment(profile_id=p.id, team="Team A", desired=5, actual=3 - i % 2)
                        for i, p in enumerate(profiles)) + tuple(
        Assessment(profile_id=p.id, team="Team B", desired=3, actual=3) for p in profiles)
    unit = UnitWorkbook(cover=Cover(unit="Enhed", teams=teams), teams=teams, profiles=profiles,
                        assessments=assessments,
                        team_goals=(TeamGoal(team="Team A", text="Vi skal blive bedre til dialog."),
                                    TeamGoal(team="Team B")))
    write_unit_workbook(path, unit, today=TODAY)
    return path


TWO = ("Team A", "Team B")
PRIORITY, REASON = ((lambda row: needs_ref("team_priority@Team A", row, TWO)),
                    (lambda row: needs_ref("team_reason@Team A", row, TWO)))


def codes(path: Path, code: Code) -> list[tuple[str | None, str | None]]:
    return [(f.sheet, f.cell) for f in read_checked(path, TODAY).findings if f.code == code]


def test_a_blank_workbook_says_where_the_thread_begins(blank_path):
    report = read_checked(blank_path, TODAY)
    (found,) = [f for f in report.findings if f.code == Code.THREAD_NOT_STARTED]
    assert found.severity is Severity.INFO and found.sheet == A
    assert "Mål og kompetenceprofil" in found.message and report.exit_code == 0


def test_three_gaps_and_an_empty_plan_no_longer_validate_clean(tmp_path):
    path = three_gaps(tmp_path / "enhed.xlsx")
    assert codes(path, Code.THREAD_GAP_WITHOUT_ACTIVITY) == [(B, "A8"), (B, "A9"), (B, "A10")]
    # One row covers K1 and K2 for the whole team; K3 is still uncovered.
    set_cells(path, {(D, "A5"): "Hele Team A", (D, "B5"): "K1, K2", (D, "C5"): "Kursus", (D, "G5"): "Leder"})
    assert codes(path, Code.THREAD_GAP_WITHOUT_ACTIVITY) == [(B, "A10")]


def test_an_activity_for_another_team_does_not_cover_the_gap(tmp_path):
    path = three_gaps(tmp_path / "enhed.xlsx")
    set_cells(path, {(D, "A5"): "Hele Team B", (D, "B5"): "K1", (D, "C5"): "Kursus", (D, "G5"): "Leder"})
    assert (B, "A8") in codes(path, Code.THREAD_GAP_WITHOUT_ACTIVITY)
    set_cells(path, {(D, "A5"): "Hele Team B og Åse (Team A)"})  # a member of Team A takes part
    assert (B, "A8") not in codes(path, Code.THREAD_GAP_WITHOUT_ACTIVITY)
    set_cells(path, {(D, "A5"): "Anne og Bo"})  # named people, no team: the row covers the unit
    assert (B, "A8") not in codes(path, Code.THREAD_GAP_WITHOUT_ACTIVITY)


@pytest.mark.parametrize(("priority", "reason", "gap_finding", "reason_finding"), [
    (None, None, True, False),
    ("Kort sigt", None, True, False),            # prioritised now: an activity is wanted
    ("Længere sigt", None, False, True),         # the leader decided; the reason is missing
    ("Ikke nu", None, False, True),
    ("Ikke nu", "Afventer ny ledergruppe.", False, False),
])
def test_the_leader_decides_the_tool_points_at_what_is_unlinked(tmp_path, priority, reason, gap_finding,
                                                                 reason_finding):
    path = three_gaps(tmp_path / "enhed.xlsx")
    set_cells(path, {(B, PRIORITY(10)): priority, (B, REASON(10)): reason})
    assert ((B, "A10") in codes(path, Code.THREAD_GAP_WITHOUT_ACTIVITY)) is gap_finding
    assert (codes(path, Code.NEEDS_REASON_MISSING) == [(B, REASON(10))]) is reason_finding


def test_the_priority_list_follows_the_leader_first_and_the_gap_second(tmp_path):
    path = three_gaps(tmp_path / "enhed.xlsx")  # gaps: K1 2, K2 3, K3 2
    set_cells(path, {(B, PRIORITY(10)): "Kort sigt", (B, REASON(10)): "Borgerne efterspørger det.",
                     (B, PRIORITY(9)): "Ikke nu", (B, REASON(9)): "Kommer næste år."})
    refresh_file(path, TODAY)
    overview = loader.load(path).grids["Overblik"]
    start = next(r for r in range(1, overview.height + 1)
                 if str(overview.get(r, 1)).startswith("Prioriteret liste"))
    ranked = [(overview.get(r, 3), overview.get(r, 7), overview.get(r, 6)) for r in range(start + 2, start + 5)]
    assert ranked == [("K3", "Kort sigt", 2), ("K1", None, 2), ("K2", "Ikke nu", 3)]
    assert overview.get(start + 2, 10) == "Borgerne efterspørger det."


def test_resources_that_are_not_numbers_are_said_once_as_information(tmp_path):
    path = three_gaps(tmp_path / "enhed.xlsx")
    set_cells(path, {(D, f"{c}{r}"): v for r in (5, 6, 7)
                     for c, v in (("B", f"K{r - 4}"), ("C", "Kursus"), ("G", "Leder"), ("I", "vikardækning"))})
    report = read_checked(path, TODAY)
    (found,) = [f for f in report.findings if f.code == Code.RESOURCES_NOT_COUNTED]
    assert found.severity is Severity.INFO and (found.sheet, found.cell) == (D, "I5")
    assert "I5, I6, I7" in found.message and "vikardækning" in found.message
    assert [r.hours for r in report.unit.plan] == [0.0, 0.0, 0.0]
    assert report.exit_code == 0


def test_timer_is_staff_time_from_the_team_size_on_the_forside(tmp_path):
    path = three_gaps(tmp_path / "enhed.xlsx")
    set_cells(path, {(F, "B13"): 12, (F, "B14"): 7, (D, "A5"): "Hele Team A og Karl", (D, "B5"): "K1", (D, "C5"): "Kursus",
                     (D, "G5"): "Leder", (D, "I5"): "2 dage pr. medarbejder + 15.000,- kr.",
                     (D, "A6"): "Anne, Bo", (D, "B6"): "K2", (D, "C6"): "Sparring", (D, "G6"): "Leder",
                     (D, "I6"): "5 dage x 12 medarbejdere"})
    refresh_file(path, TODAY)
    plan = loader.load(path).grids[D]
    assert plan.get(4, 19) == "Deltagere" and plan.get(4, 20) == "Timer"
    assert plan.get(5, 19) == 13 and plan.get(5, 20) == pytest.approx(13 * 2 * HOURS_PER_DAY)
    assert plan.get(5, 21) == 15000
    # The count is in the resources themselves: no participants were needed.
    assert plan.get(6, 19) is None and plan.get(6, 20) == pytest.approx(5 * HOURS_PER_DAY * 12)
    overview = loader.load(path).grids["Overblik"]
    figures = {overview.get(r, 1): overview.get(r, 2) for r in range(1, overview.height + 1)}
    assert figures["Timer i alt"] == pytest.approx(13 * 2 * HOURS_PER_DAY + 5 * HOURS_PER_DAY * 12)


def test_staff_time_without_a_team_size_is_not_guessed(tmp_path):
    path = three_gaps(tmp_path / "enhed.xlsx")
    set_cells(path, {(D, "A5"): "Hele Team A", (D, "B5"): "K1", (D, "C5"): "Kursus", (D, "G5"): "Leder",
                     (D, "I5"): "2 dage pr. medarbejder"})
    report = refresh_file(path, TODAY)
    (found,) = [f for f in report.findings if f.code == Code.RESOURCES_PARTICIPANTS_UNKNOWN]
    assert found.cell == "I5" and "Team A" in found.message
    assert loader.load(path).grids[D].get(5, 20) is None


def test_30_30_40_is_split_by_effort_from_one_row(tmp_path):
    """One row carries preparation, the course and the follow-up: its three Indsats columns
    split its staff time, and Overblik shows the shares."""
    path = three_gaps(tmp_path / "enhed.xlsx")
    set_cells(path, {(D, "A5"): "Anne, Bo", (D, "B5"): "K1", (D, "C5"): "Kursus", (D, "G5"): "Leder",
                     (D, "M5"): "3 timer pr. medarbejder", (D, "N5"): "3 timer pr. medarbejder",
                     (D, "O5"): "4 timer pr. medarbejder", (D, "K5"): "Under"})
    refresh_file(path, TODAY)
    assert loader.load(path).grids[D].get(5, 20) == 20
    overview = loader.load(path).grids["Overblik"]
    start = next(r for r in range(1, overview.height + 1) if str(overview.get(r, 1)).startswith("30-30-40"))
    split = {overview.get(r, 1): (overview.get(r, 2), overview.get(r, 3)) for r in range(start + 2, start + 5)}
    assert split == {"Før": (6, 0.3), "Under": (6, 0.3), "Efter": (8, 0.4)}


def test_inheritance_is_shown_in_the_row_not_silent(example_path):
    refresh_file(example_path, TODAY)
    profiles = loader.load(example_path).grids[A]
    assert profiles.get(4, 6) == "Arvet mål"
    assert [profiles.get(r, 6) for r in (5, 6, 7)] == [None, examples.GOAL_1, None]


def test_a_goal_inherited_across_empty_rows_is_pointed_at(example_path):
    set_cells(example_path, {(A, "A9"): "K4", (A, "D9"): "Vi skal kunne inddrage pårørende."})
    report = read_checked(example_path, TODAY)
    (found,) = [f for f in report.findings if f.code == Code.PROFILE_GOAL_INHERITED_APART]
    assert found.cell == "C9" and "række 7" in found.message and examples.GOAL_2 in found.message
    set_cells(example_path, {(A, "C9"): "Vi skal blive bedre til at inddrage pårørende."})
    assert not codes(example_path, Code.PROFILE_GOAL_INHERITED_APART)


def test_a_workbook_from_before_the_new_columns_reads_with_one_piece_of_information(example_path):
    """An older template: no Prioritet, Begrundelse, Indsats, Deltagere, Profilnr. or Arvet mål
    columns, no team sizes. It reads and refreshes; the missing columns are information."""
    old_headers = {(A, "F4"), (D, "M4"), (D, "N4"), (D, "O4"), (D, "S4"), (D, "V4"), (E, "F4"),
                   *((B, needs_ref(f"{key}@{team}", 7)) for team in examples.TEAMS
                     for key in ("previous", "team_priority", "team_reason"))}
    set_cells(example_path, {**{cell: None for cell in old_headers}, (F, "B9"): "1"})
    report = read_checked(example_path, TODAY)
    assert not [f for f in report.findings if f.code in (Code.COLUMN_MISSING, Code.COLUMN_RENAMED)]
    (older,) = [f for f in report.findings if f.code == Code.TEMPLATE_OLDER]
    assert older.severity is Severity.INFO and (older.sheet, older.cell) == (F, "B9")
    assert "version 1" in older.message and '"Team A: Prioritet", "Team A: Begrundelse"' in older.message
    assert report.exit_code == 0
    assert refresh_file(example_path, TODAY).written


def test_overblik_shows_the_thread_of_every_profile(tmp_path):
    (_, nord) = examples.demo_units()[1]
    path = tmp_path / "nord.xlsx"
    write_unit_workbook(path, nord, today=TODAY)
    refresh_file(path, TODAY)
    overview = loader.load(path).grids["Overblik"]
    start = next(r for r in range(1, overview.height + 1) if str(overview.get(r, 1)).startswith("Den røde tråd"))
    assert [overview.get(start + 1, c) for c in range(1, 11)] == [
        "Nr.", "Prioritet", "Største gab", "Teams med stort gab (2+)", "Aktiviteter", "Gennemført/ forankret",
        "Forankring (rækker)", "Næste opfølgning", "Kompetenceprofil", "Tråden"]
    thread = {overview.get(r, 1): [overview.get(r, c) for c in (2, 3, 5, 6, 7, 10)]
              for r in range(start + 2, start + 6)}
    assert thread == {
        "K1": [None, 2, 1, 1, 0, "Gennemført, men mangler forankring."],
        "K2": [None, 2, 1, 0, 1, "Aktiviteter i gang; forankringen venter."],
        # Prioritised now, so Dagteam's gap of 1 wants an activity too; the plan has one for Aftenteam.
        "K3": ["Kort sigt", 2, 1, 0, 0, "Mangler aktivitet (Dagteam)."],
        "E1": ["Længere sigt", None, 0, 0, 0, "Mangler vurdering."],
    }


def test_a_surplus_never_covers_a_deficit():
    assert deficit([2, -2]) .mean_positive == 2 and deficit([2, -2]).gap2 == 1
    assert deficit([-1, 0, None]).mean_positive is None


def test_an_open_ended_row_is_valid_and_never_overdue(tmp_path):
    path = three_gaps(tmp_path / "enhed.xlsx")
    set_cells(path, {(D, "A5"): "Hele Team A", (D, "B5"): "K1", (D, "C5"): "Sparring", (D, "G5"): "Leder",
                     (D, "F5"): "Løbende", (D, "J5"): "I gang",
                     (D, "A6"): "Hele Team A", (D, "B6"): "K2", (D, "C6"): "Netværk", (D, "G6"): "Leder",
                     (D, "F6"): "april 2020 og frem", (D, "J6"): "I gang"})
    report = read_checked(path, TODAY)
    assert not [f for f in report.findings if f.code in (Code.TIMELINE_UNPARSED, Code.PLAN_OVERDUE)]
    assert [(r.start, r.end) for r in report.unit.plan] == [(None, None), (date(2020, 4, 1), None)]
