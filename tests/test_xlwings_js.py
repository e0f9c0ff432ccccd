"""xlwings' JavaScript turns no text of ours into a date.

xlwings' Office.js client (xlwings-server's ``xlwings.js``, which xlwings Lite appears to be built
from) handed every written string longer than 18 characters that holds a capital "T" to
``Date.parse`` and wrote a date where the browser took it, until January 2025; Lite is closed and
may carry that client. The same ``setValues`` ships as xlwings' Google Sheets client in the
xlwings 0.33.5 wheel, which ``./setup.sh --test`` fetches from PyPI (never committed): the
actions the add-in sends in the browser run through that function, unchanged, in node (V8, as
in Edge, Chrome and Excel's WebView2). It converts the leaders' texts where they are sent as
text, and none of what the add-in sends: a text it would look at goes as a formula that gives
the text and holds no "T" (``formulas.text``). The project's own Office.js client has no such
guess: it sets what it is sent."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import xlwings as xw

from xlkompetence.core import examples, formulas
from xlkompetence.core.schema import CATALOGUE, PLAN, PROFILES
from xlkompetence.excel.addin import refresh_book
from xlkompetence.unit.refresh import refresh_file
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells, xlwings_payload
from excel_applied import apply_actions, text_formula_value
from test_one_cell_model import differences

JS = Path(__file__).parent / "js"
CLIENT = JS / "xlwings-0.33.5.js"
OWN_CLIENT = Path(__file__).parents[1] / "xlkompetence" / "excel" / "web" / "xlkompetence-office.js"
# What leaders write, and what V8's Date.parse makes of it: 1.1.2001, 12.3.2026, 1.1.2026.
CONVERTED = ("Hele Team 1 (12 medarbejdere)", "Temadag om MI 12. marts 2026", "Team Hansen mangler vurdering 2026")


@pytest.fixture(scope="module")
def node() -> str:
    exe = shutil.which("node")
    if exe is None or not CLIENT.exists():
        pytest.fail("node og xlwings' JavaScript (tests/js/xlwings-0.33.5.js) mangler: kør ./setup.sh --test")
    return exe


def run_node(node: str, script: str, client: Path, job: object, tmp_path: Path) -> dict:
    path = tmp_path / f"{script}.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    out = subprocess.run([node, str(JS / script), str(client), str(path)], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:])


def through_xlwings_js(node: str, actions: list[dict], tmp_path: Path) -> dict:
    """``actions`` carried out by xlwings' own setValues, in a Danish spreadsheet."""
    return run_node(node, "xlwings_setvalues.mjs", CLIENT, {"actions": actions, "locale": "da_DK"}, tmp_path)


@pytest.fixture
def unit(tmp_path) -> Path:
    """A unit whose texts xlwings' guess takes for dates reach the sheets refresh writes: a done
    plan row (so the catalogue, with Kan oplære andre typed), a goal a profile inherits (Arvet
    mål, a calculated value column) and a team learning goal (Overblik)."""
    path = tmp_path / "enhed.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    set_cells(path, {
        (PROFILES.name, "A8"): "K4", (PROFILES.name, "C8"): CONVERTED[2], (PROFILES.name, "D8"): "Vi skal kunne A.",
        (PROFILES.name, "A9"): "K5", (PROFILES.name, "D9"): "Vi skal kunne B.",
        (PLAN.name, "A6"): CONVERTED[0], (PLAN.name, "B6"): "K1", (PLAN.name, "C6"): CONVERTED[1],
        (PLAN.name, "F6"): "2026", (PLAN.name, "G6"): "Kim", (PLAN.name, "J6"): "Gennemført",
        ("Kompetencebehov", "C4"): "Teamet holder Temadag 12. marts 2026",
    })
    refresh_file(path, TODAY)
    set_cells(path, {(CATALOGUE.name, "G5"): "Ja"})  # Kan oplære andre, on the plan row's line
    return path


def lite_actions(path: Path) -> list[dict]:
    book = xw.Book(json=json.loads(json.dumps(xlwings_payload(path, tables=True))))
    refresh_book(book, TODAY, values_only=True)
    return book.json()["actions"]


