"""Excel opens every file clean: each way the project's writers made Excel offer to repair a
file, on workbooks like those Excel saves."""

from __future__ import annotations

from xlkompetence.core import examples
from xlkompetence.core.models import PlanRow
from xlkompetence.core.schema import PLAN
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY

D = PLAN.name


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
        hours, kroner = [shown[row][14] for row in (4, 5)], shown[6][15]  # rows 5–7, columns O and P
        assert hours in (["20", "7.4"], ["20", "7,4"]) and kroner == "15000", (hours, kroner)
