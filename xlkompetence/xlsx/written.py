"""What a workbook XlsxWriter is writing holds before it is closed: each sheet's values as the
loader will read them from the file, the cells that hold a formula, and the row heights its
texts need.

A writer that must say in a workbook what ``validate`` finds in it reads the workbook this
way, instead of writing it, reading the file and writing it all again; and it sizes the rows
before the file is made, instead of opening the file again to patch them. XlsxWriter keeps
every cell until it closes the workbook (not in its constant-memory mode): ``Worksheet.table``
holds them, the shared strings their text.
"""

from __future__ import annotations

__all__ = ["read_grids", "formula_cells", "fit_rows"]

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import CellBlankTuple, Worksheet

from ..core.grid import Grid
from .rowlayout import STANDARD_WIDTH, ShownCell, needed_heights

_EPOCH = date(1899, 12, 30)
# Serial 61 is 1 March 1900: below it Excel counts a 29 February 1900 that never was.
_FIRST_SERIAL, _LAST_SERIAL = 61, 2_958_465  # 31 December 9999
# Excel's built-in number formats that show a date or a time (ECMA-376 18.8.30).
_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)])
_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
_EMPTY = object()


class _Unsure(Exception):
    """A cell whose value the file may not give back as the workbook holds it."""


def read_grids(book: Workbook, only: Callable[[str], bool]) -> dict[str, Grid] | None:
    """The grid of each sheet ``only`` accepts by name, as ``loader.load`` reads it from the file
    once ``book`` is closed (python-calamine's values: numbers as floats, a date where the
    cell's number format shows one, a formula's cached result, "" for an empty cell); None when
    a cell holds what this cannot be sure of (an error result, a date with a time of day, a
    rich string): then the file must be read."""
    strings = list(book.str_table.string_table)  # in the order of their indexes
    shows_date: dict[int, bool] = {}
    try:
        return {ws.name: _grid(ws, strings, shows_date) for ws in book.worksheets() if only(ws.name)}
    except _Unsure:
        return None


def _grid(ws: Worksheet, strings: list[str], shows_date: dict[int, bool]) -> Grid:
    values = {}
    for r, cells in ws.table.items():
        for c, cell in cells.items():
            if type(cell) is CellBlankTuple:
                continue  # most cells of a sheet: a format to fill in
            value = _value(cell, strings, shows_date)
            if value is not _EMPTY:
                values[(r, c)] = value
    # Calamine's grid runs from A1 to the last cell with a value; a cell with a format alone
    # is not one.
    height = max((r for r, _ in values), default=-1) + 1
    width = max((c for _, c in values), default=-1) + 1
    rows: list[list[Any]] = [[""] * width for _ in range(height)]
    for (r, c), value in values.items():
        rows[r][c] = value
    merged = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for r0, c0, r1, c1 in ws.merge]
    return Grid(ws.name, rows, {}, merged)


def _value(cell: Any, strings: list[str], shows_date: dict[int, bool]) -> Any:
    kind = type(cell).__name__
    if kind == "Blank":
        return _EMPTY
    if kind == "String":
        return strings[cell.string]
    if kind in ("Number", "Datetime"):
        return _number(cell.number, cell.format, shows_date)
    if kind == "Boolean":
        return bool(cell.boolean)
    if kind == "Formula":
        value = cell.value
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return _number(value, cell.format, shows_date)
        if value == "":
            return _EMPTY  # a formula whose result is still to be calculated
        if isinstance(value, str) and value not in _ERRORS:
            return value
    raise _Unsure(kind)


def _number(number: float, fmt: Format | None, shows_date: dict[int, bool]) -> Any:
    if fmt is None:
        return float(number)
    key = id(fmt)
    if key not in shows_date:
        code = fmt.num_format
        shows_date[key] = code in _DATE_IDS if isinstance(code, int) else is_date_format(code)
    if not shows_date[key]:
        return float(number)
    if float(number).is_integer() and _FIRST_SERIAL <= number <= _LAST_SERIAL:
        return _EPOCH + timedelta(days=int(number))
    raise _Unsure("date")


