"""A workbook read before it is closed (``xlsx.written``) is the workbook the file holds: each
sheet's values as the loader reads them from the file, and the row heights the file's patcher
gives its texts. Unit workbooks are checked this way when they are written (once, not written,
read and written again), so both must hold for every cell the writers write."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from xlkompetence.core import examples
from xlkompetence.core.models import Employee
from xlkompetence.unit import template
from xlkompetence.unit.cellformats import Formats
from xlkompetence.core.grid import Grid
from xlkompetence.core.numberformats import FORMATS_CELL
from xlkompetence.core.schema import FINDINGS, MEMORY, OVERVIEW, Calc, Kind
from xlkompetence.unit.memory import NOTES
from xlkompetence.unit.template import memory_grid
from xlkompetence.unit.reader import is_read_sheet
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader, written
from xlkompetence.xlsx.newbook import new_workbook
from xlkompetence.xlsx.patch import fit_workbook

from conftest import TODAY, finding_rows, findings_sheet

TEXTS = ["", " ", "  to mellemrum  ", "Linje et\nLinje to", "a_x0041_b", "æøå ÆØÅ – “citat” 😀", "=1+1", "007",
         "tab\there", "vogn\rretur", "kontrol\x01tegn", "x" * 300,
         "Et langt afsnit der skal brydes over flere linjer i en smal kolonne, med ord af forskellig længde."]
NUMBERS = [0, 1, -2.5, 3.0, 46000, 1e-7, 123456789.125]
DAYS = [61, 46000, 46000.0, 2_958_465]


def _cells(book: xlsxwriter.Workbook, texts: list[str]) -> None:
    """Every kind of cell the writers write, in every cell format a unit workbook has."""
    fmt = Formats(book)
    formats = [None, *fmt.named.values(), *(fmt.cell(k, c) for k in Kind for c in Calc), book.add_format({"num_format": "d. mmm yyyy"}),
               book.add_format({"num_format": '0" t"', "text_wrap": True, "font_size": 14, "bold": True})]
    ws = book.add_worksheet("Celler")
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, None, None, {"hidden": True})
    ws.set_column(3, 4, 12.5)
    ws.set_row(3, 40)
    for c, f in enumerate(formats):
        r = 0
        for value in texts:
            ws.write_string(r, c, value, f)
            r += 1
        # A date format shows a whole day (what the writers write there); a time of day or a
        # serial before 1 March 1900 is read otherwise (the test below).
        for value in DAYS if written.is_date_format(str(getattr(f, "num_format", ""))) else NUMBERS:
            ws.write_number(r, c, value, f)
            ws.write_formula(r + 1, c, "=1", f, value)
            r += 2
        ws.write_datetime(r, c, datetime(2026, 11, 24), f)
        ws.write_boolean(r + 1, c, c % 2 == 0, f)
        ws.write_formula(r + 2, c, "=1", f, "")
        ws.write_formula(r + 3, c, "=1", f, True)
        ws.write_formula(r + 4, c, "=1", f, "tekst fra en formel der er lang nok til at brydes")
        ws.write_blank(r + 5, c, None, f)
        ws.write_blank(r + 60, c + 3, None, f)  # formatted, and beyond every value
    ws.merge_range(80, 0, 80, 3, TEXTS[-1], formats[-1])
    ws.merge_range(82, 1, 84, 2, TEXTS[-1], formats[-1])
    ws.merge_range(86, 0, 86, 2, "", None)
    book.add_worksheet("Tom")


def _written(path: Path, fit: bool, texts: list[str] = TEXTS) -> dict[str, object] | None:
    book = new_workbook(path, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    _cells(book, texts)
    grids = written.read_grids(book, lambda name: True)
    if fit:
        written.fit_rows(book)
    book.close()
    return grids


def test_the_grids_read_before_closing_are_those_the_loader_reads_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "celler.xlsx"
    grids = _written(path, fit=False)
    assert grids is not None
    from_file = loader.load(path).grids
    assert set(grids) == set(from_file)
    for name, grid in grids.items():
        assert grid == from_file[name], name
    # The dates are read as dates where the format shows one: the comparison saw some.
    assert any(isinstance(v, date) for row in grids["Celler"].rows for v in row)


@pytest.mark.parametrize("cell", [
    lambda ws: ws.write_formula(0, 0, "=1/0", None, "#DIV/0!"),
    lambda ws: ws.write_datetime(0, 0, datetime(2026, 11, 24, 12, 30), ws.date_format),
    lambda ws: ws.write_number(0, 0, 46000.25, ws.date_format),
    lambda ws: ws.write_number(0, 0, 60, ws.date_format),
    lambda ws: ws.write_rich_string(0, 0, "a ", ws.date_format, "b"),
])
def test_a_cell_the_file_may_read_otherwise_makes_the_reading_unsure(tmp_path: Path, cell: Callable) -> None:
    book = new_workbook(tmp_path / "usikker.xlsx", {})
    ws = book.add_worksheet("Ark")
    ws.date_format = book.add_format({"num_format": "dd-mm-yyyy", "bold": True})
    cell(ws)
    assert written.read_grids(book, lambda name: True) is None
    assert written.read_grids(book, lambda name: False) == {}
    book.close()


def _heights(path: Path) -> dict[str, list[tuple[str, str | None]]]:
    with zipfile.ZipFile(path) as zf:
        return {name: [(r, (re.findall(r'\bht="([^"]+)"', attrs) or [None])[0])
                       for r, attrs in re.findall(r'<row r="(\d+)"([^>]*)>', zf.read(name).decode())]
                for name in zf.namelist() if name.startswith("xl/worksheets/sheet")}


# The patcher measures a text as the file's XML spells it: a control character or a literal
# "_x0041_" is escaped there (and so measured longer than it shows).
PLAIN = [text for text in TEXTS if "_x" not in text and not any(ch < " " and ch not in "\t\n" for ch in text)]


def test_rows_fitted_before_closing_are_as_tall_as_the_patcher_makes_them(tmp_path: Path) -> None:
    _written(tmp_path / "foer.xlsx", fit=True, texts=PLAIN)
    _written(tmp_path / "raa.xlsx", fit=False, texts=PLAIN)
    patched = io.BytesIO()
    fit_workbook(tmp_path / "raa.xlsx", patched)
    (tmp_path / "efter.xlsx").write_bytes(patched.getvalue())
    fitted, expected = _heights(tmp_path / "foer.xlsx"), _heights(tmp_path / "efter.xlsx")
    assert {n: [(r, float(h)) for r, h in rows if h] for n, rows in fitted.items()} == \
        {n: [(r, float(h)) for r, h in rows if h] for n, rows in expected.items()}
    assert any(float(h) > 40 for _, h in fitted["xl/worksheets/sheet1.xml"] if h)
    # Fitting the file again raises nothing: the heights are those of the width model.
    again = io.BytesIO()
    fit_workbook(tmp_path / "foer.xlsx", again)
    (tmp_path / "igen.xlsx").write_bytes(again.getvalue())
    assert _heights(tmp_path / "igen.xlsx") == fitted


def _units() -> list[tuple[str, object, tuple[str, ...]]]:
    people = (Employee(name="Anne Holm", team="Team A"), Employee(name="Bo Berg", team="Team B"))
    crowded = examples.blank("Bostøtten", ("Team A", "Team B")).model_copy(update={"employees": people})
    return [("eksempel", examples.concept_example(), ()), ("tom", examples.blank("Solhjem", ("Team A",)), ()),
            ("medarbejdere", crowded, ("Et notat fra sidste runde, som lederen skal se.",)),
            *((name, unit, ()) for name, unit in examples.demo_units())]


@pytest.mark.parametrize("name, unit, notes", _units(), ids=[u[0] for u in _units()])
def test_a_unit_workbook_is_checked_as_its_file_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     name: str, unit, notes: tuple[str, ...]) -> None:
    seen: list[dict | None] = []
    memories: list[Grid] = []
    monkeypatch.setattr(template, "read_grids", lambda book, only: seen.append(dict(written.read_grids(book, only) or {})) or dict(seen[-1]))
    monkeypatch.setattr(template, "memory_grid",
                        lambda memory: memories.append(memory_grid(memory)) or memories[-1])
    path = tmp_path / f"{name}.xlsx"
    template.write_unit_workbook(path, unit, today=TODAY, issued=True, notes=notes)
    [grids], [checked] = seen, memories
    from_file = loader.load(path, only=is_read_sheet).grids
    stored = from_file.pop(MEMORY.name)
    assert grids == from_file
    # The memory checked with is the file's, but for the number formats of the two sheets
    # written after the check (which no check reads).
    assert checked.rows[0] == stored.rows[0]
    later = {tuple(r) for r in stored.rows[1:]} - {tuple(r) for r in checked.rows[1:]}
    assert {tuple(r) for r in checked.rows[1:]} <= {tuple(r) for r in stored.rows[1:]}
    assert {(sheet, cell) for sheet, cell, _ in later} <= {(OVERVIEW.name, FORMATS_CELL), (FINDINGS.name, FORMATS_CELL)}
    assert any(r[0] == NOTES for r in checked.rows) == bool(notes)


def test_is_date_format_reads_number_formats_as_calamine_does() -> None:
    dates = ["dd-mm-yyyy", "d. mmm yyyy", "yyyy", "hh:mm", "[h]:mm:ss", "[$-406]d. mmmm yyyy", "mm:ss"]
    others = ["General", "0", "0.0", "#,##0", '#,##0" kr."', '0" t"', "[Red]0.0", "0;[Red]-0", "\\d0", '"dag "0', "0%"]
    assert all(written.is_date_format(code) for code in dates)
    assert not any(written.is_date_format(code) for code in others)


def test_a_new_workbook_writes_the_sheets_xlsxwriter_writes(tmp_path: Path) -> None:
    """``new_workbook`` prepares formulas once and writes formatted blanks itself: the parts it
    makes are XlsxWriter's own, byte for byte."""
    def parts(book: xlsxwriter.Workbook, path: Path) -> dict[str, bytes]:
        ws = book.add_worksheet("Ark")
        wrap = book.add_format({"text_wrap": True, "locked": False})
        ws.set_column(4, 4, 10, wrap)
        ws.set_row(6, None, wrap)
        for r in range(8):
            ws.write_blank(r, 0, None, wrap)
            ws.write_blank(r, 1, None)  # no format: XlsxWriter leaves it out
            ws.write_formula(r, 2, f"=IFERROR(XLOOKUP(A{r + 1},B:B,C:C),\"\")", wrap, "")
            ws.write_string(r, 3, "tekst & <mere>", wrap)
        ws.write_blank(6, 4, "")  # the row's format, then the column's
        ws.write_blank(7, 4, "")
        book.close()
        with zipfile.ZipFile(path) as zf:
            return {n: zf.read(n) for n in zf.namelist() if n != "docProps/core.xml"}  # its time of writing

    ours = parts(new_workbook(tmp_path / "vores.xlsx", {}), tmp_path / "vores.xlsx")
    theirs = parts(xlsxwriter.Workbook(str(tmp_path / "deres.xlsx")), tmp_path / "deres.xlsx")
    assert ours == theirs
    assert b's="1"/>' in ours["xl/worksheets/sheet1.xml"]


def test_a_workbook_that_cannot_be_read_before_closing_is_checked_in_its_file(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a cell of the sheets validate reads is one the file may read otherwise, the
    workbook is written, its file checked and written again with what was found: the same
    findings, and the same workbook, as the check before closing gives."""
    unit = examples.concept_example()
    template.write_unit_workbook(tmp_path / "foer.xlsx", unit, today=TODAY, issued=True)
    monkeypatch.setattr(template, "read_grids", lambda book, only: None)
    template.write_unit_workbook(tmp_path / "efter.xlsx", unit, today=TODAY, issued=True)
    found = read_checked(tmp_path / "efter.xlsx", TODAY).findings
    assert found
    assert findings_sheet(tmp_path / "efter.xlsx") == finding_rows(found) == findings_sheet(tmp_path / "foer.xlsx")
    assert loader.load(tmp_path / "efter.xlsx").grids == loader.load(tmp_path / "foer.xlsx").grids
