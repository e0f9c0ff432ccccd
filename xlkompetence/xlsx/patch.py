"""Change only the cells we own in an existing .xlsx/.xlsm, leaving every other byte of meaning.

A load-and-save through openpyxl drops what it does not model: Excel 2010+ conditional
formats and data-validation extensions (``extLst``), sparklines, slicers, cached formula
results, and images when Pillow is absent. A leader's workbook must survive refresh whole,
so refresh edits the package directly: each changed worksheet part is parsed with lxml
(unknown elements and namespaces are kept as they are), the owned cells are set, and every
other zip entry is copied unchanged.
"""

from __future__ import annotations

__all__ = ["CALC_CHAIN_TYPE", "Worksheet", "shared_strings", "patch_workbook", "fit_workbook"]

import bisect
import functools
import io
import math
import re
import zipfile
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeGuard, overload

from lxml import etree

from ..core import formulas
from ..core.cells import parse_ref, ref, ref_col
from ..core.grid import is_blank
from ..core.edits import EXCEL_ERRORS, CellWrite, Mode, SheetEdits, Skipped, TableGrowth
from ..core.numberformats import DATE_FORMAT, FormatArea, area_format, shows_number
from .cellstyles import CellStyles, StyleProps, TextStyles
from .printareas import set_print_areas
from .rowlayout import fit_rows, set_merges
from .sheets import with_sheets
from .package import (NS_CT, NS_MAIN, NS_PKG_REL, TABLE_TYPE, copy_package, parse_xml, q, read_part, relationships, serialise, sheet_parts,
                      uses_1904_dates, workbook_part)

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Where a rewritten sheet's rows go in its XML: the first place it stands, since nothing before
# sheetData holds text (characters of Unicode's private use area, for good measure).
_ROWS_HERE = "\ue000rows\ue001"
CALC_CHAIN_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
# The tags looked up for every cell written.
_F, _V, _IS, _C, _T, _ROW = (q(tag) for tag in ("f", "v", "is", "c", "t", "row"))


