"""A new XlsxWriter workbook as this package writes them: in memory until it is closed, with
each distinct formula prepared once per process, and its formatted blank cells written out
directly.

XlsxWriter rewrites every formula through some thirty regular expressions (Excel's newer
functions get their ``_xlfn.`` prefix) each time one is written. A unit workbook writes the
same few hundred formulas, and every unit of a roll-out with the same team count the same
ones again; the prepared text depends on nothing but the formula, so it is kept.

Most cells of a unit workbook are blank cells with a format (a table's rows to fill in, each
column's style); XlsxWriter writes each through its general attribute writer, which escapes
a reference and a number. They are written as the same ``<c r="A1" s="3"/>`` here.
"""

from __future__ import annotations

__all__ = ["new_workbook"]

from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellBlankTuple, Worksheet

_PREPARED: dict[tuple[str, bool], str] = {}
_MAX_PREPARED = 50_000  # distinct formulas kept: far above a workbook's, bounded for a long-lived server


class _Sheet(Worksheet):
    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        key = (formula, bool(expand_future_functions or self.use_future_functions))
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = super()._prepare_formula(formula, expand_future_functions)
            if len(_PREPARED) >= _MAX_PREPARED:
                _PREPARED.clear()
            _PREPARED[key] = prepared
        return prepared

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        if type(cell) is CellBlankTuple and cell.format is not None:
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell.format._get_xf_index()}"/>')
        else:
            super()._write_cell(row, col, cell)


def new_workbook(path: Path | str, options: dict[str, Any]) -> xlsxwriter.Workbook:
    """``xlsxwriter.Workbook(path, options)``, assembled in memory (no temporary file per part)
    preparing each formula once and writing formatted blank cells directly."""
    book = xlsxwriter.Workbook(str(path), {"in_memory": True, **options})
    book.worksheet_class = _Sheet
    return book
