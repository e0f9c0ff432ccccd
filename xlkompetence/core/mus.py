"""MUS/PUS: the employee's own sheet for the yearly conversation, what was agreed there coming
back into bilag C, and the share of employees with a conversation held this round and with
development goals. Pure: no files.

The KL–Forhandlingsfællesskabet agreement asks for a yearly MUS for every employee and
development goals for each employee or group of employees; the concept (fase 2) has each
employee's learning goals serve the team's learning goal. So a conversation sheet starts from
the team: its learning goal and its gaps are filled in, and only what the two agree is typed.
"""

from __future__ import annotations

__all__ = [
    "Round", "period_round", "mus_round", "MusShares", "TeamMus", "PersonMus", "person_mus", "people_mus", "team_mus",
    "total_mus", "TUS", "TeamGap", "Conversation",
    "conversations", "Agreement", "Outcome", "AGREED_FIELDS", "match_agreement", "employees_named", "Identity",
    "is_theirs",
]

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .dates import parse_timeline
from .filenames import safe_stem
from .gaps import needs_rows
from .labels import t
from .models import IndividualGoal, UnitWorkbook
from .parsing import ValueProblem, normalise_text
from .people import people, person_of, resolve
from .privacy import plan_people

# A team's conversation form when its TUS is the round's conversation (seed 004: TUS instead of
# repeated PUS, "dem der havde behov kunne efterfølgende få en PUS").
TUS = "TUS"

# The fields a conversation sheet sends back to bilag C (never the logbook: it stays with the
# employee), in the order they stand in the row.
AGREED_FIELDS: tuple[str, ...] = ("personal_goal", "activities", "mus_date", "next_follow_up")


@dataclass(frozen=True)
class Round:
    """The days a MUS/PUS counts as held "this round"."""

    start: date
    end: date

    def holds(self, when: date | None) -> bool:
        return when is not None and self.start <= when <= self.end


def period_round(period: str) -> Round | None:
    """The days the Forside's Periode/runde names: read as a timeline ("2026", "2026-27",
    "april 2026 – marts 2027", a date), or the years a text such as "Runde 2026" names; None
    when it names no year.

    >>> period_round("2026-27")
    Round(start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31))
    >>> period_round("Runde 2026").start, period_round("Efterår")
    (datetime.date(2026, 1, 1), None)
    """
    try:
        timeline = parse_timeline(period) if period.strip() else None
    except ValueProblem:
        timeline = None
    if timeline is not None and timeline.start is not None and timeline.end is not None:
        return Round(timeline.start, timeline.end)
    years = re.findall(r"\b(20\d\d)\b", period)
    if years:
        return Round(date(int(years[0]), 1, 1), date(int(years[-1]), 12, 31))
    return None


def mus_round(period: str, today: date) -> Round:
    """This round: the days the Forside's Periode/runde names (``period_round``); without
    them, the twelve months up to ``today`` (MUS is yearly)."""
    return period_round(period) or Round(today - timedelta(days=365) + timedelta(days=1), today)


class MusShares:
    """The shares the top MED committee evaluates, from ``employees``, ``held`` and the two
    kinds of development goal, never added up: ``personal_goals`` (a personal goal agreed this
    round) and ``group_goals`` (covered by the team's learning goal, taken up at the person's
    MUS or the team's TUS this round). At most 1: the Forside may count fewer than bilag C names."""

    employees: int
    held: int
    personal_goals: int
    group_goals: int

    def _share(self, n: int) -> float | None:
        return min(1.0, n / self.employees) if self.employees else None

    @property
    def held_share(self) -> float | None:
        return self._share(self.held)

    @property
    def personal_share(self) -> float | None:
        return self._share(self.personal_goals)

    @property
    def group_share(self) -> float | None:
        return self._share(self.group_goals)


@dataclass(frozen=True)
class TeamMus(MusShares):
    """One team's MUS/PUS round: employees, conversations held (``tus`` of them at the team's
    TUS, where its conversation form this round is TUS), and the two kinds of development goal."""

    team: str
    employees: int
    held: int
    personal_goals: int
    group_goals: int
    team_goal: bool
    tus: int = 0
    form: str = ""


