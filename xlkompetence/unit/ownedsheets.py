"""The sheets refresh owns in a unit workbook, written here as refresh would write them:
Kompetencekatalog, Overblik (with its chart), MED-SU, Fejl og mangler, and the hidden memory
of the values written into calculated value columns. Not protected: the add-ins rewrite them
whole, and Excel refuses writes into locked cells of a protected sheet."""

from __future__ import annotations

__all__ = ["OwnedSheetsWriter"]

from datetime import date, datetime

from xlsxwriter.worksheet import Worksheet

from ..core import printing
from ..core.calculated import Cell
from ..core.catalogue import catalogue
from ..core.cells import quote_sheet
from ..core.labels import t
from ..core.numberformats import FORMATS_CELL, areas_key, format_areas
from ..core.schema import CATALOGUE, LEVEL_MAX, OVERVIEW, layout, placed_columns
from .datavalidation import column_validation
from .memory import memory_cells
from .overview import (
    CHART_CELL,
    TEXT_COL,
    Cells,
    catalogue_cells,
    committee_cells,
    findings_cells,
    overview_cells,
    summarise,
    team_rows,
)
from .templatewriter import TemplateWriter


class OwnedSheetsWriter(TemplateWriter):
    """Writes the sheets refresh rewrites whole."""

    def write_catalogue(self, ws: Worksheet) -> None:
        """The catalogue as refresh writes it, its Kan oplære andre column white and with a
        drop-down for the rows it has and rows to come. Not protected, as Overblik: refresh
        rewrites it whole, in the file and in Excel."""
        placed = placed_columns(CATALOGUE)
        for c, p in enumerate(placed):
            ws.set_column(c, c, p.column.width)
        cells = catalogue_cells(catalogue(self.unit))
        self.write_cells(ws, cells)
        ws.merge_range(1, 0, 1, len(placed) - 1, cells[(2, 1)].value, self.fmt["intro"])
        ws.set_row(1, 48)
        header = layout(CATALOGUE).header_row
        ws.set_row(header - 1, 30)
        col = next(i for i, p in enumerate(placed) if p.column.is_input)
        last = max(r for (r, c) in cells if c == col + 1)
        ws.data_validation(header, col, last - 1, col, column_validation(CATALOGUE, placed[col].column, placed[col], col + 1,
                                                                   header + 1, last, self.teams, self.profiles_last_row))
        ws.freeze_panes(header, 0)
        self.print(ws, printing.table_sheet([p.column.width for p in placed], header_rows=(header - 1, header - 1)))

    def write_overview(self, ws: Worksheet) -> None:
        summary = summarise(self.unit, self.findings, self.today)
        cells = overview_cells(summary, self.teams)
        ws.set_column(0, 0, 36)
        ws.set_column(1, TEXT_COL - 2, 12)
        ws.set_column(TEXT_COL - 1, TEXT_COL - 1, 70)
        ws.set_column(TEXT_COL, TEXT_COL, 40)
        self.write_cells(ws, cells)
        widths = [36] + [12] * (TEXT_COL - 2) + [70, 40]
        setup = printing.table_sheet(widths, repeat=(0, 0))
        self.intro(ws, cells[(2, 1)].value, widths[: setup.whole_on_every_page(len(widths))])
        first, last = team_rows(len(self.teams))
        self.fit_overview_rows(ws, cells, last + 1)
        sheet = quote_sheet(OVERVIEW.name)
        chart = self.wb.add_chart({"type": "column"})
        for col, name in ((1, t("ov.chart_desired")), (2, t("ov.chart_actual"))):
            chart.add_series({
                "name": name,
                "categories": f"={sheet}!$A${first}:$A${last}",
                "values": f"={sheet}!${'ABC'[col]}${first}:${'ABC'[col]}${last}",
                "data_labels": {"value": True, "num_format": "0.0"},
            })
        chart.set_title({"name": t("ov.chart_title"), "name_font": {"size": 12}})
        chart.set_y_axis({"min": 0, "max": LEVEL_MAX, "major_unit": 1})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 350, "height": 280})
        ws.insert_chart(CHART_CELL, chart)
        self.print(ws, setup)

    def fit_overview_rows(self, ws: Worksheet, cells: Cells, hint_row: int) -> None:
        """Header rows tall enough for two lines, and the note under the per-team table across
        the table's width (a file carries no auto-fit)."""
        for row in sorted({r for (r, _), c in cells.items() if c.style == "header"}):
            ws.set_row(row - 1, 30)
        ws.merge_range(hint_row - 1, 0, hint_row - 1, TEXT_COL - 2, cells[(hint_row, 1)].value, self.fmt["intro"])
        ws.set_row(hint_row - 1, 30)

    def write_committee(self, ws: Worksheet) -> None:
        """MED-SU: printed A4 portrait, one page wide, for the committee's meeting."""
        cells = committee_cells(self.unit, self.today)
        widths = (18, 11, 11, 11, 11, 11, 34, 44)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        self.write_cells(ws, cells)
        ws.merge_range(1, 0, 1, len(widths) - 1, cells[(2, 1)].value, self.fmt["intro"])
        ws.set_row(1, 46)
        for (row, col), cell in sorted(cells.items()):
            if cell.style == "header" and col == 1:
                ws.set_row(row - 1, 45)
            elif cell.style == "intro" and row > 2:
                ws.merge_range(row - 1, 0, row - 1, len(widths) - 1, cell.value, self.fmt["intro"])
                ws.set_row(row - 1, 30)
            elif cell.style == "wrap" and isinstance(cell.value, str):
                lines = max(-(-len(str(v.value)) // int(widths[c - 1] * 1.1))
                            for (r, c), v in cells.items() if r == row and v.style == "wrap")
                ws.set_row(row - 1, 15 * max(1, lines) + 2)
        self.print(ws, printing.table_sheet(widths))  # not protected, as Overblik

    def write_findings(self, ws: Worksheet) -> None:
        widths = (10, 26, 34, 24, 70, 24)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        cells = findings_cells(self.findings)
        self.write_cells(ws, cells)
        ws.merge_range(1, 0, 1, len(widths) - 1, cells[(2, 1)].value, self.fmt["intro"])
        ws.set_row(1, 30)
        # Each message as tall as its wrapped lines need.
        for (row, col), cell in cells.items():
            if col == len(widths) and cell.style == "wrap" and isinstance(cell.value, str):
                lines = -(-len(cell.value) // int(widths[-1] * 1.1))
                if lines > 1:
                    ws.set_row(row - 1, 15 * lines + 2)
        ws.freeze_panes(4, 0)
        self.print(ws, printing.table_sheet(widths, header_rows=(3, 3)))  # not protected, as Overblik

    def write_memory(self, ws: Worksheet) -> None:
        """The values written into calculated value columns, so refresh knows them for its own."""
        for (row, col), cell in sorted(memory_cells(self.written).items()):
            ws.write_string(row - 1, col - 1, str(cell.value))
        ws.very_hidden()

    def write_cells(self, ws: Worksheet, cells: Cells) -> None:
        for (row, col), cell in sorted(cells.items()):
            self.write_cell(ws, row, col, cell)
        # Each number shows in its style's format; remembered, so that an add-in leaves them be.
        self.written[(ws.name, FORMATS_CELL)] = areas_key(format_areas(cells))

    def write_cell(self, ws: Worksheet, row: int, col: int, cell: Cell) -> None:
        fmt = self.fmt[cell.style or "text"]
        r, c = row - 1, col - 1
        v = cell.value
        if cell.formula:
            ws.write_formula(r, c, cell.formula, fmt, "" if v is None else v)
        elif v is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(v, date):
            ws.write_datetime(r, c, datetime(v.year, v.month, v.day), fmt)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            ws.write_number(r, c, v, fmt)
        else:
            ws.write_string(r, c, str(v), fmt)
