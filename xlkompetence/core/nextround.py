"""The next round: a unit workbook of round N turned into round N+1, and where each value went. No I/O.

The concept runs in rounds (strategy → … → anchoring → evaluation → the next round). What a
unit built stays: its profiles, teams and their sizes, the desired levels, the leader's
priorities, the team and individual learning goals and the anchoring with its next
follow-up. Last round's actual levels move beside the new, empty assessment ("Reelt niveau
(sidste runde)"), so the development shows. Unfinished plan rows go on with their status;
finished ones go to the competence catalogue (who, what, year, profile, marked with round N)
and stay in full in round N's workbook, the round's record. The period on the Forside and the
year wheel's dates move on a year.

``Fate`` accounts for every value a person typed in round N: kept where it was, carried to
another place, or archived (left in round N's file only).
"""

from __future__ import annotations

__all__ = ["KEPT", "CARRIED", "ARCHIVED", "Fate", "Carried", "carry_forward", "next_wheel", "is_finished",
           "advance_period"]

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .catalogue import catalogue
from .labels import t
from .models import Assessment, CommitteeRecord, PlanRow, TeamGoal, UnitWorkbook, WheelEvent
from .wheel import is_pending
from .schema import PLAN_STATUSES_CLOSED

KEPT, CARRIED, ARCHIVED = "kept", "carried", "archived"

# "2026", "2026-2027", "2026/27", "1. januar 2026 – 31. december 2026"; never a date typed
# as ISO text ("2026-10-05": its month is no second year).
_SPAN = re.compile(r"\b(?P<first>(?:19|20)\d\d)(?P<sep>\s*[-–/]\s*)(?P<second>\d\d)\b(?![\d.]|\s*[-–/.]\s*\d)")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Fate:
    """Where one typed value of round N went. ``key`` is the column's schema key (``id``,
    ``actual@Team A``) or the Forside field; ``to`` the key it went to when carried."""

    sheet: str
    row: int | None
    key: str
    value: Any
    fate: str
    to: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Where the value stood and went, not the value: it may be a name, a personal goal or
        the employee's logbook, which stay in the unit's workbooks."""
        return {"sheet": self.sheet, "row": self.row, "key": self.key, "fate": self.fate, "to": self.to or None}


@dataclass(frozen=True)
class Carried:
    unit: UnitWorkbook
    period_moved: bool = True


def advance_period(period: str) -> str | None:
    """The period a year on; None when it names no year.

    >>> advance_period("2026"), advance_period("2026/27"), advance_period("Runde 2026-2027")
    ('2027', '2027/28', 'Runde 2027-2028')
    >>> advance_period("Efterår") is None
    True
    >>> advance_period("2026-10-05"), advance_period("05-10-2026"), advance_period("1.10.2026 – 30.9.2027")
    ('2027-10-05', '05-10-2027', '1.10.2027 – 30.9.2028')
    """
    if not _YEAR.search(period):
        return None

    def span(m: re.Match[str]) -> str:
        first = int(m.group("first")) + 1
        return f"{first}{m.group('sep')}{(int(m.group('second')) + 1) % 100:02d}"

    text = _SPAN.sub(span, period)
    done = {m.start() for m in _SPAN.finditer(period)}
    return "".join(_bump(text, done))


def _bump(text: str, spans: set[int]) -> list[str]:
    """Every four-digit year a year on, except those the two-digit spans already moved."""
    out, last = [], 0
    for m in _YEAR.finditer(text):
        out.append(text[last:m.start()])
        out.append(m.group() if m.start() in spans else str(int(m.group()) + 1))
        last = m.end()
    out.append(text[last:])
    return out


def carry_forward(unit: UnitWorkbook) -> Carried:
    """Round N+1 of ``unit`` (read from round N's workbook)."""
    period = advance_period(unit.cover.period)
    finished = catalogue(unit)
    this_round = unit.cover.period or str(max((e.year for e in finished if e.year), default=""))
    # The competence catalogue keeps who completed what, this round's lines marked with it.
    lines = tuple(e.model_copy(update={"row": None, "plan_row": None,
                                       "earlier": e.earlier or t("catalogue.earlier", period=this_round).strip()})
                  for e in finished)
    next_unit = unit.model_copy(update={
        "cover": unit.cover.model_copy(update={"period": period or unit.cover.period, "version": "",
                                               "wheel": next_wheel(unit.cover.wheel, this_round)}),
        # The team's learning goal goes on; what its TUS agreed, and when, was this round's.
        "team_goals": tuple(TeamGoal(team=g.team, text=g.text) for g in unit.team_goals),
        "catalogue": lines,
        "profiles": tuple(p.model_copy(update={"row": None, "goal_from": None}) for p in unit.profiles),
        "assessments": tuple(Assessment(profile_id=a.profile_id, team=a.team, desired=a.desired, previous=a.actual,
                                        not_relevant=a.not_relevant) for a in unit.assessments),
        "decisions": tuple(d.model_copy(update={"row": None}) for d in unit.per_team_decisions()),
        "individual_goals": tuple(g.model_copy(update={"row": None}) for g in unit.individual_goals),
        "employees": tuple(e.model_copy(update={"row": None}) for e in unit.employees),
        "plan": tuple(r.model_copy(update={"row": None}) for r in unit.plan if not is_finished(r)),
        "anchoring": tuple(a.model_copy(update={"row": None}) for a in unit.anchoring),
        # MED/SU's discussion was this round's, like the TUS.
        "committee": CommitteeRecord(),
    })
    return Carried(next_unit, period_moved=period is not None)


def next_wheel(wheel: tuple[WheelEvent, ...], this_round: str) -> tuple[WheelEvent, ...]:
    """The year wheel of the next round: every event a year on, not yet done; an event of
    this round that is dated and not done stays too, marked with its round, so a pending
    date (the top MED's evaluation in December, a MUS not yet held) does not disappear.

    >>> wheel = (WheelEvent(event="MUS/PUS", when=date(2026, 3, 1), done=True),
    ...          WheelEvent(event="Hoved-MED evaluerer MUS", when=date(2026, 12, 15)))
    >>> [(e.event, e.when.isoformat()) for e in next_wheel(wheel, "2026")]
    [('MUS/PUS', '2027-03-01'), ('Hoved-MED evaluerer MUS (fra runde 2026)', '2026-12-15'), ('Hoved-MED evaluerer MUS', '2027-12-15')]
    """
    result = []
    for event in wheel:
        if event.when is not None and not event.done:
            result.append(event.model_copy(update={"event": _pending(event.event, this_round), "row": None}))
        if not is_pending(event.event):
            result.append(_next_year(event))
    return tuple(result)


def _pending(event: str, this_round: str) -> str:
    if is_pending(event):
        return event
    return t("wheel.pending", event=event, period=this_round) if this_round else t("wheel.pending_last", event=event)


def _next_year(event: WheelEvent) -> WheelEvent:
    """The year wheel's date a year on, not yet done (29 February becomes 28 February)."""
    when = event.when
    if when is not None:
        when = when.replace(year=when.year + 1, day=min(when.day, 28 if when.month == 2 else when.day))
    return event.model_copy(update={"when": when, "done": False, "row": None})


def is_finished(row: PlanRow) -> bool:
    """A plan row whose activity is done (Gennemført or Forankret): it stays in its round."""
    return row.status in PLAN_STATUSES_CLOSED