@dataclass(frozen=True)
class PersonMus:
    """One person's round, for the leader only (Overblik): held (at her MUS, or at her team's
    TUS where that is the team's form), when, the next follow-up, and her development goals."""

    name: str
    team: str
    held: bool
    by_tus: bool
    when: date | None
    next_follow_up: date | None
    personal_goal: bool
    group_goal: bool


def _person(name: str) -> str:
    return normalise_text(name)


def _tus_held(unit: UnitWorkbook, team: str, round_: Round) -> date | None:
    """The date of the team's TUS this round, where TUS is its conversation form this round."""
    if normalise_text(unit.cover.team_forms.get(team, "")) != normalise_text(TUS):
        return None
    when = unit.team_goal_of(team).tus_date
    return when if round_.holds(when) else None


def person_mus(unit: UnitWorkbook, name: str, team: str, rows: list[IndividualGoal], round_: Round) -> PersonMus:
    """One person's round from her bilag C ``rows``. A personal goal counts where its row's MUS
    date lies in the round (or it has none): a goal carried from last round does not."""
    dates = [g.mus_date for g in rows if g.mus_date is not None and round_.holds(g.mus_date)]
    tus = _tus_held(unit, team, round_)
    held = bool(dates) or tus is not None
    personal = any(g.personal_goal.strip() and (g.mus_date is None or round_.holds(g.mus_date)) for g in rows)
    follow = [g.next_follow_up for g in rows if g.next_follow_up is not None]
    return PersonMus(name, team, held, not dates and tus is not None, max(dates) if dates else tus,
                     max(follow) if follow else None, personal,
                     held and bool(unit.team_goal(team).strip()))


def people_mus(unit: UnitWorkbook, round_: Round) -> list[PersonMus]:
    """Every person's round: those on the sheet Medarbejdere still employed (bilag C's rows
    found by ``core.people.resolve``), or without it everyone bilag C and the plan name."""
    from_sheet = bool(unit.employees)
    persons = ([(p.name, p.team) for p in people(unit)] if from_sheet
               else [(n, tm) for n, tm in employees_named(unit) if tm in unit.teams])
    rows: dict[tuple[str, str], list[IndividualGoal]] = {(_person(n), normalise_text(tm)): [] for n, tm in persons}
    for g in unit.individual_goals:
        who = person_of(unit, g.employee, g.team) if from_sheet else None
        key = (_person(who.name), normalise_text(who.team)) if who else (_person(g.employee), normalise_text(g.team))
        if key in rows:
            rows[key].append(g)
    return [person_mus(unit, n, tm, rows[(_person(n), normalise_text(tm))], round_) for n, tm in persons]


def team_mus(unit: UnitWorkbook, round_: Round) -> list[TeamMus]:
    """Per team, in the Forside's order. Employees: those on the sheet Medarbejdere; without it
    the Forside's Antal medarbejdere where given, otherwise the people named (never fewer)."""
    persons = people_mus(unit, round_)
    result = []
    for team in unit.teams:
        mine = [p for p in persons if p.team == team]
        employees = len(mine) if unit.employees else max(unit.cover.team_sizes.get(team, 0), len(mine))
        tus_date = _tus_held(unit, team, round_)
        has_goal = bool(unit.team_goal(team).strip())
        # Without a list, a team's TUS covers its members the Forside counts, named or not.
        unnamed = employees - len(mine) if tus_date is not None else 0
        held = sum(p.held for p in mine) + unnamed
        result.append(TeamMus(team, employees, held, sum(p.personal_goal for p in mine),
                              sum(p.group_goal for p in mine) + (unnamed if has_goal else 0), has_goal,
                              sum(p.by_tus for p in mine) + unnamed, TUS if tus_date is not None or
                              normalise_text(unit.cover.team_forms.get(team, "")) == normalise_text(TUS) else ""))
    return result


def total_mus(rows: list[TeamMus], label: str) -> TeamMus:
    """The teams added up (a row "I alt")."""
    return TeamMus(label, sum(r.employees for r in rows), sum(r.held for r in rows),
                   sum(r.personal_goals for r in rows), sum(r.group_goals for r in rows),
                   all(r.team_goal for r in rows) and bool(rows), sum(r.tus for r in rows))


