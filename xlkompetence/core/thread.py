"""The red thread: strategy → goal → profile → gap → team learning goal → activity →
follow-up → anchoring. Pure.

A plan row names the profile it covers in Kompetencebehov, by number ("K1", "K1, K3") or by
the profile's text as the appendix writes it; an anchoring row names it by Profilnr. (or its
text names one). From those links each profile gets its thread: its gaps, the activities that
cover it (for the teams they name, or every team where they name none), their status, and the
anchoring rows that follow it up. The leader decides priorities; the thread only shows which
links are missing.
"""

from __future__ import annotations

__all__ = [
    "SIMILAR_TEXT", "Reference", "ProfileIndex", "covered_teams", "ProfileThread",
    "threads", "unanchored", "refers_to",
]

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .effort import teams_named
from .gaps import ProfileGaps, needs_rows, priority_rank
from .grid import is_blank
from .matching import SIMILAR
from .models import AnchoringRow, Decision, PlanRow, Profile, UnitWorkbook
from .parsing import normalise_text
from .schema import LEVEL_MAX, PLAN_STATUSES, PLAN_STATUSES_CLOSED, PRIORITIES

# How alike two texts must be to name the same thing: the merge's threshold for profiles.
SIMILAR_TEXT = SIMILAR
_ID_SHAPE = re.compile(r"^[a-zæøå]{0,4}[-.]?\d{1,4}[a-z]?$")
_ID_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\bog\b|\bsamt\b)\s*|\s+")
_ID_IN_TEXT = re.compile(r"(?<![\wæøå])([a-zæøå]{1,4}[-.]?\d{1,4})(?![\wæøå])")
_MIN_CONTAINED = 20


@dataclass(frozen=True)
class Reference:
    """The profiles a cell names (their numbers as sheet A spells them), and the numbers it
    names that sheet A does not have."""

    ids: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


class ProfileIndex:
    """Sheet A's profiles, to resolve what a cell names.

    >>> index = ProfileIndex([Profile(id="K1", text="Vi skal kunne mestre en dialogisk tilgang til mødet med borgerne."),
    ...                       Profile(id="K2", text="Vi skal kunne anvende kommunikative metoder.")])
    >>> index.resolve("K1, k2"), index.resolve("K9")
    (Reference(ids=('K1', 'K2'), unknown=()), Reference(ids=(), unknown=('K9',)))
    >>> index.resolve("Vi skal kunne mestre en dialogisk tilgang til mødet med borger.")  # the appendix's wording
    Reference(ids=('K1',), unknown=())
    >>> index.resolve("Kursus i noget helt andet")
    Reference(ids=(), unknown=())
    """

    def __init__(self, profiles: Iterable[Profile]):
        numbered = [(p.id, p.text) for p in profiles if p.id]
        self.by_id = {pid.casefold(): pid for pid, _ in numbered}
        self.texts = [(normalise_text(text), pid) for pid, text in numbered if text]
        self.by_text: dict[str, str] = {}
        for text, pid in self.texts:
            self.by_text.setdefault(text, pid)
        self._cache: dict[str, Reference] = {}

    def resolve(self, raw: object) -> Reference:
        """What ``raw`` names: a list of numbers, a profile's text (exact, or as alike as a typo
        or the appendix's shortened wording), or numbers mentioned in a text."""
        if is_blank(raw):
            return Reference()
        text = str(raw).strip()
        if text not in self._cache:
            self._cache[text] = self._resolve(text)
        return self._cache[text]

    def _resolve(self, text: str) -> Reference:
        folded = normalise_text(text)
        tokens = [x for x in _ID_SPLIT.split(text.strip().rstrip(".")) if x]
        if tokens and all(_ID_SHAPE.match(x.casefold()) for x in tokens):
            return Reference(_unique(self.by_id[x.casefold()] for x in tokens if x.casefold() in self.by_id),
                             _unique(x for x in tokens if x.casefold() not in self.by_id))
        if folded in self.by_text:
            return Reference((self.by_text[folded],))
        named = _unique(self.by_id[m] for m in _ID_IN_TEXT.findall(folded) if m in self.by_id)
        if named:
            return Reference(named)
        similar = self._similar(folded)
        return Reference((similar,) if similar else ())

    def _similar(self, folded: str) -> str | None:
        best, best_ratio = None, SIMILAR_TEXT
        # The cell's text is the matcher's second sequence: difflib indexes it once for all profiles.
        matcher = difflib.SequenceMatcher(None, "", folded, autojunk=False)
        for text, pid in self.texts:
            if len(text) >= _MIN_CONTAINED and len(folded) >= _MIN_CONTAINED and (text in folded or folded in text):
                return pid
            matcher.set_seq1(text)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = pid, ratio
        return best


def refers_to(text: str, target: str) -> bool:
    """Whether ``text`` says the same as ``target`` (a learning goal copied, perhaps with a
    typo or shortened): equal, one inside the other, or alike."""
    a, b = normalise_text(text), normalise_text(target)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= _MIN_CONTAINED and (a in b or b in a)):
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR_TEXT


