"""What refresh wrote into the calculated value columns, remembered in the workbook itself.

Start, Slut, Forsinket, Timer, Kroner and Opfølgning are values, not formulas: refresh must
parse text Excel cannot. A leader may also type into them (hours the resource text does not
say). The only way to tell the two apart later is to remember what refresh wrote: the very
hidden sheet ``_xlkompetence`` lists each cell and its value. A value that is neither blank
nor what refresh wrote there is a person's, and is kept and reported. Pure: the sheet is
read and written like any other, by the file patcher and by the Excel add-ins alike.
"""

from __future__ import annotations

__all__ = ["Memory", "written_key", "read_memory", "memory_cells", "reserved", "NOTES", "notes_of", "LEGACY",
           "memory_edits", "memory_rows", "DERIVED", "FILLED", "derived_written"]

import functools
from datetime import date, datetime
from typing import Any

from ..core.calculated import Cell
from ..core.edits import CellWrite, Mode, SheetEdits
from ..core.grid import Grid, is_blank
from ..core.labels import t

# (sheet name, cell) → the value refresh wrote, as ``written_key`` gives it.
Memory = dict[tuple[str, str], str]
# A workbook from before the memory: nothing is known about who wrote a value.
LEGACY: Memory | None = None
_EPOCH = date(1899, 12, 30)


# Asked for every value refresh writes and every value it finds there (200 000 times at 10 000
# plan rows), of values that recur down the plan: each distinct value (by type: 1 is not 1.0
# is not True) is worked out once.
@functools.lru_cache(maxsize=1 << 16, typed=True)
def written_key(value: Any) -> str:
    """A value as comparable text, the same whether it came from a file, from Excel or from the
    core: dates as Excel serial numbers, numbers in their shortest form, text trimmed."""
    if value is None or is_blank(value):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return str((value - _EPOCH).days)
    if isinstance(value, (int, float)):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    text = str(value).strip()
    try:
        # Written as text, a number or a serial may come back as a number and the other way round.
        return written_key(float(text.replace(",", "."))) if text[:1].isdigit() else text
    except ValueError:
        return text


# Entries that are no cell's: their "sheet" begins with "[", which no sheet's name can. The
# stamp a workbook was issued with (``core.delivery.STAMP``) is one; NOTES are the notes
# next-round leaves for the leader (what of last round's workbook did not come along).
NOTES = "[notes]"
# Values refresh put into blank input cells (a plan row's Fase, Læringsform, Indsats): their
# entries are "[derived]<sheet>", so that a reader tells them from the value columns' and, on
# reading, from a value a person typed there.
DERIVED = "[derived]"
# Cells refresh filled once in input columns (a taken suggestion's plan row): "[filled]<sheet>".
# They stay the tool's, not the leader's typing, until a person changes them.
FILLED = "[filled]"


def derived_written(memory: Memory | None) -> Memory:
    """(sheet, cell) → the value refresh filled into a blank input cell there."""
    return {(k[0][len(DERIVED):], k[1]): v for k, v in (memory or {}).items() if k[0].startswith(DERIVED)}


def reserved(memory: Memory | None) -> Memory:
    """The entries of ``memory`` that are no cell's: refresh keeps them as they are (what it
    filled into input cells it writes anew)."""
    return {k: v for k, v in (memory or {}).items() if k[0].startswith("[") and not k[0].startswith(DERIVED)}


def notes_of(memory: Memory | None) -> list[str]:
    """The notes next-round left in the workbook, in the order it wrote them."""
    notes = [(k[1], v) for k, v in (memory or {}).items() if k[0] == NOTES and v]
    return [v for _, v in sorted(notes, key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0)]


def read_memory(grid: Grid | None) -> Memory | None:
    """The memory sheet's entries; None when the workbook has no memory sheet yet."""
    if grid is None:
        return LEGACY
    memory: Memory = {}
    for line in grid.rows[1:]:  # a large plan's memory has a row for every value: no lookups per cell
        sheet, cell, value = (line + [None, None, None])[:3]
        if not is_blank(sheet) and not is_blank(cell):
            memory[(str(sheet), str(cell))] = written_key(value)
    return memory


def memory_rows(memory: Memory) -> list[tuple[str, str, str]]:
    """The memory sheet's rows: a header, then one row (sheet, cell, value) per value."""
    header = (t("memory.sheet"), t("memory.cell"), t("memory.value"))
    return [header, *((sheet, cell, value) for (sheet, cell), value in sorted(memory.items()))]


def _memory_texts(memory: Memory) -> dict[tuple[int, int], str]:
    """The memory sheet's texts, cell by cell (1-based)."""
    return {(r, c): text for r, row in enumerate(memory_rows(memory), start=1) for c, text in enumerate(row, start=1)}


def memory_cells(memory: Memory) -> dict[tuple[int, int], Cell]:
    """The memory sheet, cell by cell (1-based): a header row, then one row per value."""
    return {k: Cell(text) for k, text in _memory_texts(memory).items()}


def memory_edits(memory: Memory) -> SheetEdits:
    """The memory sheet rewritten whole with ``memory`` (made, very hidden, where there is none)."""
    return SheetEdits(cells={k: CellWrite(text, Mode.OWNED) for k, text in _memory_texts(memory).items()},
                      clear_from_row=1, create_hidden=True, rewrite=True)
