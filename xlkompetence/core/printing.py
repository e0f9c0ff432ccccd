"""How each kind of sheet prints on A4, as leaders print for meetings: never smaller than
8 pt, split onto pages across rather than shrunk, and every page readable alone.

Pure: from column widths (Excel's character units) to a ``PageSetup``. The writers carry it
out (``xlsx.pagesetup``); the scale is always written as a number, never as fit-to-width, so
that the type size is known from the file and the same in Excel and LibreOffice.

Widths to points: see ``column_px``.
"""

from __future__ import annotations

__all__ = [
    "BASE_FONT_PT", "MIN_FONT_PT", "MIN_SCALE", "MARGIN_IN", "PageSetup", "column_px", "printable_px",
    "fits_width", "text_sheet", "table_sheet", "repeat_columns", "REPEAT_COLUMNS", "page_header",
    "page_footer", "guide_width", "filled_rows_area", "FORM_ROWS", "SCAN_ROWS", "last_printed", "PRINT_UNTIL",
]

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from .cells import col_letter, quote_sheet
from .labels import t

BASE_FONT_PT = 11
MIN_FONT_PT = 8
# The smallest whole-percent scale at which 11 pt prints as at least 8 pt.
MIN_SCALE = math.ceil(100 * MIN_FONT_PT / BASE_FONT_PT)
MARGIN_IN = 0.4  # left and right
A4_MM = (210, 297)
# Excel's limit for a header or footer section is 255 characters in all.
HEADER_MAX = 255
# Measured from LibreOffice's PDF of a workbook in Calibri 11 (rendered with Carlito): a
# character of column width prints 5.55 pt wide at 100 %; Excel's own is 7 px = 5.25 pt.
PX_PER_CHAR = 7.4

# A blank table prints this many empty rows: a form to fill in by hand.
FORM_ROWS = 10
# How far below its header a table's print area looks for filled rows.
SCAN_ROWS = 2000

# The columns repeated at the left of every page when a sheet is wider than one page: the
# ones that say which row a page's cells belong to. Keyed by sheet id; a new template sheet
# gets its print titles with one line here.
REPEAT_COLUMNS: dict[str, tuple[str, ...]] = {
    "profiles": ("id",),
    "needs": ("id", "profile"),
    "individual": ("employee",),
    "plan": ("activity",),
    "anchoring": ("need",),
}


# The last column printed, where a sheet's columns after it are for the machine more than
# the meeting (a print area over the block before it; Excel cannot hide a column in print only).
PRINT_UNTIL: dict[str, str] = {
    "plan": "kroner",  # the profile numbers repeat the need column as numbers, for merging
    "individual": "next_follow_up",  # the logbook, last, is the employee's own, not for a meeting
}


@dataclass(frozen=True)
class PageSetup:
    """A4, orientation, a fixed scale (percent), print titles and manual page breaks.
    Rows and columns are 0-based; a break is the index of the first row/column on a new page."""

    landscape: bool
    scale: int = 100
    repeat_rows: tuple[int, int] | None = None
    repeat_cols: tuple[int, int] | None = None
    col_breaks: tuple[int, ...] = ()
    row_breaks: tuple[int, ...] = ()
    last_col: int | None = None  # the print area's last column (all rows), when not the sheet's

    def whole_on_every_page(self, n_cols: int) -> int:
        """How many columns, from the first, a text merged across them prints whole on every
        page across: the first page's, or (when pages repeat columns) the columns up to the
        repeated ones, or those (a merged text cut by a repeated column prints in pieces)."""
        if not self.col_breaks:
            return n_cols if self.last_col is None else self.last_col + 1
        if self.repeat_cols:
            first, last = self.repeat_cols
            return first if first > 1 else last + 1
        return self.col_breaks[0]

    @property
    def font_pt(self) -> float:
        """The printed size of the body text."""
        return BASE_FONT_PT * self.scale / 100


def column_px(width: float) -> float:
    """Pixels (96 dpi) a column of ``width`` characters prints as: Excel draws it 7·w + 5
    pixels wide (Calibri 11); LibreOffice, with Calibri's metric twin Carlito, about 6 %
    wider. The wider of the two, so that a page that fits in one fits in both."""
    return (width + 5 / 7) * PX_PER_CHAR


def printable_px(landscape: bool, scale: int = 100) -> float:
    """The width of the sheet (in 100 % pixels) that fits between A4's left and right margins."""
    paper_mm = A4_MM[1] if landscape else A4_MM[0]
    inches = paper_mm / 25.4 - 2 * MARGIN_IN
    return inches * 96 * 100 / scale


def fits_width(widths: Sequence[float], landscape: bool, scale: int) -> bool:
    return sum(column_px(w) for w in widths) <= printable_px(landscape, scale)


def guide_width(landscape: bool = False) -> int:
    """The widest single column (characters) that prints whole at 100 %."""
    return int(printable_px(landscape) / PX_PER_CHAR - 5 / 7) - 1


