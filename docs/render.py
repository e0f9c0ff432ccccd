"""Render the pictures in the README from a freshly generated workbook (LibreOffice → PDF → PNG),
and the history's SVG as ``xlkompetence history`` draws it.

    python docs/render.py          # writes docs/images/*.png and docs/images/historik.svg
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from lxml import etree

from xlkompetence.core import examples
from xlkompetence.core.cells import col_letter, quote_sheet
from xlkompetence.xlsx.package import sheet_parts
from xlkompetence.xlsx.printareas import set_print_areas
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OUT = Path(__file__).parent / "images"
DPI = 110
# A laptop's first screen: 1366×768 at 100 % shows about 1300 × 600 pixels of grid.
SCREEN_W, SCREEN_H = 1300, 600
# Sheet → the picture of its first screen.
SCREENS = {"Forside": "skaerm-forside", "Vejledning": "skaerm-vejledning",
           "Mål og kompetenceprofil": "skaerm-maal", "Kompetencebehov": "skaerm-kompetencebehov",
           "Individuelle læringsmål": "skaerm-individuelle", "Plan for kompetenceudvikling": "skaerm-plan",
           "Forankring": "skaerm-forankring", "Kompetencekatalog": "skaerm-katalog", "Overblik": "skaerm-overblik",
           "MED-SU": "skaerm-med-su", "Fejl og mangler": "skaerm-fejl"}


def main() -> None:
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftoppm"):
        sys.exit("Kræver LibreOffice (soffice) og poppler-utils (pdftoppm): ./setup.sh --test")
    OUT.mkdir(parents=True, exist_ok=True)
    render_screens(OUT)
    render_mus(OUT / "mus-pus.png")
    render_print(OUT / "print-enhed.png", OUT / "print-organisation.png")
    render_history(OUT / "historik.svg")
    render_taskpane(OUT / "taskpane.png")


def render_screens(out: Path) -> None:
    """The first screen of every sheet of the concept's example, refreshed: what a laptop shows
    at 100 % from A1, with gridlines and headings, each sheet laid out on one page at 100 % so
    that LibreOffice draws it as the screen does."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        book = tmp_path / "eksempel.xlsx"
        today = date(2026, 11, 24)
        write_unit_workbook(book, examples.concept_example(), today=today)
        refresh_file(book, today)
        screen = tmp_path / "skaerm.xlsx"
        as_screen(book, screen)
        pdf = _pdf(screen, tmp_path, {**os.environ, "LC_ALL": "da_DK.UTF-8", "LANG": "da_DK.UTF-8"})
        for page, sheet in enumerate(_visible(screen), start=1):
            name = SCREENS.get(sheet)
            if name is None:
                continue
            subprocess.run(["pdftoppm", "-png", "-r", "96", "-singlefile", "-f", str(page), "-l", str(page), "-x", "0",
                            "-y", "0", "-W", str(SCREEN_W), "-H", str(SCREEN_H), str(pdf), str(out / name)], check=True)
            print(out / f"{name}.png")


def as_screen(src: Path, dst: Path) -> None:
    """A copy of ``src`` whose every sheet prints its first screen: from A1 as far as
    ``SCREEN_W`` × ``SCREEN_H`` pixels reach (its columns' widths, its rows' heights), at 100 %
    on one A3 page without margins, page header or repeated rows, with gridlines and headings."""
    areas: dict[str, str] = {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = {part: name for name, part in sheet_parts(zin).items()}
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in parts:
                root = etree.fromstring(data)
                areas[parts[info.filename]] = _screen_area(root, parts[info.filename])
                data = _screen_page(root)
            zout.writestr(info, data)
    _name_areas(dst, areas)


def _screen_area(root: etree._Element, sheet: str) -> str:
    """The range a screen shows from A1: Excel draws a column of width w in 7·w + 5 pixels and
    a row of h points in 4/3·h."""
    m = M
    widths = {}
    for col in root.iterfind(f"{{{m}}}cols/{{{m}}}col"):
        for c in range(int(col.get("min")), int(col.get("max")) + 1):
            widths[c] = 0.0 if col.get("hidden") in ("1", "true") else float(col.get("width"))
    heights = {int(r.get("r")): float(r.get("ht")) for r in root.iterfind(f"{{{m}}}sheetData/{{{m}}}row") if r.get("ht")}
    last_col, px = 0, 40.0  # the row headings
    while px < SCREEN_W:
        last_col += 1
        width = widths.get(last_col, 8.43)
        px += 7 * width + 5 if width else 0
    last_row, px = 0, 20.0  # the column headings
    while px < SCREEN_H:
        last_row += 1
        px += heights.get(last_row, 15.0) * 4 / 3
    return f"{quote_sheet(sheet)}!$A$1:${col_letter(last_col)}${last_row}"


def _screen_page(root: etree._Element) -> bytes:
    def q(tag: str) -> str:
        return f"{{{M}}}{tag}"

    for tag in ("printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks"):
        for el in root.findall(q(tag)):
            root.remove(el)
    anchor = next(el for el in (root.find(q(t)) for t in ("dataValidations", "conditionalFormatting", "mergeCells",
                                                          "sheetProtection", "sheetData")) if el is not None)
    for el in reversed([etree.Element(q("printOptions"), gridLines="1", headings="1"),
                        etree.Element(q("pageMargins"), left="0", right="0", top="0", bottom="0", header="0", footer="0"),
                        etree.Element(q("pageSetup"), paperSize="8", orientation="landscape", scale="100")]):
        anchor.addnext(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _name_areas(path: Path, areas: dict[str, str]) -> None:
    """Every sheet's print area set to its screen, and no print titles."""
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    root = etree.fromstring(parts["xl/workbook.xml"])
    for d in list(root.iterfind(".//{*}definedName")):
        if d.get("name") == "_xlnm.Print_Titles":
            d.getparent().remove(d)
    parts["xl/workbook.xml"] = set_print_areas(etree.tostring(root), areas)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


def _pdf(book: Path, tmp_path: Path, env: dict | None = None) -> Path:
    soffice = shutil.which("soffice")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", str(book), "--outdir", str(tmp_path)],
                   check=True, capture_output=True, timeout=180, env=env)
    return tmp_path / f"{book.stem}.pdf"


def _visible(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"))
    return [s.get("name") for s in wb.iterfind(".//{*}sheet") if s.get("state") not in ("hidden", "veryHidden")]


def render_mus(out: Path) -> None:
    """One employee's MUS/PUS sheet as ``xlkompetence mus skriv`` writes it (A4 portrait)."""
    from xlkompetence.unit.conversation import write_conversations

    soffice = shutil.which("soffice")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        book = tmp_path / "eksempel.xlsx"
        today = date(2026, 11, 24)
        write_unit_workbook(book, examples.concept_example(), today=today)
        write_conversations(book, tmp_path / "mus", today)
        sheet = tmp_path / "mus" / "MUS-PUS Medarbejder i Team B.xlsx"
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", str(sheet), "--outdir", str(tmp_path)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp_path / (sheet.stem + ".pdf")
        width, height = round(8.27 * DPI), round(11.69 * DPI * 0.92)  # A4 portrait
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", "-x", "0", "-y", "0", "-W", str(width),
                        "-H", str(height), str(pdf), str(out.with_suffix(""))], check=True)
    print(out)


