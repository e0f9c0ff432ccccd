"""Column widths as the row fitter reads them from a sheet's <cols>: a sheet with a column per
unit and team (the organisation's Kompetencematrix) has thousands of spans."""

from __future__ import annotations

import io
import zipfile

import xlsxwriter
from lxml import etree

from xlkompetence.xlsx.package import q
from xlkompetence.xlsx.rowlayout import STANDARD_WIDTH, column_widths


def sheet_root(widths: dict[int, float], hidden: set[int] = frozenset()) -> etree._Element:
    """A sheet XlsxWriter wrote, its <cols> set to ``widths`` (1-based column → width) as Excel
    saves them: one span per column, in order."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    book.add_worksheet().write(0, 0, "x")
    book.close()
    with zipfile.ZipFile(buf) as z:
        root = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    cols = etree.Element(q("cols"))
    root.find(q("sheetData")).addprevious(cols)
    for c, w in widths.items():
        col = etree.SubElement(cols, q("col"), min=str(c), max=str(c), width=str(w), customWidth="1")
        if c in hidden:
            col.set("hidden", "1")
    return root


def test_every_column_of_a_wide_sheet_has_its_own_width_and_the_gaps_the_standard():
    widths = {c: 5.5 + (c % 7) for c in range(1, 9000, 3)}
    width = column_widths(sheet_root(widths, hidden={31}))
    assert width(1) == widths[1]
    assert width(2) == width(3) == STANDARD_WIDTH  # between two set columns
    assert width(31) == 0.0  # hidden: shows no text
    assert width(8998) == widths[8998] and width(9001) == STANDARD_WIDTH
    assert [width(c) for c in widths if c != 31] == [w for c, w in widths.items() if c != 31]


def test_spans_out_of_order_are_read_as_written():
    root = sheet_root({1: 10})
    cols = root.find(q("cols"))
    for lo, hi, w in ((5, 6, "20"), (2, 3, "30"), (3, 5, "40")):
        etree.SubElement(cols, q("col"), min=str(lo), max=str(hi), width=w)
    width = column_widths(root)
    assert (width(1), width(2), width(3), width(4), width(5), width(7)) == (10, 30, 30, 40, 20, STANDARD_WIDTH)
