"""A written workbook as its sheets show and print it, read from its XML for the layout tests:
cells with their text and style, column widths, row heights, merged ranges, frozen rows, page
breaks, print titles, tables and data validations."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from xlkompetence.core import textwidth
from xlkompetence.core.cells import col_number, parse_ref

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"m": M, "r": R}
STANDARD_WIDTH = 8.43


@dataclass(frozen=True)
class Look:
    """What a cell style shows: fill colour, font size, bold, italic, wrapping."""

    fill: str | None
    pt: float
    bold: bool
    wraps: bool
    italic: bool = False
    num_format: str = "General"


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], tuple[str, Look]] = field(default_factory=dict)
    # The cells that hold a number (a date is one), with their style.
    numbers: dict[tuple[int, int], Look] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    heights: dict[int, float] = field(default_factory=dict)
    default_height: float = 15.0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    frozen_rows: int = 0
    col_breaks: list[int] = field(default_factory=list)
    tables: list[tuple[int, int, int, int]] = field(default_factory=list)
    validations: list[dict[str, str]] = field(default_factory=list)
    print_titles: str = ""
    print_area: str = ""

    def width(self, col: int) -> float:
        return 0.0 if col in self.hidden_cols else self.widths.get(col, STANDARD_WIDTH)

    def height(self, row: int) -> float:
        return self.heights.get(row, self.default_height)

    def shown_width(self, row: int, col: int) -> float:
        """The width (characters) a cell's text has: its column's, or its merged range's."""
        for r0, c0, r1, c1 in self.merges:
            if (r0, c0) == (row, col):
                cols = [c for c in range(c0, c1 + 1) if self.width(c)]
                return sum(self.width(c) for c in cols) + 5 / 7 * max(0, len(cols) - 1)
        return self.width(col)

    def covered(self, row: int, col: int) -> bool:
        """Inside a merged range but not its first cell: not shown."""
        return any(r0 <= row <= r1 and c0 <= col <= c1 and (row, col) != (r0, c0) for r0, c0, r1, c1 in self.merges)

    def needed_height(self, row: int, col: int) -> float:
        """The height (points) the width model says the cell's text needs."""
        text, look = self.cells[(row, col)]
        if look.wraps:
            return textwidth.row_height(text, self.shown_width(row, col), look.pt, look.bold)
        return textwidth.line_pt(look.pt)


class Book:
    """A workbook's visible sheets as they are laid out."""

    def __init__(self, path: Path):
        self.path = path

    @cached_property
    def sheets(self) -> dict[str, Sheet]:
        with zipfile.ZipFile(self.path) as zf:
            wb = etree.fromstring(zf.read("xl/workbook.xml"))
            rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))}
            looks = _looks(zf)
            shared = _shared(zf)
            names = [s.get("name") for s in wb.iterfind("m:sheets/m:sheet", NS)]
            defined = {(d.get("name"), names[int(d.get("localSheetId"))]): d.text
                       for d in wb.iterfind("m:definedNames/m:definedName", NS) if d.get("localSheetId") is not None}
            out = {}
            for s in wb.iterfind("m:sheets/m:sheet", NS):
                if s.get("state") in ("hidden", "veryHidden"):
                    continue
                target = rels[s.get(f"{{{R}}}id")]
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                sheet = _sheet(zf, part, s.get("name"), looks, shared)
                sheet.print_titles = defined.get(("_xlnm.Print_Titles", sheet.name), "")
                sheet.print_area = defined.get(("_xlnm.Print_Area", sheet.name), "")
                out[sheet.name] = sheet
            return out

    @cached_property
    def validations(self) -> list[tuple[str, dict[str, str]]]:
        return [(name, v) for name, sheet in self.sheets.items() for v in sheet.validations]


