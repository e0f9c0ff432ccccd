"""Excel's cross-part rules for an .xlsx/.xlsm/.xlam package, written as code.

A schema validator checks each part on its own. Excel also checks that the parts agree with
each other, and where they do not it offers to repair the file ("We found a problem with some
content …"): a calcChain naming a cell that holds no formula, a table whose header cells differ
from its column names, two tables with one id, a part without a content type, a cell out of
order, a shared-string index past the table, ZIP64 records on a small part. Other readers
(openpyxl, calamine, LibreOffice) open such files silently, so only a check of the rule catches
them. ``check(path)`` runs every rule and returns what it found; ``RULES`` names them, so a test
can show each rule catching a deliberately broken copy.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
MAX_ROW, MAX_COL = 1_048_576, 16_384
ZIP64_LIMIT = (1 << 31) - 1

# CT_Worksheet's sequence (ECMA-376 Part 1, 18.3.1.99): Excel refuses children out of this order.
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
    "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
    "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
    "extLst",
)
_REPEATABLE = {"conditionalFormatting"}
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


@dataclass(frozen=True)
class Problem:
    rule: str
    part: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.part}: {self.detail}"


def q(tag: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{tag}"


def cell_ref(text: str) -> tuple[int, int] | None:
    """(row, col) of an A1 reference within Excel's grid, or None."""
    m = _CELL.match(text)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    row = int(m.group(2))
    return (row, col) if 1 <= row <= MAX_ROW and 1 <= col <= MAX_COL else None


def range_ref(text: str) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of ``A1`` or ``A1:B2``, or None when it is not a valid range."""
    ends = text.split(":")
    if len(ends) > 2:
        return None
    cells = [cell_ref(e) for e in ends]
    if None in cells:
        return None
    (r0, c0), (r1, c1) = cells[0], cells[-1]
    return (r0, c0, r1, c1) if r0 <= r1 and c0 <= c1 else None


def unescape(name: str) -> str:
    """A name as Excel shows it: line breaks and other characters are stored as ``_xHHHH_``."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), name)


class Package:
    """One package, its parts parsed on demand, and the workbook's map of sheets."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path)
        self.names = [i.filename for i in self.zip.infolist() if not i.filename.endswith("/")]
        self._xml: dict[str, etree._Element] = {}

    def close(self) -> None:
        self.zip.close()

    def xml(self, part: str) -> etree._Element:
        if part not in self._xml:
            self._xml[part] = etree.fromstring(self.zip.read(part))
        return self._xml[part]

    @staticmethod
    def rels_part(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """rId → (type, resolved target, external) for the relationships of ``part``."""
        path = self.rels_part(part)
        if path not in self.names:
            return {}
        result = {}
        folder = posixpath.dirname(part)
        for rel in self.xml(path).iter(q("Relationship", PKG_REL)):
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
            result[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
        return result

    def related(self, part: str, kind: str) -> list[str]:
        return [t for typ, t, ext in self.rels(part).values() if typ.endswith("/" + kind) and not ext]

    @cached_property
    def workbook(self) -> str:
        for typ, target, _ in self.rels("").values():
            if typ.endswith("/officeDocument"):
                return target
        return "xl/workbook.xml"

    @cached_property
    def sheets(self) -> list[tuple[str, str, str]]:
        """(name, sheetId, part) of every worksheet, in workbook order."""
        if self.workbook not in self.names:
            return []
        rels = self.rels(self.workbook)
        result = []
        for sheet in self.xml(self.workbook).iter(q("sheet")):
            rid = sheet.get(q("id", REL))
            if rid in rels and rels[rid][0].endswith("/worksheet") and rels[rid][1] in self.names:
                result.append((sheet.get("name", ""), sheet.get("sheetId", ""), rels[rid][1]))
        return result

    @cached_property
    def shared_strings(self) -> list[str]:
        parts = self.related(self.workbook, "sharedStrings") if self.workbook in self.names else []
        if not parts or parts[0] not in self.names:
            return []
        return ["".join(si.itertext()) for si in self.xml(parts[0]).findall(q("si"))]

    def cells(self, part: str) -> Iterator[etree._Element]:
        data = self.xml(part).find(q("sheetData"))
        return iter(()) if data is None else data.iter(q("c"))

    def cell_text(self, el: etree._Element) -> str:
        kind = el.get("t")
        if kind == "inlineStr":
            return "".join(t.text or "" for t in el.iter(q("t")))
        v = el.find(q("v"))
        text = "" if v is None or v.text is None else v.text
        if kind == "s" and text.isdigit() and int(text) < len(self.shared_strings):
            return self.shared_strings[int(text)]
        return text

    def tables(self) -> Iterator[tuple[str, str, etree._Element]]:
        """(worksheet part, table part, table root) of every table."""
        for _, _, sheet in self.sheets:
            for table in self.related(sheet, "table"):
                if table in self.names:
                    yield sheet, table, self.xml(table)


Rule = Callable[[Package], Iterator[Problem]]
RULES: dict[str, Rule] = {}


def rule(fn: Rule) -> Rule:
    RULES[fn.__name__] = fn
    return fn


@rule
def calc_chain(pkg: Package) -> Iterator[Problem]:
    """Every calcChain entry names a formula cell: Excel otherwise removes 'Formula from
    /xl/calcChain.xml part' after asking to repair."""
    chains = pkg.related(pkg.workbook, "calcChain")
    if not chains:
        return
    if chains[0] not in pkg.names:
        return  # relationship_targets reports it
    by_id = {sheet_id: part for _, sheet_id, part in pkg.sheets}
    formulas: dict[str, set[str]] = {}
    sheet_id = None
    for c in pkg.xml(chains[0]).iter(q("c")):
        sheet_id = c.get("i", sheet_id)
        part = by_id.get(sheet_id)
        if part is None:
            yield Problem("calc_chain", chains[0], f"{c.get('r')} names sheet id {sheet_id}, which does not exist")
            continue
        if part not in formulas:
            formulas[part] = {el.get("r") for el in pkg.cells(part) if el.find(q("f")) is not None}
        if c.get("r") not in formulas[part]:
            yield Problem("calc_chain", chains[0], f"{c.get('r')} in {part} is not a formula cell")


