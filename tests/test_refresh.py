"""Headless refresh: calculated cells right, every typed cell and every foreign part kept."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import xlsxwriter
from lxml import etree

from xlkompetence.core.findings import Code
from xlkompetence.xlsx import loader
from xlkompetence.unit import reader
from xlkompetence.xlsx.package import NS_MAIN, sheet_parts
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, needs_col, needs_ref, set_cells

B, D = "Kompetencebehov", "Plan for kompetenceudvikling"


def input_cells(path: Path, blank_only: bool = True) -> dict[tuple[str, int, int], object]:
    """Every cell refresh does not own: all but the calculated columns and the two report
    sheets, as calamine reads it."""
    source = loader.load(path)
    owned: dict[str, tuple[int, set[int]]] = {}
    for data in reader.read(source).sheets.values():
        cols = {c for key, c in data.cols.items() if not data.sheet.column(key.split("@")[0]).is_input}
        # Refresh fills the derived columns where blank; a value typed there is compared apart.
        cols |= {c for key, c in data.cols.items() if data.sheet.column(key.split("@")[0]).derived and blank_only}
        owned[data.name] = (data.first_data_row, cols)
    result = {}
    for grid in source.grids.values():
        if grid.name in ("Overblik", "MED-SU", "Fejl og mangler", "Forslag", "_xlkompetence"):
            continue
        first, cols = owned.get(grid.name, (0, set()))
        for r, line in enumerate(grid.rows, start=1):
            for c, v in enumerate(line, start=1):
                if v != "" and not (c in cols and r >= first):
                    result[(grid.name, r, c)] = v
    return result


def test_refresh_keeps_every_typed_cell_and_fixes_the_calculated_ones(example_path):
    # A leader types new levels and a plan row; the cached gaps are now stale.
    set_cells(example_path, {(B, "C9"): 5, (B, "D9"): 1, (B, needs_ref("desired@Team D", 8)): 4, (B, needs_ref("actual@Team D", 8)): 2,
                             (D, "C6"): "Sidemandsoplæring", (D, "F6"): "uge 2–8 2027",
                             (D, "G6"): "Kim", (D, "I6"): "12 timer", (D, "J6"): "I gang", (D, "K6"): "Under"})
    before = input_cells(example_path)
    result = refresh_file(example_path, TODAY)
    assert result.written
    after = input_cells(example_path)
    assert after == before
    # What the leader typed in the derived columns (Fase "Under") is kept; blanks were filled.
    typed = {k: v for k, v in input_cells(example_path, False).items() if k[0] == D}
    assert typed[(D, 6, 11)] == "Under" and typed[(D, 6, 12)] == "Sidemandsoplæring"
    grid = loader.load(example_path).grids[B]
    assert grid.get(9, needs_col("gap@Team A")) == 4.0    # Team A gap on K2: 5 − 1
    assert grid.get(8, needs_col("gap@Team D")) == 2.0    # Team D gap on K1: 4 − 2
    plan = loader.load(example_path).grids[D]
    # ISO weeks: week 2 of 2027 starts Monday 11 January, week 8 ends Sunday 28 February.
    assert plan.get(6, 16) == date(2027, 1, 11) and plan.get(6, 17) == date(2027, 2, 28)
    assert plan.get(6, 20) == 12.0
    assert plan.get(5, 18) == "Forsinket"


def test_refresh_writes_overview_and_findings_sheets(example_path):
    set_cells(example_path, {(B, "C8"): "tre"})
    refresh_file(example_path, TODAY)
    source = loader.load(example_path)
    findings = source.grids["Fejl og mangler"]
    rows = [findings.rows[i] for i in range(4, findings.height)]
    # Type, place, value and message, all Danish: the English code is not on the leader's sheet.
    assert {len([v for v in r if v not in (None, "")]) for r in rows} <= {3, 4, 5}
    messages = [r[4] for r in rows]
    assert messages[0] == Code.LEVEL_NOT_NUMBER.message(shown="tre")  # errors first
    assert any(" mangler vurdering af " in m for m in messages)
    assert rows[0][0] == "Fejl" and rows[0][2] == "Kompetencebehov!C8"
    with zipfile.ZipFile(example_path) as zf:
        xml = zf.read(sheet_parts(zf)["Fejl og mangler"]).decode()
    assert "HYPERLINK(\"#'Kompetencebehov'!C8\"" in xml
    overview = source.grids["Overblik"]
    labels = {overview.get(r, 1): overview.get(r, 2) for r in range(1, overview.height + 1)}
    assert labels["Kompetenceprofiler"] == 3
    assert labels["Fejl"] == 1
    assert labels["Sidst opdateret"] == TODAY


def test_refresh_is_idempotent(example_path):
    refresh_file(example_path, TODAY)
    with zipfile.ZipFile(example_path) as zf:
        first = {n: zf.read(n) for n in zf.namelist()}
    refresh_file(example_path, TODAY)
    with zipfile.ZipFile(example_path) as zf:
        second = {n: zf.read(n) for n in zf.namelist()}
    assert first == second


def test_parts_refresh_does_not_own_are_copied_byte_for_byte(example_path):
    with zipfile.ZipFile(example_path) as zf:
        before = {n: zf.read(n) for n in zf.namelist()}
    refresh_file(example_path, TODAY)
    with zipfile.ZipFile(example_path) as zf:
        after = {n: zf.read(n) for n in zf.namelist()}
    assert set(after) == set(before)
    changed = {n for n in before if before[n] != after[n]}
    # Only sheets with calculated cells, the workbook's recalculation flag and the styles (where a
    # cell refresh writes takes a style the workbook has not used yet) may change: not the guide,
    # and not bilag C, where everything is typed.
    with zipfile.ZipFile(example_path) as zf:
        parts = sheet_parts(zf)
    untouched = {parts["Vejledning"], parts["Individuelle læringsmål"]}
    assert changed <= {"xl/workbook.xml", "xl/styles.xml", *(set(parts.values()) - untouched)}
    for part in changed - {"xl/workbook.xml", "xl/styles.xml"}:
        old, new = etree.fromstring(before[part]), etree.fromstring(after[part])
        ns = {"m": NS_MAIN}
        for tag in ("sheetViews", "cols", "mergeCells", "conditionalFormatting", "dataValidations",
                    "sheetProtection", "pageSetup", "tableParts", "drawing", "headerFooter"):
            assert [etree.tostring(e) for e in old.findall(f"m:{tag}", ns)] == \
                   [etree.tostring(e) for e in new.findall(f"m:{tag}", ns)], (part, tag)


def test_excel_2010_extensions_survive_refresh(tmp_path, example_path):
    """What openpyxl would drop (extLst: x14 data bars) comes through refresh intact."""
    src = tmp_path / "ext.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("Noter")
    for i in range(5):
        ws.write(i, 0, i + 1)
    ws.conditional_format("A1:A5", {"type": "data_bar", "data_bar_2010": True})
    ws.add_sparkline("B1", {"range": "Noter!A1:A5"})
    wb.close()
    # Put the extended sheet into the unit workbook as an extra sheet the leader made.
    with zipfile.ZipFile(src) as zf:
        ext_sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<extLst>" in ext_sheet
    patched = tmp_path / "with-ext.xlsx"
    with zipfile.ZipFile(example_path) as zin, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":  # the guide sheet
                data = ext_sheet
            zout.writestr(info, data)
    os.replace(patched, example_path)
    refresh_file(example_path, TODAY)
    with zipfile.ZipFile(example_path) as zf:
        assert zf.read("xl/worksheets/sheet2.xml") == ext_sheet


def test_a_value_typed_over_a_formula_is_left_alone_and_reported(example_path):
    gap = needs_ref("gap@Team A", 8)
    set_cells(example_path, {(B, gap): 7})
    result = refresh_file(example_path, TODAY)
    grid = loader.load(example_path).grids[B]
    assert grid.get(8, needs_col("gap@Team A")) == 7.0
    typed = [f for f in result.findings if f.code == "calc.typed_over"]
    assert [(f.sheet, f.cell, f.value) for f in typed] == [(B, gap, "7")]


def test_a_new_profile_in_sheet_a_gets_a_row_in_kompetencebehov(example_path):
    set_cells(example_path, {("Mål og kompetenceprofil", "A8"): "K4",
                             ("Mål og kompetenceprofil", "D8"): "Vi skal kunne inddrage netværket."})
    result = refresh_file(example_path, TODAY)
    assert result.added_profiles == ["K4"]
    grid = loader.load(example_path).grids[B]
    assert grid.get(11, 1) == "K4"
    assert grid.get(11, 2) == "Vi skal kunne inddrage netværket."
    assert grid.get(11, needs_col("status")) == "Ikke vurderet"
    again = read_checked(example_path, TODAY)
    assert "needs.profile_not_listed" not in {f.code for f in again.findings}


def test_a_workbook_open_in_excel_is_not_touched(example_path):
    lock = example_path.with_name("~$" + example_path.name)
    lock.write_bytes(b"owner")
    before = example_path.read_bytes()
    result = refresh_file(example_path, TODAY)
    assert not result.written
    assert [f.code for f in result.findings] == ["file.locked"]
    assert "åben i Excel" in result.findings[0].message
    assert example_path.read_bytes() == before


def test_a_failed_write_leaves_the_file_and_no_temporary_files(example_path, monkeypatch):
    before = example_path.read_bytes()

    def boom(src, dst, edits, finalize=None, styles=None):
        Path(dst).write_bytes(b"half a zip")
        raise OSError("disken er fuld")

    monkeypatch.setattr("xlkompetence.unit.refresh.patch_workbook", boom)
    outcome = refresh_file(example_path, TODAY)
    assert not outcome.written and outcome.failed
    assert [f.message for f in outcome.findings if f.code == "file.write_failed"] == [
        "Filen kunne ikke skrives (disken er fuld); den er uændret."]
    assert example_path.read_bytes() == before
    assert sorted(p.name for p in example_path.parent.iterdir()) == [example_path.name]


def test_refresh_output_opens_in_openpyxl_with_tables_and_validation(example_path):
    refresh_file(example_path, TODAY)
    wb = openpyxl.load_workbook(example_path)
    assert wb[B].tables and wb[B].data_validations.dataValidation
    assert wb[D].cell(5, 18).value == "Forsinket"


def test_refresh_reports_the_state_after_its_own_additions(example_path, tmp_path):
    """A profile typed in sheet A only: refresh adds its row to Kompetencebehov, and what it
    reports and writes in Fejl og mangler is the workbook as it leaves it (the new row's missing
    levels, no "has no row") — the same from the command line, its JSON, validate right after,
    and the add-in's desktop, server and Lite paths."""
    import json

    import xlwings as xw
    from click.testing import CliRunner

    from conftest import finding_rows, findings_sheet, xlwings_payload
    from xlkompetence.cli import cli
    from xlkompetence.excel.addin import refresh_book

    set_cells(example_path, {("Mål og kompetenceprofil", "A8"): "K5",
                             ("Mål og kompetenceprofil", "D8"): "Vi skal kunne føre netværksmøder."})
    before = read_checked(example_path, TODAY).findings
    assert ("needs.profile_not_listed", "K5") in {(f.code, f.value) for f in before}
    payload = xlwings_payload(example_path, tables=True)
    paths = {}
    for label, values_only in (("desktop", False), ("lite", True)):
        outcome = refresh_book(xw.Book(json=json.loads(json.dumps(payload))), TODAY, values_only=values_only)
        paths[label] = finding_rows(outcome.findings)
    result = CliRunner().invoke(cli, ["refresh", str(example_path), "--format", "json", "--today", TODAY.isoformat()])
    reported = json.loads(result.output)["files"][0]["findings"]
    after = read_checked(example_path, TODAY).findings
    expected = finding_rows(after)
    assert "needs.profile_not_listed" not in {f.code for f in after}
    missing = {f.message for f in after if f.code == "level.missing" and "K5" in f.message}
    assert len(missing) == 4 and len(after) > len(before)
    assert sorted((f["code"], f["sheet"], f["cell"], f["value"], f["message"]) for f in reported) == sorted(
        (str(f.code), f.sheet, f.cell, f.value, f.message) for f in after)
    assert findings_sheet(example_path) == expected
    assert paths == {"desktop": expected, "lite": expected}


