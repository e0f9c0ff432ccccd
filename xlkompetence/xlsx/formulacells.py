"""Which cells of a sheet hold a formula, read from the sheet's XML: the values a reader gets
(python-calamine's) cannot tell a formula's result from a value typed over it."""

from __future__ import annotations

__all__ = ["formula_cells"]

import re
import zipfile
from pathlib import Path

from ..core.cells import parse_ref
from .package import read_part, sheet_parts

_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}\d+)"[^>]*?(/?)>')


def formula_cells(path: Path, sheet: str) -> frozenset[tuple[int, int]] | None:
    """(row, col) of every cell of ``sheet`` that holds a formula (its own or a shared one);
    empty where the workbook has no sheet of that name; None where the file is no Excel
    package whose XML tells (an .ods or .xls read by the loader, a part that lies)."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = sheet_parts(zf).get(sheet)
            if part is None:
                return frozenset()
            data = read_part(zf, part)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    found = set()
    for m in _CELL.finditer(data):
        if m.group(2):  # <c …/>: no content
            continue
        end = data.find(b"</c>", m.end())
        if data.find(b"<f", m.end(), end) >= 0:
            found.add(parse_ref(m.group(1).decode()))
    return frozenset(found)