@rule
def table_headers(pkg: Package) -> Iterator[Problem]:
    """A table's header cells hold its column names, one column per cell of its width."""
    for sheet, part, table in pkg.tables():
        bounds = range_ref(table.get("ref", ""))
        columns = table.findall(f"{q('tableColumns')}/{q('tableColumn')}")
        if bounds is None:
            continue  # ranges reports it
        top, left, _, right = bounds
        if len(columns) != right - left + 1:
            yield Problem("table_headers", part, f"{len(columns)} columns for a range {right - left + 1} wide")
        if table.get("headerRowCount", "1") == "0":
            continue
        texts = {}
        for el in pkg.cells(sheet):
            at = cell_ref(el.get("r", ""))
            if at and at[0] == top and left <= at[1] <= right:
                texts[at[1]] = pkg.cell_text(el)
        for i, column in enumerate(columns):
            name = unescape(column.get("name", ""))
            if texts.get(left + i, "") != name:
                yield Problem("table_headers", part,
                              f"column {i + 1} is named {name!r}, its header cell holds {texts.get(left + i, '')!r}")


@rule
def table_ids(pkg: Package) -> Iterator[Problem]:
    """Table ids, names and display names are unique in the workbook (names ignoring case)
    and no table is named like a defined name."""
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    defined = set()
    if pkg.workbook in pkg.names:
        defined = {d.get("name", "").casefold() for d in pkg.xml(pkg.workbook).iter(q("definedName"))}
    for _, part, table in pkg.tables():
        tid = table.get("id", "")
        if tid in ids:
            yield Problem("table_ids", part, f"id {tid} is also the id of {ids[tid]}")
        ids[tid] = part
        for name in {table.get("name", "").casefold(), table.get("displayName", "").casefold()}:
            if name in names and names[name] != part:
                yield Problem("table_ids", part, f"name {name!r} is also used by {names[name]}")
            if name in defined:
                yield Problem("table_ids", part, f"name {name!r} is also a defined name")
            names[name] = part


