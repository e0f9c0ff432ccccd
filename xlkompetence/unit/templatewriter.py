"""What every sheet of a new unit workbook is written with: the workbook and its formats, a
sheet's title, intro, widths, print setup and protection, its Excel table with data
validation, a data cell formatted by its column, and a conditional format. The sheets
themselves are written by ``coversheets``, ``appendixsheets`` and ``ownedsheets``; ``template``
puts them in order.
"""

from __future__ import annotations

__all__ = ["TemplateWriter", "protect"]

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core import calculated, printing
from ..core.cells import ref
from ..core.findings import Finding
from ..core.labels import t
from ..core.models import UnitWorkbook
from ..core.schema import NEEDS, PROFILES, SCHEMA_VERSION, Calc, Kind, PlacedColumn, Sheet, layout
from ..xlsx.pagesetup import apply_page_setup
from ..xlsx.styles import TABLE_STYLE
from .cellformats import Formats
from .datavalidation import column_validation
from .memory import Memory, written_key


class TemplateWriter:
    """A new workbook at ``path`` being written for ``unit`` (its calculated columns derived)."""

    def __init__(self, path: Path, unit: UnitWorkbook, today: date, findings: list[Finding]):
        self.unit = calculated.derived_unit(unit)
        self.today = today
        self.findings = findings
        # Text from people stays text: never turned into a formula, link or number.
        self.wb: Workbook = xlsxwriter.Workbook(str(path), {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.wb.set_properties({
            "title": f"{t('title.cover')} – {unit.cover.unit}".rstrip(" –"),
            "subject": t("title.cover"),
            "created": datetime(today.year, today.month, today.day),
            "comments": f"xlkompetence skabelonversion {SCHEMA_VERSION}",
        })
        self.wb.set_size(1600, 1000)
        self.fmt = Formats(self.wb)
        self.teams = list(unit.teams)
        self.cols: dict[str, dict[str, int]] = {}
        self.written: Memory = {}

    def frame(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn], *, help_row: bool = True) -> None:
        """Title, intro, guiding questions, widths, print setup and protection."""
        lay = layout(sheet)
        keys = [p.key for p in placed]
        setup = printing.table_sheet(
            [p.column.width for p in placed], header_rows=(lay.header_row - 1, lay.header_row - 1),
            repeat=printing.repeat_columns(sheet.id, keys), last_col=printing.last_printed(sheet.id, keys),
            groups=[("team", p.team) if p.team else ("column", p.key) for p in placed])
        ws.write(0, 0, sheet.title, self.fmt["title"])
        ws.set_row(0, 24)
        widths = [p.column.width for p in placed]
        self.intro(ws, sheet.intro, widths[: setup.whole_on_every_page(len(placed))])
        for c, p in enumerate(placed):
            ws.set_column(c, c, p.column.width)
            if help_row and p.column.help:
                ws.write(2, c, p.column.help, self.fmt["help"])
        if help_row:
            ws.set_row(2, 64)
        ws.set_row(lay.header_row - 1, 46)
        ws.freeze_panes(lay.header_row, 2 if sheet is NEEDS else 0)
        self.print(ws, setup)
        protect(ws)

    def intro(self, ws: Worksheet, text: str, widths: Sequence[float]) -> None:
        """The intro in row 2 across the columns of ``widths``, which print whole on every page,
        as tall as its wrapped lines."""
        if len(widths) > 1:
            ws.merge_range(1, 0, 1, len(widths) - 1, text, self.fmt["intro"])
        else:
            ws.write(1, 0, text, self.fmt["intro"])
        ws.set_row(1, 15 * printing.wrapped_lines(text, sum(widths)) + 4)

    def print(self, ws: Worksheet, setup: printing.PageSetup) -> None:
        apply_page_setup(ws, setup, self.unit.cover.unit)

    def table(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn], n_rows: int) -> int:
        """The Excel table; returns its last row (1-based)."""
        lay = layout(sheet)
        last_row = lay.header_row + n_rows
        ws.add_table(lay.header_row - 1, 0, last_row - 1, len(placed) - 1, {
            "name": sheet.table,
            "style": TABLE_STYLE,
            "autofilter": True,
            "columns": [{"header": p.header, "header_format": self.fmt["header"]} for p in placed],
        })
        self.cols[sheet.id] = {p.key: i + 1 for i, p in enumerate(placed)}
        self.validations(ws, sheet, placed, lay.first_data_row, last_row)
        return last_row

    def put(self, ws: Worksheet, row: int, col: int, value: Any, kind: Kind, calc: Calc,
            formula: str | None = None) -> None:
        """One data cell, 1-based, formatted by its column's kind and who fills it."""
        fmt = self.fmt.cell(kind, calc)
        r, c = row - 1, col - 1
        if calc is Calc.VALUE and written_key(value):
            self.written[(ws.name, ref(row, col))] = written_key(value)
        if formula is not None:
            ws.write_formula(r, c, formula, fmt, "" if value is None else value)
        elif value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, (date, datetime)):
            ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fmt)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)

    def fit_row(self, ws: Worksheet, row: int, placed: list[PlacedColumn], values: dict[str, Any]) -> None:
        """Give a filled row the height its wrapped text needs: a file carries no
        auto-fit, and LibreOffice and previewers show a fixed height."""
        lines = 1
        for p in placed:
            text = values.get(p.key)
            if isinstance(text, str) and text:
                per_line = max(1.0, p.column.width * 1.1)
                lines = max(lines, sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n")))
        if lines > 1:
            ws.set_row(row - 1, min(409, 15 * lines + 2))

    def validations(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn], first: int, last: int) -> None:
        for i, p in enumerate(placed):
            col = p.column
            if not col.is_input:
                continue
            options = column_validation(sheet, col, p, i + 1, first, last, self.teams, self.profiles_last_row)
            ws.data_validation(first - 1, i, last - 1, i, options)

    @property
    def profiles_last_row(self) -> int:
        return layout(PROFILES).header_row + len(self.unit.profiles) + PROFILES.spare_rows

    def cf(self, ws: Worksheet, r0: int, c0: int, r1: int, c1: int, formula: str,
           colours: tuple[str, str]) -> None:
        ws.conditional_format(r0 - 1, c0 - 1, r1 - 1, c1 - 1, {
            "type": "formula", "criteria": formula, "format": self.fmt.highlight(colours),
        })


def protect(ws: Worksheet) -> None:
    """Protect ``ws``: its locked cells (formulas, calculated values) cannot be typed over."""
    # No password: the protection keeps formulas safe from slips, it is not a security measure.
    ws.protect("", {
        "format_cells": False,
        "format_columns": True,
        "format_rows": True,
        "autofilter": True,
        "sort": True,
        "select_locked_cells": True,
        "select_unlocked_cells": True,
    })
