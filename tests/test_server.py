"""The Office.js add-in's server, started for real on 127.0.0.1 and called over HTTP."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from xlkompetence.excel import addin
from xlkompetence.core import examples
from xlkompetence.excel.manifest import manifest
from xlkompetence.excel.server import ServerConfig, TokenEntry, create_app, hash_token
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, set_cells, xlwings_payload

xw = pytest.importorskip("xlwings")
uvicorn = pytest.importorskip("uvicorn")
pytestmark = pytest.mark.skipif(
    not os.environ.get("XLWINGS_LICENSE_KEY"),
    reason="the server runs xlwings' remote engine, which needs XLWINGS_LICENSE_KEY ('noncommercial')",
)

EXAMPLE_UNIT = "Botilbuddet (konceptets eksempel)"
TOKENS = {EXAMPLE_UNIT: "noegle-botilbud", "Bostøtten Nord": "noegle-nord"}
ORIGIN = "https://kompetence.example.invalid"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    def __init__(self, config: ServerConfig):
        self.config = config
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(config, today=TODAY)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Running":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    def post(self, path: str, payload, token: str | None = None, **kw) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return httpx.post(self.url + path, content=body, headers={**headers, "Content-Type": "application/json"},
                          timeout=60, **kw)


def make_config(tmp_path: Path, **extra) -> ServerConfig:
    return ServerConfig(public_url=ORIGIN, store=tmp_path / "indsendt", output=tmp_path / "organisation.xlsx",
                        rebuild_after_seconds=0.2,
                        tokens={hash_token(tok): TokenEntry(unit=u) for u, tok in TOKENS.items()}, **extra)


@pytest.fixture
def server(tmp_path):
    with Running(make_config(tmp_path)) as running:
        yield running


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
    alerts = [a for a in response.json()["actions"] if a["func"] == "alert"]
    assert alerts and alerts[0]["args"][0].startswith("Sendt til HR")
    assert len(list(server.config.store.glob("*.xlsx"))) == 1
    with sqlite3.connect(server.config.history_db) as con:
        assert {r for (r,) in con.execute("SELECT DISTINCT unit FROM levels")} == {EXAMPLE_UNIT}
        assert {k for (k,) in con.execute("SELECT kind FROM runs")} == {"submit"}
    deadline = time.monotonic() + 30
    while not server.config.output.exists():
        assert time.monotonic() < deadline, "the organisation plan did not follow"
        time.sleep(0.1)
    rows = CalamineWorkbook.from_path(str(server.config.output)).get_sheet_by_name("Kilder").to_python()
    assert rows[3][1] == EXAMPLE_UNIT


def stored(server) -> tuple[int, int]:
    files = len(list(server.config.store.glob("*.xlsx"))) if server.config.store.exists() else 0
    if not server.config.history_db.exists():
        return files, 0
    with sqlite3.connect(server.config.history_db) as con:
        return files, con.execute("SELECT COUNT(*) FROM levels").fetchone()[0]


def test_bad_requests_get_a_clear_4xx_and_nothing_is_stored(server, example_path, tmp_path):
    payload = xlwings_payload(example_path)
    assert server.post("/api/submit", payload).status_code == 401
    assert server.post("/api/submit", payload, "forkert-noegle").status_code == 401
    response = server.post("/api/submit", b"{not json", TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 400 and "JSON" in response.json()["detail"]
    response = server.post("/api/submit", b"x" * (11 * 1024 * 1024), TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 413 and "for stor" in response.json()["detail"]
    not_a_unit = dict(payload, sheets=[{"name": "Ark1", "values": [["hej"]], "pictures": [], "tables": []}])
    response = server.post("/api/submit", not_a_unit, TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 422 and "skabelonens ark" in response.json()["detail"]
    # Nord's key cannot send Botilbuddet's workbook.
    response = server.post("/api/submit", payload, TOKENS["Bostøtten Nord"])
    assert response.status_code == 403 and "Intet er gemt" in response.json()["detail"]
    assert stored(server) == (0, 0)
    # No personal data in what the server says back on a refusal.
    assert "Jette" not in response.text


def test_cors_admits_the_add_ins_origin_only(server):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    ok = httpx.options(server.url + "/api/refresh", headers={"Origin": ORIGIN, **preflight})
    assert ok.headers.get("access-control-allow-origin") == ORIGIN
    other = httpx.options(server.url + "/api/refresh", headers={"Origin": "https://evil.invalid", **preflight})
    assert "access-control-allow-origin" not in other.headers


def test_the_add_in_files_and_manifest(server):
    for path in ("/taskpane.html", "/commands.html", "/xlkompetence-office.js", "/xlkompetence.css",
                 "/icon-16.png", "/icon-32.png", "/icon-80.png", "/manifest.xml"):
        response = httpx.get(server.url + path)
        assert response.status_code == 200, path
    page = httpx.get(server.url + "/taskpane.html").text
    assert "Denne side virker kun i Excel" in page and "{{" not in page
    assert httpx.get(server.url + "/icon-32.png").content.startswith(b"\x89PNG")
    root = etree.fromstring(manifest(ORIGIN).encode())
    ns = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
          "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
          "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0"}
    assert root.find("o:DefaultLocale", ns).text == "da-DK"
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iterfind(".//bt:String", ns)}
    assert strings["Tab.Label"] == "Kompetence"
    assert strings["Refresh.Label"] == "Opdater gab og status" and strings["Submit.Label"] == "Send til HR"
    functions = [f.text for f in root.iterfind(".//v:FunctionName", ns)]
    assert functions == ["refresh", "submit"]
    urls = {u.get("id"): u.get("DefaultValue") for u in root.iterfind(".//bt:Url", ns)}
    assert urls == {"Commands.Url": f"{ORIGIN}/commands.html", "Taskpane.Url": f"{ORIGIN}/taskpane.html"}
    assert manifest(ORIGIN) == manifest(ORIGIN + "/")  # the same id for the same server


def unit_payloads(folder: Path, units: list[str]) -> dict[str, dict]:
    """A workbook per unit (Bostøtten Nord's, renamed), as the add-in would send it."""
    base = examples.demo_units()[1][1]
    payloads = {}
    for unit in units:
        path = folder / f"{unit}.xlsx"
        write_unit_workbook(path, base.model_copy(update={"cover": base.cover.model_copy(update={"unit": unit})}),
                            today=TODAY)
        payloads[unit] = xlwings_payload(path)
    return payloads


def test_many_units_refreshing_and_submitting_at_once_lose_nothing(tmp_path):
    units = {f"Enhed {i:02d}": f"noegle-{i:02d}" for i in range(16)}
    config = make_config(tmp_path).model_copy(update={
        "tokens": {hash_token(tok): TokenEntry(unit=u) for u, tok in units.items()}})
    payloads = unit_payloads(tmp_path, list(units))
    with Running(config) as server:
        def both(unit: str) -> tuple[int, int]:
            a = server.post("/api/refresh", payloads[unit], units[unit]).status_code
            b = server.post("/api/submit", payloads[unit], units[unit]).status_code
            return a, b

        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(both, list(units) * 2))
        assert set(codes) == {(200, 200)}
        files, _ = stored(server)
        assert files == len(units)
        with sqlite3.connect(config.history_db) as con:
            assert con.execute("SELECT COUNT(DISTINCT unit) FROM levels").fetchone()[0] == len(units)
            assert con.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2 * len(units)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_the_task_pane_outside_excel_says_so_in_danish(server, tmp_path):
    exe = chromium()
    if exe is None:
        if os.environ.get("XLK_REQUIRE_CHROMIUM"):
            pytest.fail("Chromium er påkrævet her, men findes ikke")
        pytest.skip("Chromium er ikke installeret")
    dom = subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chromium'}", "--virtual-time-budget=6000", "--dump-dom",
         server.url + "/taskpane.html"],
        capture_output=True, text=True, timeout=120).stdout
    tree = etree.HTML(dom)
    outside = tree.find(".//section[@id='outside']")
    waiting = tree.find(".//section[@id='waiting']")
    assert outside is not None and outside.get("hidden") is None
    assert waiting.get("hidden") is not None
    assert "Denne side virker kun i Excel" in "".join(outside.itertext())
