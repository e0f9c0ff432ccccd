"""Cell edits: what a refresh or sync plan writes into a workbook, and how much each write may
change. Pure data; the package patcher (files) and the Excel add-in (open workbooks) carry
the same edits out.
"""

from __future__ import annotations

__all__ = ["EXCEL_ERRORS", "Mode", "CellWrite", "TableGrowth", "SheetEdits", "Skipped"]

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .numberformats import FormatArea

EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


class Mode(StrEnum):
    """How much a write may change. FORMULA: a calculated column with a live formula; its
    cached value is updated, a missing formula written, a typed value left alone. VALUE: a
    calculated column refresh fills with values; a formula someone put there is left alone.
    OWNED: a sheet the package owns outright (Overblik, Fejl og mangler). FILL: an input cell
    that is written only while it is empty (a new profile's number in Kompetencebehov). LIVE: a
    live formula in a locked cell (the year wheel's status): a file gets it as FORMULA does,
    while in the open workbook, where Excel calculates it and refuses writes, nothing is
    written and a shown value that is not the core's is reported."""

    FORMULA = "formula"
    LIVE = "live"
    VALUE = "value"
    OWNED = "owned"
    FILL = "fill"


@dataclass(frozen=True)
class CellWrite:
    """One cell to write. ``style`` names the look the cell takes (a name the writer of the
    workbook gave a cell format): an OWNED cell always takes it, any other only where the cell
    is new, so that a format a person gave a cell is kept."""

    value: Any
    mode: Mode
    formula: str | None = None
    style: str | None = None


@dataclass(frozen=True)
class TableGrowth:
    """The table whose header is on ``header_row`` is to reach down to ``last_row``: rows a
    person typed directly below a table belong to it, as Excel makes them when one types there."""

    header_row: int
    last_row: int


@dataclass
class SheetEdits:
    cells: dict[tuple[int, int], CellWrite] = field(default_factory=dict)
    # OWNED sheets: every cell from this row down that is not written is removed.
    clear_from_row: int | None = None
    grow_table: TableGrowth | None = None
    # Made, very hidden, when the workbook has no sheet of this name (the package's own sheets).
    create_hidden: bool = False
    # Made, visible, when the workbook has no sheet of this name (an owned sheet a later
    # template added).
    create_visible: bool = False
    # The printed page header (it names the unit), where the sheet has one: set when the
    # unit's name on Forside changed since it was written.
    page_header: str | None = None
    # OWNED sheets: the number formats of the cells written (the rest General), as areas.
    formats: tuple[FormatArea, ...] | None = None
    # OWNED sheets: the merged ranges from ``clear_from_row`` down (an intro across the table).
    merges: list[str] | None = None
    # Rows made tall enough for their wrapped text even where no cell is written (a sheet whose
    # cells are written always is).
    fit: bool = False
    # The sheet's print area (a formula, as ``core.printing.filled_rows_area`` writes it), set in
    # place of the one it has.
    print_area: str | None = None
    # The sheet holds exactly ``cells``' values afterwards, plain, as one piece: a hidden sheet of
    # the package's own (the memory), whose hundreds of thousands of cells nobody sees or types in.
    rewrite: bool = False


@dataclass(frozen=True)
class Skipped:
    """A calculated cell left alone because a person put something else there."""

    sheet: str
    cell: str
    value: str
