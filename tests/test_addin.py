"""The add-in's Python side on real xlwings objects: the remote engine runs the same
Book/Sheet/Range API on Linux from a JSON description of the workbook and records every
write as an action, so the entry point the ribbon calls can be run here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from python_calamine import CalamineWorkbook

from xlkompetence.excel import addin
from xlkompetence.core import calculated, examples
from xlkompetence.core.cells import ref
from xlkompetence.core.models import Profile
from xlkompetence.unit.overview import overview_cells, summarise
from xlkompetence.core.schema import NEEDS, PLAN, layout, placed_columns
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, needs_col, needs_ref, set_cells
from conftest import xlwings_payload as payload



def open_book(path: Path):
    return xw.Book(json=payload(path))


def actions(book) -> list[dict]:
    return book.json()["actions"]


def sheet_names(path: Path) -> list[str]:
    return CalamineWorkbook.from_path(str(path)).sheet_names


def cells_of(action: dict) -> list[tuple[int, int]]:
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    return [(r0 + i, c0 + j) for i in range(action["row_count"]) for j in range(action["column_count"])]


def test_the_values_written_are_what_the_core_computes(example_path):
    set_cells(example_path, {(PLAN.name, "C6"): "Sidemandsoplæring", (PLAN.name, "F6"): "uge 2–8 2027",
                             (PLAN.name, "G6"): "Kim", (PLAN.name, "I6"): "12 timer + 2.000 kr."})
    book = open_book(example_path)
    outcome = addin.refresh_book(book, TODAY)
    names = sheet_names(example_path)
    written = {}
    for a in actions(book):
        if a["func"] == "setValues":
            for (r, c), v in zip(cells_of(a), [v for row in a["values"] for v in row]):
                written[(names[a["sheet_position"]], r, c)] = v
    expected = read_checked(example_path, TODAY).unit
    cols = {p.key: i for i, p in enumerate(placed_columns(PLAN), start=1)}
    for rec in expected.plan:
        derived = calculated.plan_row(rec, TODAY)
        for key in ("start", "end", "overdue", "hours", "kroner"):
            value = written[(PLAN.name, rec.row, cols[key])]
            want = derived[key]
            if isinstance(want, date):
                assert value.startswith(want.isoformat())
            else:
                assert value == ("" if want is None else want), (rec.row, key)
    summary = summarise(outcome.result.unit, outcome.findings, TODAY)
    for (r, c), cell in overview_cells(summary, expected.teams).items():
        value = written[("Overblik", r, c)]
        if isinstance(cell.value, date):
            assert value.startswith(cell.value.isoformat())
        else:
            assert value == ("" if cell.value is None else cell.value), (r, c)


def test_live_gap_formulas_are_not_written_over(example_path):
    book = open_book(example_path)
    addin.refresh_book(book, TODAY)
    calc_cols = {i for i, p in enumerate(placed_columns(NEEDS, examples.TEAMS), start=1) if not p.column.is_input}
    needs = sheet_names(example_path).index(NEEDS.name)
    touched = [c for a in actions(book) if a["func"] in ("setValues", "setFormula")
               and a["sheet_position"] == needs for _, c in cells_of(a)]
    assert not set(touched) & calc_cols


def test_a_wrong_gap_is_reported_not_overwritten(example_path):
    gap = needs_ref("gap@Team A", 9)
    set_cells(example_path, {(NEEDS.name, gap): 9})
    book = open_book(example_path)
    outcome = addin.refresh_book(book, TODAY)
    (f,) = [f for f in outcome.findings if f.code == "calc.differs"]
    assert (f.sheet, f.cell, f.value) == (NEEDS.name, gap, "9")
    assert "skal vise 2" in f.message


def type_a_row_without_formulas(path: Path) -> int:
    """A profile typed below Kompetencebehov's prepared rows, where no formulas are; its row."""
    row = layout(NEEDS).first_data_row + 3 + NEEDS.spare_rows
    set_cells(path, {("Mål og kompetenceprofil", "A8"): "K4", ("Mål og kompetenceprofil", "D8"): "Vi skal kunne K4.",
                     (NEEDS.name, f"A{row}"): "K4", (NEEDS.name, f"C{row}"): 5, (NEEDS.name, f"D{row}"): 2})
    return row


