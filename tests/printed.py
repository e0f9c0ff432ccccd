"""What a workbook prints, measured with LibreOffice: its PDF and the pages of each sheet.

A table sheet's print area is a formula (``core.printing.filled_rows_area``) that Excel works
out when it prints. LibreOffice 7.4 does not: it prints the used range instead (and keeps the
formula when it saves). So ``as_excel_prints`` first lets LibreOffice evaluate each such formula in a cell
(``ROWS`` and ``COLUMNS`` of the range it gives) and writes a copy with that range in its place:
the rows Excel prints, measured by a real engine, laid out by LibreOffice.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

from lxml import etree

from xlkompetence.core import examples
from xlkompetence.core.cells import col_letter, quote_sheet
from xlkompetence.xlsx.package import sheet_parts
from xlkompetence.org.merge import merge_files
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.xlsx.patch import CellWrite, Mode, SheetEdits, patch_workbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
PROBE = "_udskrift"


def demo_books(folder: Path, today: date) -> tuple[Path, Path]:
    """The demo's unit workbook (the concept's example, refreshed) and its organisation workbook
    (the demo units merged), written into ``folder``: what the README shows and prints."""
    example = folder / "eksempel.xlsx"
    write_unit_workbook(example, examples.concept_example(), today=today)
    refresh_file(example, today)
    units = folder / "enheder"
    units.mkdir()
    for name, unit in examples.demo_units():
        write_unit_workbook(units / name, unit, today=today)
    org = folder / "organisation.xlsx"
    merge_files([units], org, today)
    return example, org


def formula_print_areas(path: Path) -> dict[str, str]:
    """Sheet name → its print area, where that is a formula (not a plain range)."""
    with zipfile.ZipFile(path) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
    names = [s.get("name") for s in wb.iterfind("m:sheets/m:sheet", NS)]
    return {names[int(d.get("localSheetId"))]: d.text for d in wb.iterfind("m:definedNames/m:definedName", NS)
            if d.get("name") == "_xlnm.Print_Area" and d.get("localSheetId") is not None and "(" in d.text}


def evaluated_print_areas(path: Path, libreoffice, workdir: Path) -> dict[str, tuple[int, int]]:
    """Sheet name → (rows, columns) of the range its formula print area gives, as LibreOffice
    calculates the formula."""
    areas = formula_print_areas(path)
    if not areas:
        return {}
    workdir.mkdir(parents=True, exist_ok=True)
    probe = workdir / f"{path.stem}-probe.xlsx"
    cells = {}
    for i, formula in enumerate(areas.values(), start=1):
        cells[(i, 1)] = CellWrite(None, Mode.OWNED, f"ROWS({formula})")
        cells[(i, 2)] = CellWrite(None, Mode.OWNED, f"COLUMNS({formula})")
    patch_workbook(path, probe, {PROBE: SheetEdits(cells=cells, create_visible=True)})
    values = libreoffice.sheets_as_csv(probe, workdir / "probe")[PROBE]
    return {sheet: (int(float(values[i][0])), int(float(values[i][1]))) for i, sheet in enumerate(areas)}


def as_excel_prints(path: Path, libreoffice, workdir: Path) -> Path:
    """A copy of ``path`` with every formula print area replaced by the range it evaluates to."""
    ranges = evaluated_print_areas(path, libreoffice, workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / f"{path.stem}-udskrift{path.suffix}"
    if not ranges:
        return Path(shutil.copyfile(path, copy))
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                root = etree.fromstring(data)
                names = [s.get("name") for s in root.iterfind("m:sheets/m:sheet", NS)]
                for d in root.iterfind("m:definedNames/m:definedName", NS):
                    sheet = names[int(d.get("localSheetId", "-1"))] if d.get("localSheetId") else None
                    if d.get("name") == "_xlnm.Print_Area" and sheet in ranges:
                        rows, cols = ranges[sheet]
                        d.text = f"{quote_sheet(sheet)}!$A$1:${col_letter(cols)}${rows}"
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    return copy


def pdf_of(path: Path, libreoffice, workdir: Path) -> Path:
    """The PDF LibreOffice prints of ``path`` as Excel would print it, in a Danish locale."""
    printable = as_excel_prints(path, libreoffice, workdir)
    (pdf,) = libreoffice.in_locale("da_DK.UTF-8").convert(printable, "pdf", workdir / "pdf")
    return pdf


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def pages_per_sheet(pdf: Path, sheets: list[str]) -> dict[str, int]:
    """How many pages each sheet prints on: a page belongs to the sheet its header names."""
    counts: collections.Counter[str] = collections.Counter()
    by_length = sorted(sheets, key=len, reverse=True)
    for page in page_texts(pdf):
        first = next(line.strip() for line in page.splitlines() if line.strip())
        counts[next((s for s in by_length if first.startswith(s)), first)] += 1
    return dict(counts)


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def visible_sheets(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
        hidden = {s.get("name") for s in wb.iterfind("m:sheets/m:sheet", NS) if s.get("state") in ("hidden", "veryHidden")}
        return [name for name in sheet_parts(zf) if name not in hidden]
