"""Whether a text that leaves the unit names someone: a finding for the leader, at the cell,
before HR receives it. Pure, on what the reader found.

Only the organisational texts that leave (``core.disclosure``: the fields that leave as text,
not the lists of people that Medarbejdere and Ansvar are) are looked at. A person the unit
lists is replaced before the text leaves, and the leader is told, so that a text that says
something about the person is rewritten; a capitalised word inside a sentence that is not a
Danish word may be the name of someone the unit does not list (a citizen, a relative), which
no scrubber can know: the leader is told that too. Each message names the name found, no
more of the cell.
"""

from __future__ import annotations

__all__ = ["name_findings"]

from collections.abc import Callable, Iterable

from ..core.cells import ref
from ..core.disclosure import Share, field_of
from ..core.findings import Code, Finding, finding
from ..core.models import UnitWorkbook
from ..core.privacy import Scrubber, people_in, possible_names, team_words
from ..core.schema import ANCHORING, NEEDS, PLAN, PROFILES, Sheet
from .sheettables import SheetData

# The model's field where it is not the column's id.
_ATTRIBUTE = {(PROFILES.id, "profile"): "text"}


def name_findings(unit: UnitWorkbook, sheets: dict[str, SheetData], goal_cells: dict[str, tuple[int, int]],
                  file: str, keeps: Callable[[Code, str | None], bool]) -> list[Finding]:
    """A finding for each name in each text of ``unit`` that leaves it as text."""
    teams = team_words(unit)
    scrub = Scrubber(unit.cover.unit, people_in(unit), None, teams)
    found: list[Finding] = []
    # A plan repeats its texts down thousands of rows: each is looked at once, for the names it
    # holds (most hold none).
    seen: dict[str, list[tuple[Code, str]]] = {}

    def check(text: str, sheet: str, row: int | None, col: int | None) -> None:
        if not text or text.isspace():
            return
        names_found = seen.get(text)
        if names_found is None:
            names_found = seen[text] = [(code, name) for code, names in (
                (Code.PRIVACY_NAMES_PERSON, scrub.found(text)),
                (Code.PRIVACY_MAYBE_NAME, possible_names(text, scrub, teams))) for name in names]
        for code, name in names_found:
            if keeps(code, sheet):
                cell = ref(row, col) if row and col else None
                found.append(finding(code, file=file, sheet=sheet, cell=cell, name=name))

    for sheet, records in ((PROFILES, unit.profiles), (PLAN, unit.plan), (ANCHORING, unit.anchoring)):
        data = sheets.get(sheet.id)
        for column in _texts(sheet):
            attribute = _ATTRIBUTE.get((sheet.id, column.id), column.id)
            col = data.cols.get(column.id) if data else None
            for record in records:
                check(getattr(record, attribute), sheet.name, record.row, col)
    for goal in unit.team_goals:
        row, col = goal_cells.get(goal.team, (None, None))
        check(goal.text, NEEDS.name, row, col)
    return found


def _texts(sheet: Sheet) -> Iterable:
    """The columns of ``sheet`` a person types that leave the unit as text."""
    for column in sheet.columns:
        entry = field_of(sheet.id, column.id)
        if column.is_input and entry.default is Share.TEXT and not entry.names_expected:
            yield column