@dataclass(frozen=True)
class TeamGap:
    profile_id: str
    text: str
    desired: int | None
    actual: int | None
    gap: int


@dataclass(frozen=True)
class Conversation:
    """What one employee's MUS/PUS sheet is filled in with before the conversation (never
    another person's goals: a person is a name and a team)."""

    unit: str
    leader: str
    period: str
    employee: str
    team: str
    team_goal: str
    gaps: tuple[TeamGap, ...]
    # Goals and activities agreed before (bilag C rows of this employee): (goal, activities, date).
    earlier: tuple[tuple[str, str, date | None], ...] = ()

    @property
    def file_stem(self) -> str:
        """A file name for the sheet: the employee's name, without characters file systems refuse."""
        return safe_stem(f"MUS-PUS {self.employee.strip() or t('mus.file_employee')}", fallback=t("mus.file_employee"))

    @property
    def identity(self) -> Identity:
        """Who the sheet is for, as ``mus hent`` checks it."""
        return Identity(self.unit, self.employee, self.team, self.period)


@dataclass(frozen=True)
class Identity:
    """Whom a MUS/PUS sheet is for: the unit, the person (name and team: two employees of one
    name are two people) and the round; with the file it was written as, signed."""

    unit: str
    employee: str
    team: str
    period: str
    file: str = ""

    def person(self) -> tuple[str, str, str, str]:
        """Unit, person and round, spelled as any spelling of them compares."""
        return (normalise_text(self.unit), _person(self.employee), normalise_text(self.team),
                normalise_text(self.period))

    def payload(self) -> bytes:
        return json.dumps([*self.person(), self.file], ensure_ascii=False).encode()

    def signature(self, key: bytes) -> str:
        """An HMAC of the identity under the organisation's key: whoever edits a grey cell,
        renames or copies the file cannot make one that matches."""
        return hmac.new(key, b"xlkompetence-mus\0" + self.payload(), hashlib.sha256).hexdigest()

    def signed_by(self, key: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.signature(key), signature.strip().lower())