def is_date_format(code: str) -> bool:
    """Whether python-calamine reads a number in a cell of number format ``code`` as a date or a
    time: a day, month, year, hour or second in its first section, outside quotes, escapes and
    brackets (``[Red]``, ``[$-406]``); or an elapsed time (``[h]``).

    >>> [is_date_format(c) for c in ("dd-mm-yyyy", '0" t"', "#,##0", "[Red]0.0", "[h]:mm", "0;[Red]-0")]
    [True, False, False, False, True, False]
    """
    escaped = quoted = False
    brackets = 0
    previous = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return False
        elif ch == "[":
            brackets += 1
        elif ch == "]":
            if brackets == 1 and previous.lower() in "hms" and previous != " ":
                return True
            brackets = max(0, brackets - 1)
        elif brackets == 0 and ch.lower() in "dmhys":
            return True
        previous = ch
    return False


def formula_cells(ws: Worksheet) -> frozenset[tuple[int, int]]:
    """(row, col), 1-based, of every cell of ``ws`` that holds a formula."""
    return frozenset((r + 1, c + 1) for r, cells in ws.table.items() for c, cell in cells.items()
                     if type(cell).__name__ in ("Formula", "ArrayFormula"))


def fit_rows(book: Workbook) -> None:
    """Every row of every sheet of ``book`` as tall as its wrapped text needs by the width model
    (``rowlayout``), as ``patch.fit_workbook`` makes them in the written file: a row is raised,
    never lowered, and keeps its format and options."""
    texts = list(book.str_table.string_table)  # in the order of their indexes
    for ws in book.worksheets():
        default = ws.default_row_height * 0.75
        for r, needed in needed_heights(_shown_rows(ws, texts), _widths(ws), _merges(ws), _style).items():
            info = ws.row_info.get(r - 1)
            height = default if info is None or info.height is None else info.height * 0.75
            if needed > height + 0.01:
                options = {} if info is None else {"hidden": info.hidden, "level": info.level,
                                                   "collapsed": info.collapsed}
                # Pixels as the height in points the patcher writes: a whole pixel could be lower.
                ws.set_row_pixels(r - 1, float(f"{needed:g}") / 0.75, None if info is None else info.row_format,
                                  options)


def _shown_rows(ws: Worksheet, texts: list[str]) -> Iterator[tuple[int, list[ShownCell]]]:
    for r, cells in ws.table.items():
        shown = [(c + 1, text, cell.format) for c, cell in cells.items() if (text := _text(cell, texts))]
        if shown:
            yield r + 1, shown


def _text(cell: Any, texts: list[str]) -> str:
    """The text a cell shows, for the width model; numbers do not wrap and count as none."""
    kind = type(cell).__name__
    if kind == "String":
        return texts[cell.string]
    if kind == "RichString":
        return cell.raw_string
    if kind == "Formula" and isinstance(cell.value, str) and cell.value not in _ERRORS:
        return cell.value
    return ""


def _widths(ws: Worksheet) -> Callable[[int], float]:
    """Column number (1-based) → its width in characters, as the file's ``<col>`` says it."""
    known: dict[int, float] = {}

    def width(col: int) -> float:
        w = known.get(col)
        if w is None:
            info = ws.col_info.get(col - 1)
            if info is None:
                w = STANDARD_WIDTH
            elif info.hidden:
                w = 0.0
            else:
                px = ws.default_col_width if info.width is None else info.width
                w = (px * 256 // ws.max_digit_width) / 256.0
            known[col] = w
        return w

    return width


def _merges(ws: Worksheet) -> list[tuple[int, int, int, int]]:
    return [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for r0, c0, r1, c1 in ws.merge]


def _style(fmt: Format | None) -> tuple[bool, float, bool]:
    """(wraps, points, bold) of a cell's format; the workbook's default where it has none."""
    if fmt is None:
        return False, 11.0, False
    return bool(fmt.text_wrap), float(fmt.font_size), bool(fmt.bold)
