"""The history as ``xlkompetence history`` writes it, read back: the rounds in the order of the
periods they name in the table, the workbook's charts and the SVG picture, and the picture's
lines, axes and legend."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import json
import math
import re
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
from xlkompetence.org.history import History, Point
from xlkompetence.org.historybook import write_history_svg
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells

SVG = "{http://www.w3.org/2000/svg}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
GEOMETRY = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "d", "width", "height", "viewBox", "transform", "dy"}
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


def text_of(el: ET.Element) -> str:
    """A text element as a reader sees it: its wrapped lines joined again."""
    lines = el.findall(f"{SVG}tspan")
    return " ".join(line.text or "" for line in lines) if lines else el.text or ""


def texts(root: ET.Element, group: str) -> list[str]:
    return [text_of(el) for el in root.iterfind(f".//{SVG}g[@class='{group}']/{SVG}text")]


def only(root: ET.Element, cls: str) -> str:
    (el,) = root.iterfind(f".//{SVG}text[@class='{cls}']")
    return text_of(el)


def legend(root: ET.Element) -> list[str]:
    return [text_of(entry.find(f"{SVG}text")) for entry in root.iterfind(f".//{SVG}g[@class='legend']/{SVG}g")]


def coordinates(d: str) -> list[tuple[str, float, float]]:
    return [(cmd, float(x), float(y)) for cmd, x, y in re.findall(r"([ML])(\S+) (\S+)", d)]


def danish(v: float) -> str:
    """One decimal, half up, with a decimal comma: as Excel's "0.0" shows a number in Danish."""
    return str(Decimal(repr(v)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


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


def test_the_svg_beside_the_workbook_draws_a_line_per_profile_over_the_rounds_in_order(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["history", "--db", str(db), "--format", "xlsx"])
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [t("history.written", path="historik.xlsx"),
                                              t("history.written", path="historik.svg")]
    root = ET.parse(tmp_path / "historik.svg").getroot()
    assert root.tag == f"{SVG}svg" and root.get("width") == "800"
    places = [v for el in root.iter() for k, v in el.attrib.items() if k in GEOMETRY]
    assert places and all(re.fullmatch(r"[-0-9. MLrotae()%]+", v) for v in places), "NaN, None or inf drawn"
    _, _, width, height = map(float, root.get("viewBox").split())

    assert only(root, "title") == t("history.title")
    assert only(root, "y-title") == t("history.mean_gap") and only(root, "x-title") == t("history.round")
    assert texts(root, "x-axis") == CHRONOLOGICAL

    hist = history.load(db)
    drawn = [(pid, text, hist.series(key)) for key, pid, text in hist.profiles
             if any(v is not None for v in hist.series(key))]
    lines = root.findall(f".//{SVG}g[@class='line']")
    assert len(lines) == len(drawn) >= 2
    for line, (_, _, values) in zip(lines, drawn):
        (path,) = line.findall(f"{SVG}path")
        points = coordinates(path.get("d"))
        assert len(points) == sum(v is not None for v in values)
        assert all(0 <= x <= width and 0 <= y <= height for _, x, y in points)
        assert [x for _, x, _ in points] == sorted(x for _, x, _ in points)
        assert len(line.findall(f"{SVG}circle")) == len(points)

    k1 = lines[[pid for pid, _, _ in drawn].index("K1")]
    ys = [y for _, _, y in coordinates(k1.find(f"{SVG}path").get("d"))]
    # Up the picture is a larger gap: the rounds ranked by K1's gap, largest first, are the
    # rounds ranked by height.
    assert sorted(range(4), key=lambda i: -K1_MEAN_GAP[i]) == sorted(range(4), key=lambda i: ys[i])

    ticks = texts(root, "y-axis")
    assert all(re.fullmatch(r"-?\d+", tick) for tick in ticks) and "0" in ticks
    numbers = [int(tick) for tick in ticks]
    assert numbers == list(range(min(numbers), max(numbers) + 1))
    measured = [v for _, _, values in drawn for v in values if v is not None]
    assert min(numbers) <= min(measured) and max(measured) <= max(numbers)

    expected = []
    for pid, text, values in drawn:
        measured = [v for v in values if v is not None]
        expected.append(f"{pid} – {text} ({danish(measured[0])} → {danish(measured[-1])})")
    assert legend(root) == expected
    assert any(entry.startswith("K1 – ") and entry.endswith("(1,5 → 2,0)") for entry in legend(root))


def profile(pid: str, text: str, rounds: list[str], gaps: list[float | None]) -> dict[tuple[str, str], Point]:
    return {(pid, r): Point(pid, pid, text, r, g, 2, 0) for r, g in zip(rounds, gaps)}


def test_the_svg_keeps_every_word_of_a_long_profile_and_breaks_a_line_where_a_round_is_missing(tmp_path):
    rounds = ["2024", "2025", "2026", "2027"]
    long_text = "Vi skal kunne " + " ".join(f"samarbejde{i} med pårørende, netværk og kommunens øvrige tilbud"
                                            for i in range(5))
    odd = "<b>Dialog & \"ro\"</b>\x01 =SUM(A1)"
    points = {**profile("K1", long_text, rounds, [2.25, None, 1.0, -0.5]),
              **profile("K2", odd, rounds, [0.5, 0.75, 1.5, 3.0]),
              **profile("K3", "Aldrig vurderet", rounds, [None, None, None, None])}
    hist = History(rounds, [("K1", "K1", long_text), ("K2", "K2", odd), ("K3", "K3", "Aldrig vurderet")], points)
    out = tmp_path / "historik.svg"
    write_history_svg(out, hist)
    root = ET.parse(out).getroot()

    # One decimal, rounded half up as Excel shows it: 2,25 is 2,3.
    assert legend(root) == [f"K1 – {long_text} (2,3 → -0,5)",
                            'K2 – <b>Dialog & "ro"</b> =SUM(A1) (0,5 → 3,0)']
    (long_entry, _) = root.iterfind(f".//{SVG}g[@class='legend']/{SVG}g/{SVG}text")
    assert len(long_entry.findall(f"{SVG}tspan")) >= 3
    lines = root.findall(f".//{SVG}g[@class='line']")
    assert len(lines) == 2
    k1 = coordinates(lines[0].find(f"{SVG}path").get("d"))
    assert [cmd for cmd, _, _ in k1] == ["M", "M", "L"]  # 2024 alone, then 2026 to 2027
    assert len(lines[0].findall(f"{SVG}circle")) == 3
    tooltips = [c.find(f"{SVG}title").text for c in lines[0].findall(f"{SVG}circle")]
    assert tooltips == ["2024: 2,3", "2026: 1,0", "2027: -0,5"]
    assert [int(tick) for tick in texts(root, "y-axis")] == list(range(-1, 4))


def test_an_empty_history_is_a_picture_that_says_so(tmp_path):
    out = tmp_path / "historik.svg"
    write_history_svg(out, History([], [], {}))
    root = ET.parse(out).getroot()
    assert only(root, "empty") == t("history.empty")
    assert root.findall(f".//{SVG}g[@class='line']") == [] and root.findall(f".//{SVG}path") == []
    assert math.isfinite(float(root.get("height")))