def employees_named(unit: UnitWorkbook, extra: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(employee, team) of everyone the workbook names as an employee — bilag C first, then the
    plan's Medarbejdere — and of ``extra`` ("Åse" or "Åse (Team C)"), each once, in that order.
    A person is a name and a team: two employees of one name in two teams are two people; a
    name given without a team is the one person of that name already found, where there is one.
    Where the workbook lists its people (the sheet Medarbejdere), everyone still employed there
    comes first, and a name that means someone on it ("Pernille S.") is that person."""
    teams = {normalise_text(team): team for team in unit.teams}
    found: list[tuple[str, str]] = [(p.name, p.team) for p in people(unit)]
    listed = bool(unit.employees)

    def add(name: str, team: str) -> None:
        name = " ".join(name.split())
        if not name or (listed and resolve(unit.employees, name, team)):
            return  # someone on the sheet (or several, which the leader is asked to tell apart)
        same = [i for i, (n, _) in enumerate(found) if _person(n) == _person(name)]
        if not team:
            if not same:
                found.append((name, ""))
            return
        if any(normalise_text(found[i][1]) == normalise_text(team) for i in same):
            return
        untied = [i for i in same if not found[i][1]]
        if untied:
            found[untied[0]] = (found[untied[0]][0], team)
        else:
            found.append((name, team))

    for g in unit.individual_goals:
        add(g.employee, g.team)
    for name, team in plan_people(unit).items():
        add(name, team)
    for text in extra:
        m = re.fullmatch(r"\s*(?P<name>.+?)\s*\((?P<team>[^()]+)\)\s*", text)
        if m:
            add(m.group("name"), teams.get(normalise_text(m.group("team")), m.group("team").strip()))
        else:
            add(text, "")
    return found


def is_theirs(goal: IndividualGoal, employee: str, team: str) -> bool:
    """Whether a bilag C row is the person's (name and team)."""
    return _person(goal.employee) == _person(employee) and normalise_text(goal.team) == normalise_text(team)


def conversations(unit: UnitWorkbook, extra: list[str] | tuple[str, ...] = ()) -> list[Conversation]:
    """One conversation sheet's content per employee (see ``employees_named``)."""
    rows = needs_rows(unit)
    result = []
    for employee, team in employees_named(unit, extra):
        gaps = tuple(
            TeamGap(r.profile_id, r.text, r.by_team[team].desired if team in r.by_team else None,
                    r.by_team[team].actual if team in r.by_team else None, g)
            for r in rows if (g := r.gaps.get(team)) is not None and g >= 1
        )
        earlier = tuple((g.personal_goal, g.activities, g.mus_date) for g in unit.individual_goals
                        if is_theirs(g, employee, team) and (g.personal_goal or g.activities))
        result.append(Conversation(unit.cover.unit, unit.cover.leader, unit.cover.period, employee, team,
                                   unit.team_goal(team) if team else "", gaps, earlier))
    return result


@dataclass(frozen=True)
class Agreement:
    """What one employee's sheet says was agreed (its logbook is never read)."""

    file: str
    unit: str
    employee: str
    team: str = ""
    period: str = ""
    team_goal: str = ""
    personal_goal: str = ""
    activities: str = ""
    mus_date: date | None = None
    next_follow_up: date | None = None

    def agreed(self) -> dict[str, object]:
        """The agreed fields that hold something."""
        return {f: v for f in AGREED_FIELDS if (v := getattr(self, f)) not in (None, "")}


@dataclass(frozen=True)
class Outcome:
    """What becomes of one agreement in bilag C. ``kind``: "same" (already there), "filled"
    (blank cells of the employee's row ``index`` get ``fields``), "added" (a new row with
    ``fields``), "conflict" (row ``index`` says otherwise: ``conflicts`` as (field, typed,
    agreed); nothing is written), "empty" (nothing agreed yet)."""

    agreement: Agreement
    kind: str
    index: int | None = None
    fields: dict[str, object] = field(default_factory=dict)
    conflicts: tuple[tuple[str, str, str], ...] = ()


def _same(typed: object, agreed: object) -> bool:
    if isinstance(agreed, str):
        return normalise_text(typed) == normalise_text(agreed)
    return typed == agreed


def _shown(value: object) -> str:
    return value.strftime("%d-%m-%Y") if isinstance(value, date) else str(value)


def match_agreement(goals: list[IndividualGoal] | tuple[IndividualGoal, ...], a: Agreement) -> Outcome:
    """Where ``a`` goes in bilag C (``goals`` in row order), never over a typed cell: a row of
    the employee that already says it, or whose blank cells take it without contradicting a
    typed one; a conflict with the row of the same conversation date that says otherwise;
    otherwise a new row."""
    agreed = a.agreed()
    if not agreed:
        return Outcome(a, "empty")
    mine = [(i, g) for i, g in enumerate(goals) if is_theirs(g, a.employee, a.team)]
    fillable = []
    for i, g in mine:
        typed = {f: getattr(g, f) for f in agreed}
        if all(_same(typed[f], v) for f, v in agreed.items()):
            return Outcome(a, "same", i)
        if all(typed[f] in (None, "") or _same(typed[f], v) for f, v in agreed.items()):
            fillable.append((i, g))
    if fillable:
        same_date = [(i, g) for i, g in fillable if g.mus_date is not None and g.mus_date == a.mus_date]
        i, g = (same_date or fillable)[0]
        return Outcome(a, "filled", i, {f: v for f, v in agreed.items() if getattr(g, f) in (None, "")})
    for i, g in mine:
        if a.mus_date is not None and g.mus_date == a.mus_date:
            conflicts = tuple((f, _shown(getattr(g, f)), _shown(v)) for f, v in agreed.items()
                              if getattr(g, f) not in (None, "") and not _same(getattr(g, f), v))
            return Outcome(a, "conflict", i, conflicts=conflicts)
    row = {"employee": a.employee, "team": a.team, "team_goal": a.team_goal, **agreed}
    return Outcome(a, "added", None, {k: v for k, v in row.items() if v not in (None, "")})