def _looks(zf: zipfile.ZipFile) -> list[Look]:
    root = etree.fromstring(zf.read("xl/styles.xml"))
    fonts = []
    for f in root.iterfind("m:fonts/m:font", NS):
        size = f.find("m:sz", NS)
        fonts.append((float(size.get("val")) if size is not None else 11.0, f.find("m:b", NS) is not None,
                      f.find("m:i", NS) is not None))
    fills = []
    for f in root.iterfind("m:fills/m:fill", NS):
        fg = f.find("m:patternFill[@patternType='solid']/m:fgColor", NS)
        fills.append(fg.get("rgb") if fg is not None else None)
    codes = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 14: "mm-dd-yy"}
    codes.update({int(f.get("numFmtId")): f.get("formatCode") for f in root.iterfind("m:numFmts/m:numFmt", NS)})
    looks = []
    for xf in root.iterfind("m:cellXfs/m:xf", NS):
        align = xf.find("m:alignment", NS)
        pt, bold, italic = fonts[int(xf.get("fontId", "0"))]
        looks.append(Look(fills[int(xf.get("fillId", "0"))], pt, bold,
                          align is not None and align.get("wrapText") in ("1", "true"), italic,
                          codes.get(int(xf.get("numFmtId", "0")), "?")))
    return looks


def _shared(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    return ["".join(si.itertext()) for si in etree.fromstring(zf.read("xl/sharedStrings.xml")).iterfind("m:si", NS)]


def _text(c: etree._Element, shared: list[str]) -> str:
    kind = c.get("t")
    if kind == "s":
        return shared[int(c.findtext("m:v", namespaces=NS))]
    if kind == "inlineStr":
        return "".join(c.find("m:is", NS).itertext())
    if kind == "str":
        return c.findtext("m:v", default="", namespaces=NS)
    return ""


def _sheet(zf: zipfile.ZipFile, part: str, name: str, looks: list[Look], shared: list[str]) -> Sheet:
    root = etree.fromstring(zf.read(part))
    sheet = Sheet(name)
    fmt = root.find("m:sheetFormatPr", NS)
    if fmt is not None:
        sheet.default_height = float(fmt.get("defaultRowHeight", "15"))
    for col in root.iterfind("m:cols/m:col", NS):
        for c in range(int(col.get("min")), int(col.get("max")) + 1):
            sheet.widths[c] = float(col.get("width", STANDARD_WIDTH))
            if col.get("hidden") in ("1", "true"):
                sheet.hidden_cols.add(c)
    for row in root.iterfind("m:sheetData/m:row", NS):
        r = int(row.get("r"))
        if row.get("ht"):
            sheet.heights[r] = float(row.get("ht"))
        for c in row.iterfind("m:c", NS):
            text = _text(c, shared)
            if text:
                sheet.cells[parse_ref(c.get("r"))] = (text, looks[int(c.get("s", "0"))])
            elif c.get("t") in (None, "n") and c.findtext("m:v", namespaces=NS):
                sheet.numbers[parse_ref(c.get("r"))] = looks[int(c.get("s", "0"))]
    for m in root.iterfind("m:mergeCells/m:mergeCell", NS):
        a, b = m.get("ref").split(":")
        sheet.merges.append((*parse_ref(a), *parse_ref(b)))
    pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
    if pane is not None and pane.get("state") in ("frozen", "frozenSplit"):
        sheet.frozen_rows = int(float(pane.get("ySplit", "0")))
    sheet.col_breaks = [int(b.get("id")) for b in root.iterfind("m:colBreaks/m:brk", NS)]
    sheet.validations = [{"promptTitle": v.get("promptTitle", ""), "prompt": v.get("prompt", ""),
                          "errorTitle": v.get("errorTitle", ""), "error": v.get("error", ""),
                          "formula1": v.findtext("m:formula1", default="", namespaces=NS), "type": v.get("type", "")}
                         for v in root.iterfind("m:dataValidations/m:dataValidation", NS)]
    rels_part = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels_part in zf.namelist():
        for rel in etree.fromstring(zf.read(rels_part)).iterfind(f"{{{PR}}}Relationship"):
            if rel.get("Type").endswith("/table"):
                table = etree.fromstring(zf.read(posixpath.normpath(posixpath.join(posixpath.dirname(part), rel.get("Target")))))
                a, b = table.get("ref").split(":")
                sheet.tables.append((*parse_ref(a), *parse_ref(b)))
    return sheet


def repeated_columns(titles: str) -> tuple[int, int] | None:
    """The (first, last) 1-based columns a sheet's print titles repeat, if any."""
    m = re.search(r"!\$([A-Z]+):\$([A-Z]+)(?:,|$)", titles)
    return (col_number(m[1]), col_number(m[2])) if m else None
