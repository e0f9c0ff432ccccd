"""Named cell styles in an existing workbook's ``xl/styles.xml``, for the package patcher.

A cell the patcher writes takes a style by name (``"wrap"``, ``"header"``, a column's
format), described as XlsxWriter describes formats (``bold``, ``font_size``, ``bg_color``,
``num_format``, ``text_wrap``, ``locked`` …). Its index in this workbook's ``cellXfs`` is
found where the workbook has an equal one, and appended otherwise: a workbook saved by Excel or
LibreOffice numbers its styles its own way, so an index from the template means nothing there.
Fonts, fills, borders and number formats are matched and added the same way.
"""

from __future__ import annotations

__all__ = ["StyleProps", "StyleBook"]

from collections.abc import Mapping
from typing import Any

from lxml import etree

from .package import parse_xml, q, serialise

StyleProps = Mapping[str, Any]

# Excel's built-in number formats the writers use (ECMA-376 18.8.30).
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}
_VALIGN = {"top": "top", "vcenter": "center", "bottom": "bottom", "vjustify": "justify"}


def _rgb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


class StyleBook:
    """The styles part of one workbook, with named styles resolved to ``cellXfs`` indices."""

    def __init__(self, data: bytes):
        self.root = parse_xml(data)
        self.changed = False
        self._indices: dict[str, int] = {}

    def index(self, name: str, props: StyleProps) -> int:
        """The ``cellXfs`` index of a style that looks as ``props`` say: the workbook's own where
        it has one (however it numbers and spells it), a new one otherwise."""
        if name not in self._indices:
            wanted = _looks(props)
            found = next((i for i, xf in enumerate(self.root.findall(f"{q('cellXfs')}/{q('xf')}"))
                          if self._looks_of(xf) == wanted), None)
            self._indices[name] = self._xf(props) if found is None else found
        return self._indices[name]

    def _looks_of(self, xf: etree._Element) -> tuple:
        """What a cell in the style ``xf`` looks like, in ``_looks``' terms."""
        def nth(tag: str, child: str, attr: str) -> etree._Element | None:
            items = self.root.findall(f"{q(tag)}/{q(child)}")
            i = int(xf.get(attr, "0"))
            return items[i] if i < len(items) else None

        font, fill, border = nth("fonts", "font", "fontId"), nth("fills", "fill", "fillId"), nth("borders", "border", "borderId")
        codes = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in self.root.iterfind(f"{q('numFmts')}/{q('numFmt')}")}
        codes.update({v: k for k, v in _BUILTIN_FORMATS.items()})
        align = xf.find(q("alignment"))
        protection = xf.find(q("protection"))
        return (
            codes.get(int(xf.get("numFmtId", "0")), "?"),
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

    def _num_fmt(self, code: str | None) -> int:
        if code is None or code in _BUILTIN_FORMATS:
            return _BUILTIN_FORMATS.get(code or "General", 0)
        formats = self._collection("numFmts", before=("fonts",))
        used = [int(f.get("numFmtId", "0")) for f in formats.findall(q("numFmt"))]
        for f in formats.findall(q("numFmt")):
            if f.get("formatCode") == code:
                return int(f.get("numFmtId", "0"))
        new_id = max([163, *used]) + 1
        etree.SubElement(formats, q("numFmt"), numFmtId=str(new_id), formatCode=code)
        formats.set("count", str(len(used) + 1))
        self.changed = True
        return new_id

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

    def _xf(self, p: StyleProps) -> int:
        xf = etree.Element(q("xf"), numFmtId=str(self._num_fmt(p.get("num_format"))), fontId=str(self._font(p)),
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
