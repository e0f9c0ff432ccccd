"""Carry a ``core.printing.PageSetup`` out on an XlsxWriter worksheet."""

from __future__ import annotations

__all__ = ["apply_page_setup"]

from xlsxwriter.worksheet import Worksheet

from ..core.printing import MARGIN_IN, PageSetup, page_footer, page_header

A4 = 9  # XlsxWriter's paper code


def apply_page_setup(ws: Worksheet, setup: PageSetup, unit: str, *, whole_columns: bool = True) -> None:
    """A4, orientation, fixed scale, print titles, page breaks, and the header (sheet, ``unit``,
    date) and footer ("Side x af y"). ``whole_columns``: a sheet printed up to ``setup.last_col``
    gets whole columns as its print area (a sheet given a print area of its own does not)."""
    if setup.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(A4)
    ws.set_print_scale(setup.scale)
    ws.set_margins(left=MARGIN_IN, right=MARGIN_IN, top=0.75, bottom=0.6)
    if setup.last_col is not None and whole_columns:
        ws.print_area(0, 0, 1_048_575, setup.last_col)  # whole columns: rows added later print too
    if setup.repeat_rows:
        ws.repeat_rows(*setup.repeat_rows)
    if setup.repeat_cols:
        ws.repeat_columns(*setup.repeat_cols)
    if setup.col_breaks:
        ws.set_v_pagebreaks(list(setup.col_breaks))
    if setup.row_breaks:
        ws.set_h_pagebreaks(list(setup.row_breaks))
    ws.set_header(page_header(unit), {"margin": 0.3})
    ws.set_footer(page_footer(), {"margin": 0.3})
