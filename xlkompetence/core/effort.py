"""Who takes part in a plan row and what it costs in staff time. Pure.

Medarbejdere is written as leaders write it ("Hele Team B og Åse, Benny (Team C) og Karl
(Team A)"); the participants are the whole teams it names (each counted by its size from the
Forside) plus the names it lists, or a count it states ("12 medarbejdere"). A team named in
brackets after a name only says where that person works. "Alle medarbejdere" (or "hele
huset") is every staff team; the leaders are named apart ("og ledelsen"): the unit's leader
group where it has one, else its one leader. A group word is never taken for a name.

Timer is staff time: the hours of Ressourceforbrug, or of the three Indsats columns where
the row fills them in, each multiplied by the participants when its text says the amount is
per person ("2 dage pr. medarbejder"). A bare amount is the row's total.
"""

from __future__ import annotations

__all__ = ["Participants", "Effort", "teams_named", "participants", "row_effort", "EFFORT_COLUMNS"]

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .grid import is_blank
from .models import PlanRow
from .schema import is_leader_team
from .parsing import ValueProblem
from .resources import Resources, parse_resources

# The Indsats columns, in the order of the phases (før, under, efter).
EFFORT_COLUMNS = ("effort_before", "effort_during", "effort_after")

_COUNT = re.compile(r"(\d+)\s*(?:medarbejdere|deltagere|personer|ansatte|pers\.?)(?![\wæøå])")
_EVERYONE = re.compile(r"(?<![\wæøå])(?:alle(?: medarbejdere)?|hele (?:enheden|huset|tilbuddet|afdelingen|"
                       r"personalegruppen|medarbejdergruppen))(?![\wæøå])")
_BRACKETS = re.compile(r"\(([^)]*)\)")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\n|\bog\b|\bsamt\b)\s*")
_LEADERS = re.compile(r"(?<![\wæøå])(?:ledelsen|ledelse|lederne|ledere|ledergruppen|ledergruppe|lederteamet|lederteam|"
                      r"lederen|leder)(?![\wæøå])")
_FILLER = {"hele", "alle", "samt", "og", "fra", "i", "medarbejdere", "medarbejderne", "deltagere", "team"}
_DEFINITE = r"(?:et|en|s|ets|ens|ene)?"


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\xa0", " ").casefold().split())


@functools.lru_cache(maxsize=1024)
def _team_pattern(team: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\wæøå]){re.escape(_fold(team))}{_DEFINITE}(?![\wæøå])")


def _named(folded: str, teams: Sequence[str]) -> tuple[str, ...]:
    return tuple(team for team in teams if _team_pattern(team).search(folded))


def teams_named(text: str, teams: Sequence[str]) -> tuple[str, ...]:
    """The teams ``text`` names anywhere (brackets included), in the unit's team order.

    >>> teams_named("Hele Team B og Åse, Benny (Team C) og Karl (Team A)", ("Team A", "Team B", "Team C"))
    ('Team A', 'Team B', 'Team C')
    >>> teams_named("Hele Dagteamet", ("Dagteam", "Aftenteam"))
    ('Dagteam',)
    """
    return _teams_named(text or "", tuple(teams))


# A plan names the same people on many of its rows, and every thread, overview and check asks
# again: each distinct text is worked out once.
@functools.lru_cache(maxsize=4096)
def _teams_named(text: str, teams: tuple[str, ...]) -> tuple[str, ...]:
    return _named(_fold(text), teams)


@dataclass(frozen=True)
class Participants:
    """Who a row's Medarbejdere names. ``count`` is None where it cannot be known (a team
    without a size on the Forside, or nothing written)."""

    count: int | None
    teams: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    missing_sizes: tuple[str, ...] = ()
    # Of ``count``, the leaders (a leader group's members, or the unit's one leader).
    leaders: int = 0


def participants(text: str, teams: Sequence[str], sizes: Mapping[str, int]) -> Participants:
    """The people a Medarbejdere text names: whole teams by their size, names one each, or
    the count it states.

    >>> sizes = {"Team A": 9, "Team B": 12, "Team C": 7}
    >>> participants("Hele Team B og Åse, Benny (Team C) og Karl (Team A)", tuple(sizes), sizes)
    Participants(count=15, teams=('Team B',), names=('åse', 'benny', 'karl'), missing_sizes=(), leaders=0)
    >>> participants("12 medarbejdere", tuple(sizes), sizes).count
    12
    >>> participants("Hele Team B", ("Team B",), {}).missing_sizes  # no size on the Forside
    ('Team B',)
    >>> sizes = {"Team A": 12, "Team B": 9, "Ledergruppen": 3}
    >>> participants("Alle medarbejdere og ledelsen", tuple(sizes), sizes)
    Participants(count=24, teams=('Team A', 'Team B', 'Ledergruppen'), names=(), missing_sizes=(), leaders=3)
    >>> participants("Alle medarbejdere og lederen", ("Team A",), {"Team A": 12}).count
    13
    """
    return _participants(text, tuple(teams), tuple(sizes.items()))


