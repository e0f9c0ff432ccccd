"""What every sheet of the organisation workbook is written with: the workbook and its formats,
a cell, an Excel table whose rows are streamed in when the file is written, a sheet's intro
and its print setup. The sheets themselves are written by ``orgoverview``, ``orgmatrix`` and
``orglists``; ``orgbook`` puts them in order.

Every text from a unit workbook is written as a string, never as a formula, link or number:
a cell someone typed as ``=HYPERLINK(...)`` stays inert here.
"""

from __future__ import annotations

__all__ = ["OrgWriter"]

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..core import printing, textwidth
from ..core.disclosure import Disclosure, Share, field_of
from ..core.labels import t
from ..xlsx.bulkrows import Bulk
from ..xlsx.pagesetup import apply_page_setup
from ..xlsx.styles import CALC_FILL, COMMON, TABLE_STYLE, add_formats
from .orgplan import OrgPlan


# Row heights a table remembers, by text and width.
HEIGHTS_KEPT = 1 << 14
# The formats whose text wraps, by name.
WRAPPING = {name: bool(props.get("text_wrap")) for name, props in COMMON.items()}


class OrgWriter:
    """The organisation workbook being written for ``org``: laid out in memory, its long tables
    kept in ``bulks`` to be streamed in."""

    def __init__(self, org: OrgPlan):
        self.org = org
        self.layout = io.BytesIO()
        self.bulks: list[Bulk] = []
        self.wb = xlsxwriter.Workbook(self.layout, {
            "in_memory": True,
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        })
        self.wb.set_properties({"title": t("org.title"), "created": datetime(org.today.year, org.today.month, org.today.day)})
        self.f = add_formats(self.wb, {
            "datetime": {"num_format": "dd-mm-yyyy hh:mm", "align": "left"},
            "level": {"align": "center", "num_format": "0"},
            "gap": {"align": "center", "num_format": "0", "bold": True},
            "calc": {"bg_color": CALC_FILL, "align": "center", "num_format": "0.0"},
        })
        self.gap_scale = {"type": "3_color_scale", "min_type": "num", "min_value": -2, "min_color": "#9BC2E6",
                          "mid_type": "num", "mid_value": 0, "mid_color": "#FFFFFF",
                          "max_type": "num", "max_value": 3, "max_color": "#F8696B"}

    def cell(self, ws: Worksheet, r: int, c: int, value: Any, fmt: str = "text") -> None:
        f = self.f[fmt]
        if value is None or value == "":
            ws.write_blank(r, c, None, f)
        elif isinstance(value, bool):
            ws.write_string(r, c, t("org.yes") if value else t("org.no"), f)
        elif isinstance(value, datetime):
            ws.write_datetime(r, c, value, self.f["datetime"])
        elif hasattr(value, "isoformat"):
            ws.write_datetime(r, c, datetime(value.year, value.month, value.day), self.f["date"])
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, f)
        else:
            ws.write_string(r, c, str(value), f)

    def shares(self, sheet: str, field_id: str) -> Share:
        """What of a unit workbook's field this plan carries (``core.disclosure``)."""
        return field_of(sheet, field_id).share(self.org.disclosure or Disclosure())

    def print(self, ws: Worksheet, setup: printing.PageSetup) -> None:
        apply_page_setup(ws, setup, self.header_name)

    @property
    def header_name(self) -> str:
        """The name in every page's header: the organisation the units name, when they agree."""
        names = {unit.cover.organisation.strip() for _, unit in self.org.units} - {""}
        return names.pop() if len(names) == 1 else t("org.title")

    def table(self, ws: Worksheet, name: str, headers: list[str], rows: Iterable[list[Any]], n_rows: int,
              formats: list[str], widths: list[float], first_row: int = 2, repeat: int = 1,
              intro: str | None = None) -> None:
        """An Excel table from ``first_row`` (0-based) with a title above and ``intro`` under it;
        its ``n_rows`` rows are streamed in when the workbook is written. Printed wider than a
        page, its first ``repeat`` columns repeat on every page."""
        ws.write(0, 0, ws.name, self.f["title"])
        ws.add_table(first_row, 0, first_row + 1, len(headers) - 1, {
            "name": name, "style": TABLE_STYLE, "autofilter": True,
            "columns": [{"header": h, "header_format": self.f["header"]} for h in headers],
        })
        styles = [self.f[f] for f in formats]
        # Never a header broken in the middle of a word.
        widths = [textwidth.width_for_words(h, w) for h, w in zip(headers, widths)]
        for j, width in enumerate(widths):
            ws.set_column(j, j, width, styles[j])
        self.bulks.append(Bulk(ws.name, first_row + 2, ([_plain(v) for v in r] for r in rows), styles, n_rows,
                               self.row_height(formats, widths), table=name))
        ws.freeze_panes(first_row + 1, 0)
        setup = printing.table_sheet(widths, header_rows=(first_row, first_row), repeat=(0, repeat - 1))
        if intro is not None:
            self.intro(ws, intro, setup.whole_on_every_page(len(widths)))
        self.print(ws, setup)

    def row_height(self, formats: Sequence[str], widths: Sequence[float]) -> Callable[[Sequence[Any]], float | None]:
        """A streamed row's height: as tall as the text of its wrapping columns needs."""
        wrapping = [j for j, f in enumerate(formats) if WRAPPING.get(f)]
        # The same text in the same width needs the same height: a list repeats its statuses,
        # phases, teams and profiles down thousands of rows. Bounded: free texts do not repeat.
        needs = lru_cache(maxsize=HEIGHTS_KEPT)(textwidth.row_height)

        def height(values: Sequence[Any]) -> float | None:
            needed = max((needs(values[j], widths[j]) for j in wrapping
                          if j < len(values) and isinstance(values[j], str) and values[j]), default=0.0)
            return needed if needed > textwidth.DEFAULT_ROW_PT else None

        return height

    def intro(self, ws: Worksheet, text: str, width: int) -> None:
        """What a sheet's list holds, under its title, across the first ``width`` columns (those
        that print whole on every page) and as tall as the text needs (the rows are fitted when
        the layout is done)."""
        if width > 1:
            ws.merge_range(1, 0, 1, width - 1, text, self.f["intro"])
        else:
            ws.write(1, 0, text, self.f["intro"])


def _plain(value: Any) -> Any:
    """A value as the streamed cell holds it: yes/no in Danish, dates as dates."""
    if isinstance(value, bool):
        return t("org.yes") if value else t("org.no")
    return value
