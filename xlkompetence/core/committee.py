"""The summary for the MED/SU committee: the workplace's goals and needs, the gaps, the planned
and completed activities and what they cost, the learning forms used, and the share of employees with a MUS/PUS held
this round and with development goals. Pure.

It names nobody and shows no personal goal: only profiles (their texts as ``core.disclosure``
lets them leave, a person's name replaced), teams, statuses and counts. It is
built from sections, each one function of the unit (``SECTIONS``); a new section is one more
function in that tuple. The organisation's version is one row of figures per unit and a total
(``unit_figures``, ``add_figures``).
"""

from __future__ import annotations

__all__ = ["Context", "Section", "SECTIONS", "sections", "forms_section", "UnitFigures", "unit_figures", "add_figures"]

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .disclosure import disclose_unit
from .gaps import ProfileGaps, deficit, needs_rows, team_summaries
from .labels import t
from .models import UnitWorkbook
from .mus import MusShares, Round, TeamMus, mus_round, team_mus, total_mus
from .planning import learning_form_mix, status_counts, totals
from .privacy import Scrubber, people_in, team_words
from .schema import PLAN_STATUSES_CLOSED
from .thread import threads

# A row of a section: (value, style) per column; the styles are Overblik's.
Row = tuple[tuple[Any, str], ...]


@dataclass(frozen=True)
class Context:
    """What every section is computed from, computed once. ``shown`` is the unit (its profiles) as it may
    leave it (``core.disclosure``, names replaced by a neutral word): the texts the committee
    reads come from it, the counts from ``unit``."""

    unit: UnitWorkbook
    rows: list[ProfileGaps]
    round: Round
    today: date
    shown: UnitWorkbook

    @classmethod
    def of(cls, unit: UnitWorkbook, today: date) -> Context:
        scrub = Scrubber(unit.cover.unit, people_in(unit), None, team_words(unit))
        # Only the profiles' texts are shown: the rest is not disclosed for nothing.
        shown = disclose_unit(unit, scrub, tables=("profiles",))
        return cls(unit, needs_rows(unit), mus_round(unit.cover.period, today), today, shown)


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    # Shown instead of the rows when there are none.
    empty: str = ""
    note: str = ""


def goals_section(c: Context) -> Section:
    """Per profile: its goal, largest gap, teams with a gap ≥2, the leader's priority, and the
    activities that cover it (how many, and how many are finished)."""
    rows = []
    for x in threads(c.unit, c.rows):
        profile = c.shown.profile(x.profile_id)
        rows.append(((x.profile_id, "text"), (x.max_gap, "gap"), (len(x.gap2_teams), "int"), (x.priority, "text"),
                     (len(x.activities), "int"), (len(x.closed), "int"), (profile.goal if profile else "", "wrap"),
                     (profile.text if profile else x.text, "wrap")))
    # The two long texts last: every section's short columns share the narrow columns.
    return Section(t("committee.goals"),
                   tuple(t(k) for k in ("committee.id", "committee.max_gap", "committee.gap2_teams",
                                        "committee.priority", "committee.activities", "committee.closed",
                                        "committee.goal", "committee.profile")),
                   tuple(rows), empty=t("committee.no_profiles"))


def teams_section(c: Context) -> Section:
    """Per team: mean desired and actual level, the mean of the positive gaps, gaps ≥2."""
    by_team = {s.team: s for s in team_summaries(c.unit, c.rows)}
    rows = []
    for team in c.unit.teams:
        s = by_team.get(team)
        rows.append(((team, "text"), (s.mean_desired if s else None, "dec"), (s.mean_actual if s else None, "dec"),
                     (s.mean_positive_gap if s else None, "dec"), (s.gap2 if s else 0, "int")))
    return Section(t("committee.teams"),
                   tuple(t(k) for k in ("ov.team", "ov.mean_desired", "ov.mean_actual", "ov.mean_positive_gap",
                                        "ov.team_gap2")),
                   tuple(rows), note=t("ov.positive_gap_hint"))


def plan_section(c: Context) -> Section:
    """Activities per status with their staff hours and kroner, and the total."""
    blank = t("plan_status.blank")
    rows = []
    for status, n in status_counts(c.unit.plan).items():
        mine = [r for r in c.unit.plan if (r.status or blank) == status]
        hours, kroner = totals(mine)
        rows.append(((status, "text"), (n, "int"), (hours, "dec"), (kroner, "kr")))
    hours, kroner = totals(c.unit.plan)
    rows.append(((t("committee.total"), "label"), (len(c.unit.plan), "int"), (hours, "dec"), (kroner, "kr")))
    return Section(t("committee.plan"),
                   tuple(t(k) for k in ("committee.status", "committee.rows", "committee.hours", "committee.kroner")),
                   tuple(rows))


