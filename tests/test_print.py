"""Printed as leaders print for meetings (A4): the demo's unit and organisation workbooks,
read from the sheet XML and rendered by LibreOffice to PDF. Never under 8 pt, pages split
across rather than shrunk, every page of a wide sheet carrying the columns that say whose row
it is, and a header and footer on every sheet."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from xlkompetence.core import examples, printing
from xlkompetence.core.labels import t
from xlkompetence.core.schema import GUIDE, PLAN, placed_columns
from xlkompetence.xlsx.package import sheet_parts
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells
from printed import demo_books

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """The demo's unit workbook (the concept's example, refreshed) and organisation workbook."""
    tmp = tmp_path_factory.mktemp("print")
    unit, org = demo_books(tmp, TODAY)
    return {"unit": unit, "org": org}


def sheets(path: Path) -> dict[str, etree._Element]:
    """Visible sheet name → its parsed worksheet XML."""
    with zipfile.ZipFile(path) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
        hidden = {s.get("name") for s in wb.iterfind("m:sheets/m:sheet", NS)
                  if s.get("state") in ("hidden", "veryHidden")}
        return {name: etree.fromstring(zf.read(part)) for name, part in sheet_parts(zf).items()
                if name not in hidden}


def defined_names(path: Path) -> dict[tuple[str, str], str]:
    with zipfile.ZipFile(path) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
    names = [s.get("name") for s in wb.iterfind("m:sheets/m:sheet", NS)]
    return {(d.get("name"), names[int(d.get("localSheetId"))]): d.text
            for d in wb.iterfind("m:definedNames/m:definedName", NS) if d.get("localSheetId") is not None}


@pytest.mark.parametrize("book", ["unit", "org"])
def test_every_sheet_prints_a4_at_8_pt_or_more_with_header_and_footer(books, book):
    unit = "Botilbuddet (konceptets eksempel)" if book == "unit" else "Eksempelkommune"
    for name, ws in sheets(books[book]).items():
        setup = ws.find("m:pageSetup", NS)
        assert setup.get("paperSize") == "9", name
        # A written scale, never fit-to-page: what prints is what the file says.
        fit = ws.find("m:sheetPr/m:pageSetUpPr", NS)
        assert fit is None or fit.get("fitToPage") in (None, "0"), name
        scale = int(setup.get("scale", "100"))
        assert printing.BASE_FONT_PT * scale / 100 >= 8, (name, scale)
        head = ws.findtext("m:headerFooter/m:oddHeader", namespaces=NS)
        foot = ws.findtext("m:headerFooter/m:oddFooter", namespaces=NS)
        assert "&A" in head and unit in head and "&D" in head, (name, head)
        assert foot == "&CSide &P af &N", (name, foot)


@pytest.mark.parametrize("book", ["unit", "org"])
def test_wide_sheets_fit_their_pages_across_at_the_printed_scale(books, book):
    """Column widths × scale: every page across (its repeated columns and its own) fits the
    page's width, so nothing is cut at the right edge."""
    names = defined_names(books[book])
    for name, ws in sheets(books[book]).items():
        scale = int(ws.find("m:pageSetup", NS).get("scale", "100"))
        landscape = ws.find("m:pageSetup", NS).get("orientation") == "landscape"
        widths = _widths(ws)
        area = names.get(("_xlnm.Print_Area", name))
        last = _last_col_printed(area) if area else max(widths, default=0)
        breaks = [int(b.get("id")) for b in ws.iterfind("m:colBreaks/m:brk", NS)]
        titles = names.get(("_xlnm.Print_Titles", name), "")
        repeat = re.search(r"!\$([A-Z]+):\$([A-Z]+)", titles)
        repeated = range(_col_index(repeat[1]), _col_index(repeat[2]) + 1) if repeat else range(0)
        starts = [0, *breaks]
        for k, first in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else last + 1
            cols = [*(c for c in repeated if c < first), *range(first, end)]
            px = sum(printing.column_px(widths.get(c, 8.43) - 5 / 7) for c in cols)
            assert px <= printing.printable_px(landscape, scale) + 1, (name, k, px)


def test_vejledning_is_wrapped_inside_the_printed_width(books):
    ws = sheets(books["unit"])[GUIDE.name]
    width = _widths(ws)[0]
    assert printing.column_px(width - 5 / 7) <= printing.printable_px(landscape=False)
    assert ws.find("m:pageSetup", NS).get("orientation") == "portrait"


