"""What every sheet of the organisation workbook is written with: the workbook and its formats,
a cell, an Excel table whose rows are streamed in when the file is written, a sheet's intro
and its print setup. The sheets themselves are written by ``orgoverview``, ``orgmatrix`` and
``orglists``; ``orgbook`` puts them in order.

Every text from a unit workbook is written as a string, never as a formula, link or number:
a cell someone typed as ``=HYPERLINK(...)`` stays inert here.
"""

from __future__ import annotations

__all__ = ["OrgWriter"]

import heapq
import io
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from itertools import groupby
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..core import printing, textwidth
from ..core.disclosure import Disclosure, Share, field_of
from ..core.labels import t
from ..xlsx.bulkrows import Bulk
from ..xlsx.pagesetup import apply_page_setup
from ..xlsx.styles import CALC_FILL, COMMON, TABLE_STYLE, add_formats
from ..core.findings import Finding
from ..core.models import UnitWorkbook
from .orgplan import Level, OrgPlan
from .spill import KeptRows, Spilled, load, spill


# Row heights a table remembers, by text and width.
HEIGHTS_KEPT = 1 << 10
# The formats whose text wraps, by name.
WRAPPING = {name: bool(props.get("text_wrap")) for name, props in COMMON.items()}


# A unit's rows of one sheet, made from the unit (under its name in the plan).
RowMaker = Callable[[str, UnitWorkbook], list[list[Any]]]


class OrgWriter:
    """The organisation workbook being written for ``org``: laid out in memory, its long tables
    kept in ``bulks`` to be streamed in. Each sheet's rows of each unit are made in one pass
    over the units (``gather``) and kept on disk until they are streamed in."""

    def __init__(self, org: OrgPlan):
        self.org = org
        self.layout = io.BytesIO()
        self.bulks: list[Bulk] = []
        self.kept: dict[str, KeptRows] = {}
        # (file, the input's order, where its findings lie, how many)
        self.findings_index: list[tuple[str, int, Spilled, int]] = []
        self._levels_by_key: dict[str, array[int]] | None = None
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

    def gather(self, folder: str) -> None:
        """One pass over the inputs: each unit taken in is read once, its rows of every sheet
        (``unit_rows``) made and spilled to ``folder``, and what the sheets add up across units
        added up (``add_up``); every input's findings are kept by file (``keep_findings``)."""
        makers = self.unit_rows()
        self.kept = {sheet: KeptRows(folder) for sheet in makers}
        names = self.org.names_taken()
        for order, entry in enumerate(self.org.inputs):
            name = names.get(id(entry))
            if name is None:
                self.keep_findings(folder, order, entry.findings)
                continue
            unit, findings = entry.loaded()
            assert unit is not None  # only inputs read are taken in
            for sheet, make in makers.items():
                self.kept[sheet].extend(make(name, unit))
            self.add_up(name, unit)
            self.keep_findings(folder, order, findings)
        self.keep_findings(folder, len(self.org.inputs), self.org.own_findings)
        self.added_up()

    def levels_of(self, key: str) -> list[Level]:
        """The plan's levels of one organisation profile, in their order."""
        if self._levels_by_key is None:
            self._levels_by_key = self.org.levels.by_key()
        levels = self.org.levels
        return [levels[i] for i in self._levels_by_key.get(key, ())]

    def unit_rows(self) -> dict[str, RowMaker]:
        """Each sheet's maker of a unit's rows (each sheet's writer adds its own)."""
        return {}

    def add_up(self, name: str, unit: UnitWorkbook) -> None:
        """Add one unit to what the sheets add up across units (each sheet's writer its own)."""

    def added_up(self) -> None:
        """Every unit is added up: the rows that follow the units' (totals) can be made."""

    def keep_findings(self, folder: str, order: int, findings: list[Finding]) -> None:
        """``findings`` (of the ``order``-th input, or the merge's own) spilled a file at a time,
        each file's sorted by severity, for Fejl og mangler to list by file."""
        by_file: dict[str, list[Finding]] = {}
        for f in findings:
            by_file.setdefault(f.file or "", []).append(f)
        for file, found in by_file.items():
            found.sort(key=lambda f: f.severity.rank)
            rows = [[f.severity.rank, f.file, f.sheet, f.cell, f.severity.label, f.code.summary, f.value, f.message]
                    for f in found]
            self.findings_index.append((file, order, spill(folder, rows), len(rows)))

    def finding_rows(self) -> Iterator[list[Any]]:
        """Every finding as Fejl og mangler lists it: by file, then by severity (the order of the
        inputs and of each one's findings kept among equals)."""
        index = sorted(self.findings_index, key=lambda x: (x[0], x[1]))
        for _, group in groupby(index, key=lambda x: x[0]):
            chunks = [load(where) for _, _, where, _ in group]
            for row in heapq.merge(*chunks, key=lambda r: r[0]):
                yield row[1:]

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
        names = {e.cover.organisation.strip() for _, e in self.org.named if e.cover} - {""}
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
