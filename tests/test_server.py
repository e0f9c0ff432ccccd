"""The Office.js add-in's server doing its work: refresh and submit through xlwings' remote
engine, started for real on 127.0.0.1 and called over HTTP. (Refusals, which need no remote
engine, are in test_server_requests.py.)"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import xlwings as xw
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.excel import addin
from xlkompetence.excel.server import api
from xlkompetence.unit import reader
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.xlsx import loader

from conftest import TODAY, set_cells, xlwings_payload
from malformed_requests import MARKER
from served import EXAMPLE_UNIT, TOKENS, Running, make_settings, unit_payloads
from test_team_names import ODD_TEAMS



# Eight units at once: as many as the requests the tests send at a time.
UNITS = {f"Enhed {i:02d}": f"noegle-{i:02d}" for i in range(8)}


@pytest.fixture
def server(tmp_path):
    with Running(make_settings(tmp_path)) as running:
        yield running


@pytest.fixture(scope="module")
def unit_books(tmp_path_factory) -> dict[str, dict]:
    """UNITS' workbooks as the add-in sends them; nothing changes them, so they are made once."""
    return unit_payloads(tmp_path_factory.mktemp("units"), list(UNITS))


def stored(server) -> tuple[int, int]:
    files = len(list(server.settings.store.glob("*.xlsx"))) if server.settings.store.exists() else 0
    if not server.settings.history_db.exists():
        return files, 0
    with sqlite3.connect(server.settings.history_db) as con:
        return files, con.execute("SELECT COUNT(*) FROM levels").fetchone()[0]


def history_units(server) -> set[str]:
    with sqlite3.connect(server.settings.history_db) as con:
        return {r for (r,) in con.execute("SELECT DISTINCT unit FROM levels")}


def alerts(response) -> list[str]:
    return [a["args"][0] for a in response.json()["actions"] if a["func"] == "alert"]


