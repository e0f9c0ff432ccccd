"""A workbook's cell formats (``xl/styles.xml``), for the package patcher.

A cell the patcher writes takes a style by name (``"wrap"``, ``"header"``, a column's
format), described as XlsxWriter describes formats (``bold``, ``font_size``, ``bg_color``,
``num_format``, ``text_wrap``, ``locked`` …). Its index in this workbook's ``cellXfs`` is
found where the workbook has an equal one, and appended otherwise: a workbook saved by Excel or
LibreOffice numbers its styles its own way, so an index from the template means nothing there.
Fonts, fills, borders and number formats are matched and added the same way.

A cell that shows a number may also need another number format than its style has: that
format is a copy of the cell's own, everything else about the cell (font, fill, border,
protection) kept.
"""

from __future__ import annotations

__all__ = ["BUILTIN_FORMATS", "CellStyles", "StyleProps", "TextStyles", "is_date_code"]

import copy
import re
from collections.abc import Mapping
from typing import Any

from lxml import etree

from .package import parse_xml, q, serialise

StyleProps = Mapping[str, Any]

# Excel's built-in number formats a workbook may name by id alone (ECMA-376 18.8.30).
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
# Locale-dependent date formats Excel numbers without a code in the file.
_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def is_date_code(code: str) -> bool:
    """Whether a number format shows a date (or time): a day, month, year, hour or second
    outside quoted text and brackets."""
    return bool(re.search(r"[dmyhs]", _QUOTED.sub("", code.split(";")[0]), re.I)) and code != "General"
_VALIGN = {"top": "top", "vcenter": "center", "bottom": "bottom", "vjustify": "justify"}


def _rgb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