class Worksheet:
    """One worksheet part, parsed, with cell-level edits."""

    def __init__(self, data: bytes, date1904: bool = False,
                 shared: Callable[[], list[str]] = lambda: [],
                 style_index: Callable[[str], int | None] = lambda name: None,
                 header_rows: frozenset[int] = frozenset()):
        self.root = parse_xml(data)
        self.date1904 = date1904
        self.shared = shared
        # A named style's index in this workbook, and the header rows of the sheet's tables:
        # a new cell never takes a header's look.
        self.style_index = style_index
        self.header_rows = header_rows
        sheet_data = self.root.find(q("sheetData"))
        if sheet_data is None:
            sheet_data = etree.SubElement(self.root, q("sheetData"))
        self.sheet_data = sheet_data
        self.rows: dict[int, etree._Element] = {}
        for el in sheet_data.findall(_ROW):
            self.rows[int(el.attrib["r"])] = el
        self.row_numbers = sorted(self.rows)
        self._index: dict[int, tuple[list[int], list[etree._Element]]] = {}
        self.max_row = 0
        self.max_col = 0
        self.changed = False
        # Any formula added, changed or removed: the workbook's calcChain no longer matches.
        self.formulas_changed = False
        self._rows_text: bytes | None = None  # the rows ``rewrite`` made, as XML

    # -- finding and creating cells -------------------------------------------------------
    @overload
    def cell(self, row: int, col: int, create: Literal[True], style: str | None = None) -> etree._Element: ...
    @overload
    def cell(self, row: int, col: int, create: bool = False, style: str | None = None) -> etree._Element | None: ...

    def cell(self, row: int, col: int, create: bool = False, style: str | None = None) -> etree._Element | None:
        row_el = self.rows.get(row)
        if row_el is None:
            if not create:
                return None
            row_el = self._new_row(row)
        if row not in self._index and col <= len(row_el):
            # A table's row holds a cell for every column, in column order: the cell stands at
            # its column's place, as its address confirms. Indexing each row written in cost
            # more than the writes themselves (a plan row has 22 cells, refresh writes 7).
            el = row_el[col - 1]
            if el.tag == _C and el.get("r") == ref(row, col):
                return el
        cols, cells = self._row_index(row, row_el)
        i = bisect.bisect_left(cols, col)
        if i < len(cells) and cols[i] == col:
            return cells[i]
        if not create:
            return None
        el = etree.Element(_C, r=ref(row, col))
        index = self.style_index(style) if style else None
        s = str(index) if index is not None else self._style_for(row, col)
        if s:
            el.set("s", s)
        if i < len(cells):
            cells[i].addprevious(el)
        else:
            row_el.append(el)
        cols.insert(i, col)
        cells.insert(i, el)
        row_el.attrib.pop("spans", None)
        self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
        self.changed = True
        return el

    def _row_index(self, row: int, row_el: etree._Element) -> tuple[list[int], list[etree._Element]]:
        """The row's cells and their columns, in order: read once per row, kept up to date by
        ``cell`` and dropped where cells are removed (a row of 50 cells is looked up hundreds of times)."""
        index = self._index.get(row)
        if index is None:
            cells = list(row_el.iterchildren(_C))
            index = self._index[row] = ([_cell_col(c) for c in cells], cells)
        return index

    def _new_row(self, row: int) -> etree._Element:
        el = etree.Element(_ROW, r=str(row))
        i = bisect.bisect_left(self.row_numbers, row)
        if i < len(self.row_numbers):
            self.rows[self.row_numbers[i]].addprevious(el)
        else:
            self.sheet_data.append(el)
        self.row_numbers.insert(i, row)
        self.rows[row] = el
        return el

    def _style_for(self, row: int, col: int) -> str | None:
        """A new cell no write names a style for looks like the nearest cell above it in the
        same column, within the table: never like the table's header or what stands above it."""
        i = bisect.bisect_left(self.row_numbers, row)
        for r in reversed(self.row_numbers[max(0, i - 200):i]):
            if r in self.header_rows:
                return None
            el = self.cell(r, col)
            if el is not None and el.get("s"):
                return el.get("s")
        return None

    # -- reading a cell's state ------------------------------------------------------------
    @staticmethod
    def has_formula(el: etree._Element | None) -> TypeGuard[etree._Element]:
        return el is not None and _child(el, _F) is not None

    @staticmethod
    def has_value(el: etree._Element | None) -> bool:
        if el is None:
            return False
        v = _child(el, _V)
        if v is not None and (v.text or "") != "":
            return True
        is_ = _child(el, _IS)
        return is_ is not None and "".join(is_.itertext()) != ""

    # -- writing ---------------------------------------------------------------------------
    def write(self, row: int, col: int, w: CellWrite) -> bool:
        """Apply one write; False when the cell was left alone (a person's entry)."""
        return self.written(row, col, w) is not False

    def written(self, row: int, col: int, w: CellWrite) -> etree._Element | None | Literal[False]:
        """``write``, giving the cell written (None where nothing needed writing), or False
        where the cell was left alone."""
        el = self.cell(row, col)
        if w.mode in (Mode.FORMULA, Mode.LIVE):
            if el is not None and not self.has_formula(el) and self.has_value(el):
                return False
            if not self.has_formula(el):
                el = el if el is not None else self.cell(row, col, create=True, style=w.style)
                self._set_formula(el, w.formula)
            self._set_cached(el, w.value)
        elif w.mode is Mode.FILL:
            if self.has_formula(el) or self.has_value(el) and not is_blank(self.value_text(row, col, self.shared())):
                return False
            el = el if el is not None else self.cell(row, col, create=True, style=w.style)
            self._set_plain(el, w.value)
        elif w.mode is Mode.VALUE:
            if el is not None and self._holds(el, w.value):
                return el  # refreshed before, unchanged since (and no formula): most cells of a large plan
            # A formula that is only text is one the add-in wrote in a browser (formulas.text),
            # not a person's calculation.
            if self.has_formula(el) and not formulas.is_text(self._formula_text(el)):
                return False
            if el is None:
                if _empty(w.value):
                    return None
                el = self.cell(row, col, create=True, style=w.style)
                self._put_plain(el, w.value)
            else:
                self._set_plain(el, w.value)
        else:
            el = el if el is not None else self.cell(row, col, create=True, style=w.style)
            self._restyle(el, w.style)
            if w.formula:
                if self._formula_text(el) != w.formula.lstrip("="):
                    self._remove_formula(el)
                    self._set_formula(el, w.formula)
                self._set_cached(el, w.value)
            elif self._holds(el, w.value):
                return el  # an owned sheet written before shows mostly the same
            else:
                self._set_plain(el, w.value)
        self.changed = True
        return el

    def _holds(self, el: etree._Element, value: Any) -> bool:
        """Whether the cell holds ``value`` as ``_put_plain`` writes it, and no formula."""
        form = _plain_form(value, self.date1904)
        kind = el.get("t")
        if form is None:
            return len(el) == 0 and kind is None
        if len(el) != 1 or el[0].tag not in (_IS, _V):
            return False
        wanted, text = form
        if wanted == "inlineStr":
            # Text in the shared-string table (where the template writer and Excel keep it) shows
            # as text inline does: the cell holds it already, and is left as it is.
            inline = kind == wanted and el[0].tag == _IS
            shared = kind == "s" and el[0].tag == _V
            return (inline or shared) and _text_of(el, self.shared()) == text
        return el[0].tag == _V and el[0].text == text and (kind == wanted or wanted is None and kind == "n")

    def _restyle(self, el: etree._Element, style: str | None) -> None:
        """An owned cell takes the style its write names, whatever it had."""
        index = self.style_index(style) if style else None
        if index is not None and el.get("s") != str(index):
            el.set("s", str(index))
            self.changed = True

    def clear_owned(self, from_row: int, keep: set[tuple[int, int]]) -> None:
        """Remove every cell at or below ``from_row`` that is not in ``keep``."""
        for r in [r for r in self.row_numbers if r >= from_row]:
            row_el = self.rows[r]
            self._index.pop(r, None)
            for c in list(row_el.iterchildren(_C)):
                if (r, _cell_col(c)) not in keep:
                    self.formulas_changed |= self.has_formula(c)
                    row_el.remove(c)
                    self.changed = True
            if not len(row_el):
                self.sheet_data.remove(row_el)
                del self.rows[r]
                self.row_numbers.remove(r)
                self.changed = True

    def rewrite(self, cells: Mapping[tuple[int, int], CellWrite]) -> None:
        """The sheet's cells replaced by ``cells``' values, plain and unstyled. The rows are made
        as XML text and put in place when the sheet is written: the memory sheet holds a row for
        every value a large plan's calculated columns show, and lxml takes time quadratic in the
        rows to move a large subtree between documents, and ten times longer than text per
        element made from Python."""
        self.formulas_changed |= self.sheet_data.find(f".//{_F}") is not None
        self.sheet_data.clear()
        tag = f"{self.sheet_data.prefix}:" if self.sheet_data.prefix else ""
        text: list[str] = []
        open_row = None
        for row, col in sorted(cells):
            w = cells[(row, col)]
            if row != open_row:
                text.append(f'</{tag}row><{tag}row r="{row}">' if open_row is not None else f'<{tag}row r="{row}">')
                open_row = row
            text.append(_plain_xml(tag, ref(row, col), w.value, self.date1904))
            self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
        if open_row is not None:
            text.append(f"</{tag}row>")
        self._rows_text = "".join(text).encode()
        self.rows, self.row_numbers, self._index = {}, [], {}
        self.changed = True

    @staticmethod
    def _formula_text(el: etree._Element) -> str | None:
        f = _child(el, _F)
        return None if f is None else (f.text or "")

    def _remove_formula(self, el: etree._Element) -> None:
        for f in list(el.iterchildren(_F)):
            el.remove(f)
            self.formulas_changed = True

    def _set_formula(self, el: etree._Element, formula: str | None) -> None:
        self.formulas_changed = True
        f = etree.Element(_F)
        f.text = _clean((formula or "").lstrip("="))
        for child in el.findall(_IS):
            el.remove(child)
        v = _child(el, _V)
        if v is not None:
            v.addprevious(f)
        else:
            el.append(f)

    def _set_cached(self, el: etree._Element, value: Any) -> None:
        """A formula's cached result; Excel's own form for each type."""
        v = _child(el, _V)
        if v is None:
            v = etree.SubElement(el, _V)
        if isinstance(value, str) and value in EXCEL_ERRORS:
            el.set("t", "e")
            v.text = value
        elif _empty(value) or isinstance(value, str):
            el.set("t", "str")
            v.text = "" if _empty(value) else _clean(value)
        elif isinstance(value, bool):
            el.set("t", "b")
            v.text = "1" if value else "0"
        else:
            el.attrib.pop("t", None)
            v.text = _number(value, self.date1904)

    def _set_plain(self, el: etree._Element, value: Any) -> None:
        self._remove_formula(el)
        for child in list(el):
            if child.tag in (_V, _IS):
                el.remove(child)
        el.attrib.pop("t", None)
        self._put_plain(el, value)

    def _put_plain(self, el: etree._Element, value: Any) -> None:
        """``value`` into a cell that holds nothing."""
        form = _plain_form(value, self.date1904)
        if form is None:
            return
        kind, text = form
        if kind is not None:
            el.set("t", kind)
        if kind == "inlineStr":
            t_ = etree.SubElement(etree.SubElement(el, _IS), _T)
            t_.text = text
            if text != text.strip():
                t_.set(_XML_SPACE, "preserve")
        else:
            etree.SubElement(el, _V).text = text

    def set_page_header(self, text: str) -> None:
        """The odd pages' header, where the sheet has one (a sheet without keeps none)."""
        el = self.root.find(f"{q('headerFooter')}/{q('oddHeader')}")
        if el is not None and el.text != text:
            el.text = text
            self.changed = True

    def finish(self) -> bytes:
        dim = self.root.find(q("dimension"))
        if dim is not None and (self.max_row or self.max_col):
            dim.set("ref", _grow(dim.get("ref", "A1"), self.max_row, self.max_col))
        if self._rows_text is None:
            return serialise(self.root)
        self.sheet_data.text = _ROWS_HERE
        return serialise(self.root).replace(_ROWS_HERE.encode(), self._rows_text, 1)

    def value_text(self, row: int, col: int, shared: list[str]) -> str:
        el = self.cell(row, col)
        if el is None:
            return ""
        if el.get("t") in ("s", "inlineStr"):
            return _text_of(el, shared)
        v = _child(el, _V)
        return "" if v is None or v.text is None else v.text