def test_refresh_answers_with_exactly_what_the_desktop_button_writes(server, example_path):
    set_cells(example_path, {("Plan for kompetenceudvikling", "F6"): "uge 2-8 2027",
                             ("Plan for kompetenceudvikling", "C6"): "Sidemandsoplæring"})
    payload = xlwings_payload(example_path)
    response = server.post("/api/refresh", payload, TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 200
    desktop = xw.Book(json=xlwings_payload(example_path))
    addin.refresh_book(desktop, TODAY)
    assert response.json() == desktop.json()
    assert any(a["func"] == "setValues" for a in response.json()["actions"])


def test_send_til_hr_reaches_the_history_and_the_organisation_plan(server, example_path):
    response = server.post("/api/submit", xlwings_payload(example_path), TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 200
    assert alerts(response) and alerts(response)[0].startswith("Sendt til HR")
    assert len(list(server.settings.store.glob("*.xlsx"))) == 1
    assert history_units(server) == {EXAMPLE_UNIT}
    with sqlite3.connect(server.settings.history_db) as con:
        assert {k for (k,) in con.execute("SELECT kind FROM runs")} == {"submit"}
    deadline = time.monotonic() + 30
    while not server.settings.output.exists():
        assert time.monotonic() < deadline, "the organisation plan did not follow"
        time.sleep(0.1)
    rows = CalamineWorkbook.from_path(str(server.settings.output)).get_sheet_by_name("Kilder").to_python()
    assert rows[3][1] == EXAMPLE_UNIT


def test_a_unit_cannot_submit_as_another_and_nothing_is_stored(server, example_path):
    response = server.post("/api/submit", xlwings_payload(example_path), TOKENS["Bostøtten Nord"])
    assert response.status_code == 403 and "Intet er gemt" in response.json()["detail"]
    assert stored(server) == (0, 0)
    # Nor refresh another unit's workbook: the key's holder leads the key's unit only.
    response = server.post("/api/refresh", xlwings_payload(example_path), TOKENS["Bostøtten Nord"])
    assert response.status_code == 403 and 'nøglen hører til "Bostøtten Nord"' in response.json()["detail"]
    assert "Jette" not in response.text  # no personal data in what the server says back


def test_send_til_hr_takes_every_team_name_validate_accepts(server, tmp_path):
    # Issue 13, item 6: these names made "Send til HR" answer 500.
    path = tmp_path / "teams.xlsx"
    unit = examples.blank(EXAMPLE_UNIT, ODD_TEAMS).model_copy(update={"profiles": examples.concept_example().profiles})
    write_unit_workbook(path, unit, today=TODAY)
    response = server.post("/api/submit", xlwings_payload(path), TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 200, response.text
    (kept,) = server.settings.store.glob("*.xlsx")
    assert reader.read(loader.load(kept)).unit.teams == ODD_TEAMS


def test_spelling_variants_of_the_own_unit_are_recorded_as_that_unit(server, tmp_path):
    # Issue 13, item 8: each variant passed the key check and became a unit of its own.
    variants = ["BOSTØTTEN NORD", "Bostøtten Nord.", "Bostøtten  Nord", "Bostøt\u00adten Nord",
                "Ｂｏｓｔøｔｔｅｎ Ｎｏｒｄ"]
    for variant, payload in unit_payloads(tmp_path, variants).items():
        response = server.post("/api/submit", payload, TOKENS["Bostøtten Nord"])
        assert response.status_code == 200, variant
        assert "Bostøtten Nord med" in alerts(response)[0]
    (kept,) = server.settings.store.glob("*.xlsx")
    assert reader.read(loader.load(kept)).unit.cover.unit == "Bostøtten Nord"
    assert history_units(server) == {"Bostøtten Nord"}


def test_a_lone_surrogate_in_a_text_cell_is_replaced_not_refused(server, example_path):
    # Excel can hold half a UTF-16 pair in a cell; the workbook is still the leader's.
    set_cells(example_path, {("Plan for kompetenceudvikling", "C6"): "Kursus SURROGATE"})
    body = json.dumps(xlwings_payload(example_path)).replace("SURROGATE", "\\ud83d og \\udc00").encode()
    response = server.post("/api/submit", body, TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 200, response.text
    (kept,) = server.settings.store.glob("*.xlsx")
    activities = [r.activity for r in reader.read(loader.load(kept)).unit.plan]
    assert "Kursus \ufffd og \ufffd" in activities


def test_odd_but_valid_workbooks_are_refreshed(server, example_path):
    payload = xlwings_payload(example_path)
    plan = next(s for s in payload["sheets"] if s["name"] == "Plan for kompetenceudvikling")
    plan["values"][4][11] = "0001-01-01T00:00:00.000Z"  # a date, if an odd one
    plan["values"][4][8] = 10 ** 300  # a number Excel can hold
    plan["values"].append(["Ragget række", True])  # rows of unequal length, a truth value
    for path in ("/api/refresh", "/api/submit"):
        response = server.post(path, payload, TOKENS[EXAMPLE_UNIT])
        assert response.status_code == 200, (path, response.text)


def test_a_failure_while_refreshing_is_a_422_with_an_id_and_no_content_in_the_log(server, example_path,
                                                                                  monkeypatch, caplog):
    def broken(book, today):
        raise ValueError(f"kan ikke læse {MARKER}")

    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(api, "refresh_book", broken)
    response = server.post("/api/refresh", xlwings_payload(example_path), TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 422
    error_id = response.json()["error_id"]
    assert f"fejl-id {error_id}" in response.json()["detail"] and MARKER not in response.text
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert f"ValueError at test_server.py" in logged and error_id in logged
    assert MARKER not in logged and "Traceback" not in logged


def test_a_store_that_cannot_be_written_is_a_503_and_nothing_half_written(tmp_path, example_path):
    settings = make_settings(tmp_path)
    settings.store.write_text("ikke en mappe")  # the store folder's name is taken by a file
    with Running(settings) as server:
        response = server.post("/api/submit", xlwings_payload(example_path), TOKENS[EXAMPLE_UNIT])
        assert response.status_code == 503 and response.headers["retry-after"]
        assert "kunne ikke gemme" in response.json()["detail"]
        assert not settings.history_db.exists()


def test_many_units_refreshing_and_submitting_at_once_lose_nothing(tmp_path, unit_books):
    settings = make_settings(tmp_path, UNITS)
    with Running(settings) as server:
        def both(unit: str) -> tuple[int, int]:
            a = server.post("/api/refresh", unit_books[unit], UNITS[unit]).status_code
            b = server.post("/api/submit", unit_books[unit], UNITS[unit]).status_code
            return a, b

        with ThreadPoolExecutor(len(UNITS)) as pool:
            codes = list(pool.map(both, list(UNITS) * 2))
        assert set(codes) == {(200, 200)}
        files, _ = stored(server)
        assert files == len(UNITS)
        with sqlite3.connect(settings.history_db) as con:
            assert con.execute("SELECT COUNT(DISTINCT unit) FROM levels").fetchone()[0] == len(UNITS)
            assert con.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2 * len(UNITS)


def test_requests_at_once_each_get_their_own_actions_and_message(tmp_path, unit_books):
    # The remote engine sends alerts and calculation modes to the most recently opened book:
    # with one shared App, one unit's "Sendt til HR" reached another unit's Excel.
    assert {payload["book"]["calculation"] for payload in unit_books.values()} == {"Automatic"}
    with Running(make_settings(tmp_path, UNITS)) as server:
        def submit(unit: str) -> tuple[str, list[str]]:
            return unit, alerts(server.post("/api/submit", unit_books[unit], UNITS[unit]))

        def refresh(unit: str) -> list[str]:
            actions = server.post("/api/refresh", unit_books[unit], UNITS[unit]).json()["actions"]
            return [a["args"][0] for a in actions if a["func"] == "setCalculation"]

        with ThreadPoolExecutor(len(UNITS)) as pool:
            submitted = list(pool.map(submit, list(UNITS) * 2))
            modes = list(pool.map(refresh, list(UNITS) * 2))
    for unit, messages in submitted:
        assert len(messages) == 1 and f"{unit} med" in messages[0], (unit, messages)
    assert all(m == ["Manual", "Automatic"] for m in modes), modes


def test_the_recipient_is_a_setting_named_on_the_button_in_the_manifest_and_in_the_reply(tmp_path, example_path,
                                                                                           monkeypatch):
    # Seed 001: the workbooks may go to "forvaltningen" or the development consultants, not HR.
    monkeypatch.setenv("XLKOMPETENCE_RECIPIENT", "forvaltningen")
    settings = make_settings(tmp_path)
    assert settings.recipient == "forvaltningen"
    with Running(settings) as server:
        pane = httpx.get(f"{server.url}/taskpane.html").text
        assert "Send til forvaltningen" in pane and "Send til HR" not in pane
        manifest = httpx.get(f"{server.url}/manifest.xml").text
        assert 'DefaultValue="Send til forvaltningen"' in manifest and "til HR" not in manifest
        response = server.post("/api/submit", xlwings_payload(example_path), TOKENS[EXAMPLE_UNIT])
        assert response.status_code == 200
        assert alerts(response)[0].startswith("Sendt til forvaltningen")


def test_the_recipient_is_hr_unless_set_and_must_be_a_short_plain_name(tmp_path, monkeypatch):
    from pydantic import ValidationError

    from xlkompetence.excel.server import ServerSettings

    monkeypatch.delenv("XLKOMPETENCE_RECIPIENT", raising=False)
    assert make_settings(tmp_path).recipient == "HR"
    for bad in ("", "<b>HR</b>", "x" * 41):
        with pytest.raises(ValidationError):
            ServerSettings(recipient=bad)


def test_a_workbook_holds_room_by_its_cells_and_a_leaders_own_sheet_is_not_counted(tmp_path, example_path, monkeypatch):
    # Issue 25: the budget counts what a body decodes to. A leader's own sheet of 100 000 cells
    # is checked, then dropped: it counts nothing.
    import threading

    from xlkompetence.excel.server import api
    from xlkompetence.excel.server.payload import decoded_cells, parse_payload

    payload = xlwings_payload(example_path)
    own = {"name": "Mine noter", "values": [[1] * 100 for _ in range(1000)], "pictures": [], "tables": []}
    with_own = {**payload, "sheets": [*payload["sheets"], own]}
    cells = decoded_cells(parse_payload(json.dumps(payload).encode()))
    parsed = parse_payload(json.dumps(with_own).encode())
    assert decoded_cells(parsed) == cells + 1 and parsed["sheets"][-1]["name"] == "Mine noter"
    # Room for one such workbook at once: a second waits for its cells, then is told to come back.
    opened, release = threading.Event(), threading.Event()

    def held(book, today):  # a refresh that takes its time, in its worker thread
        opened.set()
        release.wait(30)

    monkeypatch.setattr(api, "refresh_book", held)
    settings = make_settings(tmp_path, max_cells_at_once=cells + 1, busy_wait_seconds=0)
    with Running(settings) as server:
        room = server.app.state.server.cells
        first = threading.Thread(target=server.post, args=("/api/refresh", with_own, TOKENS[EXAMPLE_UNIT]))
        first.start()
        assert opened.wait(30) and room.used == cells + 1
        second = server.post("/api/refresh", payload, TOKENS[EXAMPLE_UNIT])
        assert second.status_code == 503 and "Prøv igen om" in second.json()["detail"]
        assert server.app.state.server.budget.used == 0  # its body's room is given back meanwhile
        release.set()
        first.join(30)
        deadline = time.monotonic() + 30  # given back as the first request's dependencies close
        while room.used:
            assert time.monotonic() < deadline, "the first workbook's room was never given back"
            time.sleep(0.01)

