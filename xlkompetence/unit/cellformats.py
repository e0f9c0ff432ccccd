"""The unit workbook's cell formats: named ones, one for each kind of column and who fills it
in (white and unlocked where a person types, grey and locked where the workbook calculates),
and the colours of its conditional formats.
"""

from __future__ import annotations

__all__ = ["RED", "AMBER", "GREEN", "BLUE", "MISSING", "RETIRED", "Formats"]

from typing import Any

from xlsxwriter.workbook import Workbook

from ..core.schema import Calc, Kind
from ..core.numberformats import AMOUNT_FORMAT, DATE_FORMAT, STYLE_FORMATS
from ..xlsx.styles import BANNER_FILL, BASE, CALC_FILL, GRID, INPUT_FILL, add_formats

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
        self.named = add_formats(wb, {
            "help": {"italic": True, "font_size": 9, "font_color": "#595959", "text_wrap": True, "bg_color": "#F7F7F7"},
            "paragraph": {"text_wrap": True},
            "banner_label": {"bold": True, "valign": "vcenter", "bg_color": BANNER_FILL, "border": 1,
                             "border_color": GRID},
            "team_goal": {"text_wrap": True, "locked": False, "border": 1, "border_color": GRID},
            "tus_date": {"locked": False, "border": 1, "border_color": GRID, "num_format": DATE_FORMAT, "align": "left"},
            # White like every cell a person fills in: one colour, one sentence ("de hvide felter").
            "cover_input": {"locked": False, "bg_color": INPUT_FILL, "border": 1, "border_color": GRID},
            "cover_input_int": {"locked": False, "bg_color": INPUT_FILL, "border": 1, "border_color": GRID,
                                "num_format": "0", "align": "left"},
            "cover_locked": {"bg_color": CALC_FILL, "border": 1, "border_color": GRID},
            "cover_date": {"locked": False, "bg_color": INPUT_FILL, "border": 1, "border_color": GRID,
                           "num_format": DATE_FORMAT, "align": "left"},
            "cover_status": {"bg_color": CALC_FILL, "border": 1, "border_color": GRID},
            "link": {"font_color": "#0563C1", "underline": 1},
            "input": {"locked": False, "bg_color": INPUT_FILL, "border": 1, "border_color": GRID},
            "year": {"num_format": STYLE_FORMATS["year"], "align": "center", "border": 1, "border_color": GRID},
            "severity": {"bold": True},
        })
        self.cells: dict[tuple[Kind, Calc], Any] = {}
        self.highlights: dict[tuple[str, str], Any] = {}

    def __getitem__(self, name: str):
        return self.named[name]

    def cell(self, kind: Kind, calc: Calc):
        key = (kind, calc)
        if key not in self.cells:
            props: dict[str, Any] = {**self.base, "border": 1, "border_color": "#D9D9D9"}
            # Value columns are unlocked too: the add-ins write them into the open workbook, and
            # a value a person types there is kept and reported, not lost.
            if calc in (Calc.INPUT, Calc.VALUE):
                props["locked"] = False
            if calc is not Calc.INPUT:
                props["bg_color"] = CALC_FILL
            if kind in (Kind.LONG_TEXT, Kind.TEXT, Kind.TIMELINE, Kind.RESOURCES, Kind.PROFILE_REF):
                props["text_wrap"] = True
            if kind is Kind.LEVEL:
                props.update(align="center", num_format="0")
            elif kind is Kind.DATE:
                props.update(num_format=DATE_FORMAT, align="left")
            elif kind is Kind.NUMBER:
                props.update(align="center", num_format=AMOUNT_FORMAT)
            elif kind is Kind.ID:
                props.update(align="center", bold=True)
            self.cells[key] = self.wb.add_format(props)
        return self.cells[key]

    def highlight(self, colours: tuple[str, str]):
        if colours not in self.highlights:
            self.highlights[colours] = self.wb.add_format({"bg_color": colours[0], "font_color": colours[1]})
        return self.highlights[colours]
