"""The organisation plan HR can add up: profile numbers in Plan, the two lists of missing
links, gaps per team that a surplus cannot cancel, staff time by phase, and the long tables
as pandas DataFrames. Real unit workbooks merged into a real organisation workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.core.resources import HOURS_PER_DAY
from xlkompetence.org.merge import merge_files
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY


def sheet(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def table(path: Path, name: str) -> list[dict]:
    """An org sheet's Excel table as dicts (title in row 1, header in row 3)."""
    data = sheet(path, name)
    return [dict(zip(data[2], r)) for r in data[3:]]


@pytest.fixture(scope="module")
def org(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("enheder")
    for filename, unit in examples.demo_units():
        write_unit_workbook(folder / filename, unit, today=TODAY)
    out = folder.parent / "organisation.xlsx"
    merge_files([folder], out, TODAY)
    return out


def test_every_activity_carries_the_organisations_profile_number(org):
    plan = {(r["Enhed"], r["Række"]): r for r in table(org, "Plan")}
    # The appendix's row names its profile by text; the organisation plan gives its number.
    assert plan[("Botilbuddet (konceptets eksempel)", 5)]["Kompetencebehov"] == examples.PROFILE_1
    assert plan[("Botilbuddet (konceptets eksempel)", 5)]["Profilnr."] == "K1"
    assert [plan[("Bostøtten Nord", r)]["Profilnr."] for r in (5, 6, 7)] == ["K1", "K2", "K3"]
    nord = plan[("Bostøtten Nord", 6)]
    # Staff time: (2 + 3 × 7.4 + 12) hours for each of Dagteam's 10 and Aftenteam's 8.
    assert nord["Deltagere"] == 18 and nord["Timer"] == pytest.approx(18 * (2 + 3 * HOURS_PER_DAY + 12))


def test_hr_lists_prioritised_needs_without_an_activity(org):
    unmet = [(r["Enhed"], r["Team"], r["Nr."], r["Gab"], r["Prioritet"]) for r in table(org, "Behov uden aktivitet")]
    assert unmet == [
        ("Bostøtten Nord", "Dagteam", "K3", 1, "Kort sigt"),            # prioritised now, planned for Aftenteam only
        ("Botilbuddet (konceptets eksempel)", "Team A", "K2", 2, ""),  # the appendix leaves that plan row as "…"
    ]
    assert sheet(org, "Behov uden aktivitet")[1][0].startswith("Behov med stort gab (2+)")  # what the list holds


def test_hr_lists_finished_activities_without_anchoring(org):
    rows = table(org, "Uden forankring")
    assert [(r["Enhed"], r["Række"], r["Nr."], r["Status"]) for r in rows] == [
        ("Bostøtten Nord", 5, "K1", "Gennemført")]
    assert rows[0]["Slut"] == date(2026, 3, 22)
    assert "Ansvar" not in rows[0]  # no names in the list: the row leads back to the plan


def test_gaps_per_team_do_not_let_a_surplus_cover_a_deficit(org):
    teams = {(r["Enhed"], r["Team"]): r for r in table(org, "Teams")}
    team_a = teams[("Botilbuddet (konceptets eksempel)", "Team A")]  # gaps 0, 2, -1
    assert team_a["Gns. gab"] == pytest.approx(0.33) and team_a["Gns. positivt gab"] == 2
    assert team_a["Stort gab (2+)"] == 1 and team_a["Antal medarbejdere"] == ""  # the appendix gives no sizes
    dag = teams[("Bostøtten Nord", "Dagteam")]  # gaps 2, 2, 1 and E1 not assessed
    assert (dag["Antal medarbejdere"], dag["Vurderet"], dag["Mangler"], dag["Stort gab (2+)"]) == (10, 3, 1, 2)
    assert dag["Gns. positivt gab"] == pytest.approx(1.67)
    matrix = sheet(org, "Kompetencematrix")
    header = matrix[4]
    k3 = next(r for r in matrix[5:] if r[0] == "K3")  # -1, 0 | 1, 2 | 3
    assert k3[header.index("Gns. gab")] == 1 and k3[header.index("Gns. positivt gab")] == 2


def test_the_overview_counts_the_lists_and_splits_staff_time_by_phase(org):
    data = sheet(org, "Overblik")
    figures = {r[0]: r[1] for r in data if r and isinstance(r[0], str) and len(r) > 1}
    assert figures["Prioriterede behov uden aktivitet"] == 2
    assert figures["Gennemførte aktiviteter uden forankring"] == 1
    assert figures["Stort gab (2+) (team og profil)"] == 6
    split = {r[3]: r[4] for r in data if len(r) > 4 and r[3] in ("Før", "Under", "Efter")}
    before = 10 * HOURS_PER_DAY + 18 * 2               # the theme day (Fase Før) + preparation
    during = 18 * 3 * HOURS_PER_DAY + 15               # the course + Syd's workshop (Fase Under)
    after = 18 * 12 + 30                               # follow-up + Aftenteam's meetings (Fase Efter)
    assert split == pytest.approx({"Før": before, "Under": during, "Efter": after})


def test_the_long_tables_as_dataframes_with_their_dtypes(org):
    from xlkompetence.org.tables import LONG_TABLES, read_org_tables

    tables = read_org_tables(org)
    assert list(tables) == list(LONG_TABLES)
    for name, frame in tables.items():
        assert not [c for c in frame.columns if frame[c].dtype == object], name
        assert {str(frame[c].dtype) for c in frame.columns} <= {"string", "Int64", "Float64", "datetime64[ns]",
                                                                "boolean"}, name
    levels = tables["Vurderinger"]
    assert len(levels) == sum(len(u.assessments) for _, u in examples.demo_units())
    assert levels["Gab"].dtype == "Int64" and levels["Gab"].isna().sum() > 0   # not assessed: <NA>, not 0
    plan = tables["Plan"]
    assert plan["Slut"].dtype == "datetime64[ns]" and plan["Timer"].sum() == pytest.approx(
        table_sum(org, "Plan", "Timer"))
    nord = plan[plan["Enhed"] == "Bostøtten Nord"]
    assert nord["Deltagere"].tolist()[1] == 18 and nord["Deltagere"].isna().tolist() == [False, False, True]
    teams = tables["Teams"]
    assert teams.loc[teams["Team"] == "Team 1", "Enhed"].tolist() == ["Værestedet Syd"]
    assert tables["Kilder"]["Med"].tolist() == [True, True, True]
    by_profile = levels.groupby("Nr.")["Gab"].max()
    assert by_profile["K3"] == 3


def table_sum(path: Path, name: str, column: str) -> float:
    return sum(r[column] or 0 for r in table(path, name) if r[column] != "")


def test_the_package_works_without_pandas(tmp_path):
    """pandas is an optional extra: nothing imports it until read_org_tables is called."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    code = ("import json, sys, xlkompetence, xlkompetence.org.tables, xlkompetence.org.merge; "
            "print(json.dumps('pandas' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(root)})
    assert json.loads(out.stdout) is False