class CellStyles:
    """The styles part of one workbook: named styles resolved to ``cellXfs`` indices, and cell
    formats copied with another number format; everything added is kept to be written back."""

    def __init__(self, data: bytes):
        self.root = parse_xml(data)
        self.changed = False
        self._indices: dict[str, int] = {}
        # What each cellXfs entry looks like, by index: worked out once, as entries are added.
        self._looks: list[tuple] = []
        self.num_fmts = self.root.find(q("numFmts"))
        self.xfs = self.root.find(q("cellXfs"))
        custom = {} if self.num_fmts is None else {
            int(el.get("numFmtId", "0")): el.get("formatCode", "") for el in self.num_fmts.findall(q("numFmt"))}
        self.codes = {**BUILTIN_FORMATS, **custom}
        self.ids = {code: i for i, code in sorted(self.codes.items(), reverse=True)}
        self._made: dict[tuple[int, str], int] = {}
        self._dated: dict[int, bool] = {}

    def index(self, name: str, props: StyleProps) -> int:
        """The ``cellXfs`` index of a style that looks as ``props`` say: the workbook's own where
        it has one (however it numbers and spells it), a new one otherwise."""
        if name not in self._indices:
            wanted = _looks(props)
            found = next((i for i, looks in enumerate(self._all_looks()) if looks == wanted), None)
            self._indices[name] = self._new_xf(props) if found is None else found
        return self._indices[name]

    def _all_looks(self) -> list[tuple]:
        """What every ``cellXfs`` entry looks like; entries added since are worked out now (an
        entry's parts keep their indices, as fonts, fills and borders are only appended)."""
        xfs = self.root.findall(f"{q('cellXfs')}/{q('xf')}")
        if len(self._looks) < len(xfs):
            parts = {tag: self.root.findall(f"{q(tag + 's')}/{q(tag)}") for tag in ("font", "fill", "border")}
            self._looks += [self._looks_of(xf, parts) for xf in xfs[len(self._looks):]]
        return self._looks

    def code(self, xf: int) -> str:
        """The number format of cell format ``xf``."""
        el = self._xf(xf)
        number = int(el.get("numFmtId", "0")) if el is not None else 0
        return "mm-dd-yy" if number in _DATE_IDS and number not in self.codes else self.codes.get(number, "General")

    def shows_date(self, xf: int) -> bool:
        # Asked for every date a patch writes; an entry's number format never changes (a cell
        # that needs another gets a copy), so each entry's answer is kept.
        dated = self._dated.get(xf)
        if dated is None:
            el = self._xf(xf)
            number = int(el.get("numFmtId", "0")) if el is not None else 0
            dated = self._dated[xf] = number in _DATE_IDS or is_date_code(self.code(xf))
        return dated

    def with_code(self, xf: int, code: str) -> int:
        """The cell format like ``xf`` but with number format ``code``: ``xf`` itself where it
        has it, otherwise a copy, made once."""
        if self.code(xf) == code or self.xfs is None:
            return xf
        key = (xf, code)
        if key not in self._made:
            base = self._xf(xf)
            el = copy.deepcopy(base) if base is not None else etree.Element(q("xf"), fontId="0", fillId="0",
                                                                             borderId="0", xfId="0")
            el.set("numFmtId", str(self._format_id(code)))
            el.set("applyNumberFormat", "1")
            self.xfs.append(el)
            self.xfs.set("count", str(len(self.xfs)))
            self._made[key] = len(self.xfs) - 1
            self.changed = True
        return self._made[key]

    def _looks_of(self, xf: etree._Element, parts: dict[str, list[etree._Element]]) -> tuple:
        """What a cell in the style ``xf`` looks like, in ``_looks``' terms; ``parts``: the
        workbook's fonts, fills and borders."""
        def nth(tag: str) -> etree._Element | None:
            items = parts[tag]
            i = int(xf.get(f"{tag}Id", "0"))
            return items[i] if i < len(items) else None

        font, fill, border = nth("font"), nth("fill"), nth("border")
        align = xf.find(q("alignment"))
        protection = xf.find(q("protection"))
        return (
            self.codes.get(int(xf.get("numFmtId", "0")), "?"),
            _font_looks(font),
            _fill_looks(fill),
            _border_looks(border),
            align.get("horizontal") if align is not None else None,
            align.get("vertical", "bottom") if align is not None else "bottom",
            align is not None and align.get("wrapText") in ("1", "true"),
            protection is None or protection.get("locked") not in ("0", "false"),
        )

    def finish(self) -> bytes:
        return serialise(self.root)

    def _xf(self, xf: int) -> etree._Element | None:
        if self.xfs is None or not 0 <= xf < len(self.xfs):
            return None
        return self.xfs[xf]

    def _format_id(self, code: str) -> int:
        if code in self.ids:
            return self.ids[code]
        number = max([163, *self.codes]) + 1
        if self.num_fmts is None:
            self.num_fmts = etree.Element(q("numFmts"))
            self.root.insert(0, self.num_fmts)  # numFmts is the stylesheet's first child
        etree.SubElement(self.num_fmts, q("numFmt"), numFmtId=str(number), formatCode=code)
        self.num_fmts.set("count", str(len(self.num_fmts)))
        self.codes[number] = code
        self.ids[code] = number
        return number

    # -- the parts of a style ---------------------------------------------------------------
    def _collection(self, tag: str, before: tuple[str, ...] = ()) -> etree._Element:
        el = self.root.find(q(tag))
        if el is None:
            el = etree.Element(q(tag))
            anchor = next((a for a in (self.root.find(q(b)) for b in before) if a is not None), None)
            if anchor is not None:
                anchor.addprevious(el)
            else:
                self.root.append(el)
        return el

    def _find_or_add(self, tag: str, child_tag: str, wanted: etree._Element, before: tuple[str, ...] = ()) -> int:
        collection = self._collection(tag, before)
        key = _canonical(wanted)
        children = collection.findall(q(child_tag))
        for i, child in enumerate(children):
            if _canonical(child) == key:
                return i
        collection.append(wanted)
        collection.set("count", str(len(children) + 1))
        self.changed = True
        return len(children)

    def _font(self, p: StyleProps) -> int:
        font = etree.Element(q("font"))
        for key, tag in (("bold", "b"), ("italic", "i")):
            if p.get(key):
                etree.SubElement(font, q(tag))
        if p.get("underline"):
            etree.SubElement(font, q("u"))
        etree.SubElement(font, q("sz"), val=_number(p.get("font_size", 11)))
        etree.SubElement(font, q("color"), rgb=_rgb(p.get("font_color", "#000000")))
        etree.SubElement(font, q("name"), val=str(p.get("font_name", "Calibri")))
        etree.SubElement(font, q("family"), val="2")
        return self._find_or_add("fonts", "font", font, before=("fills",))

    def _fill(self, p: StyleProps) -> int:
        fill = etree.Element(q("fill"))
        if p.get("bg_color"):
            pattern = etree.SubElement(fill, q("patternFill"), patternType="solid")
            etree.SubElement(pattern, q("fgColor"), rgb=_rgb(p["bg_color"]))
            etree.SubElement(pattern, q("bgColor"), indexed="64")
        else:
            etree.SubElement(fill, q("patternFill"), patternType="none")
        return self._find_or_add("fills", "fill", fill, before=("borders",))

    def _border(self, p: StyleProps) -> int:
        border = etree.Element(q("border"))
        for side in ("left", "right", "top", "bottom"):
            el = etree.SubElement(border, q(side))
            if p.get("border"):
                el.set("style", "thin")
                etree.SubElement(el, q("color"), rgb=_rgb(p.get("border_color", "#000000")))
        etree.SubElement(border, q("diagonal"))
        return self._find_or_add("borders", "border", border, before=("cellStyleXfs", "cellXfs"))

    def _new_xf(self, p: StyleProps) -> int:
        xf = etree.Element(q("xf"), numFmtId=str(self._format_id(p.get("num_format") or "General")), fontId=str(self._font(p)),
                           fillId=str(self._fill(p)), borderId=str(self._border(p)), xfId="0")
        for attr in ("applyNumberFormat", "applyFont", "applyFill", "applyBorder"):
            xf.set(attr, "1")
        align = {k: str(v) for k, v in (("horizontal", p.get("align")), ("vertical", _VALIGN.get(p.get("valign", ""))),
                                        ("wrapText", "1" if p.get("text_wrap") else None)) if v}
        if align:
            xf.set("applyAlignment", "1")
            etree.SubElement(xf, q("alignment"), attrib=align)
        if p.get("locked", True) is False:
            xf.set("applyProtection", "1")
            etree.SubElement(xf, q("protection"), locked="0")
        return self._find_or_add("cellXfs", "xf", xf, before=("cellStyles", "dxfs", "tableStyles"))


