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
from ..core.cells import parse_ref, quote_sheet
from ..core.labels import t
from ..core.numberformats import FORMATS_CELL, areas_key, format_areas
from ..core.schema import CATALOGUE, LEVEL_MAX, OVERVIEW, SUGGESTIONS, Sheet, layout, placed_columns
from ..core.suggestions import suggestions
from .datavalidation import column_validation
from .memory import memory_cells
from .ownedlayout import (
    CATALOGUE_LAYOUT,
    COMMITTEE_LAYOUT,
    FINDINGS_LAYOUT,
    OVERVIEW_LAYOUT,
    SUGGESTIONS_LAYOUT,
    OwnedLayout,
    merges,
)
from .suggestionsheet import suggestion_cells
from .overview import (
    CHART_CELL,
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
        self.write_owned_table(ws, CATALOGUE, catalogue_cells(catalogue(self.unit)), CATALOGUE_LAYOUT)

    def write_suggestions(self, ws: Worksheet) -> None:
        """Forslag as refresh writes it, its Tag med column white with a drop-down. Not
        protected: refresh rewrites it whole, in the file and in Excel."""
        self.write_owned_table(ws, SUGGESTIONS, suggestion_cells(suggestions(self.unit)), SUGGESTIONS_LAYOUT)

    def write_owned_table(self, ws: Worksheet, sheet: Sheet, cells: Cells, owned: OwnedLayout) -> None:
        """An owned sheet with a table whose one typed column has a drop-down down its rows."""
        placed = placed_columns(sheet)
        self.write_owned(ws, cells, owned)
        header = layout(sheet).header_row
        col = next(i for i, p in enumerate(placed) if p.column.is_input)
        last = max(r for (r, c) in cells if c == col + 1)
        ws.data_validation(header, col, last - 1, col, column_validation(
            sheet, placed[col].column, placed[col], col + 1, header + 1, last, self.teams, self.profiles_last_row))
        self.print(ws, printing.table_sheet(owned.widths, header_rows=(header - 1, header - 1)),
                   area=self.filled_area(ws.name, len(placed) - 1, header, (1, len(placed))))

    def write_overview(self, ws: Worksheet) -> None:
        summary = summarise(self.unit, self.findings, self.today)
        cells = overview_cells(summary, self.teams)
        self.write_owned(ws, cells, OVERVIEW_LAYOUT)
        first, last = team_rows(len(self.teams))
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
        self.print(ws, printing.table_sheet(OVERVIEW_LAYOUT.widths))

    def write_committee(self, ws: Worksheet) -> None:
        """MED-SU: printed A4, one page wide, for the committee's meeting."""
        self.write_owned(ws, committee_cells(self.unit, self.today), COMMITTEE_LAYOUT)
        self.print(ws, printing.table_sheet(COMMITTEE_LAYOUT.widths))  # not protected, as Overblik

    def write_findings(self, ws: Worksheet) -> None:
        self.write_owned(ws, findings_cells(self.findings), FINDINGS_LAYOUT)
        header = FINDINGS_LAYOUT.frozen_rows
        self.print(ws, printing.table_sheet(FINDINGS_LAYOUT.widths, header_rows=(header - 1, header - 1)))

    def write_owned(self, ws: Worksheet, cells: Cells, sheet: OwnedLayout) -> None:
        """An owned sheet as refresh lays it out: widths, cells in their styles, the texts
        merged across it, its frozen rows (the heights follow from the texts)."""
        for c, width in enumerate(sheet.widths):
            ws.set_column(c, c, width)
        self.write_cells(ws, cells)
        for merged in merges(cells, sheet):
            top, bottom = merged.split(":")
            row, col = parse_ref(top)
            end = parse_ref(bottom)
            cell = cells[(row, col)]
            ws.merge_range(row - 1, col - 1, end[0] - 1, end[1] - 1, cell.value, self.fmt[cell.style])
        if sheet.frozen_rows:
            ws.freeze_panes(sheet.frozen_rows, 0)

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
