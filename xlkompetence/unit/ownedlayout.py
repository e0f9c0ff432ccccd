"""How the sheets refresh owns are laid out: their column widths, the texts merged across
them, their frozen rows. The template writer and refresh both lay them out from here, so a
sheet refresh rewrites looks as the new workbook's did; the rows' heights follow from the
texts by the width model (``xlsx.rowlayout``), in both. Pure."""

from __future__ import annotations

__all__ = [
    "OwnedLayout", "OVERVIEW_LAYOUT", "COMMITTEE_LAYOUT", "FINDINGS_LAYOUT", "CATALOGUE_LAYOUT", "SUGGESTIONS_LAYOUT",
    "LAYOUTS",
    "merges", "owned_edits",
]

from dataclasses import dataclass

from ..core.cells import col_letter
from ..core.edits import CellWrite, Mode, SheetEdits
from ..core.numberformats import format_areas
from ..core.schema import CATALOGUE, COMMITTEE, FINDINGS, OVERVIEW, SUGGESTIONS, layout, placed_columns
from .overview import FINDINGS_HEADER_ROW, INTRO_ROW, Cells

# Styles whose text runs across the sheet: one merged range per such cell in column A.
_ACROSS = frozenset({"intro"})


@dataclass(frozen=True)
class OwnedLayout:
    """Column widths (characters, from column A), and the rows frozen at the top (0: none)."""

    widths: tuple[float, ...]
    frozen_rows: int = 0
    landscape: bool = True

    @property
    def last_col(self) -> int:
        return len(self.widths)


# One A4 landscape page across at 73 % and more: the key figures' labels in A, the short
# numbers of each table in B–H, the profiles' texts and the notes in I and J.
# B–H are as wide as their tables' headers' longest words ("Medarbejdere", "udviklingsmål").
OVERVIEW_LAYOUT = OwnedLayout(widths=(28, 13, 11, 11, 13, 12, 11, 11, 42, 28))
COMMITTEE_LAYOUT = OwnedLayout(widths=(18, 13, 11, 11, 13, 12, 34, 44))
FINDINGS_LAYOUT = OwnedLayout(widths=(11, 24, 30, 20, 80), frozen_rows=FINDINGS_HEADER_ROW)
SUGGESTIONS_LAYOUT = OwnedLayout(widths=tuple(p.column.width for p in placed_columns(SUGGESTIONS)),
                                 frozen_rows=layout(SUGGESTIONS).header_row)
CATALOGUE_LAYOUT = OwnedLayout(widths=tuple(p.column.width for p in placed_columns(CATALOGUE)),
                               frozen_rows=layout(CATALOGUE).header_row)
LAYOUTS = {OVERVIEW.name: OVERVIEW_LAYOUT, COMMITTEE.name: COMMITTEE_LAYOUT, FINDINGS.name: FINDINGS_LAYOUT,
           CATALOGUE.name: CATALOGUE_LAYOUT, SUGGESTIONS.name: SUGGESTIONS_LAYOUT}


def merges(cells: Cells, sheet: OwnedLayout) -> list[str]:
    """A range across the sheet for the intro under the title: its row never moves, so the
    merge is the same in every refresh, also where an add-in cannot merge or unmerge."""
    last = col_letter(sheet.last_col)
    return [f"A{row}:{last}{row}" for (row, col), cell in sorted(cells.items())
            if row == INTRO_ROW and col == 1 and cell.style in _ACROSS and sheet.last_col > 1]


def owned_edits(cells: Cells, sheet: OwnedLayout, *, create_visible: bool = False) -> SheetEdits:
    """An owned sheet rewritten whole: every cell in its style, its merged ranges; made, visible,
    where a workbook from before the sheet has none (``create_visible``)."""
    return SheetEdits(cells={k: CellWrite(c.value, Mode.OWNED, c.formula, c.style or "text") for k, c in cells.items()},
                      clear_from_row=1, merges=merges(cells, sheet), create_visible=create_visible,
                      formats=tuple(format_areas(cells)))
