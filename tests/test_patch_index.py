"""The patcher finds a row's cells through an index it keeps per row: cells made, found and
removed in any order must land where Excel expects them and be found again."""

from __future__ import annotations

import io
import zipfile

import python_calamine
import xlsxwriter

from xlkompetence.core.edits import CellWrite, Mode, SheetEdits
from xlkompetence.xlsx.package import parse_xml, q
from xlkompetence.xlsx.patch import Worksheet, patch_workbook


def _sheet(cells: dict[str, object]) -> io.BytesIO:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    ws = book.add_worksheet("Ark")
    for address, value in cells.items():
        ws.write(address, value)
    book.close()
    buf.seek(0)
    return buf


def _sheet_xml(cells: dict[str, object]) -> bytes:
    with zipfile.ZipFile(_sheet(cells)) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def test_cells_made_out_of_order_stand_in_column_order_and_are_found_again():
    ws = Worksheet(_sheet_xml({"B2": "b", "E2": "e"}))
    assert ws.cell(2, 2) is not None and ws.cell(2, 4) is None
    for col in (6, 1, 4, 3):
        ws.cell(2, col, create=True).set("t", "inlineStr")
    made = [c.get("r") for c in ws.rows[2].findall(q("c"))]
    assert made == ["A2", "B2", "C2", "D2", "E2", "F2"]
    assert all(ws.cell(2, col) is ws.rows[2].findall(q("c"))[col - 1] for col in range(1, 7))


def test_a_cell_removed_is_not_found_and_can_be_made_again():
    ws = Worksheet(_sheet_xml({"A3": 1, "B3": 2, "C3": 3, "A4": 4}))
    assert ws.cell(3, 2) is not None  # the row is indexed before the removal
    ws.clear_owned(3, keep={(3, 1), (3, 3)})
    assert ws.cell(3, 2) is None and ws.cell(4, 1) is None
    again = ws.cell(3, 2, create=True)
    assert [c.get("r") for c in ws.rows[3].findall(q("c"))] == ["A3", "B3", "C3"]
    assert ws.cell(3, 2) is again and ws.cell(3, 3) is not None
    root = parse_xml(ws.finish())
    assert [r.get("r") for r in root.iter(q("row"))] == ["3"]


def test_writes_into_a_row_in_any_order_read_back_as_written():
    src = _sheet({"A1": "titel", "B5": "x", "D5": "y"})
    writes = {(5, c): CellWrite(f"v{c}", Mode.OWNED) for c in (6, 1, 3, 5, 2)}
    writes[(7, 2)] = CellWrite(7, Mode.OWNED)
    out = io.BytesIO()
    patch_workbook(src, out, {"Ark": SheetEdits(cells=writes)})
    out.seek(0)
    rows = python_calamine.CalamineWorkbook.from_filelike(out).get_sheet_by_name("Ark").to_python()
    assert rows[4][:6] == ["v1", "v2", "v3", "y", "v5", "v6"]
    assert rows[6][1] == 7


def test_a_sheet_rewritten_whole_holds_exactly_the_new_values():
    src = _sheet({"A1": "gammel", "C9": "væk", "B2": 5})
    out = io.BytesIO()
    cells = {(3, 2): CellWrite("ny", Mode.OWNED), (1, 1): CellWrite("Ark", Mode.OWNED),
             (3, 1): CellWrite(" mellemrum ", Mode.OWNED), (2, 3): CellWrite(7, Mode.OWNED)}
    patch_workbook(src, out, {"Ark": SheetEdits(cells=cells, clear_from_row=1, rewrite=True)})
    out.seek(0)
    rows = python_calamine.CalamineWorkbook.from_filelike(out).get_sheet_by_name("Ark").to_python()
    assert rows == [["Ark", "", ""], ["", "", 7], [" mellemrum ", "ny", ""]]


def test_a_sheet_rewritten_whole_keeps_markup_characters_line_breaks_and_its_namespace_prefix():
    texts = ["a & b < c > d", "linje 1\r\nlinje 2", "\"citat\" og 'enkelt'", "  foran", "æøå ÆØÅ – ✓", True, 2.5]
    cells = {(row, 1): CellWrite(text, Mode.OWNED) for row, text in enumerate(texts, start=1)}
    # The same sheet once with SpreadsheetML as the default namespace (as Excel writes it) and
    # once under a prefix (as some other writers do): the rows made as text must match it.
    plain = _sheet_xml({"A1": "gammel", "B20": 1})
    prefixed = plain.replace(b'xmlns="', b'xmlns:x="').replace(b"<", b"<x:").replace(b"<x:/", b"</x:") \
        .replace(b"<x:?xml", b"<?xml")
    for data in (plain, prefixed):
        ws = Worksheet(data)
        ws.rewrite(cells)
        root = parse_xml(ws.finish())
        got = {c.get("r"): c for c in root.iter(q("c"))}
        assert list(got) == [f"A{row}" for row in range(1, len(texts) + 1)]
        assert ["".join(got[f"A{i}"].itertext()) for i in range(1, 6)] == texts[:5]
        assert got["A6"].get("t") == "b" and got["A6"].findtext(q("v")) == "1"
        assert got["A7"].findtext(q("v")) == "2.5"
        assert root.find(q("dimension")).get("ref") == "A1:B20"


def test_refreshing_cells_that_already_show_the_value_changes_nothing_but_a_changed_value_is_written():
    src = _sheet({"A1": "titel", "B2": 4, "C2": "tekst"})
    first = io.BytesIO()
    writes = {(2, 2): CellWrite(4, Mode.VALUE), (2, 3): CellWrite("tekst", Mode.OWNED), (2, 4): CellWrite(None, Mode.VALUE)}
    patch_workbook(src, first, {"Ark": SheetEdits(cells=writes)})
    first.seek(0)
    again = io.BytesIO()
    patch_workbook(first, again, {"Ark": SheetEdits(cells=writes)})
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(again) as b:
        assert a.read("xl/worksheets/sheet1.xml") == b.read("xl/worksheets/sheet1.xml")
    again.seek(0)
    changed = io.BytesIO()
    patch_workbook(again, changed, {"Ark": SheetEdits(cells={**writes, (2, 2): CellWrite(5, Mode.VALUE)})})
    changed.seek(0)
    rows = python_calamine.CalamineWorkbook.from_filelike(changed).get_sheet_by_name("Ark").to_python()
    assert rows[1][1:3] == [5, "tekst"]
