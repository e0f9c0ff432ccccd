"""Excel opens every file clean: each way the project's writers made Excel offer to repair a
file, or left typed rows outside their table, on workbooks that look like Excel saved them
(a calcChain listing every formula cell, Excel's own namespaces, shared strings)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.cells import parse_ref
from xlkompetence.core.edits import CellWrite, Mode, SheetEdits
from xlkompetence.core.models import PlanRow, UnitWorkbook
from xlkompetence.core.schema import FINDINGS, NEEDS, PLAN, PROFILES, placed_columns
from xlkompetence.org import orgbook
from xlkompetence.org.merge import merge_files
from xlkompetence.org.sync import sync_paths
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.xlsx import bulkrows, loader
from xlkompetence.xlsx.patch import patch_workbook

import ooxml_rules
from conftest import TODAY, needs_col, set_cells, xlwings_payload
from excel_saved import save_as_excel

A, B, D, F = PROFILES.name, NEEDS.name, PLAN.name, FINDINGS.name
CALC_CHAIN = "xl/calcChain.xml"
# Plan's Timer and Kroner columns, 1-based, where the schema places them.
HOURS, KRONER = (next(i for i, p in enumerate(placed_columns(PLAN), 1) if p.column.id == cid)
                 for cid in ("hours", "kroner"))


@pytest.fixture
def excel_example(example_path: Path) -> Path:
    """The example refreshed once (its findings listed, each with a link formula) and then
    saved by Excel."""
    refresh_file(example_path, TODAY)
    save_as_excel(example_path, example_path)
    return example_path


def calc_chain(path: Path) -> dict[str, bool]:
    """Where the package still knows a calcChain: the part, its relationship, its content type."""
    with zipfile.ZipFile(path) as zf:
        return {"part": CALC_CHAIN in zf.namelist(),
                "relationship": b"/calcChain" in zf.read("xl/_rels/workbook.xml.rels"),
                "content type": b"calcChain+xml" in zf.read("[Content_Types].xml")}


def chain_cells(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [c.get("r") for c in etree.fromstring(zf.read(CALC_CHAIN)).iter(ooxml_rules.q("c"))]


def problems(path: Path) -> list[str]:
    return [str(p) for p in ooxml_rules.check(path)]


# -- 1. calcChain --------------------------------------------------------------------------------

def test_findings_that_go_away_take_the_calc_chain_with_them(excel_example):
    # Plan row 5 has no status and is overdue: two findings, each with a link formula in column C.
    set_cells(excel_example, {(D, "J5"): "Gennemført"})
    save_as_excel(excel_example, excel_example)
    assert {"C12", "C13"} <= set(chain_cells(excel_example))
    refresh_file(excel_example, TODAY)
    findings = loader.load(excel_example).grids[F]
    assert findings.height == 11  # two rows fewer: C12 and C13 hold no formula now
    assert calc_chain(excel_example) == {"part": False, "relationship": False, "content type": False}
    assert problems(excel_example) == []


LINK = "HYPERLINK(\"#'Forankring'!E5\",\"Forankring!E5\")"
CHANGES = {
    "added": {B: SheetEdits({(60, 20): CellWrite(2, Mode.FORMULA, "=1+1")})},
    "removed": {F: SheetEdits({(5, 3): CellWrite("Forankring!E5", Mode.OWNED)})},
    "changed": {F: SheetEdits({(5, 3): CellWrite("Forankring!E5", Mode.OWNED, "=" + LINK.replace("E5\"", "E6\""))})},
    "cleared": {F: SheetEdits({}, clear_from_row=5)},
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_to_a_formula_drops_the_calc_chain(excel_example, tmp_path, change):
    out = tmp_path / "ud.xlsx"
    patch_workbook(excel_example, out, CHANGES[change])
    assert calc_chain(out) == {"part": False, "relationship": False, "content type": False}
    assert problems(out) == []


def test_values_alone_keep_the_calc_chain_as_it_was(excel_example, tmp_path):
    out = tmp_path / "ud.xlsx"
    patch_workbook(excel_example, out, {D: SheetEdits({(5, 10): CellWrite("I gang", Mode.OWNED)}),
                                        F: SheetEdits({(5, 3): CellWrite("Forankring!E5", Mode.OWNED, "=" + LINK)})})
    with zipfile.ZipFile(excel_example) as before, zipfile.ZipFile(out) as after:
        assert after.read(CALC_CHAIN) == before.read(CALC_CHAIN)
    assert problems(out) == []


def test_sync_that_writes_over_a_formula_drops_the_calc_chain(tmp_path):
    profiles = examples.concept_example().profiles
    org = tmp_path / "org.xlsx"
    write_unit_workbook(org, UnitWorkbook(profiles=profiles, teams=("Organisation",)), today=TODAY)
    unit = tmp_path / "solhjem.xlsx"
    result = CliRunner().invoke(cli, ["new", str(unit), "--unit", "Solhjem", "--team", "Team A",
                                      "--org", str(org), "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    # The leader made K1's wording a formula, refreshed, and saved the workbook in Excel.
    text = profiles[0].text
    typed = unit.with_name("typed.xlsx")
    patch_workbook(unit, typed, {A: SheetEdits({(5, 4): CellWrite(text, Mode.OWNED, f'="{text}"')})})
    refresh_file(typed, TODAY)
    save_as_excel(typed, unit)
    assert "D5" in chain_cells(unit)
    reworded = (profiles[0].model_copy(update={"text": text + " (ny ordlyd)"}), *profiles[1:])
    write_unit_workbook(org, UnitWorkbook(profiles=reworded, teams=("Organisation",)), today=TODAY)
    (report,) = sync_paths(org, [unit], TODAY)
    assert report.written and [c.kind for c in report.changes] == ["reword"]
    assert calc_chain(unit) == {"part": False, "relationship": False, "content type": False}
    assert problems(unit) == []


# -- 2. ZIP64 ------------------------------------------------------------------------------------

def units_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "enheder"
    folder.mkdir()
    for name, unit in examples.demo_units():
        write_unit_workbook(folder / name, unit, today=TODAY)
    return folder


def zip64_parts(path: Path) -> set[str]:
    return {p.part for p in ooxml_rules.check(path, ["zip_entries"])}


def test_the_organisation_workbook_has_no_zip64_records_and_every_part_deflated(tmp_path, sheetjs):
    out = tmp_path / "organisation.xlsx"
    merge_files([units_folder(tmp_path)], out, TODAY)
    assert zip64_parts(out) == set()
    with zipfile.ZipFile(out) as zf:
        assert {i.filename for i in zf.infolist() if i.compress_type != zipfile.ZIP_DEFLATED} == set()
    assert "error" not in sheetjs.read(out)[out]


def test_a_part_too_large_for_32_bit_sizes_still_gets_zip64(tmp_path, monkeypatch):
    # zipfile's limit lowered, while the rows are streamed in, to the median streamed sheet's size.
    folder = units_folder(tmp_path)
    merge_files([folder], tmp_path / "før.xlsx", TODAY)
    with zipfile.ZipFile(tmp_path / "før.xlsx") as zf:
        streamed = sorted(i.file_size for i in zf.infolist() if i.filename.startswith("xl/worksheets/sheet"))
    limit = streamed[len(streamed) // 2]
    fill = orgbook.fill

    def fill_with_low_limit(layout: bytes, dest: Path, bulks: list[bulkrows.Bulk]) -> None:
        with monkeypatch.context() as m:
            m.setattr(zipfile, "ZIP64_LIMIT", limit)
            fill(layout, dest, bulks)

    monkeypatch.setattr(orgbook, "fill", fill_with_low_limit)
    out = tmp_path / "organisation.xlsx"
    merge_files([folder], out, TODAY)
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        sizes = {i.filename: i.file_size for i in zf.infolist()}
    large = {name for name, size in sizes.items() if size * 1.05 > limit}
    assert zip64_parts(out) == large
    sheets = {name for name in sizes if name.startswith("xl/worksheets/sheet")}
    assert sheets & large and sheets - large  # streamed sheets on both sides of the limit


# -- 3. number formats ---------------------------------------------------------------------------

def test_hours_and_kroner_show_whole_numbers_without_a_trailing_separator(tmp_path, libreoffice, sheetjs):
    # 20 timer, 1 dag = 7,4 timer, 15.000 kr. The old "#,##0.##" showed 20 as "20," in Excel
    # and SheetJS refused it; LibreOffice drops such a trailing separator by itself.
    plan = (PlanRow(activity="Kursus", responsible="Kim", resources="20 timer"),
            PlanRow(activity="Temadag", responsible="Kim", resources="1 dag"),
            PlanRow(activity="Supervision", responsible="Kim", resources="15.000 kr."))
    path = tmp_path / "plan.xlsx"
    write_unit_workbook(path, examples.concept_example().model_copy(update={"plan": plan}), today=TODAY)
    by_libreoffice = libreoffice.sheets_as_csv(path, tmp_path / "csv", shown=True)[D]
    by_sheetjs = sheetjs.read(path)[path].get("sheets", {}).get(D)
    for shown in (by_libreoffice, by_sheetjs):
        assert shown is not None
        hours, kroner = [shown[row][HOURS - 1] for row in (4, 5)], shown[6][KRONER - 1]  # rows 5–7
        assert hours in (["20", "7.4"], ["20", "7,4"]) and kroner == "15000", (hours, kroner)
    out = tmp_path / "organisation.xlsx"
    merge_files([path], out, TODAY)
    org_plan = sheetjs.read(out)[out]["sheets"]["Plan"]
    header = next(i for i, row in enumerate(org_plan) if "Timer" in row)
    col = org_plan[header].index("Timer")
    assert [row[col] for row in org_plan[header + 1:header + 3]] == ["20", "7.4"]


# -- 4. rows typed below a table -----------------------------------------------------------------

def table_refs(path: Path, name: str) -> tuple[str, str]:
    """A table's ref and its autoFilter's ref."""
    with zipfile.ZipFile(path) as zf:
        for part in zf.namelist():
            if part.startswith("xl/tables/"):
                root = etree.fromstring(zf.read(part))
                if root.get("name") == name:
                    return root.get("ref"), root.find(ooxml_rules.q("autoFilter")).get("ref")
    raise KeyError(name)


def below(path: Path, table: str) -> int:
    """The row directly below ``table``."""
    return parse_ref(table_refs(path, table)[0].split(":")[1])[0] + 1


def grown(path: Path, table: str, last_row: int) -> str:
    """The table's range reaching down to ``last_row``."""
    top_left, bottom_right = table_refs(path, table)[0].split(":")
    return f"{top_left}:{bottom_right.rstrip('0123456789')}{last_row}"