def test_xlwings_js_turns_no_text_into_a_date(unit, node, tmp_path):
    # The texts the refresh writes, sent as text (as the desktop button does, where no
    # JavaScript runs): xlwings' setValues turns the leaders' texts into dates.
    book = xw.Book(json=json.loads(json.dumps(xlwings_payload(unit, tables=True))))
    refresh_book(book, TODAY)
    plain = [a for a in book.json()["actions"] if a["func"] == "setValues"]
    converted = through_xlwings_js(node, plain, tmp_path)["converted"]
    texts = sorted({c["sent"] for c in converted})
    print("\nxlwings.js would have turned these texts into dates:\n" + "\n".join(
        f"  {c['sent']!r} -> {c['written']!r}" for c in converted))
    assert set(CONVERTED) <= set(texts) and "12.3.2026" in {c["written"] for c in converted}
    # What the add-in sends in the browser: nothing converted, the texts as formulas.
    actions = lite_actions(unit)
    result = through_xlwings_js(node, actions, tmp_path)
    assert result["converted"] == []
    sent = [v for a in actions if a["func"] == "setValues" for line in a["values"] for v in line]
    made = [text_formula_value(v) for v in sent if isinstance(v, str) and formulas.is_text(v)]
    assert set(CONVERTED) <= set(made)
    # What the spreadsheet holds after it is what the headless refresh writes, every cell, and
    # the next press finds the catalogue line with its typed Kan oplære andre.
    headless = Path(shutil.copy(unit, tmp_path / "headless.xlsx"))
    refresh_file(headless, TODAY)
    handed = iter(result["written"])
    carried = [{**a, "values": next(handed)["values"]} if a["func"] == "setValues" else a for a in actions]
    in_excel = apply_actions(unit, tmp_path / "lite.xlsx", carried)
    assert differences(headless, in_excel) == {}
    again = apply_actions(in_excel, tmp_path / "igen.xlsx", lite_actions(in_excel))
    catalogue = loader.load(again).grids[CATALOGUE.name]
    lines = {(catalogue.get(r, 1), catalogue.get(r, 2)): catalogue.get(r, 7) for r in range(5, 10)}
    assert lines[CONVERTED[:2]] == "Ja"
    # Refreshed headless afterwards, the texts the browser left as formulas (Arvet mål among
    # them) are refresh's own: written over, not reported as typed over a calculated cell.
    kept = apply_actions(unit, tmp_path / "formler.xlsx", carried, text_formulas=True)
    report = refresh_file(kept, TODAY)
    assert report.written and "calc.typed_over" not in {f.code for f in report.findings}
    assert loader.load(kept).grids[PROFILES.name].get(9, 6) == CONVERTED[2]


def test_a_text_as_formula_gives_back_its_text(libreoffice, tmp_path):
    """LibreOffice, as a second engine, calculates each formula ``formulas.text`` makes to its
    text: quotes, line breaks, Danish letters, an emoji, a text that starts like a formula, and
    one of 600 characters (literals of at most 255)."""
    import openpyxl

    texts = [CONVERTED[0], 'Han sagde "Team" to gange', "Første linje\nAnden linje Tirsdag", "Æble ØsT Å 🙂 T",
             "=TEST af en tekst der ligner en formel", "'Citat: Tid til TUS", "Tema " + "Tid og Tanke, " * 42]
    made = [formulas.text(t) for t in texts]
    assert all(f is not None and "T" not in f.replace("CHAR(84)", "") for f in made)
    assert all(len(lit) <= formulas.MAX_LITERAL + 2 for f in made for lit in f[1:].split("&"))
    wb = openpyxl.Workbook()
    for row, formula in enumerate(made, start=1):
        wb.active.cell(row, 1).value = formula
    wb.save(tmp_path / "tekster.xlsx")
    (shown,) = libreoffice.sheets_as_csv(tmp_path / "tekster.xlsx", tmp_path / "csv").values()
    assert [line[0] for line in shown] == texts


def test_the_own_office_client_sets_what_it_is_sent(example_path, node, tmp_path):
    """The project's Office.js client (the server's add-in) has no date guess: every value,
    formula and number format reaches Excel as the server sent it, and every row fit too."""
    set_cells(example_path, {(PLAN.name, "A6"): CONVERTED[0], (PLAN.name, "C6"): CONVERTED[1],
                             (PLAN.name, "G6"): "Kim", (PLAN.name, "J6"): "Gennemført"})
    book = xw.Book(json=json.loads(json.dumps(xlwings_payload(example_path, tables=True))))
    refresh_book(book, TODAY)
    actions = book.json()["actions"]
    result = run_node(node, "office_apply.mjs", OWN_CLIENT, actions, tmp_path)
    kinds = {"setValues": "values", "setFormula": "formulas", "setNumberFormat": "numberFormat",
             "setAutofit": "autofit"}

    def given(a: dict):
        if a["func"] == "setNumberFormat":
            return [[a["args"][0]] * a["column_count"]] * a["row_count"]
        return a["args"][0] if a["func"] == "setAutofit" else a["values"]

    expected = [(a["sheet_position"], a["start_row"], a["start_column"], kinds[a["func"]], given(a))
                for a in actions if a["func"] in kinds]
    assert any(a["func"] == "setAutofit" for a in actions)
    got = [(s["sheet_position"], s["start_row"], s["start_column"], s["property"], s["value"])
           for s in result["set"] if s["property"] != "clear"]
    assert got == expected and any(CONVERTED[0] in json.dumps(v) for *_, v in got)
    assert result["message"] == next(a["args"][0] for a in actions if a["func"] == "alert")
