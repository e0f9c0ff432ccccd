"""The unit workbook's named cell formats, as XlsxWriter describes them: the common ones, the
unit's own, and one for each kind of column and who fills it in (white and unlocked where a
person types, grey and locked where the workbook calculates). The template writer makes its
formats from these (``cellformats``); refresh names them for the cells it writes, and the
package patcher finds or adds each in the workbook's styles. Pure data.
"""

from __future__ import annotations

__all__ = ["UNIT_FORMATS", "cell_props", "cell_style", "unit_styles"]

from typing import Any

from ..core.schema import Calc, Kind
from ..core.numberformats import AMOUNT_FORMAT, DATE_FORMAT, STYLE_FORMATS
from ..xlsx.styles import BANNER_FILL, BASE, CALC_FILL, COMMON, GRID, INPUT_FILL

# The unit workbook's own named formats, beside the common ones (``xlsx.styles.COMMON``).
UNIT_FORMATS: dict[str, dict[str, Any]] = {
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
    # HR's dates in the year wheel: grey and locked, as what the organisation sets.
    "cover_locked_date": {"bg_color": CALC_FILL, "border": 1, "border_color": GRID,
                          "num_format": DATE_FORMAT, "align": "left"},
    "link": {"font_color": "#0563C1", "underline": 1},
    "input": {"locked": False, "bg_color": INPUT_FILL, "border": 1, "border_color": GRID},
    "input_date": {"locked": False, "bg_color": INPUT_FILL, "border": 1, "border_color": GRID,
                   "num_format": DATE_FORMAT, "align": "left"},
    "year": {"num_format": STYLE_FORMATS["year"], "align": "center", "border": 1, "border_color": GRID},
    "severity": {"bold": True},
}


def cell_props(kind: Kind, calc: Calc) -> dict[str, Any]:
    """The format of a table's data cell, by its column's kind and who fills it in."""
    props: dict[str, Any] = {**BASE, "border": 1, "border_color": "#D9D9D9"}
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
    return props


def cell_style(kind: Kind, calc: Calc) -> str:
    """The name of a data cell's format, as ``unit_styles`` knows it."""
    return f"cell.{kind.value}.{calc.value}"


def unit_styles() -> dict[str, dict[str, Any]]:
    """Every named format of the unit workbook, as XlsxWriter describes it: what the package
    patcher gives a cell refresh writes (``CellWrite.style``)."""
    styles = {name: {**BASE, **props} for name, props in {**COMMON, **UNIT_FORMATS}.items()}
    styles.update({cell_style(kind, calc): cell_props(kind, calc) for kind in Kind for calc in Calc})
    return styles