def type_below_tables(path: Path) -> tuple[int, int]:
    """A plan row and a profile's levels typed directly below their tables, as a leader does
    after lifting the sheet's protection; the rows typed."""
    plan_row, needs_row = below(path, PLAN.table), below(path, NEEDS.table)
    set_cells(path, {(D, f"C{plan_row}"): "Sidemandsoplæring", (D, f"G{plan_row}"): "Kim",
                     (D, f"I{plan_row}"): "1 dag", (D, f"J{plan_row}"): "I gang",
                     (A, "A8"): "K4", (A, "D8"): "Vi skal kunne bruge netværksmøder.",
                     (B, f"A{needs_row}"): "K4", (B, f"C{needs_row}"): 5, (B, f"D{needs_row}"): 2})
    return plan_row, needs_row


def test_refresh_grows_a_table_over_the_rows_typed_below_it(example_path):
    save_as_excel(example_path, example_path)
    plan_row, needs_row = type_below_tables(example_path)
    plan_grown, needs_grown = grown(example_path, PLAN.table, plan_row), grown(example_path, NEEDS.table, needs_row)
    refresh_file(example_path, TODAY)
    assert table_refs(example_path, PLAN.table) == (plan_grown, plan_grown)
    assert table_refs(example_path, NEEDS.table) == (needs_grown, needs_grown)
    plan = loader.load(example_path).grids[D]
    assert plan.get(plan_row, HOURS) == 7.4  # Timer, calculated in the row the table now holds
    assert loader.load(example_path).grids[B].get(needs_row, needs_col("gap@Team A")) == 3  # by formula
    assert problems(example_path) == []
    before = example_path.read_bytes()
    refresh_file(example_path, TODAY)
    assert example_path.read_bytes() == before  # grown once; a second refresh changes nothing