def _looks(p: StyleProps) -> tuple:
    """What a cell in the style ``p`` looks like: number format, font, fill, border, alignment,
    protection (colours as ``FFRRGGBB``, the default font colour as None)."""
    colour = p.get("font_color")
    return (
        p.get("num_format") or "General",
        (bool(p.get("bold")), bool(p.get("italic")), bool(p.get("underline")), float(p.get("font_size", 11)),
         _rgb(colour) if colour and colour.upper() != "#000000" else None, str(p.get("font_name", "Calibri"))),
        _rgb(p["bg_color"]) if p.get("bg_color") else None,
        ("thin", _rgb(p.get("border_color", "#000000"))) if p.get("border") else None,
        p.get("align"),
        _VALIGN.get(p.get("valign", ""), "bottom"),
        bool(p.get("text_wrap")),
        p.get("locked", True) is not False,
    )


def _font_looks(font: etree._Element | None) -> tuple:
    if font is None:
        return (False, False, False, 11.0, None, "Calibri")

    def on(tag: str) -> bool:
        el = font.find(q(tag))
        return el is not None and el.get("val", "1") not in ("0", "false", "none")

    size, colour, name = font.find(q("sz")), font.find(q("color")), font.find(q("name"))
    rgb = colour.get("rgb") if colour is not None else None
    return (on("b"), on("i"), on("u"), float(size.get("val", "11")) if size is not None else 11.0,
            rgb if rgb and rgb.upper() != "FF000000" else None, name.get("val", "Calibri") if name is not None else "Calibri")


def _fill_looks(fill: etree._Element | None) -> str | None:
    pattern = fill.find(q("patternFill")) if fill is not None else None
    if pattern is None or pattern.get("patternType") != "solid":
        return None
    fg = pattern.find(q("fgColor"))
    return fg.get("rgb") if fg is not None else None


def _border_looks(border: etree._Element | None) -> tuple[str, str | None] | None:
    left = border.find(q("left")) if border is not None else None
    if left is None or not left.get("style"):
        return None
    colour = left.find(q("color"))
    return left.get("style", ""), colour.get("rgb") if colour is not None else None


def _canonical(el: etree._Element) -> tuple:
    """An element as a comparable value: tag, sorted attributes, children in order."""
    return (etree.QName(el).localname, tuple(sorted(el.attrib.items())), tuple(_canonical(c) for c in el))


def _number(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class TextStyles:
    """What the width model needs of a workbook's cell styles: for each ``cellXfs`` index,
    whether its text wraps, its size (points) and whether it is bold."""

    def __init__(self, root: etree._Element):
        fonts = []
        for font in root.findall(f"{q('fonts')}/{q('font')}"):
            size = font.find(q("sz"))
            b = font.find(q("b"))
            bold = b is not None and b.get("val", "1") not in ("0", "false")
            fonts.append((float(size.get("val", "11")) if size is not None else 11.0, bold))
        self.styles: list[tuple[bool, float, bool]] = []
        for xf in root.findall(f"{q('cellXfs')}/{q('xf')}"):
            align = xf.find(q("alignment"))
            wraps = align is not None and align.get("wrapText") in ("1", "true")
            font_id = int(xf.get("fontId", "0"))
            pt, bold = fonts[font_id] if font_id < len(fonts) else (11.0, False)
            self.styles.append((wraps, pt, bold))

    def of(self, index: int) -> tuple[bool, float, bool]:
        """(wraps, points, bold) of the style at ``index``; the default style where there is none."""
        if 0 <= index < len(self.styles):
            return self.styles[index]
        return self.styles[0] if self.styles else (False, 11.0, False)
