"""The actions an add-in sends, carried out on a copy of the workbook the way Excel carries them
out, so that what the add-in leaves can be compared with what the headless refresh writes.

Excel, as modelled here (openpyxl does the writing; what Excel does to typed input, only as far
as these tests rely on it): a value written into a cell is taken as typed input — text that
starts with "=" becomes a formula, a leading apostrophe marks text and is not kept, an ISO date
("2026-03-12", what xlwings sends for a date) becomes that date, and a date entered into a cell
whose number format shows no date gets Excel's short date format (numFmtId 14); a formula written
with ``setFormula`` is a formula; clearing contents keeps the format; a table grows by its
reference. The number format of every other cell stays as the file has it; a number format set on a range is every cell's.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter

from xlkompetence.core import formulas

SHORT_DATE = "mm-dd-yy"  # numFmtId 14: the locale's short date, what Excel gives a typed date
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_TEXT_PART = re.compile(r'"((?:[^"]|"")*)"|CHAR\((\d+)\)')


def text_formula_value(formula: str) -> str:
    """What Excel calculates for a formula that is only text (``formulas.text``): its literals
    and character codes, joined."""
    return "".join(m.group(1).replace('""', '"') if m.group(2) is None else chr(int(m.group(2)))
                   for m in _TEXT_PART.finditer(formula))


def typed(value: Any) -> tuple[Any, bool]:
    """What a cell holds after ``value`` is written into it as Excel takes it, and whether it is
    a date. A formula that is only text is held as the text it gives (as Excel's saved file
    holds its result)."""
    if isinstance(value, str) and value.startswith("=") and formulas.is_text(value):
        return text_formula_value(value), False
    if isinstance(value, str) and _ISO_DATE.match(value):
        return datetime.fromisoformat(value), True
    if isinstance(value, str) and value.startswith("'"):
        return value[1:], False
    if value == "":
        return None, False
    return value, False


def apply_actions(src: Path, dst: Path, actions: list[dict], *, text_formulas: bool = False) -> Path:
    """``src`` with ``actions`` carried out as Excel would, saved to ``dst``; with
    ``text_formulas`` a formula that is only text stays a formula, as Excel keeps it (openpyxl
    saves it without its result)."""
    wb = openpyxl.load_workbook(src)
    sheets = wb.worksheets
    for a in actions:
        if a["func"] not in ("setValues", "setFormula", "rangeClearContents", "resizeTable", "setNumberFormat"):
            continue
        ws = sheets[a["sheet_position"]]
        if a["func"] == "resizeTable":
            table = list(ws.tables.values())[a["args"][0]]
            table.ref = a["args"][1].replace("$", "")
            continue
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        if a["func"] in ("rangeClearContents", "setNumberFormat"):
            for row in ws.iter_rows(min_row=r0, max_row=r0 + a["row_count"] - 1,
                                    min_col=c0, max_col=c0 + a["column_count"] - 1):
                for cell in row:
                    if isinstance(cell, MergedCell):  # a merged area's value is its first cell's
                        continue
                    if a["func"] == "setNumberFormat":
                        cell.number_format = a["args"][0]
                    else:
                        cell.value = None
        else:
            for i, line in enumerate(a["values"]):
                for j, value in enumerate(line):
                    formula = a["func"] == "setFormula" or text_formulas and isinstance(value, str) \
                        and formulas.is_text(value)
                    _write(ws.cell(r0 + i, c0 + j), value, formula)
    wb.save(dst)
    return dst


def _write(cell, value: Any, formula: bool) -> None:
    if isinstance(cell, MergedCell):
        return  # hidden under its merged area's first cell
    if formula:
        cell.value = value
        return
    value, is_date = typed(value)
    cell.value = value
    if is_date and not is_date_format(cell.number_format):
        cell.number_format = SHORT_DATE


def cells(path: Path) -> dict[str, dict[tuple[int, int], tuple[Any, str]]]:
    """Per sheet, every cell that holds something: its value (a formula as its text, a date as
    a date) and, for a number or a date, how its number format shows it (date, or the format)."""
    result: dict[str, dict[tuple[int, int], tuple[Any, str]]] = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        sheet = result[ws.title] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.value == "":
                    continue
                value = cell.value
                if isinstance(value, datetime) and value.time() == datetime.min.time():
                    value = value.date()
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                elif isinstance(value, float):
                    value = float(f"{value:.12g}")  # openpyxl and the patcher print doubles each their own way
                # How a number or date shows; text shows the same under any number format.
                shown = ("date" if is_date_format(cell.number_format) else cell.number_format) \
                    if isinstance(value, (int, float, date)) and not isinstance(value, bool) else ""
                sheet[(cell.row, cell.column)] = (value, shown)
    return result


def address(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


__all__ = ["SHORT_DATE", "text_formula_value", "typed", "apply_actions", "cells", "address", "date"]
