"""A package's cell formats (``xl/styles.xml``), for the patcher: the format a cell has with
another number format, added to the workbook where it has none, everything else about the cell
(font, fill, border, protection) kept."""

from __future__ import annotations

__all__ = ["BUILTIN_FORMATS", "CellStyles", "is_date_code"]

import copy
import re

from lxml import etree

from .package import parse_xml, q, serialise

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


class CellStyles:
    """The cell formats of one workbook, to be added to."""

    def __init__(self, data: bytes):
        self.root = parse_xml(data)
        self.changed = False
        self.num_fmts = self.root.find(q("numFmts"))
        self.xfs = self.root.find(q("cellXfs"))
        custom = {} if self.num_fmts is None else {
            int(el.get("numFmtId", "0")): el.get("formatCode", "") for el in self.num_fmts.findall(q("numFmt"))}
        self.codes = {**BUILTIN_FORMATS, **custom}
        self.ids = {code: i for i, code in sorted(self.codes.items(), reverse=True)}
        self._made: dict[tuple[int, str], int] = {}

    def code(self, xf: int) -> str:
        """The number format of cell format ``xf``."""
        el = self._xf(xf)
        number = int(el.get("numFmtId", "0")) if el is not None else 0
        return "mm-dd-yy" if number in _DATE_IDS and number not in self.codes else self.codes.get(number, "General")

    def shows_date(self, xf: int) -> bool:
        el = self._xf(xf)
        number = int(el.get("numFmtId", "0")) if el is not None else 0
        return number in _DATE_IDS or is_date_code(self.code(xf))

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