@rule
def table_ranges(pkg: Package) -> Iterator[Problem]:
    """A table's autoFilter covers the table (without its totals row), and tables on one sheet
    do not overlap."""
    placed: dict[str, list[tuple[str, tuple[int, int, int, int]]]] = {}
    for sheet, part, table in pkg.tables():
        bounds = range_ref(table.get("ref", ""))
        if bounds is None:
            continue
        for other, b in placed.get(sheet, []):
            if not (b[2] < bounds[0] or bounds[2] < b[0] or b[3] < bounds[1] or bounds[3] < b[1]):
                yield Problem("table_ranges", part, f"overlaps {other}")
        placed.setdefault(sheet, []).append((part, bounds))
        auto = table.find(q("autoFilter"))
        if auto is None:
            continue
        top, left, bottom, right = bounds
        bottom -= int(table.get("totalsRowCount", "0"))
        if range_ref(auto.get("ref", "")) != (top, left, bottom, right):
            yield Problem("table_ranges", part, f"autoFilter {auto.get('ref')} does not cover table {table.get('ref')}")


_RANGE_ATTRS = {"dimension": "ref", "mergeCell": "ref", "hyperlink": "ref", "autoFilter": "ref",
                "conditionalFormatting": "sqref", "dataValidation": "sqref", "selection": "sqref"}


@rule
def ranges(pkg: Package) -> Iterator[Problem]:
    """Every cell reference and range in worksheets and tables is a valid range of the grid."""
    for _, _, part in pkg.sheets:
        for el in pkg.xml(part).iter():
            if not isinstance(el.tag, str) or not el.tag.startswith("{" + MAIN):
                continue
            local = etree.QName(el).localname
            attr = _RANGE_ATTRS.get(local)
            if attr and el.get(attr) is not None:
                for piece in el.get(attr).split():
                    if range_ref(piece) is None:
                        yield Problem("ranges", part, f"<{local} {attr}={el.get(attr)!r}> is not a valid range")
            elif local in ("c", "row") and el.get("r") is not None:
                ok = cell_ref(el.get("r")) if local == "c" else el.get("r").isdigit() and 1 <= int(el.get("r")) <= MAX_ROW
                if not ok:
                    yield Problem("ranges", part, f"<{local} r={el.get('r')!r}> is not a valid reference")
    for _, part, table in pkg.tables():
        for el in (table, table.find(q("autoFilter"))):
            if el is not None and range_ref(el.get("ref", "")) is None:
                yield Problem("ranges", part, f"<{etree.QName(el).localname} ref={el.get('ref')!r}> is not a valid range")


_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
# The content type Excel expects of the part a relationship of each type points at.
EXPECTED_TYPES = {
    "officeDocument": {_SML + "sheet.main+xml", _SML + "template.main+xml",
                       "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                       "application/vnd.ms-excel.addin.macroEnabled.main+xml"},
    "worksheet": {_SML + "worksheet+xml"},
    "sharedStrings": {_SML + "sharedStrings+xml"},
    "styles": {_SML + "styles+xml"},
    "table": {_SML + "table+xml"},
    "calcChain": {_SML + "calcChain+xml"},
    "theme": {"application/vnd.openxmlformats-officedocument.theme+xml"},
    "drawing": {"application/vnd.openxmlformats-officedocument.drawing+xml"},
    "chart": {"application/vnd.openxmlformats-officedocument.drawingml.chart+xml"},
    "vbaProject": {"application/vnd.ms-office.vbaProject"},
}


@rule
def content_types(pkg: Package) -> Iterator[Problem]:
    """Every part has a content type, the one its relationship calls for where Excel expects
    one, and every override names a part that exists."""
    if "[Content_Types].xml" not in pkg.names:
        yield Problem("content_types", "[Content_Types].xml", "missing")
        return
    root = pkg.xml("[Content_Types].xml")
    defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in root.findall(q("Default", CT))}
    overrides = {o.get("PartName", "").lstrip("/").lower(): o.get("ContentType") for o in root.findall(q("Override", CT))}
    types = {}
    for name in pkg.names:
        kind = overrides.get(name.lower()) or defaults.get(name.rsplit(".", 1)[-1].lower())
        types[name] = kind
        if kind is None and name != "[Content_Types].xml":
            yield Problem("content_types", name, "has no content type")
    for name in sorted(set(overrides) - {n.lower() for n in pkg.names}):
        yield Problem("content_types", name, "has a content type but is not in the package")
    for source in ["", *pkg.names]:
        for rel_type, target, external in pkg.rels(source).values():
            expected = EXPECTED_TYPES.get(rel_type.rsplit("/", 1)[-1])
            if expected and target in types and types[target] not in expected:
                yield Problem("content_types", target, f"is {types[target]}, not {' or '.join(sorted(expected))}")