def test_a_row_without_formulas_gets_them(example_path):
    # A profile row typed below the prepared rows (no formulas there): refresh writes them.
    row = type_a_row_without_formulas(example_path)
    book = open_book(example_path)
    addin.refresh_book(book, TODAY)
    formulas = [a for a in actions(book) if a["func"] == "setFormula"]
    by_cell = {cell: v for a in formulas for cell, v in zip(cells_of(a), [v for r in a["values"] for v in r])}
    assert by_cell[(row, needs_col("gap@Team A"))].startswith(f'=IF(OR(TRIM(C{row})="Ikke relevant",TRIM(D{row})="Ikke relevant"),"Ikke relevant",'
                                                       f'IF(OR(C{row}="",D{row}=""),"",')
    assert by_cell[(row, 2)].startswith(f'=IF($A{row}="","",IFERROR(INDEX(')


def test_values_only_writes_the_same_cells_with_values_clears_and_table_resizes_alone(example_path):
    # xlwings Lite's Excel side handles values, clears, number formats and table resizes; it has no
    # handler for screen updating, calculation mode or formulas as such, and no alert in the browser.
    type_a_row_without_formulas(example_path)
    # One book at a time: the remote engine records application-level actions on the newest book.
    book = xw.Book(json=payload(example_path, tables=True))
    summary = addin.refresh_book(book, TODAY, values_only=True).summary
    lite = actions(book)
    book = xw.Book(json=payload(example_path, tables=True))
    assert addin.refresh_book(book, TODAY).summary == summary
    desktop = actions(book)
    # The row typed directly below Kompetencebehov's table is taken into it, on both paths.
    assert {a["func"] for a in lite} == {"setValues", "rangeClearContents", "setNumberFormat", "resizeTable"}
    assert {"setFormula", "setScreenUpdating", "setCalculation"} <= {a["func"] for a in desktop}
    writes = [a for a in desktop if a["func"] in ("setValues", "setFormula", "rangeClearContents", "setNumberFormat",
                                                  "resizeTable")]
    assert sorted(map(_write_key, lite)) == sorted(map(_write_key, writes))


def _write_key(action: dict) -> str:
    """Where an action writes and what, whichever way it is sent (a text sent as a formula that
    gives it, for xlwings' JavaScript in the browser, as that text)."""
    from excel_applied import text_formula_value
    from xlkompetence.core import formulas

    kind = action["func"] if action["func"] in ("rangeClearContents", "setNumberFormat", "resizeTable") else "write"
    values = [[text_formula_value(v) if isinstance(v, str) and formulas.is_text(v) else v for v in line]
              for line in action.get("values") or []]
    return repr([kind, action["sheet_position"], action["start_row"], action["start_column"], action["row_count"],
                 action["column_count"], values, action.get("args")])


def _unit_with(n_profiles: int):
    unit = examples.concept_example()
    profiles = tuple(Profile(id=f"K{i}", strategy="S", goal="M", text=f"Vi skal kunne {i}.")
                     for i in range(1, n_profiles + 1))
    assessments = tuple(examples.Assessment(profile_id=p.id, team=team, desired=5, actual=1 + i % 5)
                        for i, p in enumerate(profiles) for team in unit.teams)
    return unit.model_copy(update={"profiles": profiles, "assessments": assessments})


def test_calls_into_excel_do_not_grow_with_the_rows(tmp_path):
    counts = {}
    for n in (10, 1000):
        path = tmp_path / f"{n}.xlsx"
        write_unit_workbook(path, _unit_with(n), today=TODAY)
        book = open_book(path)
        outcome = addin.refresh_book(book, TODAY)
        assert len(outcome.result.unit.profiles) == n
        kinds = [a["func"] for a in actions(book)]
        counts[n] = (outcome.calls.reads, outcome.calls.writes, len(kinds), sorted(set(kinds)))
    assert counts[10] == counts[1000]
    reads, writes, n_actions, _ = counts[10]
    # One block read per sheet it needs (the memory, the catalogue, Forslag, Medarbejdere and
    # MED-SU, for the MED record typed there, included), no more; the writes include an autofit per
    # run of rows between the merged texts of each sheet rewritten.
    assert reads <= 11 and writes <= 33 and n_actions <= 38, counts[10]


