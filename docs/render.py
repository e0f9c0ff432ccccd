"""Render the pictures in the README from a freshly generated workbook (LibreOffice → PDF → PNG),
and the history's SVG as ``xlkompetence history`` draws it.

    python docs/render.py          # writes docs/images/*.png and docs/images/historik.svg
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from xlkompetence.core import examples
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook

OUT = Path(__file__).parent / "images"
# Sheet → picture, and how much of the page's height to keep (the tables' spare rows are
# not worth showing).
PAGES = {"Kompetencebehov": ("kompetencebehov.png", 0.40), "Plan for kompetenceudvikling": ("plan.png", 0.30),
         "Overblik": ("overblik.png", 0.88)}
DPI = 110


def main() -> None:
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftoppm"):
        sys.exit("Kræver LibreOffice (soffice) og poppler-utils (pdftoppm): ./setup.sh --test")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        book = tmp_path / "eksempel.xlsx"
        today = date(2026, 11, 24)
        write_unit_workbook(book, examples.concept_example(), today=today)
        refresh_file(book, today)
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", str(book), "--outdir", str(tmp_path)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp_path / "eksempel.pdf"
        for sheet, (name, keep) in PAGES.items():
            page = _first_page_of(pdf, sheet)
            width, height = round(11.69 * DPI), round(8.27 * DPI * keep)  # A4 landscape
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", "-f", str(page), "-l", str(page),
                            "-x", "0", "-y", "0", "-W", str(width), "-H", str(height),
                            str(pdf), str(OUT / name.removesuffix(".png"))], check=True)
            print(OUT / name)
    render_mus(OUT / "mus-pus.png")
    render_print(OUT / "print-enhed.png", OUT / "print-organisation.png")
    render_history(OUT / "historik.svg")
    render_taskpane(OUT / "taskpane.png")


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
    repeats the number and profile columns."""
    import os

    from xlkompetence.org.merge import merge_files

    soffice = shutil.which("soffice")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        today = date(2026, 11, 24)
        book = tmp_path / "eksempel.xlsx"
        write_unit_workbook(book, examples.concept_example(), today=today)
        refresh_file(book, today)
        folder = tmp_path / "enheder"
        folder.mkdir()
        for name, unit in examples.demo_units():
            write_unit_workbook(folder / name, unit, today=today)
        org = tmp_path / "organisation.xlsx"
        merge_files([folder], org, today)
        env = {**os.environ, "LC_ALL": "da_DK.UTF-8", "LANG": "da_DK.UTF-8"}
        for path in (book, org):
            subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                            "--convert-to", "pdf", str(path), "--outdir", str(tmp_path)],
                           check=True, capture_output=True, timeout=180, env=env)
        for pdf, sheet, skip, out in ((tmp_path / "eksempel.pdf", "Plan for kompetenceudvikling", 0, unit_out),
                                      (tmp_path / "organisation.pdf", "Kompetencematrix", 1, org_out)):
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
    import os
    import shutil
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
