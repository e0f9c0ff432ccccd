"""Open a workbook file for reading: refuse what is not a workbook, then read cell values.

Values come from python-calamine (Rust; an order of magnitude faster than openpyxl). Calamine
reports Excel error cells (#REF!, #N/A …) as empty, so for .xlsx/.xlsm the error cells are
picked out of the sheet XML separately: an error in an input cell must be reported, not read
as a blank.
"""

from __future__ import annotations

__all__ = [
    "OLE2_MAGIC", "ZIP_MAGIC", "OOXML_SUFFIXES", "READABLE_SUFFIXES", "MAX_UNCOMPRESSED",
    "MAX_RATIO", "MAX_CELLS", "Unreadable", "Tables", "Source", "check_file", "load",
    "scan_sheets",
]

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..core.findings import Code
from ..core.labels import t
from ..core.cells import col_number, parse_ref
from ..core.grid import Grid
from .package import TABLE_TYPE, PartLies, parse_xml, read_part, relationships, sheet_parts, stream_part

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An OOXML file encrypted with a password is an OLE2 container holding these streams.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
OOXML_SUFFIXES = (".xlsx", ".xlsm")
READABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")

MB = 1024 * 1024
# Far above any real unit workbook (a 1,000-row plan inflates to a few MB), far below harm.
MAX_UNCOMPRESSED = 200 * MB
MAX_PART = 100 * MB
MAX_RATIO = 200
MAX_CELLS = 20_000_000  # 100,000 rows × 200 columns


class Unreadable(Exception):
    """The file cannot be read as a workbook at all. ``code`` is a finding code."""

    def __init__(self, code: Code, reason: str = ""):
        super().__init__(reason or code)
        self.code = code
        self.reason = reason


@dataclass
class Tables:
    """Excel tables (ListObjects): name → (sheet, first data row, last data row), 1-based."""

    spans: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def last_row(self, sheet: str) -> int:
        rows = [last for s, _, last in self.spans.values() if s == sheet]
        return max(rows, default=0)


@dataclass
class Source:
    path: Path
    grids: dict[str, Grid]
    tables: Tables
    notes: list[str] = field(default_factory=list)


def check_file(path: Path) -> list[str]:
    """Raise ``Unreadable`` for anything that is not a workbook we can open safely; return
    notes on what it holds that is worth a warning (links to other files)."""
    return _check(path)[0]


def _check(path: Path) -> tuple[list[str], dict[str, _PartScan]]:
    """``check_file``'s notes, and what the worksheet parts hold that calamine does not say (error
    cells, extent), scanned while they were inflated for the check: each part inflates once."""
    if not path.exists():
        raise Unreadable(Code.FILE_NOT_FOUND)
    if path.is_dir():
        raise Unreadable(Code.FILE_UNREADABLE, t("loader.folder"))
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise Unreadable(Code.FILE_UNREADABLE, t("loader.empty"))
    if head.startswith(OLE2_MAGIC):
        data = path.read_bytes()
        if _ENCRYPTION_STREAM in data:
            raise Unreadable(Code.FILE_ENCRYPTED)
        if path.suffix.lower() not in (".xls",):
            raise Unreadable(Code.FILE_UNREADABLE, t("loader.ole_not_xls"))
        return [], {}
    if not head.startswith(ZIP_MAGIC):
        raise Unreadable(Code.FILE_UNREADABLE, t("loader.not_zip"))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            # The zip's own directory first: a declared bomb is refused before anything inflates.
            if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO and total > 20 * MB:
                raise _too_big(total)
            scans = _inflate_within_limits(zf, infos)
    except Unreadable:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise Unreadable(Code.FILE_UNREADABLE, t("loader.broken_zip", error=exc)) from exc
    if path.suffix.lower() == ".ods" or "content.xml" in names and "xl/workbook.xml" not in names:
        return [], {}
    if "xl/workbook.xml" not in names:
        raise Unreadable(Code.FILE_UNREADABLE, t("loader.no_workbook"))
    links = sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
    return ([f"external_links:{len(links)}"] if links else []), scans


def _inflate_within_limits(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, _PartScan]:
    """Inflate every part once, a chunk at a time, and count what it really gives, before any
    parser (or calamine, which trusts no declared size) sees it: a part whose data goes on past
    its declared size is refused at the first byte beyond it (its checksum may well be right for
    what it declares), and one that truly inflates too far is refused at the limit. Returns the
    scan of each part that may be a worksheet (one part's bytes are held at a time)."""
    total = 0
    scans: dict[str, _PartScan] = {}
    for info in infos:
        if info.file_size > MAX_PART:
            raise _too_big(info.file_size)
        size = 0
        # Where every writer puts them; a sheet elsewhere is scanned on its own afterwards.
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        chunks: list[bytes] = []
        try:
            for i, chunk in enumerate(stream_part(zf, info)):
                if i == 0 and info.filename.endswith((".xml", ".rels")) and (
                        b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]):
                    raise Unreadable(Code.FILE_UNREADABLE, t("loader.dtd", part=info.filename))
                size += len(chunk)
                if total + size > MAX_UNCOMPRESSED:
                    raise _too_big(total + size)
                if sheet:
                    chunks.append(chunk)
        except PartLies as lie:
            raise Unreadable(Code.FILE_UNREADABLE, t("loader.part_lies", part=lie.part)) from None
        total += size
        if sheet:
            scans[info.filename] = _scan_part(b"".join(chunks))
    return scans