def forms_section(c: Context) -> Section:
    """The plan per room for learning and per learning form in use: activities, staff hours,
    kroner (forms without an activity left out, so the committee reads what is done)."""
    mix = learning_form_mix(c.unit.plan)
    rows: list[Row] = [((room, "label"), (x.activities, "int"), (x.hours, "dec"), (x.kroner, "kr"))
                       for room, x in mix.rooms.items() if x.activities]
    rows += [((form, "text"), (x.activities, "int"), (x.hours, "dec"), (x.kroner, "kr"))
             for form, _, x in mix.lines() if x.activities]
    return Section(t("committee.forms"),
                   tuple(t(k) for k in ("ov.mix.form", "ov.mix.activities", "ov.mix.hours", "ov.mix.kroner")),
                   tuple(rows), empty=t("committee.no_forms"))


def mus_rows(teams: list[TeamMus]) -> tuple[Row, ...]:
    """The MUS/PUS table's rows: one per team and the total (Overblik shows the same). The two
    kinds of development goal stand apart, never added up; a team whose conversation this round
    is its TUS says so by its name."""
    def row(x: TeamMus, style: str = "text") -> Row:
        name = t("ov.mus.team_tus", team=x.team) if x.form else x.team
        return ((name, style), (x.employees, "int"), (x.held, "int"), (x.held_share, "pct"),
                (x.personal_goals, "int"), (x.personal_share, "pct"), (x.group_goals, "int"), (x.group_share, "pct"))
    return tuple(row(x) for x in teams) + (row(total_mus(teams, t("ov.mus.total")), "label"),)


MUS_HEADERS = ("ov.team", "ov.mus.employees", "ov.mus.held", "ov.mus.held_share", "ov.mus.personal_goals",
               "ov.mus.personal_share", "ov.mus.group_goals", "ov.mus.group_share")


def mus_section(c: Context) -> Section:
    """Per team: employees, MUS/PUS held this round, and development goals."""
    return Section(t("committee.mus", start=c.round.start.strftime("%d-%m-%Y"), end=c.round.end.strftime("%d-%m-%Y")),
                   tuple(t(k) for k in MUS_HEADERS), mus_rows(team_mus(c.unit, c.round)), note=t("ov.mus.hint"))


SECTIONS: tuple[Callable[[Context], Section], ...] = (goals_section, teams_section, plan_section, forms_section,
                                                      mus_section)


def sections(unit: UnitWorkbook, today: date) -> list[Section]:
    context = Context.of(unit, today)
    return [make(context) for make in SECTIONS]


@dataclass(frozen=True)
class UnitFigures(MusShares):
    """One unit's line in the organisation's MED/SU summary (or the sum of several units)."""

    unit: str
    profiles: int
    gap2: int
    positive_gaps: tuple[int, ...]
    activities: int
    closed: int
    hours: float
    kroner: float
    employees: int
    held: int
    personal_goals: int
    group_goals: int

    @property
    def mean_positive_gap(self) -> float | None:
        return round(sum(self.positive_gaps) / len(self.positive_gaps), 2) if self.positive_gaps else None


def unit_figures(name: str, unit: UnitWorkbook, today: date) -> UnitFigures:
    rows = needs_rows(unit)
    gaps = [g for r in rows for g in r.gaps.values()]
    mus = total_mus(team_mus(unit, mus_round(unit.cover.period, today)), "")
    hours, kroner = totals(unit.plan)
    return UnitFigures(
        unit=name,
        profiles=sum(1 for p in unit.profiles if not p.retired),
        gap2=deficit(gaps).gap2,
        positive_gaps=tuple(g for g in gaps if g is not None and g > 0),
        activities=len(unit.plan),
        closed=sum(1 for r in unit.plan if r.status in PLAN_STATUSES_CLOSED),
        hours=hours,
        kroner=kroner,
        employees=mus.employees,
        held=mus.held,
        personal_goals=mus.personal_goals,
        group_goals=mus.group_goals,
    )


def add_figures(label: str, figures: list[UnitFigures]) -> UnitFigures:
    """Several units added up (the organisation's total); each unit's profiles counted apart."""
    return UnitFigures(
        unit=label,
        profiles=sum(f.profiles for f in figures),
        gap2=sum(f.gap2 for f in figures),
        positive_gaps=tuple(g for f in figures for g in f.positive_gaps),
        activities=sum(f.activities for f in figures),
        closed=sum(f.closed for f in figures),
        hours=round(sum(f.hours for f in figures), 2),
        kroner=round(sum(f.kroner for f in figures), 2),
        employees=sum(f.employees for f in figures),
        held=sum(f.held for f in figures),
        personal_goals=sum(f.personal_goals for f in figures),
        group_goals=sum(f.group_goals for f in figures),
    )

