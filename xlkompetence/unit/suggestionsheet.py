"""The sheet Forslag: the plan's suggestions as refresh writes them, and the lines the leader
took (Tag med: Ja). Pure: cells in, cells out.

The sheet is owned: refresh writes it whole from the gaps no activity covers, so it never
holds anything a person typed but Tag med, and a taken line becomes a plan row at the next
refresh (after which the gap is covered and the line goes). No figure reads this sheet: the
reader reads the plan's own table.
"""

from __future__ import annotations

__all__ = ["suggestion_cells", "taken_lines", "SUGGESTION_ROWS"]

from typing import Any

from ..core.calculated import Cell
from ..core.grid import Grid, is_blank
from ..core.parsing import is_yes, normalise_text
from ..core.schema import SUGGESTIONS, layout, placed_columns
from ..core.suggestions import Suggestion
from .overview import Cells, table_head
from .sheettables import as_text

# Rows with a white Tag med cell and its drop-down, also where there are fewer suggestions.
SUGGESTION_ROWS = 40


def _style(key: str, is_input: bool) -> str:
    return "input" if is_input else "year" if key in ("gap", "hours") else "wrap"


def suggestion_cells(items: list[Suggestion]) -> Cells:
    """Forslag: title, intro, headers and one line per suggestion, Tag med blank."""
    placed = placed_columns(SUGGESTIONS)
    header = layout(SUGGESTIONS).header_row
    cells = table_head(SUGGESTIONS)
    for i, item in enumerate(items):
        values: dict[str, Any] = {"take": None, "profile_id": item.profile_id, "employees": item.employees,
                                  "gap": item.gap, "activity": item.activity, "learning_form": item.learning_form,
                                  "resources": item.resources, "hours": item.hours, "why": item.why}
        for c, p in enumerate(placed, start=1):
            cells[(header + 1 + i, c)] = Cell(values[p.key], style=_style(p.key, p.column.is_input))
    for r in range(header + 1 + len(items), header + 1 + max(len(items), SUGGESTION_ROWS)):
        for c, p in enumerate(placed, start=1):
            cells[(r, c)] = Cell(None, style=_style(p.key, p.column.is_input))
    return cells


def taken_lines(grid: Grid | None) -> list[dict[str, str]]:
    """The lines whose Tag med says yes, each as column id → text, found by the headers (none
    where the sheet is missing or is a leader's own sheet of that name)."""
    if grid is None:
        return []
    placed = placed_columns(SUGGESTIONS)
    wanted = {normalise_text(p.header): p.key for p in placed}
    for row in range(1, min(grid.height, 20) + 1):
        cols = {wanted[normalise_text(v)]: c for c, v in enumerate(grid.rows[row - 1], start=1)
                if not is_blank(v) and normalise_text(v) in wanted}
        if "take" in cols and "activity" in cols and "profile_id" in cols:
            return [{key: as_text(grid.get(r, c)) for key, c in cols.items()}
                    for r in range(row + 1, grid.height + 1) if is_yes(grid.get(r, cols["take"]))
                    and not is_blank(grid.get(r, cols["activity"]))]
    return []