def covered_teams(row: PlanRow, teams: Sequence[str]) -> tuple[str, ...]:
    """The teams a plan row covers: those its Medarbejdere names, or every team where it
    names none (a row for "Alle" or for named people covers the unit)."""
    return teams_named(row.employees, teams) or tuple(teams)


@dataclass(frozen=True)
class ProfileThread:
    """One profile's thread: its gaps, the leader's decision, the activities that cover it,
    and the anchoring rows that follow it up."""

    profile_id: str
    text: str
    row: int | None
    # The leader's decision per team (the team's own, or an older template's for every team).
    decisions: dict[str, Decision]
    gaps: dict[str, int | None]
    activities: tuple[PlanRow, ...]
    covered: tuple[str, ...]
    anchoring: tuple[AnchoringRow, ...]

    def priority_of(self, team: str) -> str | None:
        decision = self.decisions.get(team)
        return decision.priority if decision else None

    @property
    def priority(self) -> str | None:
        """The most pressing of the teams' decisions (kort sigt first, ikke nu last): the
        profile's place in a list of profiles."""
        decided = [d.priority for d in self.decisions.values() if d.priority]
        return min(decided, key=priority_rank) if decided else None

    @property
    def max_gap(self) -> int | None:
        known = [g for g in self.gaps.values() if g is not None]
        return max(known) if known else None

    @property
    def gap2_teams(self) -> tuple[str, ...]:
        return tuple(team for team, g in self.gaps.items() if g is not None and g >= 2)

    @property
    def wanting(self) -> tuple[str, ...]:
        """Teams the thread says need an activity: gap ≥2, or (where the leader prioritised the
        profile) any positive gap; none once the leader said "ikke nu"."""
        return tuple(team for team, g in self.gaps.items() if g is not None and g >= self._least(team))

    def _least(self, team: str) -> int:
        """The gap from which ``team`` needs an activity: none after "ikke nu", 1 where the
        leader prioritised the profile for the team, else 2."""
        priority = self.priority_of(team)
        if priority == PRIORITIES[2]:
            return LEVEL_MAX + 1
        return 1 if priority in PRIORITIES[:2] else 2

    @property
    def uncovered(self) -> tuple[str, ...]:
        return tuple(team for team in self.wanting if team not in self.covered)

    @property
    def closed(self) -> tuple[PlanRow, ...]:
        return tuple(r for r in self.activities if r.status in PLAN_STATUSES_CLOSED)

    @property
    def statuses(self) -> Counter:
        return Counter(r.status for r in self.activities if r.status)

    @property
    def next_follow_up(self) -> date | None:
        dates = [r.next_follow_up for r in self.anchoring if r.next_follow_up]
        return max(dates) if dates else None

    @property
    def state(self) -> tuple[str, dict[str, str]]:
        """The first missing link, as a ``thread.state.*`` label key and its values."""
        if self.uncovered:
            return "thread.state.no_activity", {"teams": ", ".join(self.uncovered)}
        if not self.activities:
            if self.priority is not None and self.max_gap is not None and self.max_gap >= 2:
                return "thread.state.decided", {"priority": self.priority.lower()}
            if self.max_gap is None:
                return "thread.state.not_assessed", {}
            return "thread.state.no_gap", {}
        if not self.closed:
            under_way = any(r.status == PLAN_STATUSES[1] for r in self.activities)
            return ("thread.state.not_closed" if under_way else "thread.state.planned"), {}
        if not self.anchoring:
            return "thread.state.no_anchoring", {}
        return "thread.state.complete", {}


def threads(unit: UnitWorkbook, rows: list[ProfileGaps] | None = None) -> list[ProfileThread]:
    """The thread of every active profile of sheet A with a number, in sheet A's order."""
    by_id = {r.profile_id: r for r in (needs_rows(unit) if rows is None else rows)}
    plans = _by_profile(unit.plan)
    follow_ups = _by_profile(unit.anchoring)
    result = []
    for p in unit.profiles:
        if not p.id or p.retired:
            continue
        needs = by_id.get(p.id)
        activities = plans.get(p.id, ())
        covered = _unique(team for r in activities for team in covered_teams(r, unit.teams))
        result.append(ProfileThread(
            profile_id=p.id, text=p.text, row=needs.row if needs else None,
            decisions={team: d for team in unit.teams if (d := unit.decision(p.id, team)) is not None},
            gaps=dict(needs.gaps) if needs else {team: None for team in unit.teams},
            activities=activities, covered=covered,
            anchoring=follow_ups.get(p.id, ()),
        ))
    return result


def _by_profile(rows: Iterable[PlanRow | AnchoringRow]) -> dict[str, tuple]:
    """Rows by each profile they name, in sheet order."""
    found: dict[str, list] = {}
    for row in rows:
        for pid in row.profile_ids:
            found.setdefault(pid, []).append(row)
    return {pid: tuple(rs) for pid, rs in found.items()}


def unanchored(unit: UnitWorkbook) -> list[PlanRow]:
    """Plan rows marked Gennemført or Forankret that no anchoring row follows up (none names a
    profile the row covers)."""
    anchored = {pid for a in unit.anchoring for pid in a.profile_ids}
    return [r for r in unit.plan if r.status in PLAN_STATUSES_CLOSED and not anchored.intersection(r.profile_ids)]