def filled_rows_area(sheet: str, last_col: int, header_row: int, scan: tuple[int, int],
                     form_rows: int = FORM_ROWS) -> str:
    """A print area (the formula of the sheet's ``_xlnm.Print_Area``) from A1 to column
    ``last_col`` (0-based) and down to the last row below ``header_row`` (1-based) with anything
    in columns ``scan`` (1-based, inclusive); a table with nothing in it prints ``form_rows``
    empty rows, a form to fill in by hand.

    A formula, not a range: Excel works it out when it prints, so rows typed since the file was
    written print too, with no add-in or refresh to move the area (the add-ins could not: the
    Office.js and Lite clients have no action that sets one). LibreOffice 7.4 keeps such a print
    area when it saves, but does not evaluate it when it prints: it prints the used range.
    """
    name = quote_sheet(sheet)
    rows = f"{name}!${col_letter(scan[0])}${header_row + 1}:${col_letter(scan[1])}${header_row + SCAN_ROWS}"
    filled = f"SUMPRODUCT(MAX((IFERROR(LEN({rows}),1)>0)*ROW({rows})))"
    last = f"IF({filled}>0,{filled},{header_row + form_rows})"
    end = col_letter(last_col + 1)
    return f"{name}!$A$1:INDEX({name}!${end}:${end},{last})"


def text_sheet(*, landscape: bool = False, header_row: int = 0) -> PageSetup:
    """A sheet of text laid out to the page's width (Forside, Vejledning): 100 %."""
    return PageSetup(landscape=landscape, repeat_rows=(header_row - 1, header_row - 1) if header_row else None)


def table_sheet(widths: Sequence[float], *, header_rows: tuple[int, int] | None = None,
                repeat: tuple[int, int] | None = None, groups: Sequence[Hashable] | None = None,
                landscape: bool = True, row_breaks: Sequence[int] = (), last_col: int | None = None) -> PageSetup:
    """A sheet of columns: at the largest scale up to 100 % at which they fit one page's
    width, and if none down to ``MIN_SCALE`` does, at ``MIN_SCALE`` across as many pages as
    needed, breaking only between groups (``groups[i]`` names column i's group; columns
    of a group stay on one page when they can) and repeating ``repeat`` on every page.
    ``last_col``: print only the columns up to it."""
    if last_col is not None:
        widths = widths[: last_col + 1]
        groups = None if groups is None else groups[: last_col + 1]
    breaks: tuple[int, ...] = ()
    total = sum(column_px(w) for w in widths)
    scale = min(100, math.floor(100 * printable_px(landscape) / total)) if total else 100
    if scale < MIN_SCALE:
        scale = MIN_SCALE
        breaks = _column_breaks(widths, repeat, groups, printable_px(landscape, scale))
    return PageSetup(landscape=landscape, scale=max(scale, MIN_SCALE), repeat_rows=header_rows,
                     repeat_cols=repeat if breaks else None, col_breaks=breaks, row_breaks=tuple(row_breaks),
                     last_col=last_col)


def _column_breaks(widths: Sequence[float], repeat: tuple[int, int] | None, groups: Sequence[Hashable] | None,
                   room: float) -> tuple[int, ...]:
    """Greedy page breaks: a page takes whole groups while they fit beside the repeated
    columns; a group wider than a page is split column by column."""
    groups = list(groups) if groups is not None else list(range(len(widths)))
    repeated = sum(column_px(widths[c]) for c in range(repeat[0], repeat[1] + 1)) if repeat else 0
    spans: list[tuple[int, int]] = []  # [first, last] column of each group
    for c, g in enumerate(groups):
        if spans and groups[spans[-1][0]] == g:
            spans[-1] = (spans[-1][0], c)
        else:
            spans.append((c, c))
    breaks: list[int] = []
    used, on_page = 0.0, 0  # width taken on the current page; its own (not repeated) columns

    def new_page(c: int) -> None:
        nonlocal used, on_page
        breaks.append(c)
        used, on_page = (repeated if repeat and c > repeat[1] else 0.0), 0

    for first, last in spans:
        if on_page and used + sum(column_px(widths[c]) for c in range(first, last + 1)) > room:
            new_page(first)
        for c in range(first, last + 1):
            w = column_px(widths[c])
            if on_page and used + w > room:
                new_page(c)
            used, on_page = used + w, on_page + 1
    return tuple(breaks)


def repeat_columns(sheet_id: str, keys: Sequence[str]) -> tuple[int, int] | None:
    """The 0-based span of the sheet's repeated columns among ``keys`` (placed column keys)."""
    wanted = REPEAT_COLUMNS.get(sheet_id, ())
    found = [i for i, k in enumerate(keys) if k in wanted]
    return (min(found), max(found)) if found else None


def last_printed(sheet_id: str, keys: Sequence[str]) -> int | None:
    """The 0-based index of the sheet's last printed column among ``keys``, or None for all."""
    until = PRINT_UNTIL.get(sheet_id)
    return keys.index(until) if until in keys else None


def page_header(unit: str) -> str:
    """Sheet name left, the unit in the middle, the day it is printed right (``&D``: Excel
    writes it in the PC's date format, dd-mm-åååå on a Danish PC)."""
    name = _escape(unit)
    head = f'&L&"Calibri,Bold"&A&C{name}&R{_escape(t("print.printed"))} &D'
    if len(head) > HEADER_MAX:
        over = len(head) - HEADER_MAX
        head = head.replace(f"&C{name}", f"&C{_escape(unit[: max(0, len(unit) - over - 1)])}…")
    return head


def page_footer() -> str:
    return "&C" + _escape(t("print.page", page="{page}", pages="{pages}")).format(page="&P", pages="&N")


def _escape(text: str) -> str:
    """A text as a header shows it: ``&`` starts a code in a header, ``&&`` is an ampersand."""
    return text.replace("&", "&&")
