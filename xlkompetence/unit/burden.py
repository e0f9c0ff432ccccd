"""How many cells a leader typed in a round: the burden a workbook puts on its leader. Pure.

A cell counts where it is a cell a person types in (an input column of a table, the Forside,
the team rows above Kompetencebehov, Tag med, Kan oplære andre), it is not blank, and it is
not what the workbook held when it was issued; a value refresh put there itself (a derived
column, a taken suggestion's row, as its memory records) is the tool's, not the leader's. A
suggestion taken counts as the one cell (Tag med) the leader typed for it.
"""

from __future__ import annotations

__all__ = ["Burden", "typed_cells"]

from dataclasses import dataclass, field

from ..core.cells import ref
from ..core.grid import Grid, is_blank
from ..core.labels import t
from ..core.schema import CATALOGUE, COVER, NEEDS, SUGGESTIONS, WHEEL_STATUS_COL, placed_columns
from .memory import DERIVED, FILLED, written_key
from .reader import ReadResult


@dataclass
class Burden:
    """Typed cells per sheet, and their characters."""

    cells: dict[str, int] = field(default_factory=dict)
    characters: int = 0

    @property
    def total(self) -> int:
        return sum(self.cells.values())


def _input_cols(result: ReadResult, sheet: str) -> tuple[int, set[int]] | None:
    """(header row, input columns) of a table sheet as read; None for a sheet without one."""
    for data in result.sheets.values():
        if data.name == sheet:
            return data.header_row, {c for key, c in data.cols.items()
                                     if data.sheet.column(key.split("@")[0]).is_input}
    return None


def _owned_input_cols(grid: Grid, sheet_id: str) -> tuple[int, set[int]] | None:
    """(header row, the typed column) of an owned sheet (Forslag, Kompetencekatalog)."""
    sheet = SUGGESTIONS if sheet_id == SUGGESTIONS.id else CATALOGUE
    headers = {p.header: p.column.is_input for p in placed_columns(sheet)}
    for row in range(1, min(grid.height, 20) + 1):
        line = grid.rows[row - 1]
        if sum(1 for v in line if v in headers) >= 2:
            return row, {c for c, v in enumerate(line, start=1) if headers.get(v)}
    return None


def typed_cells(issued: ReadResult, filled: ReadResult) -> Burden:
    """The cells typed in ``filled`` since it was issued as ``issued`` (both as read)."""
    burden = Burden()
    ours = {(k[0].removeprefix(DERIVED).removeprefix(FILLED), k[1]): v for k, v in (filled.memory or {}).items()
            if k[0].startswith((DERIVED, FILLED))}
    for name, grid in filled.grids.items():
        where = _where(filled, name, grid)
        if where is None:
            continue
        first, cols = where
        before = issued.grids.get(name)
        for r in range(1, grid.height + 1):
            for c, value in enumerate(grid.rows[r - 1], start=1):
                if is_blank(value) or not (c in cols if r > first else _above(name, r, first)):
                    continue
                if before is not None and written_key(before.get(r, c)) == written_key(value):
                    continue
                if ours.get((name, ref(r, c))) == written_key(value):
                    continue
                burden.cells[name] = burden.cells.get(name, 0) + 1
                burden.characters += len(str(value))
    # A suggestion taken: its Tag med was typed, and refresh has since turned the line into a
    # plan row (one per row it filled) and taken the line off Forslag.
    taken = {cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for (sheet, cell) in (filled.memory or {})
             if sheet.startswith(FILLED)}
    if taken:
        burden.cells[SUGGESTIONS.name] = burden.cells.get(SUGGESTIONS.name, 0) + len(taken)
        burden.characters += len(t("catalogue.yes")) * len(taken)
    return burden


def _above(name: str, row: int, header: int) -> bool:
    """Rows above a table a person types in: Kompetencebehov's team rows (learning goal, TUS)."""
    return name == NEEDS.name and 1 < row < header


def _where(result: ReadResult, name: str, grid: Grid) -> tuple[int, set[int]] | None:
    """(header row, input columns) of a sheet a person types in; header 0 with every column but
    the year wheel's status for the Forside; None for a sheet that is calculated."""
    if name == COVER.name:
        return 0, set(range(1, max((len(line) for line in grid.rows), default=0) + 1)) - {WHEEL_STATUS_COL}
    if name in (SUGGESTIONS.name, CATALOGUE.name):
        return _owned_input_cols(grid, SUGGESTIONS.id if name == SUGGESTIONS.name else CATALOGUE.id)
    return _input_cols(result, name)
