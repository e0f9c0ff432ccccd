"""How a written cell shows its number: the one model the template writer, the file patcher and
the Excel add-ins share. Pure.

A cell the package writes carries a style (``Cell.style``: "int", "pct", "date" …) and each
style one Excel number format. The sheets refresh owns outright (Overblik, MED-SU, Fejl og
mangler, the catalogue) move their sections up and down as a unit's content grows, so a cell
cannot keep the format it had: every write gives it its own. ``format_areas`` puts an owned
sheet's formats in as few rectangles as its numbers allow (text shows the same under any
number format, so it never splits one), which is what the add-ins send Excel, one call per
rectangle (the sheet General first); the file patcher gives each cell that shows a number the
format of the rectangle it lies in, or General: both leave the same format in every such cell.
"""

from __future__ import annotations

__all__ = [
    "GENERAL", "DATE_FORMAT", "AMOUNT_FORMAT", "STYLE_FORMATS", "FORMATS_CELL", "FormatArea", "style_format",
    "format_areas", "area_format", "areas_key", "shows_number",
]

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .calculated import Cell

GENERAL = "General"
DATE_FORMAT = "dd-mm-yyyy"
# Hours and kroner show 20 as "20" and 7,4 as "7,4". No Excel format drops the separator of a
# whole number only ("#,##0.##" shows "20,", and SheetJS refuses it), so: the general format,
# which shows the number as it is, with the reader's own decimal separator.
AMOUNT_FORMAT = GENERAL

# A style's number format; a style not named here shows its number as General does.
STYLE_FORMATS: dict[str, str] = {
    "int": "0",
    "dec": "0.0",
    "amount": AMOUNT_FORMAT,
    "pct": "0%",
    "kr": '#,##0 "kr."',
    "date": DATE_FORMAT,
    "input_date": DATE_FORMAT,
    "gap": "0",
    "year": "0",
}
# The memory sheet's place for an owned sheet's formats as last written (``areas_key``): "["
# cannot begin a cell reference, so no cell of the sheet can take it.
FORMATS_CELL = "[talformater]"


def style_format(style: str) -> str:
    return STYLE_FORMATS.get(style, GENERAL)


def shows_number(value: Any) -> bool:
    """Whether a cell's number format decides how it shows ``value``: a number or a date."""
    return isinstance(value, (int, float, date)) and not isinstance(value, bool)


@dataclass(frozen=True)
class FormatArea:
    """Rows ``top``–``bottom`` of columns ``left``–``right`` (1-based) in number format ``code``."""

    top: int
    left: int
    bottom: int
    right: int
    code: str

    def holds(self, row: int, col: int) -> bool:
        return self.top <= row <= self.bottom and self.left <= col <= self.right


def format_areas(cells: Mapping[tuple[int, int], Cell]) -> list[FormatArea]:
    """The formats of the cells that show a number, other than General, as rectangles: each
    column's runs of one format (text between them does not break a run), side by side runs
    of the same rows and format joined."""
    columns: dict[int, dict[int, str]] = {}
    for (row, col), cell in cells.items():
        if cell.formula is None and shows_number(cell.value):
            columns.setdefault(col, {})[row] = style_format(cell.style)
    runs: dict[tuple[int, int, str], list[int]] = {}
    for col, rows in columns.items():
        run: list[Any] = []
        for row in sorted(rows):
            if run and run[2] == rows[row]:
                run[1] = row
                continue
            if run and run[2] != GENERAL:
                runs.setdefault((run[0], run[1], run[2]), []).append(col)
            run = [row, row, rows[row]]
        if run and run[2] != GENERAL:
            runs.setdefault((run[0], run[1], run[2]), []).append(col)
    areas = []
    for (top, bottom, code), cols in runs.items():
        cols.sort()
        start = prev = cols[0]
        for col in cols[1:]:
            if col != prev + 1:
                areas.append(FormatArea(top, start, bottom, prev, code))
                start = col
            prev = col
        areas.append(FormatArea(top, start, bottom, prev, code))
    return sorted(areas, key=lambda a: (a.top, a.left))


def area_format(areas: Sequence[FormatArea], row: int, col: int) -> str:
    """The format ``areas`` give the cell at (row, col): General outside them."""
    return next((a.code for a in areas if a.holds(row, col)), GENERAL)


def areas_key(areas: Sequence[FormatArea]) -> str:
    """A short text that is the same for the same formats: what the memory keeps, so that an
    add-in sends them to Excel only when they change."""
    text = ";".join(f"{a.top},{a.left},{a.bottom},{a.right},{a.code}" for a in areas)
    return "f:" + hashlib.sha256(text.encode()).hexdigest()[:16]
