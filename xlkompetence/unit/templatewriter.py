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

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core import calculated, printing, textwidth
from ..core.cells import quote_sheet, ref
from ..core.findings import Finding
from ..core.labels import t
from ..core.models import UnitWorkbook
from ..core.schema import NEEDS, PROFILES, SCHEMA_VERSION, Calc, Kind, PlacedColumn, Sheet, layout
from ..xlsx.newbook import new_workbook
from ..xlsx.pagesetup import apply_page_setup
from ..xlsx.styles import TABLE_STYLE
from .cellformats import Formats
from .datavalidation import column_validation
from .memory import Memory, written_key


class TemplateWriter:
    """A new workbook at ``path`` being written for ``unit`` (its calculated columns derived)."""

    def __init__(self, path: Path, unit: UnitWorkbook, today: date, findings: list[Finding]):
        self.path = path
        self.unit = calculated.derived_unit(unit)
        self.today = today
        self.findings = findings
        # Text from people stays text: never turned into a formula, link or number.
        self.wb: Workbook = new_workbook(path, {
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

    def frame(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn], *, help_row: bool = True,
              hidden: frozenset[str] = frozenset()) -> None:
        """Title, intro, guiding questions, widths (the columns in ``hidden`` hidden), frozen rows,
        print setup and protection. Row heights follow from the texts (``xlsx.written.fit_rows``, before the
        file is written)."""
        lay = layout(sheet)
        keys = [p.key for p in placed]
        widths = [header_width(p) for p in placed]
        setup = printing.table_sheet(
            [0 if p.key in hidden else w for p, w in zip(placed, widths)],
            header_rows=(lay.header_row - 1, lay.header_row - 1),
            repeat=printing.repeat_columns(sheet.id, keys), last_col=printing.last_printed(sheet.id, keys),
            groups=[("team", p.team) if p.team else ("column", p.key) for p in placed])
        ws.write(0, 0, sheet.title, self.fmt["title"])
        self.intro(ws, sheet.intro, setup.whole_on_every_page(len(placed)))
        for c, (p, width) in enumerate(zip(placed, widths)):
            ws.set_column(c, c, width, None, {"hidden": True} if p.key in hidden else {})
            if help_row and p.column.hint:
                ws.write(2, c, p.column.hint, self.fmt["help"])
        # Kompetencebehov keeps its profiles in view across the teams' columns; its rows above
        # the table are the teams' goals, typed there, and stay out of the frozen rows.
        if sheet is NEEDS:
            ws.freeze_panes(0, 2)
        else:
            ws.freeze_panes(lay.header_row, 0)
        last = setup.last_col if setup.last_col is not None else len(placed) - 1
        self.print(ws, setup, area=self.filled_area(sheet.name, last, lay.header_row, (1, len(placed))))
        protect(ws)

    def intro(self, ws: Worksheet, text: str, n_cols: int) -> None:
        """The intro in row 2 across the first ``n_cols`` columns, which print whole on every
        page across (the rows' heights follow from the text)."""
        if n_cols > 1:
            ws.merge_range(1, 0, 1, n_cols - 1, text, self.fmt["intro"])
        else:
            ws.write(1, 0, text, self.fmt["intro"])

    def print(self, ws: Worksheet, setup: printing.PageSetup, *, area: str | None = None) -> None:
        """The sheet's print setup; ``area``: its print area, a formula (``filled_area``)."""
        apply_page_setup(ws, setup, self.unit.cover.unit, whole_columns=area is None)
        if area is not None:
            self.wb.define_name(f"{quote_sheet(ws.name)}!_xlnm.Print_Area", "=" + area)

    @staticmethod
    def filled_area(sheet: str, last_col: int, header_row: int, scan: tuple[int, int]) -> str:
        return printing.filled_rows_area(sheet, last_col, header_row, scan)

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


def header_width(placed: PlacedColumn) -> float:
    """A column's width: its schema's, or wider where a word of its header (a team's name)
    would not fit a line, so that a header never breaks in the middle of a word."""
    return textwidth.width_for_words(placed.header, placed.column.width)


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
