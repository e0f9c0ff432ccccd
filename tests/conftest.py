"""Shared fixtures: real workbooks written by the real template writer, and LibreOffice."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import office
from office import LibreOffice
from xlkompetence.core import examples
from xlkompetence.core.cells import parse_ref, ref
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.xlsx.patch import EXCEL_ERRORS, CellWrite, Mode, SheetEdits, patch_workbook

# xlwings' remote engine, which the add-in, server and Lite tests drive, is xlwings PRO code
# under PolyForm Noncommercial, and this project is a noncommercial public-sector tool. Set
# before any test module imports xlwings, which checks the key on import.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

TODAY = date(2026, 11, 24)
# Run by LibreOffice's own Python (it imports uno): no module of the tests' Python to collect.
collect_ignore = ["lo_service.py"]


def needs_col(key: str, teams: tuple[str, ...] = tuple(examples.TEAMS)) -> int:
    """Kompetencebehov's column (1-based) for a schema key such as ``gap@Team A`` or
    ``status``, where the template places it for ``teams``."""
    from xlkompetence.core.schema import NEEDS, placed_columns

    return next(i for i, p in enumerate(placed_columns(NEEDS, teams), start=1) if p.key == key)


def needs_ref(key: str, row: int, teams: tuple[str, ...] = tuple(examples.TEAMS)) -> str:
    """``needs_col`` as an A1 reference in ``row``."""
    return ref(row, needs_col(key, teams))

@pytest.fixture
def today() -> date:
    return TODAY


def copy_of(source: Path, target: Path) -> Path:
    """A test's own copy of an input made once for several tests (a file or a folder), with
    new modification times, as if just written."""
    if source.is_dir():
        return Path(shutil.copytree(source, target, copy_function=shutil.copyfile))
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(source, target))


@pytest.fixture(scope="session")
def written(tmp_path_factory) -> dict[str, Path]:
    """The concept's example and a blank template as the template writer writes them, once per
    run: the writer gives the same bytes every time, so a test's copy is the file it would
    have written itself."""
    folder = tmp_path_factory.mktemp("written")
    books = {"eksempel.xlsx": examples.concept_example(), "skabelon.xlsx": examples.blank("Enhed", ("Team A", "Team B"))}
    for name, unit in books.items():
        write_unit_workbook(folder / name, unit, today=TODAY)
    return {name: folder / name for name in books}


@pytest.fixture
def example_path(tmp_path: Path, written) -> Path:
    return copy_of(written["eksempel.xlsx"], tmp_path / "eksempel.xlsx")


@pytest.fixture
def blank_path(tmp_path: Path, written) -> Path:
    return copy_of(written["skabelon.xlsx"], tmp_path / "skabelon.xlsx")


def set_cells(path: Path, values: dict[tuple[str, str], object]) -> None:
    """Type values into cells as a person would, without a load-and-save that loses parts."""
    edits: dict[str, SheetEdits] = {}
    for (sheet, cell), value in values.items():
        # An Excel error value gets there the way people get one: a formula that fails.
        formula = "1/0" if value in EXCEL_ERRORS else None
        edits.setdefault(sheet, SheetEdits()).cells[parse_ref(cell)] = CellWrite(value, Mode.OWNED, formula)
    tmp = path.with_suffix(".tmp.xlsx")
    patch_workbook(path, tmp, edits)
    os.replace(tmp, path)


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory) -> Iterator[LibreOffice]:
    """One LibreOffice for the whole run (per xdist worker), closed at its end."""
    if why := office.missing():
        pytest.fail(why)
    with LibreOffice(office.uno_python(), tmp_path_factory.mktemp("libreoffice")) as lo:
        yield lo


class SheetJS:
    """SheetJS in node: reads workbooks strictly (tests/js/read_strict.js) and shows every cell
    as its number format does. SheetJS refuses what Excel is strict about, such as ZIP64
    records on small parts, which the Python readers and LibreOffice take without a word."""

    SCRIPT = Path(__file__).parent / "js" / "read_strict.js"

    def __init__(self, node: str):
        self.node = node

    def read(self, *paths: Path) -> dict[Path, dict]:
        """Per path: {"error": …} or {"sheets": {name: rows of shown text}}."""
        out = subprocess.run([self.node, str(self.SCRIPT), *map(str, paths)], check=True,
                             capture_output=True, text=True, timeout=300)
        lines = [json.loads(line) for line in out.stdout.splitlines()]
        return {Path(line["file"]): line for line in lines}


@pytest.fixture(scope="session")
def sheetjs() -> SheetJS:
    node = shutil.which("node")
    if node is None or not (SheetJS.SCRIPT.parent / "node_modules" / "xlsx").is_dir():
        pytest.fail(f"node og SheetJS (tests/js/node_modules) mangler: {office.SETUP}")
    return SheetJS(node)


def strip_cached_values(src: Path, dst: Path) -> None:
    """A copy whose formula cells carry no cached result, so a reader must calculate."""
    import re

    pattern = re.compile(rb"(<c\b[^>]*>)(<f>.*?</f>)<v>[^<]*</v>(</c>)", re.S)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = pattern.sub(lambda m: re.sub(rb'\st="(str|e|b)"', b"", m.group(1)) + m.group(2) + m.group(3), data)
            zout.writestr(info, data)


def xlwings_payload(path: Path, *, name: str | None = None, tables: bool = False) -> dict:
    """What an xlwings client sends from Excel: every sheet's values from A1, and with
    ``tables`` its Excel tables. Dates go as ISO strings and empty cells as "", as xlwings.js
    sends them."""
    import xlwings as xw
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    for sheet_name in book.sheet_names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False) or [[""]]
        width = max(len(r) for r in rows)
        values = [[_js(v) for v in r] + [""] * (width - len(r)) for r in rows]
        sheets.append({"name": sheet_name, "pictures": [], "tables": _tables(path, sheet_name) if tables else [],
                       "values": values})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": name or path.name, "active_sheet_index": 0, "selection": "A1",
                     "calculation": "Automatic"},
            "names": [], "sheets": sheets}


def _tables(path: Path, sheet_name: str) -> list[dict]:
    """A sheet's Excel tables as xlwings' remote engine receives them."""
    from lxml import etree

    from xlkompetence.xlsx.package import relationships, sheet_parts

    result = []
    with zipfile.ZipFile(path) as zf:
        part = sheet_parts(zf)[sheet_name]
        for rel_type, target in relationships(zf, part).values():
            if not rel_type.endswith("/table"):
                continue
            table = etree.fromstring(zf.read(target))
            (r0, c0), (r1, c1) = (parse_ref(end) for end in table.get("ref").split(":"))
            totals = int(table.get("totalsRowCount", "0"))

            def rows(top: int, bottom: int) -> str:
                return f"{ref(top, c0)}:{ref(bottom, c1)}"

            result.append({
                "name": table.get("name"), "range_address": table.get("ref"),
                "header_row_range_address": rows(r0, r0), "data_body_range_address": rows(r0 + 1, r1 - totals),
                "total_row_range_address": rows(r1, r1) if totals else None,
                "show_headers": True, "show_totals": bool(totals), "row_count": r1 - r0 + 1,
                "column_count": c1 - c0 + 1, "table_style": "TableStyleLight1", "show_autofilter": True,
            })
    return result


def _js(value):
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.isoformat()[:10]}T00:00:00.000Z"
    return value


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path_factory, monkeypatch):
    """Each test session keeps the pseudonyms' key in a folder of its own, never the user's."""
    folder = tmp_path_factory.getbasetemp() / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("APPDATA", str(folder))
    return folder


def finding_rows(findings) -> list[tuple]:
    """Findings as the Fejl og mangler sheet lists them (severity, sheet, cell, value, message),
    in one order."""
    return sorted((f.severity.label, f.sheet, f.location if f.sheet and f.cell else None, f.value, f.message)
                  for f in findings)


def findings_sheet(path: Path) -> list[tuple]:
    """The findings a workbook's Fejl og mangler sheet lists, as ``finding_rows`` gives them."""
    from xlkompetence.core.schema import FINDINGS
    from xlkompetence.unit.overview import FINDINGS_HEADER_ROW
    from xlkompetence.xlsx import loader

    grid = loader.load(path).grids[FINDINGS.name]
    rows = [tuple(grid.get(r, c) for c in range(1, 6)) for r in range(FINDINGS_HEADER_ROW + 1, grid.height + 1)]
    # The one row of a sheet with nothing to list says so in its first cell, and no more.
    return sorted(row for row in rows if row[4] is not None)
