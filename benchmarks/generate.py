"""Realistic synthetic unit workbooks, written by the real template writer.

    python benchmarks/generate.py DIR N [--seed 1]

Each unit has 2–5 teams, 20–30 of an organisation's 40 competence profiles (numbered K1…),
levels with some left out, 30–60 plan rows with timelines and resources written the ways
leaders write them, individual goals, anchoring rows, and a few entries with mistakes
(a level "tre", an unreadable timeline) so the merge has findings to report.
"""

from __future__ import annotations

import argparse
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from xlkompetence.core.models import (AnchoringRow, Assessment, Cover, IndividualGoal, PlanRow, Profile, TeamGoal,
                                 UnitWorkbook)
from xlkompetence.core.schema import NEEDS, PLAN, PLAN_STATUSES, PHASES, layout, placed_columns
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.xlsx.patch import CellWrite, Mode, SheetEdits, patch_workbook

TODAY = date(2026, 11, 24)
VERBS = ["mestre", "anvende", "inddrage", "dokumentere", "samarbejde om", "reflektere over", "formidle",
         "planlægge", "evaluere", "understøtte"]
OBJECTS = ["en dialogisk tilgang", "netværksmøder", "recoveryorienterede samtaler", "borgerens ønsker og drømme",
           "fælles faglige rammer", "motiverende samtale", "pårørendesamarbejde", "skriftlig dokumentation"]
TIMELINES = ["april – oktober 2026", "uge 12–20 2026", "1/4-2026 – 31/10-2026", "marts 2026", "Q3 2026",
             "efterår 2026", "2026-09-01 – 2026-12-15", "1. halvår 2027", "fra 1/2-2027"]
RESOURCES = ["20 timer", "2 dage", "15.000 kr.", "40 timer + 18.000 kr.", "½ dag", "3 dage og 5.000 kr.", "8 timer"]
NAMES = ["Anne", "Bo", "Camilla", "Dorte", "Emil", "Frida", "Gustav", "Hanne", "Ib", "Jette", "Karl", "Lise"]


def org_profiles(rng: random.Random) -> list[Profile]:
    return [Profile(id=f"K{i}", strategy=f"Strategi {1 + i // 10}", goal=f"Mål {1 + i // 4}",
                    text=f"Vi skal kunne {rng.choice(VERBS)} {rng.choice(OBJECTS)} (profil {i}).")
            for i in range(1, 41)]


def unit(i: int, seed: int) -> UnitWorkbook:
    rng = random.Random(seed * 100_003 + i)
    pool = org_profiles(random.Random(seed))
    teams = tuple(f"Team {chr(65 + t)}" for t in range(rng.randint(2, 5)))
    profiles = tuple(sorted(rng.sample(pool, rng.randint(20, 30)), key=lambda p: int(p.id[1:])))
    assessments = []
    for p in profiles:
        for team in teams:
            if rng.random() < 0.08:
                assessments.append(Assessment(profile_id=p.id, team=team))
            else:
                assessments.append(Assessment(profile_id=p.id, team=team, desired=rng.randint(3, 5),
                                              actual=rng.randint(1, 5)))
    plan = tuple(
        PlanRow(employees=f"{rng.choice(NAMES)} og {rng.choice(teams)}", need=rng.choice(profiles).id,
                activity=f"Aktivitet {n}", follow_up="Opfølgning på teammøde", goal="Konkret læringsmål",
                timeline=rng.choice(TIMELINES), responsible=rng.choice(NAMES), success="Målbart succeskriterium",
                resources=rng.choice(RESOURCES), status=rng.choice(PLAN_STATUSES), phase=rng.choice(PHASES))
        for n in range(rng.randint(30, 60)))
    goals = tuple(IndividualGoal(employee=name, team=rng.choice(teams), team_goal="Teamets mål",
                                 personal_goal="Personligt mål", activities="Kursus", activity_goals="Mål for kurset",
                                 logbook="Refleksioner undervejs.")
                  for name in rng.sample(NAMES, rng.randint(6, 12)))
    anchoring = tuple(AnchoringRow(need=f"Forandring {n}", works="Det går godt", worries="Tid", agreements="Aftale",
                                   next_follow_up=date(2026, rng.randint(1, 12), rng.randint(1, 28)))
                      for n in range(rng.randint(5, 10)))
    return UnitWorkbook(
        cover=Cover(organisation="Syntetisk Kommune", unit=f"Enhed {i:04d}", leader=rng.choice(NAMES),
                    period="2026", teams=teams),
        teams=teams, profiles=profiles, assessments=tuple(assessments),
        team_goals=tuple(TeamGoal(team=x, text=f"{x} vil blive bedre.") for x in teams),
        individual_goals=goals, plan=plan, anchoring=anchoring)


def unit_with_plan(rows: int, seed: int = 1) -> UnitWorkbook:
    """One unit whose plan holds ``rows`` rows: the workbook a refresh benchmark runs on."""
    base = unit(0, seed)
    rng = random.Random(seed)
    plan = tuple(
        PlanRow(employees=f"{rng.choice(NAMES)} og {rng.choice(base.teams)}", need=rng.choice(base.profiles).id,
                activity=f"Aktivitet {n}", follow_up="Opfølgning på teammøde", goal="Konkret læringsmål",
                timeline=rng.choice(TIMELINES), responsible=rng.choice(NAMES), success="Målbart succeskriterium",
                resources=rng.choice(RESOURCES), status=rng.choice(PLAN_STATUSES), phase=rng.choice(PHASES))
        for n in range(rows))
    return base.model_copy(update={"plan": plan})


def write_plan_workbook(path: Path, rows: int, seed: int = 1) -> Path:
    """A unit workbook with ``rows`` plan rows at ``path`` (kept when it is there already)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_unit_workbook(path, unit_with_plan(rows, seed), today=TODAY)
    return path


def write_one(args: tuple[Path, int, int]) -> Path:
    folder, i, seed = args
    path = folder / f"enhed-{i:04d}.xlsx"
    u = unit(i, seed)
    write_unit_workbook(path, u, today=TODAY)
    rng = random.Random(i)
    if rng.random() < 0.3:
        # Mistakes a person makes: a level in words, a timeline nobody can date.
        cols = {p.key: c for c, p in enumerate(placed_columns(NEEDS, u.teams), start=1)}
        plan_cols = {p.key: c for c, p in enumerate(placed_columns(PLAN), start=1)}
        edits = {
            NEEDS.name: SheetEdits({(layout(NEEDS).first_data_row, cols[f"desired@{u.teams[0]}"]): CellWrite("tre", Mode.OWNED)}),
            PLAN.name: SheetEdits({(layout(PLAN).first_data_row, plan_cols["timeline"]): CellWrite("løbende", Mode.OWNED)}),
        }
        tmp = path.with_suffix(".tmp")
        patch_workbook(path, tmp, edits)
        tmp.replace(path)
    return path


def generate(folder: Path, n: int, seed: int = 1, jobs: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = [folder / f"enhed-{i:04d}.xlsx" for i in range(n)]
    missing = [i for i, p in enumerate(wanted) if not p.exists()]
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(write_one, [(folder, i, seed) for i in missing], chunksize=8))
    return wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.folder, args.n, args.seed)
    print(f"{len(paths)} projektmapper i {args.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