def test_a_table_with_nothing_below_it_is_left_as_it_is(example_path):
    before = {t: table_refs(example_path, t) for t in (PLAN.table, NEEDS.table)}
    refresh_file(example_path, TODAY)
    assert {t: table_refs(example_path, t) for t in before} == before


def test_the_add_in_resizes_a_table_over_the_rows_typed_below_it(example_path):
    import xlwings as xw

    from xlkompetence.excel import addin

    plan_row, needs_row = type_below_tables(example_path)
    expected = {B: grown(example_path, NEEDS.table, needs_row), D: grown(example_path, PLAN.table, plan_row)}
    book = xw.Book(json=xlwings_payload(example_path, tables=True))
    addin.refresh_book(book, TODAY)
    actions = book.json()["actions"]
    names = [s.name for s in book.sheets]
    resized = {names[a["sheet_position"]]: a["args"][1].replace("$", "") for a in actions if a["func"] == "resizeTable"}
    assert resized == expected
    # Resized before the rows are written, so the calculated cells land inside the table.
    first_write = next(i for i, a in enumerate(actions) if a["func"] in ("setValues", "setFormula"))
    assert max(i for i, a in enumerate(actions) if a["func"] == "resizeTable") < first_write


def test_a_table_excel_will_not_resize_does_not_stop_the_refresh(example_path, monkeypatch):
    import xlwings as xw
    from xlwings.pro import _xlremote

    from xlkompetence.excel import addin

    def refuse(table, rng):
        raise RuntimeError("Du kan ikke ændre en tabel i et beskyttet ark.")

    monkeypatch.setattr(_xlremote.Table, "resize", refuse)
    plan_row, _ = type_below_tables(example_path)
    book = xw.Book(json=xlwings_payload(example_path, tables=True))
    addin.refresh_book(book, TODAY)
    names = [s.name for s in book.sheets]
    written = [a for a in book.json()["actions"] if a["func"] == "setValues" and names[a["sheet_position"]] == D
               and a["start_row"] + a["row_count"] >= plan_row]
    assert written  # the calculated cells of the row below the table, written all the same
