"""Add a worksheet to an existing package, as Excel does: the part, its relationship from the
workbook, its content type and its entry in the workbook's sheet list (at the end, so the
index of every other sheet, which defined names and views refer to, stays as it was)."""

from __future__ import annotations

__all__ = ["with_sheets"]

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from .package import NS_CT, NS_MAIN, NS_PKG_REL, NS_REL, parse_xml, q, read_part, serialise, sheet_parts, workbook_part

WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
EMPTY_SHEET = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><dimension ref="A1"/>'
    f'<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
    f'<sheetData/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    f'</worksheet>'
).encode()


def with_sheets(src: Path | io.BytesIO, names: Iterable[str], *, state: str = "veryHidden") -> Path | io.BytesIO:
    """``src`` itself when it has every sheet in ``names``; otherwise a copy in memory with the
    missing ones added, empty and in ``state`` (Excel's sheet states: visible, hidden,
    veryHidden — the last cannot be shown from Excel's menus)."""
    with zipfile.ZipFile(src) as zin:
        existing = {n.casefold() for n in sheet_parts(zin)}
        missing = [n for n in dict.fromkeys(names) if n.casefold() not in existing]
        if not missing:
            return src
        replaced, added = _add(zin, missing, state)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = replaced.get(info.filename)
                zout.writestr(info, read_part(zin, info) if data is None else data)
            for name, data in added.items():
                zout.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                              compress_type=zipfile.ZIP_DEFLATED)
    out.seek(0)
    return out


def _add(zin: zipfile.ZipFile, names: list[str], state: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
    wb_part = workbook_part(zin)
    folder, base = posixpath.split(wb_part)
    rels_part = posixpath.join(folder, "_rels", base + ".rels")
    workbook = parse_xml(read_part(zin, wb_part))
    rels = parse_xml(read_part(zin, rels_part))
    types = parse_xml(read_part(zin, "[Content_Types].xml"))
    sheets = workbook.find(q("sheets"))
    if sheets is None:
        raise ValueError(f"{wb_part} has no sheet list")
    taken = set(zin.namelist())
    rel_ids = {r.get("Id") for r in rels.iter(q("Relationship", NS_PKG_REL))}
    sheet_ids = [int(s.get("sheetId", "0")) for s in sheets.findall(q("sheet"))]
    numbers = [int(m.group(1)) for n in taken if (m := re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", n))]
    added: dict[str, bytes] = {}
    for name in names:
        number = max(numbers, default=0) + 1
        numbers.append(number)
        part = f"xl/worksheets/sheet{number}.xml"
        rid = _free_id(rel_ids)
        rel_ids.add(rid)
        etree.SubElement(rels, q("Relationship", NS_PKG_REL), Id=rid, Type=WORKSHEET_TYPE,
                         Target=posixpath.relpath(part, folder or "."))
        etree.SubElement(types, q("Override", NS_CT), PartName="/" + part, ContentType=WORKSHEET_CT)
        sheet_id = max(sheet_ids, default=0) + 1
        sheet_ids.append(sheet_id)
        sheet = etree.SubElement(sheets, q("sheet"), name=name, sheetId=str(sheet_id))
        if state != "visible":
            sheet.set("state", state)
        sheet.set(q("id", NS_REL), rid)
        added[part] = EMPTY_SHEET
    replaced = {wb_part: serialise(workbook), rels_part: serialise(rels), "[Content_Types].xml": serialise(types)}
    return replaced, added


def _free_id(taken: set[str | None]) -> str:
    n = 1
    while f"rId{n}" in taken:
        n += 1
    return f"rId{n}"
