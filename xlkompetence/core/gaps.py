"""Gaps between desired and actual levels, their status and the priorities they give.

Pure functions on models. The Excel formulas written by the template (see ``formulas``)
compute the same gap and status; a test has LibreOffice recalculate them and compare.
"""

from __future__ import annotations

__all__ = [
    "gap", "team_status", "profile_status", "max_gap", "ProfileGaps", "Priority", "TeamSummary",
    "Deficit", "deficit", "priority_rank", "needs_rows", "priorities", "team_summaries",
]

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from .models import Assessment, UnitWorkbook
from .schema import PRIORITIES, STATUS_URGENCY, Status



def priority_rank(priority: str | None) -> int:
    """The order of the leader's decisions: kort sigt, længere sigt, no decision, ikke nu."""
    short, long, not_now = PRIORITIES
    ranks: dict[str | None, int] = {short: 0, long: 1, not_now: 3}
    return ranks.get(priority, 2)


def gap(desired: int | None, actual: int | None) -> int | None:
    """desired − actual; None while either level is missing. Negative: above the desired level."""
    if desired is None or actual is None:
        return None
    return desired - actual


def team_status(desired: int | None, actual: int | None, not_relevant: bool = False) -> Status:
    if not_relevant:
        return Status.NOT_RELEVANT
    g = gap(desired, actual)
    if g is None:
        return Status.MISSING
    if g >= 2:
        return Status.GAP2
    if g == 1:
        return Status.GAP1
    if g == 0:
        return Status.NONE
    return Status.ABOVE


def profile_status(statuses: list[Status]) -> Status:
    """The most urgent of the teams' statuses: a gap ≥2 outranks a missing assessment,
    which outranks a gap of 1, no gap, and being above the level. No teams: missing."""
    if not statuses:
        return Status.MISSING
    return min(statuses, key=STATUS_URGENCY.index)


def max_gap(gaps: list[int | None]) -> int | None:
    known = [g for g in gaps if g is not None]
    return max(known) if known else None


@dataclass(frozen=True)
class ProfileGaps:
    """One profile row of template B with everything calculated."""

    profile_id: str
    text: str
    row: int | None
    by_team: dict[str, Assessment]
    gaps: dict[str, int | None]
    statuses: dict[str, Status]
    status: Status
    max_gap: int | None


@dataclass(frozen=True)
class Priority:
    team: str
    rank: int
    profile_id: str
    text: str
    desired: int
    actual: int
    gap: int
    priority: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Deficit:
    """Gaps added up so that a surplus never covers a deficit: how many are ≥2, and the mean of
    the positive ones (a team above its level on one profile does not offset a gap on another)."""

    assessed: int
    positive: int
    gap2: int
    mean_positive: float | None


def deficit(gaps: Iterable[int | None]) -> Deficit:
    """The gaps ≥2 and the mean of the positive gaps among ``gaps`` (None: not assessed).

    >>> deficit([2, -1, 0, 3, None])  # the -1 does not lower the mean
    Deficit(assessed=4, positive=2, gap2=2, mean_positive=2.5)
    """
    known = [g for g in gaps if g is not None]
    positive = [g for g in known if g > 0]
    return Deficit(len(known), len(positive), sum(1 for g in known if g >= 2), _mean(positive))


@dataclass(frozen=True)
class TeamSummary:
    team: str
    mean_desired: float | None
    mean_actual: float | None
    mean_gap: float | None
    assessed: int
    missing: int
    gap2: int
    mean_positive_gap: float | None = None
    # Profiles the team answered "Ikke relevant" for: neither assessed nor missing.
    not_relevant: int = 0


def needs_rows(unit: UnitWorkbook) -> list[ProfileGaps]:
    """One entry per row of template B (profiles that have a row there), in sheet order.
    Profiles the organisation retired are left out: they no longer count in any gap."""
    retired = {p.id for p in unit.profiles if p.retired}
    by_profile: dict[str, dict[str, Assessment]] = {}
    rows: dict[str, int | None] = {}
    for a in unit.assessments:
        if a.profile_id in retired:
            continue
        by_profile.setdefault(a.profile_id, {})[a.team] = a
        rows.setdefault(a.profile_id, a.row)
    result = []
    profiles = {p.id: p for p in reversed(unit.profiles) if p.id}  # the first of a number wins
    for profile_id, by_team in by_profile.items():
        gaps = {team: gap(*_levels(by_team.get(team))) for team in unit.teams}
        statuses = {team: team_status(*_levels(by_team.get(team)), _not_relevant(by_team.get(team)))
                    for team in unit.teams}
        profile = profiles.get(profile_id)
        result.append(
            ProfileGaps(
                profile_id=profile_id,
                text=profile.text if profile else "",
                row=rows[profile_id],
                by_team=by_team,
                gaps=gaps,
                statuses=statuses,
                status=profile_status(list(statuses.values())),
                max_gap=max_gap(list(gaps.values())),
            )
        )
    return result


def _levels(a: Assessment | None) -> tuple[int | None, int | None]:
    return (a.desired, a.actual) if a and not a.not_relevant else (None, None)


def _not_relevant(a: Assessment | None) -> bool:
    return a is not None and a.not_relevant


def priorities(unit: UnitWorkbook, rows: list[ProfileGaps] | None = None) -> list[Priority]:
    """Per team, the profiles with a positive gap: the leader's decision first (kort sigt,
    længere sigt, none, ikke nu), then the largest gap (ties: sheet order)."""
    rows = needs_rows(unit) if rows is None else rows
    result: list[Priority] = []
    for team in unit.teams:
        decisions = {r.profile_id: unit.decision(r.profile_id, team) for r in rows}

        def key(r: ProfileGaps) -> tuple[int, int]:
            decision = decisions.get(r.profile_id)
            return priority_rank(decision.priority if decision else None), -(r.gaps[team] or 0)

        ranked = sorted((r for r in rows if (r.gaps.get(team) or 0) > 0), key=key)
        for rank, r in enumerate(ranked, start=1):
            a, g = r.by_team[team], r.gaps[team]
            assert a.desired is not None and a.actual is not None and g is not None  # a gap is taken from both levels
            d = decisions.get(r.profile_id)
            result.append(Priority(team, rank, r.profile_id, r.text, a.desired, a.actual, g,
                                   d.priority if d else None, d.reason if d else ""))
    return result


def team_summaries(unit: UnitWorkbook, rows: list[ProfileGaps] | None = None) -> list[TeamSummary]:
    rows = needs_rows(unit) if rows is None else rows
    summaries = []
    for team in unit.teams:
        assessed = [r.by_team[team] for r in rows if r.gaps.get(team) is not None]
        summaries.append(
            TeamSummary(
                team=team,
                mean_desired=_mean([a.desired for a in assessed]),
                mean_actual=_mean([a.actual for a in assessed]),
                mean_gap=_mean([r.gaps[team] for r in rows if r.gaps.get(team) is not None]),
                assessed=len(assessed),
                missing=sum(1 for r in rows if r.statuses.get(team) is Status.MISSING),
                gap2=sum(1 for r in rows if (r.gaps.get(team) or 0) >= 2),
                mean_positive_gap=deficit(r.gaps.get(team) for r in rows).mean_positive,
                not_relevant=sum(1 for r in rows if r.statuses.get(team) is Status.NOT_RELEVANT),
            )
        )
    return summaries


def _mean(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(fmean(values), 2) if values else None
