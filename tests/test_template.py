"""The workbook a leader gets: sheets, tables, validation, formats, protection, print setup."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.core.gaps import needs_rows
from xlkompetence.core.schema import (
    ANCHORING,
    INDIVIDUAL,
    NEEDS,
    PLAN,
    PROFILES,
    SHEETS,
    Calc,
    TEMPLATE_SHEETS,
    layout,
    placed_columns,
)
from xlkompetence.unit.template import TemplateError, write_unit_workbook

from conftest import TODAY, needs_col

TEAMS = examples.TEAMS


def test_every_sheet_in_order_with_the_templates_headers(example_path):
    wb = openpyxl.load_workbook(example_path)
    assert wb.sheetnames == [s.name for s in SHEETS]
    assert [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"] == ["_xlkompetence"]
    assert wb["_xlkompetence"].sheet_state == "veryHidden"
    for sheet in TEMPLATE_SHEETS:
        ws = wb[sheet.name]
        header_row = layout(sheet).header_row
        expected = [p.header for p in placed_columns(sheet, TEAMS)]
        assert [c.value for c in ws[header_row]][: len(expected)] == expected


def test_template_headers_are_the_appendix_words():
    assert [p.header for p in placed_columns(PROFILES)] == ["Nr.", "Strategi", "Mål", "Kompetenceprofil",
                                                           "Fra organisationen", "Arvet mål"]
    assert [p.header for p in placed_columns(PLAN)][:10] == [
        "Medarbejdere", "Kompetencebehov", "Læringsaktivitet", "Opfølgningsaktivitet", "Læringsmål",
        "Tidsplan", "Ansvar", "Succeskriterier og evaluering", "Ressourceforbrug", "Status"]
    assert [p.header for p in placed_columns(INDIVIDUAL)][2:] == [
        "Teamets læringsmål", "Personlige læringsmål", "Læringsaktiviteter",
        "Aktivitetsspecifikke læringsmål", "Aftalt ved MUS/PUS (dato)", "Næste opfølgning",
        "Løbende refleksioner/logbog"]
    assert [p.header for p in placed_columns(ANCHORING)][:4] == [
        "Kompetencebehov/formål", "Fungerer", "Bekymrer", "Aftaler/løsninger"]
    assert [p.header for p in placed_columns(NEEDS, ["Team A"])][2:6] == [
        "Team A: Ønsket niveau (1-5)", "Team A: Reelt niveau (1-5)", "Team A: Reelt niveau (sidste runde)",
        "Team A: Gab"]


def test_sheet_names_fit_excel():
    assert all(len(s.name) <= 31 for s in SHEETS)


def test_each_template_sheet_is_one_excel_table(example_path):
    wb = openpyxl.load_workbook(example_path)
    for sheet in TEMPLATE_SHEETS:
        tables = wb[sheet.name].tables
        assert list(tables) == [sheet.table]
        first = layout(sheet).header_row
        assert tables[sheet.table].ref.startswith(f"A{first}:")


def test_data_validation_rules_and_danish_messages_are_in_the_file(example_path):
    wb = openpyxl.load_workbook(example_path)
    needs = wb[NEEDS.name].data_validations.dataValidation
    # The levels 1–5 and the answer "Ikke relevant", offered as a list.
    levels = [dv for dv in needs if dv.type == "list" and dv.formula1 == '"1,2,3,4,5,Ikke relevant"']
    assert len(levels) == 2 * len(TEAMS)
    for dv in levels:
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
        assert "helt tal fra 1 til 5" in dv.error
        assert dv.promptTitle == "Ønsket niveau (1-5)" or "niveau" in dv.prompt
    ids = [dv for dv in needs if dv.type == "list" and dv.formula1.startswith("'")]
    assert ids and ids[0].formula1.startswith("'Mål og kompetenceprofil'!$A$5")
    plan = wb[PLAN.name].data_validations.dataValidation
    status = [dv for dv in plan if dv.type == "list" and "Gennemført" in dv.formula1]
    assert status and status[0].formula1 == '"Ikke startet,I gang,Gennemført,Forankret,Udskudt"'
    dates = [dv for dv in wb[ANCHORING.name].data_validations.dataValidation if dv.type == "date"]
    assert dates and "dato" in dates[0].error.lower()
    guiding = [dv for dv in wb[ANCHORING.name].data_validations.dataValidation if dv.prompt]
    assert any("Hvornår er der opfølgning igen?" in dv.prompt for dv in guiding)
    profile_ids = [dv for dv in wb[PROFILES.name].data_validations.dataValidation if dv.type == "custom"]
    assert profile_ids and "COUNTIF" in profile_ids[0].formula1


def test_the_plans_kompetencebehov_offers_the_profile_numbers_and_still_takes_text(example_path):
    """A drop-down of sheet A's numbers with the right question; an information alert, not a
    stop, so the appendix's way (the profile's text, or "K1, K3") can still be typed."""
    wb = openpyxl.load_workbook(example_path)
    need = [dv for dv in wb[PLAN.name].data_validations.dataValidation if "B5" in str(dv.sqref)]
    assert len(need) == 1
    dv = need[0]
    assert dv.type == "list" and dv.formula1.startswith("'Mål og kompetenceprofil'!$A$5:$A$")
    assert dv.prompt == "Hvilket kompetencebehov (profil, fx K1) skal aktiviteten dække?"
    assert dv.errorStyle == "information" and "profilens tekst" in dv.error
    anchoring = [dv for dv in wb[ANCHORING.name].data_validations.dataValidation if "F5" in str(dv.sqref)]
    assert anchoring and anchoring[0].type == "list" and anchoring[0].errorStyle == "information"
    priority = [dv for dv in wb[NEEDS.name].data_validations.dataValidation
                if dv.type == "list" and "Kort sigt" in dv.formula1]
    assert priority and priority[0].formula1 == '"Kort sigt,Længere sigt,Ikke nu"'


def test_gap_cells_are_live_formulas_with_correct_cached_values(example_path):
    wb = openpyxl.load_workbook(example_path)
    ws = wb[NEEDS.name]
    first = layout(NEEDS).first_data_row
    assert ws.cell(first, needs_col("gap@Team A")).value.startswith('=IF(OR(TRIM(C8)="Ikke relevant",TRIM(D8)="Ikke relevant"),"Ikke relevant",IF(OR(C8="",D8=""),""')
    # Python readers and previewers see the cached results: the same gaps as the core.
    book = CalamineWorkbook.from_path(str(example_path))
    rows = book.get_sheet_by_name(NEEDS.name).to_python(skip_empty_area=False)
    cols = {p.key: i for i, p in enumerate(placed_columns(NEEDS, TEAMS))}
    for i, r in enumerate(needs_rows(examples.concept_example())):
        line = rows[first - 1 + i]
        for team in TEAMS:
            cached = line[cols[f"gap@{team}"]]
            assert (cached if cached != "" else None) == r.gaps[team]
        assert line[cols["status"]] == r.status.label
        assert line[cols["profile"]] == r.text


def test_conditional_formats_mark_gaps_missing_levels_and_overdue_rows(example_path):
    wb = openpyxl.load_workbook(example_path)
    needs_rules = [rule.formula[0] for rng in wb[NEEDS.name].conditional_formatting for rule in rng.rules]
    assert any(">=2" in f for f in needs_rules)
    assert any("<0" in f for f in needs_rules)
    assert any('TRIM(C8)=""' in f for f in needs_rules)
    plan_rules = [rule.formula[0] for rng in wb[PLAN.name].conditional_formatting for rule in rng.rules]
    assert any("TODAY()" in f and "Forsinket" in f for f in plan_rules)


def test_formulas_locked_what_people_or_the_add_ins_write_unlocked_sheets_protected(example_path):
    wb = openpyxl.load_workbook(example_path)
    for sheet in TEMPLATE_SHEETS:
        ws = wb[sheet.name]
        assert ws.protection.sheet is True
        assert not ws.protection.password
        first = layout(sheet).first_data_row
        for i, p in enumerate(placed_columns(sheet, TEAMS), start=1):
            locked = ws.cell(first, i).protection.locked
            assert locked is (p.column.calc in (Calc.FORMULA, Calc.MANAGED)), (sheet.name, p.header)
    # The sheets the add-ins rewrite whole are not protected: Excel would refuse their writes.
    assert not wb["Overblik"].protection.sheet and not wb["Fejl og mangler"].protection.sheet


def test_frozen_headers_print_setup(example_path):
    wb = openpyxl.load_workbook(example_path)
    ws = wb[NEEDS.name]
    # The profiles stay in view across the teams' columns; the teams' goals above the table,
    # typed there, are not frozen.
    assert ws.freeze_panes == "C1"
    assert ws.page_setup.orientation == "landscape"
    # A fixed scale, never fit-to-page (which shrinks a wide sheet to unreadable type).
    assert int(ws.page_setup.scale) >= 73
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert ws.print_title_rows == "$7:$7"
    assert wb[PLAN.name].freeze_panes == "A5"


def test_overview_has_a_chart_of_desired_and_actual_per_team(example_path):
    with zipfile.ZipFile(example_path) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = zf.read(charts[0]).decode()
    assert "Overblik" in xml and "<c:barChart>" in xml


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    unit = examples.blank("=HYPERLINK(\"http://x\")", ("Team A",))
    path = tmp_path / "u.xlsx"
    write_unit_workbook(path, unit, today=TODAY)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>HYPERLINK" not in sheet


@pytest.mark.parametrize("teams", [(), ("A", "a"), ("Team A", "team  a"), ("T" * 300,), ("",)])
def test_bad_team_names_are_refused_in_danish(tmp_path, teams):
    with pytest.raises(TemplateError) as exc:
        write_unit_workbook(tmp_path / "x.xlsx", examples.blank("X", teams), today=TODAY)
    assert any(word in str(exc.value) for word in ("team", "Team"))
    assert not list(tmp_path.iterdir())
