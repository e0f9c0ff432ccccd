"""The competence catalogue (kompetencekatalog) and its resource persons. Pure.

Who has completed which activity, in which year, for which profiles: made from the plan's
rows marked Gennemført or Forankret, so nobody types it twice. The one thing typed is the
leader's "Kan oplære andre"; it stays with its line (employees + activity + profiles) when
plan rows are added, moved or removed — a line whose plan row is gone stays while it carries
a typed value, marked as no longer in the plan. Lines carried from an earlier round
(``next-round``) stay for good, marked with that round.
"""

from __future__ import annotations

__all__ = ["catalogue", "resource_persons"]

from collections.abc import Iterable

from .derived import last_unit
from .models import CatalogueEntry, PlanRow, UnitWorkbook
from .schema import PLAN_STATUSES_CLOSED


def _year(row: PlanRow) -> int | None:
    when = row.end or row.start
    return when.year if when else None


@last_unit
def catalogue(unit: UnitWorkbook) -> tuple[CatalogueEntry, ...]:
    """The catalogue's lines, in plan order, each with the "Kan oplære andre" typed for it
    (``unit.catalogue`` is the sheet as read); then lines no longer in the plan that carry a
    typed value.

    >>> from xlkompetence.core.models import PlanRow, UnitWorkbook, CatalogueEntry
    >>> unit = UnitWorkbook(plan=(PlanRow(row=5, employees="Anne", activity="ÅD", status="Gennemført",
    ...                                   profile_ids=("K1",)),),
    ...                     catalogue=(CatalogueEntry(employees="Anne", activity="ÅD", profile_ids=("K1",), can_teach="Ja"),))
    >>> [(e.employees, e.plan_row, e.can_teach) for e in catalogue(unit)]
    [('Anne', 5, 'Ja')]
    """
    typed = {e.key: e.can_teach for e in unit.catalogue if e.can_teach}
    lines: list[CatalogueEntry] = []
    seen: set[tuple[str, str, str]] = set()
    for row in unit.plan:
        if row.status not in PLAN_STATUSES_CLOSED or not (row.activity or row.employees):
            continue
        entry = CatalogueEntry(employees=row.employees, activity=row.activity, learning_form=row.learning_form,
                               year=_year(row), profile_ids=row.profile_ids, plan_row=row.row)
        if entry.key in seen:
            continue
        seen.add(entry.key)
        lines.append(entry.model_copy(update={"can_teach": typed[entry.key]}) if entry.key in typed else entry)
    for old in unit.catalogue:
        # A line from an earlier round stays: that round's plan is in its own workbook.
        if (old.can_teach or old.earlier) and old.key not in seen:
            seen.add(old.key)
            lines.append(old.model_copy(update={"row": None, "plan_row": None}))
    return tuple(lines)


def resource_persons(entries: Iterable[CatalogueEntry]) -> dict[str, list[str]]:
    """Per profile number, the lines' employees marked as able to teach others (in order,
    each once); a line without a profile is listed under "".
    """
    result: dict[str, list[str]] = {}
    for entry in entries:
        if not entry.teaches:
            continue
        for pid in entry.profile_ids or ("",):
            names = result.setdefault(pid, [])
            if entry.employees not in names:
                names.append(entry.employees)
    return result