def test_every_kind_of_finding_is_capped_on_every_path(example_path):
    """Hours typed over 206 plan rows' calculated Timer, and as many passed end dates: at most
    200 findings of a kind in a sheet, and one saying how many more, from validate, the headless
    refresh and the add-in alike (a plan of junk gave one per cell)."""
    import xlwings as xw

    from conftest import xlwings_payload
    from xlkompetence.core.schema import PLAN, placed_columns
    from xlkompetence.excel.addin import refresh_book

    cols = {p.key: i for i, p in enumerate(placed_columns(PLAN), start=1)}
    hours, end = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[cols["hours"] - 1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[cols["timeline"] - 1]
    rows = range(5, 211)
    set_cells(example_path, {**{(D, f"C{r}"): f"Kursus {r}" for r in rows}, **{(D, f"G{r}"): "Kim" for r in rows},
                             **{(D, f"J{r}"): "I gang" for r in rows}, **{(D, f"{end}{r}"): "2025" for r in rows},
                             **{(D, f"{hours}{r}"): 7 for r in rows}})
    book = xw.Book(json=xlwings_payload(example_path, tables=True))
    paths = {"validate": read_checked(example_path, TODAY).findings, "add-in": refresh_book(book, TODAY).findings,
             "refresh": refresh_file(example_path, TODAY).findings}
    for path, findings in paths.items():
        kinds = {code: sum(1 for f in findings if f.code == code and f.sheet == D)
                 for code in ("calc.typed_over", "plan.overdue")}
        more = [f.message for f in findings if f.code == "findings.more"]
        assert kinds == {"calc.typed_over": 200, "plan.overdue": 200}, path
        assert any("6 " in m and "plan.overdue" in m for m in more), (path, more)