def _text_of(el: etree._Element, shared: list[str]) -> str:
    """The text a cell shows, for the width model; numbers do not wrap and count as none."""
    kind = el.get("t")
    if kind == "s":
        v = _child(el, _V)
        try:
            return shared[int(v.text)] if v is not None and v.text else ""
        except (ValueError, IndexError):
            return ""
    if kind == "inlineStr":
        inline = _child(el, _IS)
        return "" if inline is None else "".join(inline.itertext())
    if kind == "str":
        v = _child(el, _V)
        return v.text or "" if v is not None else ""
    return ""


def _plain_form(value: Any, date1904: bool) -> tuple[str | None, str] | None:
    """How a cell holds ``value`` as a plain value: its type (``t``) and its text, in an inline
    string for "inlineStr" and in ``<v>`` for the others; None for an empty cell. Inline strings:
    the shared-string table stays untouched, and text stays text."""
    if _empty(value):
        return None
    if isinstance(value, str):
        return "inlineStr", _clean(value)
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    return None, _number(value, date1904)


def _plain_xml(tag: str, at: str, value: Any, date1904: bool) -> str:
    """A cell holding ``value`` as ``_put_plain`` makes it, as XML text; ``tag`` the prefix of
    the sheet's namespace."""
    form = _plain_form(value, date1904)
    if form is None:
        return f'<{tag}c r="{at}"/>'
    kind, text = form
    if kind == "inlineStr":
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<{tag}c r="{at}" t="inlineStr"><{tag}is><{tag}t{space}>{_escaped(text)}</{tag}t></{tag}is></{tag}c>'
    typed = f' t="{kind}"' if kind else ""
    return f'<{tag}c r="{at}"{typed}><{tag}v>{_escaped(text)}</{tag}v></{tag}c>'


