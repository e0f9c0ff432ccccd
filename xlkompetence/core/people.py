"""The unit's people: the names bilag C and the plan write, resolved against the sheet
Medarbejdere. Pure.

A leader writes a colleague as she speaks of her: "Pernille", "Pernille S.", "pernille skov".
Each is the one person on the sheet whose name it is, or whose first name it is with the
later words begun as written; where two people fit, which is meant is a guess, and the
leader is asked (``employee.name_ambiguous``); where nobody fits, she is asked too
(``employee.name_unknown``). Without a sheet (a workbook from before template 5, or one
nobody has listed people in), names are taken as written.
"""

from __future__ import annotations

__all__ = ["resolve", "Person", "people", "person_of", "row_people"]

import re
from dataclasses import dataclass

from .models import Employee, PlanRow, UnitWorkbook
from .parsing import normalise_text
from .privacy import plan_people


@dataclass(frozen=True)
class Person:
    """One person of the unit: a name and a team (two of one name in two teams are two)."""

    name: str
    team: str

    @property
    def key(self) -> tuple[str, str]:
        return normalise_text(self.name), normalise_text(self.team)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s.,]+", normalise_text(name)) if w]


def _fits(written: list[str], full: list[str]) -> bool:
    """"Pernille S." fits "Pernille Skov": the first name whole, each later word the start of a
    later word of the full name, in order."""
    if not written or not full or written[0] != full[0]:
        return False
    rest = iter(full[1:])
    return all(any(word.startswith(w) for word in rest) for w in written[1:])


def resolve(employees: tuple[Employee, ...] | list[Employee], name: str, team: str = "") -> list[Employee]:
    """The people on the sheet ``name`` (of ``team``, where given) can mean: the same name
    first, otherwise the names it fits (see ``_fits``)."""
    written = _words(name)
    if not written:
        return []
    same = [e for e in employees if _words(e.name) == written]
    found = same or [e for e in employees if _fits(written, _words(e.name))]
    if team and len(found) > 1:
        in_team = [e for e in found if normalise_text(e.team) == normalise_text(team)]
        found = in_team or found
    if len(found) > 1 and not same:
        # Of several that fit, those still employed: an ended colleague is rarely meant.
        found = [e for e in found if e.active] or found
    return found


def people(unit: UnitWorkbook) -> list[Person]:
    """The unit's people as the MUS figures count them: those on the sheet Medarbejdere still
    employed; without the sheet, everyone bilag C and the plan name (each once, see
    ``core.mus.employees_named``)."""
    return [Person(" ".join(e.name.split()), e.team) for e in unit.employees if e.active and e.name.strip()]


def person_of(unit: UnitWorkbook, name: str, team: str = "") -> Person | None:
    """The one person on the sheet ``name`` names; None where it names nobody or several."""
    found = resolve(unit.employees, name, team)
    if len(found) != 1:
        return None
    return Person(" ".join(found[0].name.split()), found[0].team)


def row_people(unit: UnitWorkbook, row: PlanRow) -> dict[str, str]:
    """The people one plan row's Medarbejdere names (name → team written with it)."""
    return plan_people(unit.model_copy(update={"plan": (row,)}))