@rule
def relationship_targets(pkg: Package) -> Iterator[Problem]:
    """Every internal relationship points at a part that exists, with ids unique per part."""
    for name in pkg.names:
        if not name.endswith(".rels"):
            continue
        folder, rels_name = posixpath.split(name)
        source = posixpath.join(posixpath.dirname(folder), rels_name[: -len(".rels")])
        seen = set()
        for rel in pkg.xml(name).iter(q("Relationship", PKG_REL)):
            if rel.get("Id") in seen:
                yield Problem("relationship_targets", name, f"id {rel.get('Id')} twice")
            seen.add(rel.get("Id"))
        for rid, (_, target, external) in pkg.rels(source).items():
            if not external and target not in pkg.names:
                yield Problem("relationship_targets", name, f"{rid} points at {target}, which is not in the package")


@rule
def relationship_ids(pkg: Package) -> Iterator[Problem]:
    """Every r:id (r:embed, r:link …) used in a part is one of that part's relationships."""
    for name in pkg.names:
        if not name.endswith(".xml") or name == "[Content_Types].xml" or "/_rels/" in name:
            continue
        try:
            root = pkg.xml(name)
        except etree.XMLSyntaxError as exc:
            yield Problem("relationship_ids", name, f"not well-formed XML: {exc}")
            continue
        ids = None
        for el in root.iter():
            for attr, value in el.attrib.items():
                if attr.startswith("{" + REL + "}"):
                    ids = ids if ids is not None else set(pkg.rels(name))
                    if value not in ids:
                        yield Problem("relationship_ids", name, f"{etree.QName(attr).localname}={value!r} has no relationship")


@rule
def worksheet_order(pkg: Package) -> Iterator[Problem]:
    """A worksheet's children come in CT_Worksheet's order, each at most once (but conditional
    formatting), with one sheetData."""
    rank = {name: i for i, name in enumerate(WORKSHEET_ORDER)}
    for _, _, part in pkg.sheets:
        last, seen = -1, []
        for child in pkg.xml(part):
            if not isinstance(child.tag, str) or not child.tag.startswith("{" + MAIN):
                continue  # mc:AlternateContent and friends wrap elements of their own
            local = etree.QName(child).localname
            if local not in rank:
                yield Problem("worksheet_order", part, f"unknown element <{local}>")
                continue
            if rank[local] < last or rank[local] == last and local not in _REPEATABLE:
                yield Problem("worksheet_order", part, f"<{local}> after <{WORKSHEET_ORDER[last]}>")
            last = max(last, rank[local])
            seen.append(local)
        if seen.count("sheetData") != 1:
            yield Problem("worksheet_order", part, f"{seen.count('sheetData')} sheetData elements")


@rule
def rows_and_cells(pkg: Package) -> Iterator[Problem]:
    """Rows ascend, cells ascend within their row, and each cell sits in its row."""
    for _, _, part in pkg.sheets:
        data = pkg.xml(part).find(q("sheetData"))
        if data is None:
            continue
        last_row = 0
        for row in data.findall(q("row")):
            r = int(row.get("r")) if (row.get("r") or "").isdigit() else last_row + 1
            if r <= last_row:
                yield Problem("rows_and_cells", part, f"row {r} after row {last_row}")
            last_row, last_col = r, 0
            for c in row.findall(q("c")):
                at = cell_ref(c.get("r", "")) if c.get("r") else (r, last_col + 1)
                if at is None:
                    continue  # ranges reports it
                if at[0] != r:
                    yield Problem("rows_and_cells", part, f"cell {c.get('r')} in row {r}")
                elif at[1] <= last_col:
                    yield Problem("rows_and_cells", part, f"cell {c.get('r')} after column {last_col} in row {r}")
                last_col = at[1]


@rule
def shared_strings(pkg: Package) -> Iterator[Problem]:
    """Every shared-string cell points into the shared-string table."""
    n = len(pkg.shared_strings)
    for _, _, part in pkg.sheets:
        for c in pkg.cells(part):
            if c.get("t") != "s":
                continue
            v = c.find(q("v"))
            text = "" if v is None or v.text is None else v.text.strip()
            if not text.isdigit() or int(text) >= n:
                yield Problem("shared_strings", part, f"{c.get('r')} points at string {text!r} of {n}")


