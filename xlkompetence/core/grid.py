"""One sheet's cell values as a grid: what every reader of a workbook hands the core.

The file loader (calamine), the Excel add-in (xlwings) and the browser (xlwings Lite) all
produce a ``Grid``; the reader works on grids alone, so it runs wherever Python does.
"""

from __future__ import annotations

__all__ = ["Grid", "is_blank"]

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def is_blank(raw: object) -> bool:
    """The one rule for an empty cell, everywhere: nothing, or only spaces (a no-break space
    included). A cell holding a single space is as empty as one holding nothing.

    >>> [is_blank(x) for x in (None, "", " ", "\xa0 \t", " a ", 0)]
    [True, True, True, True, False, False]
    """
    # isspace counts the no-break space as str.strip does, and makes no new string: asked for
    # every cell a reader looks at.
    return raw is None or isinstance(raw, str) and (not raw or raw.isspace())


@dataclass
class Grid:
    """One sheet's cell values from A1, with Excel error cells kept apart."""

    name: str
    rows: list[list[Any]]
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.rows)

    def get(self, row: int, col: int) -> Any:
        """The value at 1-based (row, col); None when empty."""
        if row < 1 or col < 1 or row > len(self.rows):
            return None
        line = self.rows[row - 1]
        if col > len(line):
            return None
        value = line[col - 1]
        return None if is_blank(value) else value

    def error(self, row: int, col: int) -> str | None:
        return self.errors.get((row, col))

    def edited(self, values: Mapping[tuple[int, int], Any], clear_from_row: int | None = None) -> Grid:
        """A copy with ``values`` written at 1-based (row, col) and, with ``clear_from_row``,
        every other cell from that row down emptied: the sheet as those writes leave it."""
        rows = [list(line) for line in self.rows]
        errors = dict(self.errors)
        if clear_from_row is not None:
            for r in range(clear_from_row, len(rows) + 1):
                rows[r - 1] = []
            errors = {k: v for k, v in errors.items() if k[0] < clear_from_row}
        for (row, col), value in values.items():
            while len(rows) < row:
                rows.append([])
            line = rows[row - 1]
            line.extend([None] * (col - len(line)))
            line[col - 1] = value
            errors.pop((row, col), None)
        return Grid(self.name, rows, errors, list(self.merged))
