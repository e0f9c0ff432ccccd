"""Headless refresh and the add-ins leave the same cells: one filled workbook refreshed both
ways, compared cell by cell — every value and how its number format shows it — on every sheet.

The add-in's actions (xlwings' remote engine, as the desktop button, the server and xlwings Lite
send them) are carried out on a copy of the workbook as Excel carries them out
(``excel_applied``); the headless refresh patches the file. A second round types more into the
headless result, so that Overblik's sections move down over cells the first round formatted."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw

from xlkompetence.core import examples
from xlkompetence.core.labels import t
from xlkompetence.core.schema import ANCHORING, COMMITTEE, NEEDS, PLAN, PROFILES, SUGGESTIONS, layout
from xlkompetence.excel.addin import refresh_book
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, needs_ref, set_cells, xlwings_payload
from excel_applied import address, apply_actions, cells
from persona import Layout

A, B, D, E = PROFILES.name, NEEDS.name, PLAN.name, ANCHORING.name


def profiles_and_levels(first: int, last: int, b_row: int) -> dict:
    """Profiles K``first``–K``last`` typed in sheet A (below the example's) and all but the last
    assessed in Kompetencebehov from ``b_row`` on: that one gets its row from refresh."""
    typed: dict = {}
    for i, k in enumerate(range(first, last + 1)):
        typed[(A, f"A{4 + k}")], typed[(A, f"D{4 + k}")] = f"K{k}", f"Vi skal kunne arbejde med tema {k}."
        if k < last:
            r = b_row + i
            typed[(B, f"A{r}")] = f"K{k}"
            for team, levels in (("Team A", (5, 2)), ("Team B", (6 if k == first else 4, 1)), ("Team C", (3, 3))):
                typed[(B, needs_ref(f"desired@{team}", r))], typed[(B, needs_ref(f"actual@{team}", r))] = levels
    return typed


def plan_and_anchoring(first_plan: int, n: int, first_anchor: int) -> dict:
    typed: dict = {}
    for i in range(n):
        r = first_plan + i
        typed.update({(D, f"A{r}"): "Hele Team A" if i % 2 else "Anne og Bo (Team B)", (D, f"B{r}"): f"K{4 + i % 4}",
                      (D, f"C{r}"): f"Kursus i tema {i}", (D, f"F{r}"): ("uge 2-8 2027", "marts 2026", "2026")[i % 3],
                      (D, f"G{r}"): "Kim", (D, f"I{r}"): "12 timer + 1.500 kr.",
                      (D, f"J{r}"): ("Planlagt", "I gang", "Gennemført")[i % 3]})
    for i in range(3):
        r = first_anchor + i
        typed.update({(E, f"A{r}"): f"Tema {i}", (E, f"E{r}"): date(2026, 12, 1 + i), (E, f"F{r}"): f"K{4 + i}"})
    return typed


def both_ways(path: Path, folder: Path) -> tuple[Path, Path, list]:
    """``path`` refreshed headless, and in Excel by the add-in; and the add-in's findings."""
    folder.mkdir()
    headless = Path(shutil.copy(path, folder / "headless.xlsx"))
    assert refresh_file(headless, TODAY).written
    book = xw.Book(json=json.loads(json.dumps(xlwings_payload(path, tables=True))))
    outcome = refresh_book(book, TODAY)
    return headless, apply_actions(path, folder / "addin.xlsx", book.json()["actions"]), outcome.findings


def differences(one: Path, other: Path) -> dict[str, list]:
    first, second = cells(one), cells(other)
    assert first.keys() == second.keys() and all(first.values())
    result = {}
    for sheet, a in first.items():
        b = second[sheet]
        result[sheet] = [(address(*k), a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    return {sheet: diffs for sheet, diffs in result.items() if diffs}


@pytest.fixture
def filled(tmp_path) -> Path:
    path = tmp_path / "udfyldt.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    below_plan = layout(PLAN).first_data_row + 1 + PLAN.spare_rows  # rows typed under the table
    set_cells(path, {**profiles_and_levels(4, 9, 11), **plan_and_anchoring(6, 8, 6),
                     **plan_and_anchoring(below_plan, 2, 9)})
    return path


def test_headless_and_add_in_refresh_write_the_same_cells(filled, tmp_path):
    headless, addin, findings = both_ways(filled, tmp_path / "first")
    assert differences(headless, addin) == {}
    file_findings = read_checked(headless, TODAY).findings
    # A level typed as 6 is quoted as 6 on both paths, in Fejl og mangler and in the findings.
    six = [f for f in file_findings if f.code == "level.out_of_range"]
    assert [f.value for f in six] == ["6"] and [f.value for f in findings if f.code == "level.out_of_range"] == ["6"]
    # Overblik grew past the template's rows: its dates there show as dates.
    shown = cells(headless)["Overblik"]
    dates = [k for k, (value, fmt) in shown.items() if isinstance(value, date)]
    assert dates and all(shown[k][1] == "date" for k in dates)
    assert all(fmt != "date" for value, fmt in shown.values() if isinstance(value, (int, float)))
    # More typed into the refreshed workbook (below the row refresh gave K9): Overblik's sections
    # move down over cells the first round formatted.
    second = Path(shutil.copy(headless, tmp_path / "igen.xlsx"))
    set_cells(second, {**profiles_and_levels(10, 14, 17), **plan_and_anchoring(14, 6, 12)})
    headless, addin, _ = both_ways(second, tmp_path / "second")
    assert differences(headless, addin) == {}
    shown = cells(headless)["Overblik"]
    assert all(fmt != "date" for value, fmt in shown.values() if isinstance(value, (int, float)))
    assert all(fmt == "date" for value, fmt in shown.values() if isinstance(value, date))
    # A suggestion taken with one cell: both ways write the same plan row, its derived columns
    # and the same Forslag without it.
    third = Path(shutil.copy(headless, tmp_path / "forslag.xlsx"))
    line = layout(SUGGESTIONS).first_data_row
    profile = cells(third)[SUGGESTIONS.name][(line, 2)][0]
    set_cells(third, {(SUGGESTIONS.name, f"A{line}"): "Ja"})
    before = read_checked(third, TODAY).result.unit.plan
    headless, addin, _ = both_ways(third, tmp_path / "third")
    assert differences(headless, addin) == {}
    after = read_checked(headless, TODAY).result.unit.plan
    (taken,) = [r for r in after if r.row not in {b.row for b in before}]
    assert taken.need == profile and taken.learning_form and taken.status == "Ikke startet"


def test_the_med_record_typed_on_med_su_is_written_back_on_both_paths(tmp_path):
    """MED-SU is rewritten whole on both paths; the record the leader typed at its top stays."""
    path = tmp_path / "med.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    layout = Layout(path)
    set_cells(path, {(COMMITTEE.name, layout.labelled(COMMITTEE.name, t("committee.discussed"))): date(2026, 10, 28),
                     (COMMITTEE.name, layout.labelled(COMMITTEE.name, t("committee.conclusions"))): "Planen støttes."})
    headless, addin, _ = both_ways(path, tmp_path / "med")
    assert differences(headless, addin) == {}
    for done in (headless, addin):
        record = read_checked(done, TODAY).unit.committee
        assert (record.discussed, record.conclusions) == (date(2026, 10, 28), "Planen støttes.")
