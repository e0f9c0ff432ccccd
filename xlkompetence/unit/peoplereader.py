"""The sheet Medarbejdere read, and the names bilag C and the plan write resolved against it
(``core.people``): a finding at the cell for a name that means nobody on the sheet, or several.
Pure: works on the reader's grids."""

from __future__ import annotations

__all__ = ["PeopleReader", "people_findings"]

from collections.abc import Callable
from typing import Any

from ..core.cells import ref
from ..core.dates import parse_date
from ..core.findings import Code, Finding, finding
from ..core.labels import t
from ..core.models import Employee, UnitWorkbook
from ..core.parsing import normalise_text
from ..core.people import resolve, row_people
from ..core.schema import EMPLOYEES, INDIVIDUAL, PLAN
from .sheettables import SheetData, SheetReader, as_text, chooser


class PeopleReader(SheetReader):
    """Reads the sheet Medarbejdere."""

    def read_employees(self, teams: list[str]) -> list[Employee]:
        """The people on the sheet, their teams spelt as sheet B spells them. A workbook from
        before the sheet has none (said once, as an older template)."""
        if self.grid_for(EMPLOYEES) is None:
            self.older.append((EMPLOYEES.name, EMPLOYEES.name))
            return []
        known = {normalise_text(x): x for x in teams}

        def employee(data: SheetData, row: int, values: dict[str, Any]) -> Employee | None:
            name = " ".join(as_text(values.get("name")).split())
            team = as_text(values.get("team"))
            if team and normalise_text(team) not in known and teams:
                self.report(Code.EMPLOYEE_TEAM_UNKNOWN, data.name, row, data.cols.get("team"), value=team,
                            teams=", ".join(teams))
            start = self.parse(parse_date, values.get("start"), data.name, row, data.cols.get("start"))
            status = self.parse(chooser(EMPLOYEES.column("status")), values.get("status"), data.name, row,
                                data.cols.get("status"))
            if not name:
                return None
            return Employee(row=row, name=name, team=known.get(normalise_text(team), team), start=start,
                            email=as_text(values.get("email")), status=status)

        return self.read_records(EMPLOYEES, employee)


def people_findings(unit: UnitWorkbook, sheets: dict[str, SheetData], file: str,
                    keeps: Callable[[Code, str | None], bool]) -> list[Finding]:
    """For each employee bilag C names and each person the plan's Medarbejdere names: a finding
    where the name means nobody on the sheet Medarbejdere, or several. Nothing without the sheet."""
    if not unit.employees:
        return []
    found: list[Finding] = []

    def check(name: str, team: str, sheet: str, row: int | None, col: int | None) -> None:
        matches = resolve(unit.employees, name, team)
        if len(matches) == 1 or not keeps(Code.EMPLOYEE_NAME_UNKNOWN, sheet):
            return
        cell = ref(row, col) if row and col else None
        if not matches:
            found.append(finding(Code.EMPLOYEE_NAME_UNKNOWN, file=file, sheet=sheet, cell=cell, value=name))
        else:
            names = t("list.or").join(f"{e.name} ({e.team})" if e.team else e.name for e in matches)
            found.append(finding(Code.EMPLOYEE_NAME_AMBIGUOUS, file=file, sheet=sheet, cell=cell, value=name,
                                 names=names))

    individual, plan = sheets.get(INDIVIDUAL.id), sheets.get(PLAN.id)
    for goal in unit.individual_goals:
        if goal.employee.strip():
            check(goal.employee, goal.team, INDIVIDUAL.name, goal.row, individual.cols.get("employee") if individual else None)
    for row in unit.plan:
        for name, team in row_people(unit, row).items():
            check(name, team, PLAN.name, row.row, plan.cols.get("employees") if plan else None)
    return found
