"""The unit workbook's cell formats in XlsxWriter (``styletable`` describes them), and the
colours of its conditional formats.
"""

from __future__ import annotations

__all__ = ["RED", "AMBER", "GREEN", "BLUE", "MISSING", "RETIRED", "Formats"]

from typing import Any

from xlsxwriter.workbook import Workbook

from ..core.schema import Calc, Kind
from ..xlsx.styles import BASE, add_formats
from .styletable import UNIT_FORMATS, cell_props

# Conditional formats: (fill, font colour)
RED = ("#FFC7CE", "#9C0006")
AMBER = ("#FFEB9C", "#9C5700")
GREEN = ("#C6EFCE", "#006100")
BLUE = ("#DDEBF7", "#1F4E78")
MISSING = ("#FCE4D6", "#833C0B")
RETIRED = ("#F2F2F2", "#A6A6A6")


class Formats:
    """Named cell formats; input cells unlocked, calculated cells locked and grey."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self.base = BASE
        self.named = add_formats(wb, UNIT_FORMATS)
        self.cells: dict[tuple[Kind, Calc], Any] = {}
        self.highlights: dict[tuple[str, str], Any] = {}

    def __getitem__(self, name: str):
        return self.named[name]

    def cell(self, kind: Kind, calc: Calc):
        key = (kind, calc)
        if key not in self.cells:
            self.cells[key] = self.wb.add_format(cell_props(kind, calc))
        return self.cells[key]

    def highlight(self, colours: tuple[str, str]):
        if colours not in self.highlights:
            self.highlights[colours] = self.wb.add_format({"bg_color": colours[0], "font_color": colours[1]})
        return self.highlights[colours]