def test_no_action_targets_a_cell_a_person_typed(example_path):
    set_cells(example_path, {("Mål og kompetenceprofil", "A8"): "K4",
                             ("Mål og kompetenceprofil", "D8"): "Vi skal kunne K4."})
    before = payload(example_path)
    typed = {}
    for sheet in before["sheets"]:
        for r, line in enumerate(sheet["values"], start=1):
            for c, v in enumerate(line, start=1):
                if v not in ("", None):
                    typed[(sheet["name"], r, c)] = v
    result = read_checked(example_path, TODAY).result
    # The derived columns (Fase, Læringsform, Indsats) are filled where blank: test_derived.
    inputs = {(d.name, c) for d in result.sheets.values() for key, c in d.cols.items()
              if d.sheet.column(key.split("@")[0]).is_input and not d.sheet.column(key.split("@")[0]).derived}
    book = xw.Book(json=before)
    addin.refresh_book(book, TODAY)
    names = [s["name"] for s in before["sheets"]]
    fills = []
    for a in actions(book):
        if a["func"] not in ("setValues", "setFormula"):
            continue
        name = names[a["sheet_position"]]
        if name in ("Overblik", "MED-SU", "Fejl og mangler", "Kompetencekatalog", "Forslag", "_xlkompetence"):
            continue  # owned, rewritten whole (the catalogue's typed column by its lines: test_round)
        for r, c in cells_of(a):
            if (name, c) in inputs:
                assert (name, r, c) not in typed, (name, ref(r, c))
                fills.append((name, ref(r, c), a["values"]))
            elif (name, r, c) in typed:
                # a calculated cell: only ever one refresh owns
                assert name in (PLAN.name, "Forankring", "Mål og kompetenceprofil"), (name, ref(r, c))
    # The only input cell written: the new profile's number in an empty row of Kompetencebehov.
    assert fills == [(NEEDS.name, "A11", [["K4"]])]


def test_screen_updating_and_calculation_are_restored_also_on_error(example_path, monkeypatch):
    book = open_book(example_path)

    def fail(sheet, block):
        raise RuntimeError("Excel svarede ikke")

    monkeypatch.setattr(addin, "_write", fail)
    with pytest.raises(RuntimeError):
        addin.refresh_book(book, TODAY)
    funcs = [(a["func"], a["args"]) for a in actions(book)]
    assert funcs[:2] == [("setScreenUpdating", [False]), ("setCalculation", ["Manual"])]
    assert funcs[-2:] == [("setCalculation", ["Automatic"]), ("setScreenUpdating", [True])]


def test_a_calculation_mode_excel_does_not_report_is_left_alone(example_path):
    # Older xlwings.js clients do not send the mode; setting it blind could undo a leader's choice.
    data = payload(example_path)
    del data["book"]["calculation"]
    book = xw.Book(json=data)
    addin.refresh_book(book, TODAY)
    funcs = [a["func"] for a in actions(book)]
    assert "setCalculation" not in funcs
    assert funcs[0] == "setScreenUpdating" and "setValues" in funcs


def test_a_one_line_danish_summary_is_shown(example_path):
    book = open_book(example_path)
    outcome = addin.refresh_book(book, TODAY)
    alerts = [a for a in actions(book) if a["func"] == "alert"]
    assert alerts and alerts[-1]["args"][0] == outcome.summary
    assert outcome.summary.startswith("Opdateret 24-11-2026: 3 kompetenceprofiler, 4 teams")


def test_text_that_starts_like_a_formula_is_written_as_text(example_path):
    set_cells(example_path, {(PLAN.name, "F5"): "=HYPERLINK(\"http://x\")"})
    book = open_book(example_path)
    addin.refresh_book(book, TODAY)
    findings_sheet = sheet_names(example_path).index("Fejl og mangler")
    values = [v for a in actions(book) if a["func"] == "setValues" and a["sheet_position"] == findings_sheet
              for row in a["values"] for v in row if isinstance(v, str)]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert all(not v.startswith("=") or v.startswith("=HYPERLINK(\"#'") for v in values)


