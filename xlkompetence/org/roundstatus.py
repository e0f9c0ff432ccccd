"""Status of the round: every unit on HR's list, whether it delivered and how far it is. No I/O.

A unit on the list is matched to the inputs by its name (as ``merge`` matches two versions
of one unit: case, spacing and dashes do not matter). A unit that delivered without being
on the list is shown too: it still counts in the organisation plan.
"""

from __future__ import annotations

__all__ = ["round_status"]

from dataclasses import replace

from ..core.findings import Code, finding
from ..core.gaps import team_summaries
from ..core.identity import unit_key
from ..core.models import UnitWorkbook
from ..core.roster import Roster
from ..core.wheel import next_wheel_date
from .orgplan import Delivery, InputFile, OrgPlan, RoundStatus, UnitStatus


def round_status(org: OrgPlan, roster: Roster) -> RoundStatus:
    """Each unit on ``roster`` as the merged inputs show it, then the units not on it."""
    by_key: dict[str, list[InputFile]] = {}
    for entry in org.inputs:
        by_key.setdefault(_key(entry), []).append(entry)
    status = RoundStatus()
    listed = set()
    named = org.names_taken()

    def delivered(name: str, entry: InputFile, expected: bool) -> UnitStatus:
        figures = org.committee.get(named.get(id(entry), ""))
        unit = entry.unit
        assert unit is not None  # included inputs were read
        found = _delivered(name, entry, unit, expected=expected)
        upcoming = next_wheel_date(unit, org.today)
        if upcoming is not None:
            found = replace(found, next_date=upcoming.when, next_event=upcoming.event)
        if figures is None:
            return found
        return replace(found, mus_held=_share(figures.held_share),
                       personal_goals=_share(figures.personal_share), group_goals=_share(figures.group_share))

    for expected in roster.entries:
        listed.add(expected.key)
        found = by_key.get(expected.key, [])
        taken = next((e for e in found if e.included), None)
        if taken is not None:
            status.units.append(delivered(expected.unit, taken, True))
            if taken.unchanged:
                status.findings.append(finding(Code.ROUND_UNCHANGED, unit=expected.unit))
        else:
            unreadable = next((e for e in found if not e.readable), None)
            delivery = Delivery.UNREADABLE if unreadable is not None else Delivery.NO
            status.units.append(UnitStatus(expected.unit, True, delivery, unreadable.shown if unreadable else ""))
            status.findings.append(finding(Code.ROUND_NOT_DELIVERED, unit=expected.unit))
    for entry in org.inputs:
        if entry.included and _key(entry) not in listed:
            # A unit without a name on its Forside goes by its input's shown name, never its
            # file's, which may be a person's.
            name = entry.cover.unit if entry.cover and entry.cover.unit else entry.shown
            status.units.append(delivered(name, entry, False))
            status.findings.append(finding(Code.ROUND_UNEXPECTED, unit=name, name=entry.shown))
    return status


def _key(entry: InputFile) -> str:
    return unit_key(entry.cover.unit if entry.cover and entry.cover.unit else entry.path.stem)


def _delivered(name: str, entry: InputFile, unit: UnitWorkbook, *, expected: bool) -> UnitStatus:
    # A workbook nobody has typed in since it was issued is there, but not delivered.
    delivery = Delivery.UNCHANGED if entry.unchanged else Delivery.YES
    return UnitStatus(name, expected, delivery, entry.shown, entry.modified, entry.errors, entry.warnings,
                      assessed_share(unit), len(unit.plan),
                      entry.overdue, typed_over=entry.typed_over)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def assessed_share(unit: UnitWorkbook) -> float | None:
    """Share of the levels the teams should give that are given (None: nothing to assess)."""
    summaries = team_summaries(unit)
    total = sum(s.assessed + s.missing for s in summaries)
    return None if total == 0 else round(sum(s.assessed for s in summaries) / total, 3)
