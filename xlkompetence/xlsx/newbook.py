"""A new XlsxWriter workbook as this package writes them: in memory until it is closed, and
with each distinct formula prepared once per process.

XlsxWriter rewrites every formula through some thirty regular expressions (Excel's newer
functions get their ``_xlfn.`` prefix) each time one is written. A unit workbook writes the
same few hundred formulas, and every unit of a roll-out with the same team count the same
ones again; the prepared text depends on nothing but the formula, so it is kept.
"""

from __future__ import annotations

__all__ = ["new_workbook"]

from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

_PREPARED: dict[tuple[str, bool], str] = {}
_MAX_PREPARED = 50_000  # distinct formulas kept: far above a workbook's, bounded for a long-lived server


class _PreparedFormulas(Worksheet):
    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        key = (formula, bool(expand_future_functions or self.use_future_functions))
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = super()._prepare_formula(formula, expand_future_functions)
            if len(_PREPARED) >= _MAX_PREPARED:
                _PREPARED.clear()
            _PREPARED[key] = prepared
        return prepared


def new_workbook(path: Path | str, options: dict[str, Any]) -> xlsxwriter.Workbook:
    """``xlsxwriter.Workbook(path, options)``, assembled in memory (no temporary file per part)
    and preparing each formula once."""
    book = xlsxwriter.Workbook(str(path), {"in_memory": True, **options})
    book.worksheet_class = _PreparedFormulas
    return book
