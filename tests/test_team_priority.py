"""The leader's decision per profile *and* team in Kompetencebehov, with the one decision per
profile of templates 2–4 still read; and "Ikke relevant" as a team's answer for a profile: no
warning, in no mean, share or gap, shown as such, and carried into the next round."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlkompetence.core.cells import parse_ref, ref
from xlkompetence.core.findings import Code
from xlkompetence.core.gaps import team_summaries
from xlkompetence.core.labels import t
from xlkompetence.core.models import Cover, Profile, UnitWorkbook
from xlkompetence.core.schema import NOT_RELEVANT, Status
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, set_cells
from persona import B, F, Layout, levels, merged, plan
from test_round_holds import ok
from test_round_replay import key_figure, table

pytestmark = pytest.mark.libreoffice

TEAMS = ("Dagteam", "Aftenteam", "Nattevagt")
SHORT, LONG, NOT_NOW = (t(f"priority.{k}") for k in ("short", "long", "not_now"))


def unit_workbook(path: Path, teams: tuple[str, ...] = TEAMS) -> Path:
    profiles = tuple(Profile(id=f"K{i}", strategy="Recovery", goal="Bedre dialog", text=f"Vi skal kunne {w}.")
                     for i, w in enumerate(("lytte", "spørge", "samarbejde"), start=1))
    unit = UnitWorkbook(cover=Cover(organisation="Socialpsykiatrien", unit=path.stem, period="2026", teams=teams,
                                    team_sizes={team: 6 for team in teams}),
                        teams=teams, profiles=profiles)
    write_unit_workbook(path, unit, today=TODAY, issued=True)
    return path


def careful_leader(layout: Layout) -> dict:
    """K2 one level short in every team; she plans for the day team and decides for it alone."""
    return merged(
        levels(layout, [(f"K{i}", {team: (4, 4) if i != 2 else (4, 3) for team in TEAMS}) for i in (1, 2, 3)]),
        {B: {layout.cell(B, "Dagteam: Prioritet", 1): SHORT,
             layout.cell(B, "Dagteam: Begrundelse", 1): "Dagteamet møder flest nye borgere."}},
        plan(layout, [{"Medarbejdere": "Hele Dagteam", "Kompetencebehov": "K2", "Læringsaktivitet": "Kursus i MI",
                       "Ansvar": "Leder", "Tidsplan": "2026", "Status": t("plan_status.in_progress")}]))


def unmet(out: Path) -> list[tuple]:
    return [(r["Enhed"], r["Team"], r["Nr."], r["Prioritet"]) for r in table(out, "Behov uden aktivitet", "Enhed")]


def test_a_priority_for_the_team_planned_for_puts_no_other_team_on_hrs_list(tmp_path, libreoffice):
    folder = tmp_path / "runde"
    folder.mkdir()
    path = unit_workbook(folder / "Bostøtten.xlsx")
    libreoffice.edit(path, careful_leader(Layout(path)))
    report = read_checked(path, TODAY)
    assert [(d.profile_id, d.team, d.priority) for d in report.unit.decisions] == [("K2", "Dagteam", SHORT)]
    out = tmp_path / "organisation.xlsx"
    ok("merge", str(folder), "-o", str(out))
    assert unmet(out) == []
    # The evening team's gap grows to 2, and the leader lets it wait with a reason: still off
    # the list; without her decision it is on it, for that team alone.
    layout = Layout(path)
    set_cells(path, {(B, layout.level("Aftenteam", "Reelt", 1)): 2,
                     (B, layout.cell(B, "Aftenteam: Prioritet", 1)): NOT_NOW,
                     (B, layout.cell(B, "Aftenteam: Begrundelse", 1)): "Venter til efteråret."})
    ok("merge", str(folder), "-o", str(out))
    assert unmet(out) == []
    set_cells(path, {(B, layout.cell(B, "Aftenteam: Prioritet", 1)): None})
    ok("merge", str(folder), "-o", str(out))
    assert unmet(out) == [("Bostøtten", "Aftenteam", "K2", "")]
    assert [f.cell for f in read_checked(path, TODAY).findings if f.code == Code.THREAD_GAP_WITHOUT_ACTIVITY] == [
        layout.cell(B, "Nr.", 1)]


def test_the_one_decision_of_an_older_template_still_holds_for_every_team(tmp_path, libreoffice):
    """Templates 2–4 had Prioritet and Begrundelse once per profile, after Status."""
    folder = tmp_path / "runde"
    folder.mkdir()
    path = unit_workbook(folder / "Værestedet.xlsx")
    layout = Layout(path)
    header = layout.header_row(B)
    status = parse_ref(layout.cell(B, "Status"))[1]
    priority, reason = (chr(ord("A") + status + i) for i in (0, 1))
    own = {(B, ref(header, layout.col(B, f"{team}: {what}"))): None for team in TEAMS
           for what in ("Prioritet", "Begrundelse")}
    set_cells(path, {**own, (B, f"{priority}{header}"): "Prioritet", (B, f"{reason}{header}"): "Begrundelse",
                     (F, layout.cover("Skabelonversion")): "4"})
    libreoffice.edit(path, merged(levels(layout, [(f"K{i}", {team: (4, 3) for team in TEAMS}) for i in (1, 2)]),
                                  {B: {f"{priority}{header + 2}": LONG}}), unprotect=True)
    report = read_checked(path, TODAY)
    assert [(d.profile_id, d.team, d.priority) for d in report.unit.decisions] == [("K2", None, LONG)]
    assert all(report.unit.decision("K2", team).priority == LONG for team in TEAMS)
    assert [f.code for f in report.findings if f.code == Code.COLUMN_MISSING] == []
    out = tmp_path / "organisation.xlsx"
    ok("merge", str(folder), "-o", str(out))
    assert sorted(unmet(out)) == [("Værestedet", team, "K2", LONG) for team in sorted(TEAMS)]
    # The next round takes the decision into each team's own columns.
    code, output = ok("next-round", str(path), "--out", str(tmp_path / "2027"))
    assert code == 0, output
    carried = read_checked(tmp_path / "2027" / path.name, TODAY)
    assert sorted((d.team, d.priority) for d in carried.unit.decisions) == [(team, LONG) for team in sorted(TEAMS)]


def test_not_relevant_is_an_answer_not_a_missing_level(tmp_path, libreoffice):
    teams = ("Dagteam", "Ledergruppen")
    folder = tmp_path / "runde"
    folder.mkdir()
    path = unit_workbook(folder / "Natcaféen.xlsx", teams)
    layout = Layout(path)
    typed = merged(levels(layout, [("K1", {"Dagteam": (4, 2)}), ("K2", {"Dagteam": (4, 2)}),
                                   ("K3", {"Dagteam": (4, 2), "Ledergruppen": (5, 3)})]),
                   {B: {layout.level("Ledergruppen", "Ønsket", n): "Ikke relevant" for n in (0, 1)}})
    libreoffice.edit(path, typed)
    report = read_checked(path, TODAY)
    assert not [f for f in report.findings if f.code == Code.LEVEL_MISSING]
    flags = {(a.profile_id, a.team): a.not_relevant for a in report.unit.assessments}
    assert flags[("K1", "Ledergruppen")] and flags[("K2", "Ledergruppen")] and not flags[("K3", "Ledergruppen")]
    summary = {s.team: s for s in team_summaries(report.unit)}["Ledergruppen"]
    assert (summary.assessed, summary.missing, summary.not_relevant, summary.mean_gap) == (1, 0, 2, 2.0)
    # The workbook shows it as such, in Excel's own formulas (LibreOffice calculates them).
    refresh_file(path, TODAY)
    sheets = libreoffice.sheets_as_csv(path, tmp_path / "csv")
    row, col = parse_ref(layout.cell(B, "Ledergruppen: Gab", 0))
    assert sheets[B][row - 1][col - 1] == NOT_RELEVANT
    status_row, status_col = parse_ref(layout.cell(B, "Status", 0))
    assert sheets[B][status_row - 1][status_col - 1] == Status.GAP2.label  # Dagteam's gap of 2
    # HR: nothing missing, no level counted for the leaders of K1 and K2.
    out = tmp_path / "organisation.xlsx"
    ok("merge", str(folder), "-o", str(out))
    assert key_figure(out, t("org.ov.missing_share")) == 0
    leaders = {r["Team"]: r for r in table(out, "Teams", "Enhed")}["Ledergruppen"]
    assert (leaders[t("org.col.assessed")], leaders[t("org.col.missing")]) == (1, 0)
    # Vurderinger names the answer in a column of its own; its levels stay blank numbers.
    answered = [r for r in table(out, "Vurderinger", "Enhed") if r["Team"] == "Ledergruppen"
                and r[t("org.col.not_relevant")] == t("org.yes")]
    assert len(answered) == 2 and all(r[t("org.col.desired")] in (None, "") for r in answered)
    # Carried into the next round as the same answer: no warning for it there either.
    code, output = ok("next-round", str(path), "--out", str(tmp_path / "2027"))
    assert code == 0, output
    nxt = read_checked(tmp_path / "2027" / path.name, TODAY)
    assert {(a.profile_id, a.team) for a in nxt.unit.assessments if a.not_relevant} == {
        ("K1", "Ledergruppen"), ("K2", "Ledergruppen")}
    missing = [f.cell for f in nxt.findings if f.code == Code.LEVEL_MISSING]
    assert layout.level("Ledergruppen", "Reelt", 2) in missing
    assert not {layout.level("Ledergruppen", w, n) for w in ("Ønsket", "Reelt") for n in (0, 1)} & set(missing)
