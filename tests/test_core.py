"""The pure core: gaps, statuses, priorities, plan figures."""

from __future__ import annotations

from datetime import date

import pytest

from xlkompetence.core import examples
from xlkompetence.core.gaps import gap, needs_rows, priorities, profile_status, team_status, team_summaries
from xlkompetence.core.models import AnchoringRow, PlanRow
from xlkompetence.core.planning import follow_up_status, is_overdue, phase_split, status_counts, totals
from xlkompetence.core.schema import Status


@pytest.mark.parametrize(("desired", "actual", "expected_gap", "expected_status"), [
    (5, 3, 2, Status.GAP2),
    (5, 1, 4, Status.GAP2),
    (4, 3, 1, Status.GAP1),
    (4, 4, 0, Status.NONE),
    (3, 4, -1, Status.ABOVE),
    (None, 4, None, Status.MISSING),
    (4, None, None, Status.MISSING),
])
def test_gap_and_status(desired, actual, expected_gap, expected_status):
    assert gap(desired, actual) == expected_gap
    assert team_status(desired, actual) is expected_status


def test_profile_status_is_the_most_urgent_team_status():
    assert profile_status([Status.ABOVE, Status.GAP2, Status.MISSING]) is Status.GAP2
    assert profile_status([Status.NONE, Status.MISSING, Status.GAP1]) is Status.MISSING
    assert profile_status([Status.NONE, Status.GAP1]) is Status.GAP1
    assert profile_status([Status.ABOVE, Status.NONE]) is Status.NONE
    assert profile_status([Status.ABOVE]) is Status.ABOVE
    assert profile_status([]) is Status.MISSING


def test_concept_example_gaps_match_the_appendix():
    unit = examples.concept_example()
    rows = {r.profile_id: r for r in needs_rows(unit)}
    assert rows["K1"].gaps == {"Team A": 0, "Team B": 2, "Team C": 0, "Team D": None}
    assert rows["K2"].gaps == {"Team A": 2, "Team B": 1, "Team C": None, "Team D": None}
    # Team A is above the desired level on the third profile: information, not an error.
    assert rows["K3"].gaps == {"Team A": -1, "Team B": 0, "Team C": None, "Team D": None}
    assert rows["K1"].status is Status.GAP2
    assert rows["K3"].status is Status.MISSING
    assert rows["K3"].max_gap == 0


def test_priorities_put_the_largest_gap_first_per_team():
    unit = examples.concept_example()
    ranked = [(p.team, p.rank, p.profile_id, p.gap) for p in priorities(unit)]
    assert ranked == [("Team A", 1, "K2", 2), ("Team B", 1, "K1", 2), ("Team B", 2, "K2", 1)]


def test_team_summaries_count_assessed_missing_and_large_gaps():
    unit = examples.concept_example()
    by_team = {s.team: s for s in team_summaries(unit)}
    a = by_team["Team A"]
    assert (a.assessed, a.missing, a.gap2) == (3, 0, 1)
    assert a.mean_desired == 4.0 and a.mean_actual == pytest.approx(3.67)
    assert a.mean_gap == pytest.approx(0.33)
    d = by_team["Team D"]
    assert (d.assessed, d.missing, d.mean_gap) == (0, 3, None)


def test_overdue_needs_a_passed_end_and_an_open_status():
    today = date(2026, 11, 24)
    past = PlanRow(activity="x", end=date(2026, 10, 31))
    assert is_overdue(past.model_copy(update={"status": "I gang"}), today)
    assert is_overdue(past, today)
    assert not is_overdue(past.model_copy(update={"status": "Gennemført"}), today)
    assert not is_overdue(past.model_copy(update={"status": "Forankret"}), today)
    assert not is_overdue(PlanRow(end=date(2026, 11, 24)), today)
    assert not is_overdue(PlanRow(), today)


def test_follow_up_status():
    today = date(2026, 11, 24)
    assert follow_up_status(AnchoringRow(), today) == "Mangler dato"
    assert follow_up_status(AnchoringRow(next_follow_up=date(2026, 11, 1)), today) == "Overskredet"
    assert follow_up_status(AnchoringRow(next_follow_up=today), today) == "Planlagt"


def test_plan_totals_status_counts_and_30_30_40_split():
    plan = [
        PlanRow(status="I gang", phase="Før", hours=30.0, kroner=1000.0),
        PlanRow(status="I gang", phase="Under", hours=30.0),
        PlanRow(status="Gennemført", phase="Efter", hours=40.0, kroner=500.0),
        PlanRow(hours=7.4),
        PlanRow(status="Udskudt"),
    ]
    assert totals(plan) == (107.4, 1500.0)
    counts = status_counts(plan)
    assert counts["I gang"] == 2 and counts["Gennemført"] == 1 and counts["Udskudt"] == 1
    assert counts["Ikke startet"] == 0 and counts["(ingen status)"] == 1
    split = phase_split(plan)
    assert split.hours == {"Før": 30.0, "Under": 30.0, "Efter": 40.0}
    assert split.unphased_hours == 7.4
    assert split.share("Efter") == pytest.approx(0.40)
    assert split.target("Efter") == 0.40