def render_print(unit_out: Path, org_out: Path) -> None:
    """Whole printed pages, as a leader's printer gives them (A4, a Danish locale for the date):
    the unit's plan, and the organisation's Kompetencematrix from its second page across, which
    repeats the number and profile columns. The print areas are formulas Excel works out when it
    prints; LibreOffice works them out in a cell first (``tests/printed.py``)."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    import office
    import printed

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        book, org = printed.demo_books(tmp_path, date(2026, 11, 24))
        with office.LibreOffice(office.uno_python(), tmp_path / "lo") as lo:
            for path, sheet, skip, out in ((book, "Plan for kompetenceudvikling", 0, unit_out),
                                           (org, "Kompetencematrix", 1, org_out)):
                pdf = printed.pdf_of(path, lo, tmp_path / path.stem)
                page = _first_page_of(pdf, sheet) + skip
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", str(page), "-l", str(page),
                                str(pdf), str(out.with_suffix(""))], check=True)
                print(out)


def render_history(out: Path) -> None:
    """Two rounds of the demo units (the second with smaller gaps), merged and charted."""
    from xlkompetence.org.history import load
    from xlkompetence.org.historybook import write_history_svg
    from xlkompetence.org.merge import merge_files
    from xlkompetence.xlsx.patch import CellWrite, Mode, SheetEdits, patch_workbook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "enheder"
        folder.mkdir()
        today = date(2026, 11, 24)
        for name, unit in examples.demo_units():
            write_unit_workbook(folder / name, unit, today=today)
        db = Path(tmp) / "historik.sqlite"
        for period, edits in (("2025", {}), ("2026", {(6, 4): 5, (7, 4): 4})):
            for path in folder.glob("*.xlsx"):
                cells = {(7, 2): CellWrite(period, Mode.OWNED)}
                patched = path.with_suffix(".tmp")
                patch_workbook(path, patched, {"Forside": SheetEdits(cells),
                                               "Kompetencebehov": SheetEdits({k: CellWrite(v, Mode.OWNED)
                                                                              for k, v in edits.items()})})
                patched.replace(path)
            merge_files([folder], Path(tmp) / "org.xlsx", today, db=db)
        write_history_svg(out, load(db))
        print(out)


def render_taskpane(out: Path) -> None:
    """The add-in's task pane as a browser outside Excel shows it (Chromium, headless)."""
    import signal
    import socket

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium mangler; taskpane.png er ikke lavet")
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")}
        server = subprocess.Popen([sys.executable, "-m", "xlkompetence", "serve", "--port", str(port),
                                   "--config", str(Path(tmp) / "server.json")], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            import time
            import urllib.request

            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/taskpane.html", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                            "--no-first-run", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", f"--user-data-dir={Path(tmp) / 'chromium'}",
                            "--virtual-time-budget=6000", "--window-size=360,420", f"--screenshot={out}",
                            f"http://127.0.0.1:{port}/taskpane.html"], check=True, capture_output=True, timeout=120)
            print(out)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)


def _first_page_of(pdf: Path, sheet: str) -> int:
    """The first page whose print header (the sheet name, top left) is ``sheet``."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first.startswith(sheet):
            return page
    raise KeyError(sheet)


if __name__ == "__main__":
    main()
