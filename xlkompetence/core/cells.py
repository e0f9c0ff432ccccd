"""A1 cell addresses. Rows and columns are 1-based everywhere in this package."""

from __future__ import annotations

__all__ = ["MAX_ROWS", "MAX_COLUMNS", "col_letter", "col_number", "ref_col", "ref", "parse_ref", "quote_sheet"]

import re
from functools import lru_cache

# The rows and columns of an Excel sheet.
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@lru_cache(maxsize=1 << 15)  # a sheet has at most 16 384 columns
def col_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    if col < 1:
        raise ValueError(f"column {col} < 1")
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str) -> int:
    """A → 1, AA → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def ref_col(address: str) -> int:
    """The column of a cell address: "E7" → 5, "$AB$12" → 28 (a patch looks this up for every cell)."""
    return _letters_col(address.rstrip("0123456789$").lstrip("$"))


@lru_cache(maxsize=1 << 15)
def _letters_col(letters: str) -> int:
    return col_number("".join(ch for ch in letters if ch.isalpha()))


def ref(row: int, col: int, *, absolute: bool = False, lock_col: bool = False) -> str:
    """"E7"; ``absolute`` gives "$E$7", ``lock_col`` "$E7"."""
    c = "$" if absolute or lock_col else ""
    r = "$" if absolute else ""
    return f"{c}{col_letter(col)}{r}{row}"


def parse_ref(cell: str) -> tuple[int, int]:
    """"E7" → (7, 5)."""
    m = _REF.match(cell)
    if not m:
        raise ValueError(f"not a cell address: {cell!r}")
    return int(m.group(2)), col_number(m.group(1))


def quote_sheet(name: str) -> str:
    """A sheet name as it stands in a formula: 'Mål og kompetenceprofil'."""
    return "'" + name.replace("'", "''") + "'"
