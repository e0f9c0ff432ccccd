"""Cell formats shared by the unit workbook and the organisation workbook (XlsxWriter)."""

from __future__ import annotations

__all__ = [
    "INPUT_FILL", "CALC_FILL", "HEADER_FILL", "BANNER_FILL", "GRID",
    "TABLE_STYLE", "DATE_FORMAT", "AMOUNT_FORMAT", "BASE", "COMMON", "add_formats",
]

from typing import Any, Protocol


class Workbook(Protocol):
    """What ``add_formats`` needs of an XlsxWriter workbook. The tables here are pure data,
    which refresh names its cells' styles from, in xlwings Lite too: no import of XlsxWriter."""

    def add_format(self, properties: dict[str, Any] | None = None) -> Any: ...

from ..core.numberformats import AMOUNT_FORMAT, DATE_FORMAT, STYLE_FORMATS

INPUT_FILL = "#FFFFFF"
CALC_FILL = "#EDEDED"
HEADER_FILL = "#1F4E5F"
BANNER_FILL = "#D9E7EC"
GRID = "#BFBFBF"
TABLE_STYLE = "Table Style Light 1"

BASE: dict[str, Any] = {"font_name": "Calibri", "font_size": 11, "valign": "top"}

# Named formats both workbooks use; each writer adds its own.
COMMON: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16, "font_color": HEADER_FILL, "valign": "vcenter"},
    "intro": {"italic": True, "font_color": "#404040", "text_wrap": True},
    # A note under a table reads across the empty cells to its right, unwrapped: a merged range
    # there would move with the table, and an add-in that cannot merge (xlwings Lite) would
    # find an old one over the cells it writes.
    "note": {"italic": True, "font_color": "#404040"},
    "section": {"bold": True, "font_size": 13, "font_color": HEADER_FILL},
    "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True,
               "valign": "vcenter", "border": 1, "border_color": GRID},
    "banner": {"bold": True, "align": "center", "valign": "vcenter", "bg_color": BANNER_FILL, "border": 1,
               "border_color": GRID},
    "label": {"bold": True, "text_wrap": True},
    "text": {},
    "wrap": {"text_wrap": True},
    "int": {"num_format": STYLE_FORMATS["int"]},
    # One decimal everywhere a mean or an hour is shown: 4,0 beside 3,7, never beside 3,67.
    "dec": {"num_format": STYLE_FORMATS["dec"]},
    "amount": {"num_format": STYLE_FORMATS["amount"]},
    "pct": {"num_format": STYLE_FORMATS["pct"]},
    "kr": {"num_format": STYLE_FORMATS["kr"]},
    "date": {"num_format": STYLE_FORMATS["date"], "align": "left"},
    "gap": {"num_format": STYLE_FORMATS["gap"], "bold": True},
}


def add_formats(wb: Workbook, extra: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The common formats plus ``extra`` (which may override one), added to ``wb``."""
    props = {**COMMON, **(extra or {})}
    return {name: wb.add_format({**BASE, **p}) for name, p in props.items()}