def _too_big(size: int) -> Unreadable:
    return Unreadable(Code.FILE_UNREADABLE, t("loader.too_big", mb=size // MB, limit=MAX_UNCOMPRESSED // MB))


def load(path: Path | str, only: Callable[[str], bool] | None = None, *, tables: bool = False) -> Source:
    """Read every sheet's values (or those ``only`` accepts by name), and with ``tables`` the
    extent of its Excel tables (refresh needs them, reading does not). Raises ``Unreadable``
    with a Danish reason."""
    path = Path(path)
    notes, scans = _check(path)
    # Error cells and the sheets' extent come from the XML first: a single cell at XFD1048576
    # makes calamine build a grid of billions of cells, so such a sheet is refused before.
    errors = scan_sheets(path, only, scans) if path.suffix.lower() in OOXML_SUFFIXES else {}
    try:
        spans = _table_spans(path) if tables and path.suffix.lower() in OOXML_SUFFIXES else Tables()
        book = CalamineWorkbook.from_path(str(path))
        grids: dict[str, Grid] = {}
        for name in book.sheet_names:
            if only is not None and not only(name):
                continue
            sheet = book.get_sheet_by_name(name)
            merged = [
                (r0 + 1, c0 + 1, r1 + 1, c1 + 1)
                for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])
            ]
            grids[name] = Grid(name, sheet.to_python(skip_empty_area=False), errors.get(name, {}), merged)
        book.close()
    except Unreadable:
        raise
    except Exception as exc:  # calamine raises several error types for broken files
        raise Unreadable(Code.FILE_UNREADABLE, _reason(exc)) from exc
    except BaseException as exc:
        if _is_panic(exc):  # a file calamine cannot read, however it says so
            raise Unreadable(Code.FILE_UNREADABLE, _reason(exc)) from exc
        raise
    return Source(path, grids, spans, notes)


def _is_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a Rust panic inside calamine: pyo3 raises those as PanicException,
    which derives from BaseException so that a bare ``except Exception`` does not hide it."""
    return type(exc).__name__ == "PanicException"


def _table_spans(path: Path) -> Tables:
    """Every Excel table's sheet and first and last data row, from its part: the rows its
    ``ref`` spans less its header and totals rows (calamine's own tables read the sheet's cells
    again for each table: 70 ms at 10 000 plan rows). A table without data rows has none."""
    spans = Tables()
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for sheet, part in sheet_parts(zf).items():
            for typ, target in relationships(zf, part).values():
                if typ != TABLE_TYPE or target not in names:
                    continue
                table = parse_xml(read_part(zf, target))
                ends = table.get("ref", "").split(":")
                try:
                    (top, _), (bottom, _) = parse_ref(ends[0]), parse_ref(ends[-1])
                except ValueError:
                    continue
                first = top + int(table.get("headerRowCount", "1"))
                last = bottom - int(table.get("totalsRowCount", "0"))
                if first <= last:
                    spans.spans[table.get("name", target)] = (sheet, first, last)
    return spans


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


_CELL_TAG = re.compile(rb"<c\b([^>]*)>")
_ATTR_R = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_ATTR_T_ERROR = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
# Cells past column Z: most sheets have none. A pattern that begins with its literal is found
# by a fast search (one that begins inside <c …> looked at every cell: 50 ms in 8 MB of
# sheet); a match is the attribute r where whitespace comes before it.
_WIDE_CELL = re.compile(rb'r="([A-Z]{2,3})\d')


@dataclass(frozen=True)
class _PartScan:
    """What a worksheet part's XML says that calamine does not: its error cells and its extent."""

    errors: dict[tuple[int, int], str]
    rows: int
    cols: int


def _scan_part(data: bytes) -> _PartScan:
    last = data.rfind(b"<row ")
    m = _ROW.match(data, last) if last >= 0 else None
    rows = int(m.group(1)) if m else 0
    cols = max((col_number(m.group(1).decode()) for m in _WIDE_CELL.finditer(data)
                if data[m.start() - 1:m.start()].isspace()), default=26)
    found: dict[tuple[int, int], str] = {}
    if b't="e"' in data:
        for m in _CELL_TAG.finditer(data):
            attrs = m.group(1)
            if attrs.endswith(b"/") or not _ATTR_T_ERROR.search(attrs):
                continue
            r = _ATTR_R.search(attrs)
            v = _VALUE.search(data, m.end(), data.find(b"</c>", m.end()))
            if r and v:
                found[parse_ref(r.group(1).decode())] = v.group(1).decode(errors="replace")
    return _PartScan(found, rows, cols)


def scan_sheets(path: Path, only: Callable[[str], bool] | None = None,
                scans: dict[str, _PartScan] | None = None) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name → {(row, col): "#REF!"} for every cell Excel stored as an error; raises
    ``Unreadable`` for a sheet whose cells spread over more than ``MAX_CELLS``. ``scans``: the
    parts as the check scanned them, not inflated again."""
    result: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_parts(zf).items():
            if only is not None and not only(name):
                continue
            scan = (scans or {}).get(part)
            if scan is None:
                try:
                    scan = _scan_part(read_part(zf, part))
                except PartLies as lie:  # the file was changed since it was checked
                    raise Unreadable(Code.FILE_UNREADABLE, t("loader.part_lies", part=lie.part)) from None
            _check_extent(name, scan)
            if scan.errors:
                result[name] = scan.errors
    return result


def _check_extent(name: str, scan: _PartScan) -> None:
    if scan.rows * scan.cols > MAX_CELLS:
        raise Unreadable(Code.FILE_UNREADABLE, t("loader.too_wide", name=name, rows=f"{scan.rows:,}".replace(",", "."),
                                                 cols=f"{scan.cols:,}".replace(",", ".")))