def _escaped(text: str) -> str:
    # A carriage return written as itself would be read back as a line feed.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag``: ``find`` goes through lxml's path language in Python, and
    ``iterchildren(tag)`` sets up a matcher for each call; a cell has at most a few children, read
    as they stand (a patch asks this several times for each cell)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _cell_col(el: etree._Element) -> int:
    return ref_col(el.get("r", "A"))


def _empty(value: Any) -> bool:
    return value is None or value == "" or isinstance(value, float) and math.isnan(value)


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", str(text))


def _number(value: Any, date1904: bool) -> str:
    if isinstance(value, (date, datetime)):
        return _serial(value, date1904)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return repr(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _serial(value: date, date1904: bool) -> str:
    d = value.date() if isinstance(value, datetime) else value
    epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
    return str((d - epoch).days)


def _grow(dim: str, max_row: int, max_col: int) -> str:
    """The used range grown to cover (max_row, max_col)."""
    span = _span(dim)
    if span is None:
        return dim
    r0, c0, r1, c1 = span
    return f"{ref(r0, c0)}:{ref(max(r1, max_row), max(c1, max_col))}"


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    wb = workbook_part(zf)
    for rel_type, target in relationships(zf, wb).values():
        if rel_type.endswith("/sharedStrings") and target in zf.namelist():
            root = parse_xml(read_part(zf, target))
            t = q("t")
            # Most items are one plain text: its element's text, without walking it.
            return [si[0].text or "" if len(si) == 1 and si[0].tag == t else "".join(si.itertext())
                    for si in root.iterchildren(q("si"))]
    return []


def patch_workbook(src: Path | io.BytesIO, dst: Path | io.BytesIO, edits: dict[str, SheetEdits],
                   finalize: Callable[[list[Skipped]], dict[str, SheetEdits]] | None = None,
                   styles: Mapping[str, StyleProps] | None = None) -> list[Skipped]:
    """Write ``src`` with ``edits`` applied to ``dst``. Returns the cells left alone.

    ``finalize`` is called with those cells and returns edits for further sheets (the
    findings sheet must list them). A sheet whose edits say ``create_hidden`` is made (very
    hidden) where the workbook has none of that name, one that says ``create_visible`` visible.
    ``styles`` describes each style a write names (as XlsxWriter describes a format). Every
    edited sheet's rows are then made tall enough for their wrapped text."""
    source = with_sheets(src, [n for n, e in edits.items() if e.create_hidden])
    source = with_sheets(source, [n for n, e in edits.items() if e.create_visible], state="visible")
    with zipfile.ZipFile(source) as zin:
        patch = _Patch(zin, styles or {})
        patch.apply(edits)
        if finalize is not None:
            patch.apply(finalize(list(patch.skipped)))
        patch.finish_styles()
        wb_part = workbook_part(zin)
        areas = {name: e.print_area for name, e in patch.applied.items() if e.print_area is not None}
        patch.replaced[wb_part] = _recalc_on_load(set_print_areas(read_part(zin, wb_part), areas))
        dropped: set[str] = set()
        if patch.formulas_changed:
            # A calc chain that names a cell that is no longer a formula makes Excel repair the
            # file ("Removed Records: Formula from /xl/calcChain.xml part"). Without one, Excel
            # builds it again on load: so any change to any formula drops it.
            dropped = _drop_calc_chain(zin, wb_part, patch.replaced)
        copy_package(zin, dst, patch.replaced, dropped)
    return patch.skipped


def fit_workbook(src: Path | io.BytesIO, dst: Path | io.BytesIO) -> None:
    """Write ``src`` to ``dst`` with every sheet's rows tall enough for their wrapped text: what a
    writer does last, so that a new workbook shows and prints its texts whole."""
    with zipfile.ZipFile(src) as zin:
        names = list(sheet_parts(zin))
    patch_workbook(src, dst, {name: SheetEdits(fit=True) for name in names})


class _Patch:
    """Edits applied to the parts of one package, kept until it is written."""

    def __init__(self, zin: zipfile.ZipFile, styles: Mapping[str, StyleProps]):
        self.zin = zin
        self.parts = sheet_parts(zin)
        self.date1904 = uses_1904_dates(zin)
        self.replaced: dict[str, bytes] = {}
        self.skipped: list[Skipped] = []
        self.formulas_changed = False
        self._shared: list[str] | None = None
        self.named = styles
        self.applied: dict[str, SheetEdits] = {}

    def read(self, part: str) -> bytes:
        return self.replaced.get(part) or read_part(self.zin, part)

    def shared(self) -> list[str]:
        """The shared strings, read the first time a cell's text is needed."""
        if self._shared is None:
            self._shared = shared_strings(self.zin)
        return self._shared

    def style_index(self, name: str) -> int | None:
        props = self.named.get(name)
        return None if self.styles is None or props is None else self.styles.index(name, props)

    def apply(self, edits: dict[str, SheetEdits]) -> None:
        for sheet_name, sheet_edits in edits.items():
            part = self.parts.get(sheet_name)
            if part is None:
                continue
            self.applied[sheet_name] = sheet_edits
            if _edits_part(sheet_edits):
                self.apply_sheet(sheet_name, part, sheet_edits)
            if sheet_edits.grow_table is not None:
                self.grow_tables(part, sheet_edits.grow_table)

    def apply_sheet(self, sheet_name: str, part: str, sheet_edits: SheetEdits) -> None:
        """``sheet_edits`` carried out on the worksheet ``part``."""
        ws = Worksheet(self.read(part), self.date1904, self.shared, self.style_index, self.header_rows(part))
        if sheet_edits.rewrite:
            ws.rewrite(sheet_edits.cells)
            self.replaced[part] = ws.finish()
            self.formulas_changed |= ws.formulas_changed
            return
        for row, col in sorted(sheet_edits.cells):
            w = sheet_edits.cells[(row, col)]
            el = ws.written(row, col, w)
            if el is not False:
                self.number_format(ws, el, row, col, w, sheet_edits.formats)
            elif w.mode is not Mode.FILL:
                self.skipped.append(Skipped(sheet_name, ref(row, col), ws.value_text(row, col, self.shared())))
        if sheet_edits.clear_from_row is not None:
            ws.clear_owned(sheet_edits.clear_from_row, set(sheet_edits.cells))
        if sheet_edits.merges is not None:
            set_merges(ws.root, sheet_edits.clear_from_row or 1, sheet_edits.merges)
            ws.changed = True
        if sheet_edits.page_header is not None:
            ws.set_page_header(sheet_edits.page_header)
        if sheet_edits.cells or sheet_edits.clear_from_row is not None or sheet_edits.fit:
            ws.changed |= self.fit(ws, sheet_edits.clear_from_row)
        if ws.changed:
            self.replaced[part] = ws.finish()
            self.formulas_changed |= ws.formulas_changed

    def number_format(self, ws: Worksheet, el: etree._Element | None, row: int, col: int, w: CellWrite,
                      formats: tuple[FormatArea, ...] | None) -> None:
        """The number format of a cell that shows a number, as the add-ins leave it in Excel: on
        an owned sheet the one its area gives (``core.numberformats``); elsewhere a date written
        into a cell whose format shows no date gets a date format, as Excel gives a date typed
        or written there. Text shows the same under any number format: its cell is left as it is."""
        if el is None or w.formula or not shows_number(w.value) or self.styles is None:
            return
        current = int(el.get("s", "0"))
        if formats is not None and w.mode is Mode.OWNED:
            code: str | None = area_format(formats, row, col)
        elif w.mode is not Mode.FORMULA and isinstance(w.value, date) and not self.styles.shows_date(current):
            code = DATE_FORMAT
        else:
            code = None
        if code is not None and (xf := self.styles.with_code(current, code)) != current:
            el.set("s", str(xf))
            ws.changed = True

    @cached_property
    def styles_part(self) -> str | None:
        return next((t for typ, t in relationships(self.zin, workbook_part(self.zin)).values()
                     if typ.endswith("/styles") and t in self.zin.namelist()), None)

    @cached_property
    def styles(self) -> CellStyles | None:
        """The workbook's cell formats, read the first time a format is needed."""
        return CellStyles(read_part(self.zin, self.styles_part)) if self.styles_part else None

    def finish_styles(self) -> None:
        """The cell formats back into the package, where a format was added."""
        styles = self.__dict__.get("styles")  # never read: nothing added
        if styles is not None and styles.changed and self.styles_part:
            self.replaced[self.styles_part] = styles.finish()

    def fit(self, ws: Worksheet, reset_from: int | None) -> bool:
        """Rows tall enough for their wrapped text (an owned sheet's rows laid out afresh)."""
        if self.styles is None:
            return False
        shared = self.shared()
        return fit_rows(ws.root, ws.rows, TextStyles(self.styles.root), functools.partial(_text_of, shared=shared),
                        reset_from=reset_from)

    def header_rows(self, part: str) -> frozenset[int]:
        """The header row of every table on the sheet in ``part``."""
        names = set(self.zin.namelist())
        rows = set()
        for typ, target in relationships(self.zin, part).values():
            if typ == TABLE_TYPE and target in names:
                root = parse_xml(self.read(target))
                span = _span(root.get("ref", ""))
                if span is not None and root.get("headerRowCount", "1") != "0":
                    rows.add(span[0])
        return frozenset(rows)

    def grow_tables(self, part: str, growth: TableGrowth) -> None:
        """Grow the sheet's table headed on ``growth.header_row`` (and its autoFilter) down to
        ``growth.last_row``; never over another table, never one with a totals row."""
        names = set(self.zin.namelist())
        roots = {t: parse_xml(self.read(t)) for typ, t in relationships(self.zin, part).values()
                 if typ == TABLE_TYPE and t in names}
        spans = {t: _span(root.get("ref", "")) for t, root in roots.items()}
        for name, root in roots.items():
            span = spans[name]
            if (span is None or span[0] != growth.header_row or span[2] >= growth.last_row
                    or root.get("headerRowCount", "1") == "0" or root.get("totalsRowCount", "0") != "0"):
                continue
            grown = (span[0], span[1], growth.last_row, span[3])
            if any(other and _overlap(grown, other) for t, other in spans.items() if t != name):
                continue
            new_ref = f"{ref(grown[0], grown[1])}:{ref(grown[2], grown[3])}"
            root.set("ref", new_ref)
            auto = root.find(q("autoFilter"))
            if auto is not None:
                auto.set("ref", new_ref)
            self.replaced[name] = serialise(root)


def _edits_part(edits: SheetEdits) -> bool:
    """Whether ``edits`` change the worksheet part itself. A sheet only made (``with_sheets``),
    given a print area (in the workbook part) or a grown table (in its table part) is not
    parsed: the memory sheet of a large plan, unchanged, is most of the package."""
    return bool(edits.cells or edits.rewrite or edits.clear_from_row is not None or edits.merges is not None
                or edits.page_header is not None or edits.fit)


def _span(text: str) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of ``A1`` or ``A1:B2``; None for what is not a range."""
    ends = text.split(":")
    try:
        (r0, c0), (r1, c1) = parse_ref(ends[0]), parse_ref(ends[-1])
    except ValueError:
        return None
    return r0, c0, r1, c1


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _recalc_on_load(data: bytes) -> bytes:
    """Ask Excel and LibreOffice to recalculate on open: cached values were written by us."""
    root = parse_xml(data)
    calc = root.find(q("calcPr"))
    if calc is None:
        calc = etree.Element(q("calcPr"))
        # calcPr comes after sheets/functionGroups/externalReferences/definedNames.
        anchor = None
        for tag in ("definedNames", "externalReferences", "functionGroups", "sheets"):
            anchor = root.find(q(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addnext(calc)
        else:
            root.append(calc)
    if calc.get("fullCalcOnLoad") == "1":
        return data
    calc.set("fullCalcOnLoad", "1")
    return serialise(root)


def _drop_calc_chain(zin: zipfile.ZipFile, wb_part: str, replaced: dict[str, bytes]) -> set[str]:
    chain = None
    for rid, (rel_type, target) in relationships(zin, wb_part).items():
        if rel_type == CALC_CHAIN_TYPE:
            chain = (rid, target)
    if chain is None:
        return set()
    rid, target = chain
    rels_name = wb_part.rsplit("/", 1)[0] + "/_rels/" + wb_part.rsplit("/", 1)[1] + ".rels"
    rels = parse_xml(read_part(zin, rels_name))
    for rel in rels.findall(q("Relationship", NS_PKG_REL)):
        if rel.get("Id") == rid:
            rels.remove(rel)
    replaced[rels_name] = serialise(rels)
    ct = parse_xml(read_part(zin, "[Content_Types].xml"))
    for override in ct.findall(q("Override", NS_CT)):
        if override.get("PartName", "").lstrip("/") == target:
            ct.remove(override)
    replaced["[Content_Types].xml"] = serialise(ct)
    return {target}
