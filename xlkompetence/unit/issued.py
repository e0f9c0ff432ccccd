"""Whether a unit workbook, as read, is still as it was issued (``core.delivery``).

The stamp is a fingerprint of the models; a person may also type where no model takes it:
a level in a row without a profile number, a plan row without an activity the reader could
use. Those cells are typed content too, so they count against "unchanged" here.
"""

from __future__ import annotations

__all__ = ["stray_inputs", "is_as_issued"]

from ..core.delivery import is_unchanged
from ..core.grid import is_blank
from ..core.schema import CATALOGUE, placed_columns
from .memory import written_key
from .reader import ReadResult


def stray_inputs(result: ReadResult) -> list[tuple[str, int, str, str]]:
    """(sheet, row, column key, value) of every input cell typed in a table row that gave no
    record (the reader reports why)."""
    unit = result.unit
    kept: dict[str, set[int | None]] = {
        "profiles": {p.row for p in unit.profiles},
        "needs": {a.row for a in unit.assessments} | {d.row for d in unit.decisions},
        "individual": {g.row for g in unit.individual_goals},
        "plan": {r.row for r in unit.plan},
        "anchoring": {a.row for a in unit.anchoring},
    }
    stray = []
    for data in result.sheets.values():
        if data.sheet.id == CATALOGUE.id or data.sheet.id not in kept:
            continue
        inputs = {p.key for p in placed_columns(data.sheet, unit.teams, older=True) if p.column.is_input}
        for row, values in data.rows.items():
            if row in kept[data.sheet.id]:
                continue
            stray += [(data.name, row, key, written_key(value)) for key, value in values.items()
                      if key in inputs and not is_blank(value)]
    return stray


def is_as_issued(result: ReadResult) -> bool:
    """Nobody has typed anything since the workbook was issued: its models say what they said
    then, and no input cell holds what the models do not take."""
    return is_unchanged(result.unit, result.memory) and not stray_inputs(result)