def test_every_cell_the_add_in_writes_is_one_excel_lets_it_write(example_path):
    # Excel refuses a write into a locked cell of a protected sheet, and xlwings cannot lift the
    # protection: every cell an action writes must be unlocked or on an unprotected sheet.
    set_cells(example_path, {("Mål og kompetenceprofil", "A8"): "K4", ("Mål og kompetenceprofil", "D8"): "Vi skal kunne K4.",
                             (PLAN.name, "C6"): "Kursus", (PLAN.name, "F6"): "uge 2-8 2027", (PLAN.name, "G6"): "Kim",
                             (PLAN.name, "I6"): "12 timer"})
    book = open_book(example_path)
    addin.refresh_book(book, TODAY)
    wb = openpyxl.load_workbook(example_path)
    names = [ws.title for ws in wb.worksheets]
    refused = []
    for a in actions(book):
        if a["func"] not in ("setValues", "setFormula", "rangeClearContents"):
            continue
        ws = wb[names[a["sheet_position"]]]
        for r, c in cells_of(a):
            if ws.protection.sheet and ws.cell(r, c).protection.locked:
                refused.append((ws.title, ref(r, c)))
    assert not refused, refused[:10]


def offers(obj, protocol) -> list[str]:
    """The members of ``protocol`` that ``obj`` lacks, found without calling a property (the
    remote engine raises NotImplementedError from those it carries but cannot answer here)."""
    import inspect

    names = {n for n in {**vars(protocol), **protocol.__annotations__} if not n.startswith("_")}
    missing = []
    for name in sorted(names):
        try:
            inspect.getattr_static(obj, name)
        except AttributeError:
            missing.append(name)
    return missing


def test_the_remote_engine_offers_every_attribute_the_add_in_uses(example_path):
    # The protocols name the part of xlwings' API the add-in touches; an engine missing one
    # of them would fail inside Excel, where no test runs.
    from xlkompetence.excel.objects import XlApp, XlBook, XlRange, XlSheet, XlTable

    book = xw.Book(json=payload(example_path, tables=True))
    sheets = list(book.sheets)
    tables = [t for s in sheets for t in s.tables]
    assert sheets and tables
    objects = [(book, XlBook), (book.app, XlApp), *((s, XlSheet) for s in sheets),
               *((s.used_range, XlRange) for s in sheets), *((t, XlTable) for t in tables),
               *((t.range, XlRange) for t in tables)]
    assert {type(o).__name__: offers(o, p) for o, p in objects if offers(o, p)} == {}


def test_the_add_in_type_checks_against_those_protocols(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary",
                           "--ignore-missing-imports", "--cache-dir", str(tmp_path / ".mypy"),
                           "xlkompetence/excel/addin.py", "xlkompetence/excel/objects.py"],
                          capture_output=True, text=True, cwd=root, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_rewritten_sheets_rows_are_fitted_by_excel_around_the_merged_texts(example_path):
    """After writing Overblik, MED-SU, Fejl og mangler and the catalogue, the add-in asks Excel
    to fit their rows to the text (one autofit per run of rows between the texts merged across
    the sheet, which Excel does not fit); xlwings Lite, which runs values only, is not asked."""
    book = open_book(example_path)
    addin.refresh_book(book, TODAY)
    names = sheet_names(example_path)
    fitted: dict[str, list[tuple[int, int]]] = {}
    for a in actions(book):
        if a["func"] == "setAutofit":
            assert a["args"] == ["rows"]
            fitted.setdefault(names[a["sheet_position"]], []).append((a["start_row"] + 1, a["start_row"] + a["row_count"]))
    assert set(fitted) == {"Overblik", "MED-SU", "Fejl og mangler", "Kompetencekatalog", "Forslag"}
    for sheet, runs in fitted.items():
        assert runs[0][0] == 1 and all(b[0] > a[1] + 1 for a, b in zip(runs, runs[1:])), (sheet, runs)
        assert all(not (a <= 2 <= b) for a, b in runs), (sheet, runs)  # the intro in row 2 is merged
    lite = open_book(example_path)
    addin.refresh_book(lite, TODAY, values_only=True)
    assert not [a for a in actions(lite) if a["func"] == "setAutofit"]
