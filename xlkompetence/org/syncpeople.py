"""Sync down HR's employee list: the people a unit's workbook does not list yet, added below
what the leader typed on the sheet Medarbejdere, and a row each in bilag C. Pure: the cells to
fill in, never a typed cell: a person the leader moved, ended or
spelt otherwise is hers, and one HR's list no longer has stays for her to end.
"""

from __future__ import annotations

__all__ = ["plan_people"]

from ..core.addresses import EmployeeList
from ..core.edits import CellWrite, Mode, SheetEdits, TableGrowth
from ..core.models import Employee
from ..core.parsing import normalise_text
from ..core.people import resolve
from ..core.schema import EMPLOYEES, INDIVIDUAL
from ..unit.reader import ReadResult
from ..unit.sheettables import SheetData


def _listed(people: tuple[Employee, ...] | list[Employee], person: Employee) -> bool:
    """Whether ``person`` stands among ``people`` under her full name (any team, any status)."""
    return any(normalise_text(e.name) == normalise_text(person.name) for e in resolve(people, person.name))


def plan_people(employees: EmployeeList, result: ReadResult) -> tuple[dict[str, SheetEdits], list[Employee]]:
    """The cells that add the people of ``employees`` the unit read as ``result`` lacks, and who they are."""
    edits: dict[str, SheetEdits] = {}
    unit = result.unit
    newcomers = [p for p in employees.place(unit.cover.unit, unit.teams) if not _listed(unit.employees, p)]
    sheet = result.sheets.get(EMPLOYEES.id)
    if sheet is not None:
        _append(edits, sheet, [{"name": p.name, "team": p.team, "start": p.start, "email": p.email,
                               "status": p.status} for p in newcomers])
    goals = [g for g in unit.individual_goals if g.employee.strip()]
    without_row = [p for p in (*unit.employees, *newcomers) if p.active
                   and not any(_listed([Employee(name=g.employee, team=g.team)], p) for g in goals)]
    individual = result.sheets.get(INDIVIDUAL.id)
    if individual is not None:
        _append(edits, individual, [{"employee": p.name, "team": p.team} for p in without_row])
    return edits, newcomers


def _append(edits: dict[str, SheetEdits], sheet: SheetData, rows: list[dict[str, object]]) -> None:
    """``rows`` below the last row anyone typed in ``sheet``, the table grown to hold them."""
    if not rows:
        return
    mine = edits.setdefault(sheet.name, SheetEdits())
    row = max([*sheet.rows, sheet.header_row])
    for values in rows:
        row += 1
        for key, value in values.items():
            if key in sheet.cols and value not in (None, ""):
                mine.cells[(row, sheet.cols[key])] = CellWrite(value, Mode.FILL)
    if 0 < sheet.table_last_row < row:
        mine.grow_table = TableGrowth(sheet.header_row, row)