@functools.lru_cache(maxsize=4096)  # as ``_teams_named``: once per distinct text
def _participants(text: str, teams: tuple[str, ...], size_items: tuple[tuple[str, int], ...]) -> Participants:
    sizes = dict(size_items)
    if is_blank(text):
        return Participants(None)
    folded = _fold(text)
    stated = [int(n) for n in _COUNT.findall(folded)]
    if stated:
        return Participants(sum(stated))
    outside = _BRACKETS.sub(" ", folded)
    whole = _named(outside, teams)
    if _EVERYONE.search(outside):
        whole = _union(whole, tuple(team for team in teams if not is_leader_team(team)))
    leader_teams = tuple(team for team in teams if is_leader_team(team))
    named_leaders = bool(_LEADERS.search(outside))
    if named_leaders:
        whole = _union(whole, leader_teams)
    rest = _LEADERS.sub(" ", _EVERYONE.sub(" ", outside))
    for team in whole:
        rest = _team_pattern(team).sub(" ", rest)
    names = tuple(n for n in (x.strip(" .:-") for x in _NAME_SPLIT.split(rest))
                  if n and n not in _FILLER and any(ch.isalpha() for ch in n))
    # Leaders named where the unit has no leader group: its one leader, as on the Forside.
    lone_leader = 1 if named_leaders and not leader_teams else 0
    missing = tuple(team for team in whole if team not in sizes)
    if missing or not (whole or names or lone_leader):
        return Participants(None, whole, names, missing)
    leaders = sum(sizes[team] for team in whole if is_leader_team(team)) + lone_leader
    return Participants(sum(sizes[team] for team in whole) + len(names) + lone_leader, whole, names, leaders=leaders)


def _union(first: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + more))


@dataclass(frozen=True)
class Effort:
    """What one plan row costs: staff hours (None where a per-person amount has no count),
    their split before/during/after where the Indsats columns give it, and kroner.
    ``counted`` is the number of participants the hours were multiplied by (None where no
    amount is per person)."""

    participants: Participants
    hours: float | None
    kroner: float | None
    phase_hours: tuple[float, float, float] | None
    per_person_unknown: bool
    uncounted: tuple[str, ...]
    counted: int | None = None

    @property
    def leader_hours(self) -> float | None:
        """Of ``hours``, the leaders' share (by head count), None where it cannot be known."""
        people = self.participants
        if self.hours is None or not people.leaders or not people.count:
            return None
        return round(self.hours * people.leaders / people.count, 4)


def _parsed(raw: object) -> Resources | None:
    try:
        return parse_resources(raw)
    except ValueProblem:
        return None


def _scaled(res: Resources | None, people: int | None) -> tuple[float | None, float, bool]:
    """(hours, kroner, unknown) of one cell, its per-person amounts multiplied by ``people``
    (hours None, and unknown, where they cannot be)."""
    if res is None:
        return 0.0, 0.0, False
    if not res.per_participant:
        return res.hours, res.kroner, False
    if people is None:
        return None, res.kroner, True
    return res.hours + res.hours_each * people, res.kroner + res.kroner_each * people, False


def row_effort(row: PlanRow, teams: Sequence[str], sizes: Mapping[str, int]) -> Effort:
    """Staff time and kroner of one plan row, as the module docstring counts them."""
    cells = [_parsed(row.resources)] + [_parsed(getattr(row, c)) for c in EFFORT_COLUMNS]
    per_person = any(res is not None and res.per_participant for res in cells)
    people = participants(row.employees, teams, sizes)
    scaled = [_scaled(res, people.count if per_person else None) for res in cells]
    unknown = any(u for _, _, u in scaled)
    phased = any(res is not None and (res.hours or res.hours_each) for res in cells[1:])
    phase_hours: tuple[float, float, float] | None = None
    if phased:
        before, during, after = (h for h, _, _ in scaled[1:])
        if before is not None and during is not None and after is not None:
            phase_hours = round(before, 4), round(during, 4), round(after, 4)
        hours = None if phase_hours is None else sum(phase_hours)
    else:
        hours = scaled[0][0]
    kroner = sum(k for _, k, _ in scaled)
    uncounted = tuple(dict.fromkeys(w for res in cells if res is not None for w in res.uncounted))
    return Effort(people, None if hours is None else round(hours, 4), round(kroner, 2) if kroner else None,
                  phase_hours, unknown, uncounted, people.count if per_person else None)
