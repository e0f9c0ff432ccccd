"""Suggestions for the plan where a gap has no activity. Pure.

For every profile the leader prioritised on short term (any positive gap) or left undecided
with a gap of 2 or more, the teams no plan row covers get one suggestion: the teams, the
profile, a learning form and an estimate of the staff time. Where the competence catalogue
knows someone who can teach others in the profile — in the unit, or in another unit of the
organisation — learning from that colleague comes first (internal and informal); otherwise a
short course. A person is named only where the leader recorded that the name may be given
("Ja – navn må nævnes"); otherwise the suggestion names the unit.

A suggestion is no plan row: it lives on its own sheet, which no figure reads, until the leader
takes it with one cell (``Suggestion.plan_values`` is the row it becomes).
"""

from __future__ import annotations

__all__ = ["Suggestion", "Teacher", "suggestions", "named_consent", "taken_row", "teachers_of", "teachers_from",
           "by_unit", "PER_PERSON_HOURS"]

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .catalogue import catalogue
from .effort import participants
from .labels import t
from .models import CatalogueEntry, UnitWorkbook
from .parsing import normalise_text
from .schema import PLAN_STATUSES, PRIORITIES
from .thread import ProfileThread, threads

# Staff time per participant each form is estimated at (hours): a few hours beside the
# colleague who knows, a theme day taught by a colleague from another unit, two course days.
PER_PERSON_HOURS: dict[str, float] = {"side_by_side": 4, "internal_teaching": 6, "short_course": 14.8}


def named_consent(can_teach: str) -> bool:
    """Whether a catalogue line's Kan oplære andre records consent to give the person's name."""
    return normalise_text(can_teach) == normalise_text(t("catalogue.yes_named"))


@dataclass(frozen=True)
class Teacher:
    """Someone the catalogue knows can teach others in ``profile_ids``: in ``unit`` (blank:
    the unit itself), named only with ``consent``."""

    name: str
    profile_ids: tuple[str, ...]
    unit: str = ""
    consent: bool = False


@dataclass(frozen=True)
class Suggestion:
    profile_id: str
    teams: tuple[str, ...]
    gap: int
    form_key: str
    activity: str
    employees: str
    resources: str
    hours: float | None
    why: str

    @property
    def learning_form(self) -> str:
        return t(f"learning_form.{self.form_key}")



def taken_row(line: Mapping[str, str], leader: str, period: str) -> dict[str, str]:
    """The plan row a taken line of the Forslag sheet becomes (plan column id → value), from the
    line as the leader saw it: status Ikke startet, the leader responsible, the round's period as
    its timeline. Læringsform, Fase and Indsats fill themselves from it."""
    values = {"employees": line.get("employees", ""), "need": line.get("profile_id", ""),
              "activity": line.get("activity", ""), "resources": line.get("resources", ""),
              "status": PLAN_STATUSES[0], "responsible": leader, "timeline": period}
    return {k: v for k, v in values.items() if v}


def teachers_of(unit: UnitWorkbook) -> list[Teacher]:
    """The unit's own catalogue lines marked Kan oplære andre."""
    return [Teacher(e.employees, e.profile_ids, consent=named_consent(e.can_teach))
            for e in catalogue(unit) if e.teaches]


def teachers_from(unit_name: str, entries: Iterable[CatalogueEntry]) -> list[Teacher]:
    """Another unit's catalogue lines marked Kan oplære andre (the organisation's catalogue)."""
    return [Teacher(e.employees, e.profile_ids, unit_name, named_consent(e.can_teach)) for e in entries if e.teaches]


def _wanting(thread: ProfileThread) -> tuple[str, ...]:
    """Teams without an activity where the leader prioritised the profile on short term for the
    team (any positive gap) or decided nothing for it (a gap of 2 or more); a profile that is
    not relevant for a team has no gap there."""
    wanting = []
    for team, g in thread.gaps.items():
        if g is None or team in thread.covered:
            continue
        priority = thread.priority_of(team)
        if priority == PRIORITIES[0] and g >= 1 or priority is None and g >= 2:
            wanting.append(team)
    return tuple(wanting)


def suggestions(unit: UnitWorkbook, elsewhere: Sequence[Teacher] = ()) -> list[Suggestion]:
    """One suggestion per profile with uncovered teams, in sheet A's order."""
    own = teachers_of(unit)
    result = []
    for thread in threads(unit):
        teams = _wanting(thread)
        if teams:
            result.append(_suggest(thread, teams, unit, own, elsewhere))
    return result


def _who(teacher: Teacher, unit: UnitWorkbook) -> str:
    if teacher.consent and teacher.name:
        return t("suggest.who.named", name=teacher.name, unit=teacher.unit or unit.cover.unit or t("suggest.here"))
    return t("suggest.who.unit", unit=teacher.unit or unit.cover.unit or t("suggest.here"))


def _suggest(thread: ProfileThread, teams: tuple[str, ...], unit: UnitWorkbook, own: Sequence[Teacher],
             elsewhere: Sequence[Teacher]) -> Suggestion:
    pid = thread.profile_id
    here = next((x for x in own if pid in x.profile_ids), None)
    there = next((x for x in elsewhere if pid in x.profile_ids), None)
    if here is not None:
        key, activity = "side_by_side", t("suggest.activity.side_by_side", profile=pid, who=_who(here, unit))
    elif there is not None:
        key, activity = "internal_teaching", t("suggest.activity.internal", profile=pid, who=_who(there, unit))
    else:
        key, activity = "short_course", t("suggest.activity.course", profile=pid)
    employees = t("suggest.employees", teams=t("list.and").join(teams))
    each = PER_PERSON_HOURS[key]
    resources = t("suggest.resources", hours=f"{each:g}".replace(".", ","))
    people = participants(employees, unit.teams, unit.cover.team_sizes).count
    gap = max(thread.gaps[team] or 0 for team in teams)
    why = t("suggest.why.priority" if thread.priority else "suggest.why.gap", gap=gap, teams=", ".join(teams))
    return Suggestion(pid, teams, gap, key, activity, employees, resources,
                      round(each * people, 2) if people else None, why)


def by_unit(teachers: Mapping[str, Iterable[CatalogueEntry]]) -> list[Teacher]:
    """The organisation's catalogue (unit → its lines) as teachers, unit by unit."""
    return [x for name, entries in teachers.items() for x in teachers_from(name, entries)]
