"""What a unit's workbook holds beyond the template: the leader's own sheets, columns typed
beside a table, comments on cells. Next-round cannot place them in the next round's workbook
(its sheets are written anew from the schema), so each is accounted for and the leader is
told, on the new workbook's Fejl og mangler, where to find it: in last round's file, which is
never changed.
"""

from __future__ import annotations

__all__ = ["LeftBehind", "left_behind"]

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..core.cells import col_letter
from ..core.grid import Grid, is_blank
from ..core.labels import count, t
from ..core.parsing import normalise_text
from ..core.schema import CATALOGUE, NEEDS, SHEETS
from ..unit.reader import ReadResult, is_read_sheet
from ..unit.sheettables import SheetData, as_text
from ..xlsx.loader import OOXML_SUFFIXES
from ..xlsx.package import UnsafeXml, parse_xml, q, read_part, relationships, sheet_parts

# The template's own sheets, whatever refresh writes on them: never the leader's own.
_TEMPLATE = {normalise_text(s.name) for s in SHEETS}


@dataclass(frozen=True)
class LeftBehind:
    """One thing not carried: on which sheet, what (``key``: ``own_sheet``,
    ``column:<header>`` or ``comments``), and the note the leader reads."""

    sheet: str
    key: str
    note: str


def left_behind(path: Path, result: ReadResult, period: str) -> list[LeftBehind]:
    """Everything in the workbook at ``path`` (read as ``result``) that next-round leaves in
    it; ``period`` names last round in the notes."""
    round_ = t("next.left.round", period=period) if period.strip() else t("next.left.last_round")
    where = t("next.left.where", round=round_, file=path.name)
    found: list[LeftBehind] = []
    if path.suffix.lower() in OOXML_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as zf:
                parts = sheet_parts(zf)
                found += _own_sheets(list(parts), where)
                found += _comments(zf, parts, where)
        except (OSError, zipfile.BadZipFile, UnsafeXml, KeyError):
            pass  # the reading reported what is wrong with the file; its sheets were read
    for data in result.sheets.values():
        if data.sheet.id != CATALOGUE.id:
            found += _extra_columns(data, where)
    return found


def _own_sheets(names: list[str], where: str) -> list[LeftBehind]:
    return [LeftBehind(name, "own_sheet", t("next.left.sheet", sheet=name, where=where))
            for name in names if normalise_text(name) not in _TEMPLATE and not is_read_sheet(name)]


def _comments(zf: zipfile.ZipFile, parts: dict[str, str], where: str) -> list[LeftBehind]:
    found = []
    for name, part in parts.items():
        n = 0
        for rel_type, target in relationships(zf, part).values():
            if rel_type.endswith("/comments") and target in zf.namelist():
                n += sum(1 for _ in parse_xml(read_part(zf, target)).iter(q("comment")))
        if n:
            found.append(LeftBehind(name, "comments", t("next.left.comments", n=count(n, "comment"), sheet=name,
                                                         where=where)))
    return found


def _extra_columns(data: SheetData, where: str) -> list[LeftBehind]:
    """Columns of a template table that hold values under a header the schema does not know
    (or under no header), within the table's rows."""
    grid: Grid | None = data.grid
    if grid is None:
        return []
    known = set(data.cols.values())
    last = data.last_row if data.sheet.id == NEEDS.id else grid.height
    found = []
    for col in range(1, max((len(r) for r in grid.rows), default=0) + 1):
        if col in known:
            continue
        if not any(not is_blank(grid.get(row, col)) for row in range(data.first_data_row, last + 1)):
            continue
        header = as_text(grid.get(data.header_row, col)).strip() or t("next.left.column_letter", col=col_letter(col))
        found.append(LeftBehind(data.name, f"column:{header}",
                                t("next.left.column", column=header, sheet=data.name, where=where)))
    return found