@rule
def shared_formulas(pkg: Package) -> Iterator[Problem]:
    """Every cell of a shared formula has its group's master (the cell with the formula text)
    above or before it on the same sheet."""
    for _, _, part in pkg.sheets:
        masters = set()
        for c in pkg.cells(part):
            f = c.find(q("f"))
            if f is None or f.get("t") != "shared":
                continue
            if f.get("ref") is not None:
                masters.add(f.get("si"))
            elif f.get("si") not in masters:
                yield Problem("shared_formulas", part, f"{c.get('r')} shares formula {f.get('si')}, which has no master")


@rule
def cf_priorities(pkg: Package) -> Iterator[Problem]:
    """Conditional-format rules on one sheet (x14 ones included) have unique priorities."""
    for _, _, part in pkg.sheets:
        seen: dict[str, int] = {}
        for ns in (MAIN, X14):
            for rule_el in pkg.xml(part).iter(q("cfRule", ns)):
                p = rule_el.get("priority")
                if p is not None:
                    seen[p] = seen.get(p, 0) + 1
        for p, n in sorted(seen.items()):
            if n > 1:
                yield Problem("cf_priorities", part, f"priority {p} used by {n} rules")


@rule
def style_indexes(pkg: Package) -> Iterator[Problem]:
    """Cell and row styles point into cellXfs; conditional formats into dxfs."""
    styles = pkg.related(pkg.workbook, "styles") if pkg.workbook in pkg.names else []
    if not styles or styles[0] not in pkg.names:
        return
    root = pkg.xml(styles[0])
    xfs = root.find(q("cellXfs"))
    dxfs = root.find(q("dxfs"))
    n_xf = 0 if xfs is None else len(xfs.findall(q("xf")))
    n_dxf = 0 if dxfs is None else len(dxfs.findall(q("dxf")))
    for _, _, part in pkg.sheets:
        for el in pkg.xml(part).iter(q("c"), q("row"), q("col")):
            s = el.get("s") or el.get("style")
            if s is not None and not (s.isdigit() and int(s) < n_xf):
                yield Problem("style_indexes", part, f"<{etree.QName(el).localname} r={el.get('r')!r}> style {s} of {n_xf}")
        for cf in pkg.xml(part).iter(q("cfRule")):
            d = cf.get("dxfId")
            if d is not None and not (d.isdigit() and int(d) < n_dxf):
                yield Problem("style_indexes", part, f"conditional format dxfId {d} of {n_dxf}")


@rule
def zip_entries(pkg: Package) -> Iterator[Problem]:
    """No ZIP64 records on a part that does not need them, and each local header agrees with
    the central directory: SheetJS refuses such a file ('Bad compressed size') and Excel is
    reported to."""
    with pkg.path.open("rb") as fh:
        for info in pkg.zip.infolist():
            fh.seek(info.header_offset)
            head = fh.read(30)
            (sig, _, flags, _, _, _, _, csize, usize, n_name, n_extra) = struct.unpack("<IHHHHHIIIHH", head)
            if sig != 0x04034B50:
                yield Problem("zip_entries", info.filename, "no local file header where the directory says")
                continue
            fh.seek(n_name, 1)
            extra = fh.read(n_extra)
            small = info.file_size < ZIP64_LIMIT and info.compress_size < ZIP64_LIMIT
            if small and (0xFFFFFFFF in (csize, usize) or _has_zip64_extra(extra)):
                yield Problem("zip_entries", info.filename, f"ZIP64 record on a part of {info.file_size} bytes")
            elif not flags & 0x08 and (csize, usize) != (info.compress_size, info.file_size):
                yield Problem("zip_entries", info.filename, "local header sizes differ from the central directory")


def _has_zip64_extra(extra: bytes) -> bool:
    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[i:i + 4])
        if kind == 0x0001:
            return True
        i += 4 + size
    return False


def check(path: Path | str, rules: list[str] | None = None) -> list[Problem]:
    """Every problem the rules (all, or those named) find in the package at ``path``."""
    pkg = Package(Path(path))
    try:
        return [p for name in (rules or RULES) for p in RULES[name](pkg)]
    finally:
        pkg.close()
