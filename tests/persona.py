"""Where a leader types, found in a real workbook by its own labels, and what leaders of
different kinds type there: the cells of a round replayed.

A ``Layout`` reads a unit workbook once (calamine) and answers "which cell is Dagteam's
actual level of the second profile?" from the headers and labels on its sheets, as a person
finds them: no row or column number of the template is written into the tests.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from python_calamine import CalamineWorkbook

from xlkompetence.core.cells import ref

A, B, C, D, E, F = ("Mål og kompetenceprofil", "Kompetencebehov", "Individuelle læringsmål",
                    "Plan for kompetenceudvikling", "Forankring", "Forside")
# The first header of each table: the row it stands in is the table's header row.
FIRST_HEADER = {A: "Nr.", B: "Nr.", C: "Medarbejder", D: "Medarbejdere", E: "Kompetencebehov/formål"}

Cells = dict[str, dict[str, object]]


def fold(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).casefold().split())


class Layout:
    """The cells of one unit workbook, by label."""

    def __init__(self, path: Path):
        book = CalamineWorkbook.from_path(str(path))
        self.rows = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}

    def _row_where(self, sheet: str, col: int, label: str, after: int = 0) -> int:
        for i, row in enumerate(self.rows[sheet], start=1):
            if i > after and len(row) >= col and fold(row[col - 1]) == fold(label):
                return i
        raise KeyError(f"{sheet}: {label}")

    def header_row(self, sheet: str) -> int:
        return self._row_where(sheet, 1, FIRST_HEADER[sheet])

    def col(self, sheet: str, header: str) -> int:
        """The column whose header is ``header`` (or begins with it: "Dagteam: Ønsket niveau")."""
        row = self.rows[sheet][self.header_row(sheet) - 1]
        for c, value in enumerate(row, start=1):
            if fold(value) == fold(header):
                return c
        for c, value in enumerate(row, start=1):
            if fold(value).startswith(fold(header)):
                return c
        raise KeyError(f"{sheet}: {header}")

    def cell(self, sheet: str, header: str, n: int = 0) -> str:
        """The cell under ``header`` in the table's ``n``-th data row (0 is the first)."""
        return ref(self.header_row(sheet) + 1 + n, self.col(sheet, header))

    def level(self, team: str, which: str, n: int) -> str:
        """Kompetencebehov: ``which`` ("Ønsket", "Reelt") of ``team`` in the ``n``-th profile row."""
        return self.cell(B, f"{team}: {which} niveau", n)

    def team_cell(self, team: str, label: str) -> str:
        """Kompetencebehov: the row ``label`` ("Teamets læringsmål", "Drøftet på TUS (dato)") in
        ``team``'s columns above the table."""
        row = self._row_where(B, 1, label)
        return ref(row, self.col(B, f"{team}: Ønsket niveau"))

    def cover(self, label: str) -> str:
        return ref(self._row_where(F, 1, label), 2)

    def team_size(self, team: str) -> str:
        start = self._row_where(F, 1, "Antal medarbejdere pr. team")
        return ref(self._row_where(F, 1, team, after=start), 2)

    def labelled(self, sheet: str, label: str, column: int = 2) -> str:
        """The cell beside the label ``label`` in the first column (the MED record on MED-SU)."""
        return ref(self._row_where(sheet, 1, label), column)

    def wheel(self, event: str, column: int = 2) -> str:
        """The year wheel's row of ``event``: its date (2), Udført (3) or Status (4)."""
        return ref(self._row_where(F, 1, event), column)

    def value(self, sheet: str, cell: str) -> object:
        from xlkompetence.core.cells import parse_ref

        r, c = parse_ref(cell)
        rows = self.rows[sheet]
        return rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else None


def merged(*parts: Mapping[str, Mapping[str, object]]) -> Cells:
    out: Cells = {}
    for part in parts:
        for sheet, cells in part.items():
            out.setdefault(sheet, {}).update(cells)
    return out


# -- what leaders type ------------------------------------------------------------------------

def profiles(layout: Layout, rows: list[tuple[str, str, str, str]]) -> Cells:
    """Sheet A: (Nr., Strategi, Mål, Kompetenceprofil) per row, below what is there."""
    start = sum(1 for r in layout.rows[A][layout.header_row(A):] if any(v not in ("", None) for v in r))
    cells: dict[str, object] = {}
    for n, (pid, strategy, goal, text) in enumerate(rows, start=start):
        for header, value in (("Nr.", pid), ("Strategi", strategy), ("Mål", goal), ("Kompetenceprofil", text)):
            if value:
                cells[layout.cell(A, header, n)] = value
    return {A: cells}


def levels(layout: Layout, rows: list[tuple[str, dict[str, tuple[object, object]]]]) -> Cells:
    """Sheet B: per profile row, its Nr. and per team (desired, actual); None leaves a cell."""
    cells: dict[str, object] = {}
    for n, (pid, teams) in enumerate(rows):
        cells[layout.cell(B, "Nr.", n)] = pid
        for team, (desired, actual) in teams.items():
            if desired is not None:
                cells[layout.level(team, "Ønsket", n)] = desired
            if actual is not None:
                cells[layout.level(team, "Reelt", n)] = actual
    return {B: cells}


def plan(layout: Layout, rows: list[dict[str, object]]) -> Cells:
    """Sheet D: one dict of header → value per row."""
    return {D: {layout.cell(D, header, n): value for n, row in enumerate(rows) for header, value in row.items()}}


def individual(layout: Layout, rows: list[dict[str, object]]) -> Cells:
    return {C: {layout.cell(C, header, n): value for n, row in enumerate(rows) for header, value in row.items()}}


def anchoring(layout: Layout, rows: list[dict[str, object]]) -> Cells:
    return {E: {layout.cell(E, header, n): value for n, row in enumerate(rows) for header, value in row.items()}}


def wheel_dates(layout: Layout, dates: dict[str, date], done: tuple[str, ...] = ()) -> Cells:
    cells: dict[str, object] = {layout.wheel(event): when for event, when in dates.items()}
    cells.update({layout.wheel(event, 3): "Ja" for event in done})
    return {F: cells}
