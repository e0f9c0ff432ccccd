"""Stream large tables into a workbook that XlsxWriter has laid out.

XlsxWriter holds every cell as a Python object until it closes and spends ~10 µs on each; an
organisation plan of a thousand units has millions of cells. So XlsxWriter writes the
layout (sheets, tables, formats, conditional formats, charts, header rows) and the data rows
are streamed into each sheet's ``<sheetData>`` afterwards, straight from the rows kept. Text
is written as inline strings: it is always text, never a formula.
"""

from __future__ import annotations

__all__ = ["EXCEL_MAX_TEXT", "CHUNK_ROWS", "Bulk", "fill", "write_sheet"]

import io
import itertools
import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.cells import col_letter, parse_ref
from .package import deflated, sheet_parts

EXCEL_MAX_TEXT = 32767
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1899, 12, 30)
CHUNK_ROWS = 2000
CHUNK_CHARS = 1 << 20


@dataclass
class Bulk:
    """Rows to stream into ``sheet`` from 1-based ``first_row``; ``styles`` are XlsxWriter
    formats per column (their style index is known once the layout is closed)."""

    sheet: str
    first_row: int
    rows: Iterable[Sequence[Any]]
    styles: Sequence[Any]
    n_rows: int
    height: Callable[[Sequence[Any]], float | None] | None = None
    # The Excel table these rows belong to: laid out over its header and one row (XlsxWriter
    # keeps an object per cell of a table's range), grown here to its real size.
    table: str | None = None
    # A blank value still gets its cell, in its column's style (a fill shows it).
    blanks: bool = False


def _text(value: str) -> str:
    if len(value) > EXCEL_MAX_TEXT:
        value = value[: EXCEL_MAX_TEXT - 1] + "…"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value


def _cell(ref: str, value: Any, style: str, blank: str = "") -> str:
    if value is None or value == "":
        return blank
    if isinstance(value, str):
        text = _text(value)
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        delta = value - _EPOCH
        return f'<c r="{ref}"{style}><v>{delta.days + delta.seconds / 86400:.10g}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{style}><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f'<c r="{ref}"{style}><v>{repr(value)}</v></c>'
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def _rows_xml(bulk: Bulk) -> Iterable[str]:
    styles = [f' s="{s.xf_index}"' if s is not None and s.xf_index else "" for s in bulk.styles]
    letters = [col_letter(c + 1) for c in range(len(styles))]
    blanks = [bulk.blanks and bool(s) for s in styles]
    chunk: list[str] = []
    size = 0
    for i, values in enumerate(bulk.rows):
        r = bulk.first_row + i
        height = bulk.height(values) if bulk.height else None
        attrs = f' ht="{height:g}" customHeight="1"' if height else ""
        cells = "".join(_cell(f"{letters[c]}{r}", v, styles[c], f'<c r="{letters[c]}{r}"{styles[c]}/>' if blanks[c] else "")
                        for c, v in enumerate(values))
        chunk.append(f'<row r="{r}"{attrs}>{cells}</row>')
        size += len(cells)
        # By size as well as rows: a row of the matrix spans every unit's teams.
        if len(chunk) >= CHUNK_ROWS or size >= CHUNK_CHARS:
            yield "".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk)


def fill(layout: bytes, dest: Path, bulks: list[Bulk]) -> None:
    """Write the laid-out workbook ``layout`` to ``dest`` with ``bulks`` streamed in."""
    with zipfile.ZipFile(io.BytesIO(layout)) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = sheet_parts(zin)
        by_part = {parts[b.sheet]: b for b in bulks if b.sheet in parts}
        tables = {b.table: b for b in bulks if b.table}
        for info in zin.infolist():
            bulk = by_part.get(info.filename)
            if bulk is None:
                data = zin.read(info.filename)
                if info.filename.startswith("xl/tables/") and tables:
                    data = _grow_table(data, tables)
                zout.writestr(deflated(info), data)
                continue
            head, tail = _split(zin.read(info.filename).decode("utf-8"), bulk)
            pieces = itertools.chain([head], _rows_xml(bulk), [tail])
            write_sheet(zout, deflated(info), (piece.encode() for piece in pieces))


def write_sheet(zout: zipfile.ZipFile, info: zipfile.ZipInfo, pieces: Iterable[bytes]) -> None:
    """Write a sheet's XML into the zip with its size known first: zipfile then writes ZIP64
    records only for a part that needs them. A part streamed in at unknown size must have them
    forced, and ZIP64 records on a small part make SheetJS (and, reportedly, Excel) refuse the
    file. So the XML goes to a temporary file first."""
    with tempfile.TemporaryFile() as sheet:
        for piece in pieces:
            sheet.write(piece)
        info.file_size = sheet.tell()
        sheet.seek(0)
        with zout.open(info, "w") as out:
            shutil.copyfileobj(sheet, out, 1 << 20)


def _split(xml: str, bulk: Bulk) -> tuple[str, str]:
    """The sheet XML around the end of its sheetData, with the used range grown to the rows."""
    last_row = bulk.first_row + bulk.n_rows - 1
    last_col = max(len(bulk.styles), 1)

    def grow(m: re.Match[str]) -> str:
        ref = m.group(1)
        start = ref.split(":")[0]
        end_row, end_col = parse_ref(ref.split(":")[-1])
        return f'<dimension ref="{start}:{col_letter(max(end_col, last_col))}{max(end_row, last_row)}"/>'

    xml = re.sub(r'<dimension ref="([^"]+)"/>', grow, xml, count=1)
    if "<sheetData/>" in xml:
        head, tail = xml.split("<sheetData/>", 1)
        return head + "<sheetData>", "</sheetData>" + tail
    head, tail = xml.split("</sheetData>", 1)
    return head, "</sheetData>" + tail


_TABLE_NAME = re.compile(rb'<table [^>]*\bname="([^"]+)"')
_REF = re.compile(rb'(<(?:table|autoFilter) [^>]*\bref=")([A-Z]+)(\d+):([A-Z]+)(\d+)(")')


def _grow_table(xml: bytes, tables: dict[str, Bulk]) -> bytes:
    m = _TABLE_NAME.search(xml)
    bulk = tables.get(m.group(1).decode()) if m else None
    if bulk is None:
        return xml
    last = str(bulk.first_row + max(bulk.n_rows, 1) - 1).encode()
    return _REF.sub(lambda r: r.group(1) + r.group(2) + r.group(3) + b":" + r.group(4) + last + r.group(6), xml)
