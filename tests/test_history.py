"""The history as ``xlkompetence history`` writes it, read back: the rounds in the order of the
periods they name in the table, the JSON and the workbook's charts."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.labels import t
from xlkompetence.org import history
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
# Merged in this order: the unit's spring 2026 round came in after its autumn 2026 round. Beside
# each, Dagteam's actual K1 level (desired 5); the other team's K1 gap stays 1.
MERGED = [("efterår 2025", 3), ("efterår 2026", 5), ("forår 2026", 4), ("forår 2027", 2)]
CHRONOLOGICAL = ["efterår 2025", "forår 2026", "efterår 2026", "forår 2027"]
K1_MEAN_GAP = [((5 - dict(MERGED)[r]) + 1) / 2 for r in CHRONOLOGICAL]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("history")
    folder = tmp / "enheder"
    folder.mkdir()
    nord = folder / "nord.xlsx"
    write_unit_workbook(nord, examples.demo_units()[1][1], today=TODAY)
    runner = CliRunner()
    for period, level in MERGED:
        set_cells(nord, {("Forside", "B7"): period, ("Kompetencebehov", "D8"): level})
        merged = runner.invoke(cli, ["merge", str(folder), "-o", str(tmp / "org.xlsx"), "--today", TODAY.isoformat()])
        assert merged.exit_code == 0, merged.output
    return tmp / "org-historik.sqlite"


def test_rounds_stand_in_the_order_of_their_periods_in_the_table_the_json_and_the_workbook(db, tmp_path):
    hist = history.load(db)
    assert hist.rounds == CHRONOLOGICAL
    k1 = next(key for key, pid, _ in hist.profiles if pid == "K1")
    assert hist.series(k1) == K1_MEAN_GAP

    runner = CliRunner()
    table = runner.invoke(cli, ["history", "--db", str(db)])
    head = table.output.splitlines()[1]
    assert table.exit_code == 0 and head.split()[-8:] == " ".join(CHRONOLOGICAL).split()
    data = json.loads(runner.invoke(cli, ["history", "--db", str(db), "--format", "json"]).output)
    assert data["rounds"] == CHRONOLOGICAL

    out = tmp_path / "udvikling.xlsx"
    assert runner.invoke(cli, ["history", "--db", str(db), "--format", "xlsx", "-o", str(out)]).exit_code == 0
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(t("history.sheet")).to_python()
    assert rows[3][2:2 + len(CHRONOLOGICAL)] == CHRONOLOGICAL
    k1_row = next(row for row in rows[4:] if row[0] == "K1")
    assert k1_row[2:2 + len(CHRONOLOGICAL)] == K1_MEAN_GAP
    with zipfile.ZipFile(out) as zf:
        charts = [ET.fromstring(zf.read(n)) for n in sorted(zf.namelist()) if n.startswith("xl/charts/chart")]
    assert len(charts) == len(hist.profiles)
    for chart in charts:
        categories = [v.text for v in chart.iterfind(f".//{C}cat//{C}pt/{C}v")]
        assert categories == CHRONOLOGICAL
    k1_chart = charts[[pid for _, pid, _ in hist.profiles].index("K1")]
    assert [float(v.text) for v in k1_chart.iterfind(f".//{C}val//{C}pt/{C}v")] == K1_MEAN_GAP