def test_the_matrix_repeats_number_and_profile_and_breaks_between_units(books):
    names = defined_names(books["org"])
    matrix = t("org.sheet.matrix")
    assert names[("_xlnm.Print_Titles", matrix)].startswith(f"{matrix}!$A:$B,")
    ws = sheets(books["org"])[matrix]
    breaks = [int(b.get("id")) for b in ws.iterfind("m:colBreaks/m:brk", NS)]
    # Where each unit's banner (row 3, over its teams) starts.
    starts = {_col_index(re.match(r"([A-Z]+)3:", m.get("ref"))[1])
              for m in ws.iterfind("m:mergeCells/m:mergeCell", NS) if re.match(r"[A-Z]+3:", m.get("ref"))}
    assert len(starts) == len(examples.demo_units())
    assert breaks and set(breaks) <= starts


def test_the_plan_prints_a_chosen_block_with_the_activity_on_every_page(books):
    names = defined_names(books["unit"])
    kroner = next(i for i, p in enumerate(placed_columns(PLAN)) if p.column.id == "kroner")
    assert _last_col_printed(names[("_xlnm.Print_Area", PLAN.name)]) == kroner  # up to Kroner
    assert names[("_xlnm.Print_Titles", PLAN.name)].startswith(f"'{PLAN.name}'!$C:$C,")  # Læringsaktivitet


def test_refresh_keeps_the_print_setup_and_puts_the_new_unit_name_in_the_header(tmp_path):
    path = tmp_path / "u.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    before = {n: (etree.tostring(ws.find("m:pageSetup", NS)), etree.tostring(ws.find("m:colBreaks", NS))
                  if ws.find("m:colBreaks", NS) is not None else b"") for n, ws in sheets(path).items()}
    names = defined_names(path)
    set_cells(path, {("Forside", "B5"): "Bostøtten & Co"})
    assert refresh_file(path, TODAY).written
    after = sheets(path)
    assert {n: (etree.tostring(ws.find("m:pageSetup", NS)), etree.tostring(ws.find("m:colBreaks", NS))
                if ws.find("m:colBreaks", NS) is not None else b"") for n, ws in after.items()} == before
    assert defined_names(path) == names
    for ws in after.values():
        assert "&CBostøtten && Co&R" in ws.findtext("m:headerFooter/m:oddHeader", namespaces=NS)


@pytest.mark.libreoffice
def test_libreoffice_prints_whole_subtitle_page_numbers_profile_column_and_danish_date(books, libreoffice, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) er påkrævet: ./setup.sh --test")
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    assert "Carlito" in fonts, "Carlito (Calibris mål) mangler: ./setup.sh --test"
    pages = {}
    for book, path in books.items():
        pdf = _pdf(libreoffice, path, tmp_path / book)
        pages[book] = _pages(pdf)
    today = date.today()
    for book, texts in pages.items():
        n = len(texts)
        for i, text in enumerate(texts, start=1):
            assert f"Side {i} af {n}" in text, (book, i)
            # &D in a Danish locale: dd-mm-åååå (the day it is printed).
            assert re.search(r"Udskrevet \d\d-\d\d-\d{4}", text), (book, i)
    matrix = [p for p in pages["org"] if p.lstrip().startswith(t("org.sheet.matrix"))]
    assert len(matrix) >= 2
    for text in matrix:
        assert "Kompetenceprofil" in text and "K1" in text
    flat = " ".join(matrix[0].split())
    assert " ".join(t("org.matrix.intro").split()) in flat or "der har profilen." in flat
    del today


def _pdf(libreoffice, path: Path, out: Path) -> Path:
    # Printed as in a Danish LibreOffice: the header's date in the Danish form.
    (pdf,) = libreoffice.in_locale("da_DK.UTF-8").convert(path, "pdf", out)
    return pdf


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def _widths(ws) -> dict[int, float]:
    """0-based column → width; a hidden column prints none (5/7 makes ``column_px`` 0)."""
    out = {}
    for c in ws.iterfind("m:cols/m:col", NS):
        for i in range(int(c.get("min")), int(c.get("max")) + 1):
            out[i - 1] = 5 / 7 if c.get("hidden") in ("1", "true") else float(c.get("width"))
    return out


def _last_col_printed(area: str) -> int:
    """The 0-based last column of a print area: a range, whole columns, or the formula of
    ``printing.filled_rows_area`` (from A1 to a row of its last column)."""
    ends = re.findall(r"\$([A-Z]+)(?:\$\d+)?(?=[,):]|$)", area.split("INDEX(")[-1] if "INDEX(" in area else area)
    return _col_index(ends[0] if "INDEX(" in area else ends[-1])


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1
