"""What the add-in's server refuses, and how: every refusal a 4xx with a Danish reason and an
error id, nothing stored, nothing of the request in the log. None of this needs xlwings'
remote engine (or its licence key): a request is refused before a workbook is opened."""

from __future__ import annotations

import json
import logging
import re
import shutil
import socket
import subprocess
import time

import httpx
import pytest
from lxml import etree

from xlkompetence.excel.manifest import manifest
from pydantic_core import from_json

from xlkompetence.excel.server import ServerSettings, add_token, hash_token
from xlkompetence.excel.server.payload import replace_lone_surrogates

from click.testing import CliRunner

from xlkompetence.cli import cli

from conftest import xlwings_payload
from malformed_requests import MARKER, malformed_bodies, marked
from served import EXAMPLE_UNIT, ORIGIN, TOKENS, Running, make_settings

DANISH = ("æ", "ø", "å", "ikke", "eller", "mangler", "Arket", "Forespørgslen", "Projektmappen", "Nøglen")


# What a JSON field's name looks like (active_sheet_index, tables[0], book.name): never in a
# refusal, which names fields in Danish ("det aktive ark i projektmappen").
JSON_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|\w\[\d+\]|\b[a-z]+\.[a-z_]+\b")


def danish(response: httpx.Response) -> str:
    body = response.json()
    assert body["error_id"] and any(word in body["detail"] for word in DANISH), body
    assert not JSON_NAME.search(body["detail"]), body["detail"]
    return body["detail"]


@pytest.fixture
def server(tmp_path):
    with Running(make_settings(tmp_path)) as running:
        yield running


@pytest.fixture
def payload(example_path) -> dict:
    return xlwings_payload(example_path)


def nothing_stored(server) -> bool:
    return not server.settings.store.exists() and not server.settings.history_db.exists()


def test_no_key_or_a_wrong_key_is_refused(server, payload):
    for token in (None, "forkert-noegle", "Bearer"):
        response = server.post("/api/submit", payload, token)
        assert response.status_code == 401 and "Nøglen" in danish(response)
        assert response.headers["www-authenticate"] == "Bearer"
    assert nothing_stored(server)


def test_a_body_over_the_limit_is_refused_before_it_is_read_whole(server):
    token = TOKENS[EXAMPLE_UNIT]
    response = server.post("/api/submit", b"x" * (11 * 1024 * 1024), token)
    assert response.status_code == 413 and "for stor" in danish(response)

    def chunks():  # no Content-Length: the limit must hold while the body streams in
        for _ in range(12):
            yield b"x" * (1024 * 1024)

    response = httpx.post(server.url + "/api/refresh", content=chunks(), timeout=60,
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413 and "for stor" in danish(response)


def test_a_workbook_without_the_template_sheets_is_refused(server, payload):
    not_a_unit = dict(payload, sheets=[{"name": "Ark1", "values": [["hej"]], "pictures": [], "tables": []}])
    response = server.post("/api/submit", not_a_unit, TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 422 and "skabelonens ark" in danish(response)
    assert nothing_stored(server)


def test_malformed_bodies_get_a_danish_4xx_and_leave_nothing_in_the_log(server, payload, caplog):
    # Issue 13, item 7: 31 of these answered 500 with a traceback quoting the request.
    caplog.set_level(logging.DEBUG)
    corpus = list(malformed_bodies(payload))
    assert len(corpus) >= 60
    answers = {}
    for what, body in corpus:
        for path in ("/api/refresh", "/api/submit"):
            response = server.post(path, body, TOKENS[EXAMPLE_UNIT])
            assert 400 <= response.status_code < 500, (what, path, response.status_code, response.text[:300])
            answers[(what, path)] = danish(response)
            assert MARKER not in response.headers.get("content-type", "")
    assert nothing_stored(server)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert MARKER not in logged and "Jette" not in logged
    assert "Traceback" not in logged
    access = [r.getMessage() for r in caplog.records if r.name.endswith("errors") and r.getMessage().startswith("POST")]
    assert len(access) == 2 * len(corpus)
    assert all(len(line.split()) == 6 for line in access), access[:3]  # method path status time ms id


def test_a_broken_cell_is_named_by_sheet_and_cell(server, payload):
    broken = marked(payload)
    forside = next(s for s in broken["sheets"] if s["name"] == "Forside")
    forside["values"][4][1] = ["en", "liste"]
    response = server.post("/api/refresh", broken, TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 422
    assert danish(response).startswith('Arket "Forside", celle B5:')
    plan = next(s for s in broken["sheets"] if s["name"] == "Plan for kompetenceudvikling")
    plan["values"][5][11] = "0000-01-01T00:00:00.000Z"
    forside["values"][4][1] = "Enhed"
    response = server.post("/api/refresh", broken, TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 422 and 'celle L6: datoen' in danish(response)


@pytest.mark.parametrize("text, read", [
    ("a\ud800b", "a\ufffdb"),  # half a pair
    ("\udc00\udc00", "\ufffd\ufffd"),  # two second halves
    ("\ud83d\ude00 \ud83d", "\U0001F600 \ufffd"),  # a whole pair is kept
    ("\\ud800", "\\ud800"),  # a backslash typed before "ud800" is text, not an escape
    ("Åse – ingen", "Åse – ingen"),
])
def test_lone_surrogates_become_replacement_characters(text, read):
    body = json.dumps([text]).encode()
    assert from_json(replace_lone_surrogates(body)) == [read]


def test_without_the_remote_engine_a_valid_workbook_is_a_503_that_says_why(server, payload, monkeypatch):
    import xlwings

    class NoRemoteEngine(dict):
        def __getitem__(self, name):
            raise xlwings.LicenseError("no key")

    monkeypatch.setattr(xlwings, "engines", NoRemoteEngine())
    response = server.post("/api/refresh", payload, TOKENS[EXAMPLE_UNIT])
    assert response.status_code == 503 and "XLWINGS_LICENSE_KEY" in danish(response)


def test_a_busy_server_says_when_to_come_back(tmp_path, payload, caplog):
    # Issue 13, item 10: at most max_mb_at_once MB of workbooks at once; beyond that 503 + Retry-After.
    caplog.set_level(logging.INFO)
    body = json.dumps(payload).encode()
    settings = make_settings(tmp_path, max_mb_at_once=len(body) / 1024 / 1024, busy_wait_seconds=0)
    with Running(settings) as server:
        budget = server.app.state.server.budget
        token = TOKENS[EXAMPLE_UNIT]
        with socket.create_connection(("127.0.0.1", server.port)) as slow:
            # A request whose body is still on its way holds all the room there is.
            slow.sendall(b"POST /api/refresh HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         + f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body[:100])
            deadline = time.monotonic() + 30
            while budget.used < len(body):
                assert time.monotonic() < deadline, "the first request never took its room"
                time.sleep(0.01)
            response = server.post("/api/submit", body, token)
            assert response.status_code == 503 and "Prøv igen om" in danish(response)
            assert response.headers["retry-after"] == "1"
            assert server.post("/api/refresh", b"{}", token).status_code == 503  # even a small body waits
        # The sender gave up: its room is free again.
        deadline = time.monotonic() + 30
        while budget.used:
            assert time.monotonic() < deadline, "the room of a request that went away was never freed"
            time.sleep(0.01)
        assert server.post("/api/refresh", b"{}", token).status_code == 400
        assert nothing_stored(server)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # a sender going away is no failure


def read_answer(sock: socket.socket) -> str:
    """A whole HTTP/1.1 answer from a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return (head + b"\r\n\r\n" + body).decode("utf-8")


def test_a_body_that_does_not_arrive_frees_its_slot(tmp_path, payload):
    settings = make_settings(tmp_path, busy_wait_seconds=0, body_seconds=0.5)
    with Running(settings) as server:
        with socket.create_connection(("127.0.0.1", server.port)) as slow:
            slow.sendall(b"POST /api/refresh HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                         + f"Authorization: Bearer {TOKENS[EXAMPLE_UNIT]}\r\n\r\n{{".encode())
            answer = read_answer(slow)
        assert answer.startswith("HTTP/1.1 408") and "kom ikke frem" in answer
        assert server.app.state.server.budget.used == 0


def test_a_removed_key_stops_working_without_a_restart(tmp_path, payload):
    # Issue 13, item 11: keys used to change only when the server restarted.
    config = tmp_path / "server.json"
    kept, removed = add_token(config, "Bostøtten Nord"), add_token(config, EXAMPLE_UNIT)
    assert oct(config.stat().st_mode & 0o777) == "0o600"  # made by add_token: for the server's user only
    with Running(ServerSettings.load(config)) as server:
        # An empty body: 400 means the key was accepted (and the body looked at), 401 that it was not.
        assert server.post("/api/submit", b"{}", removed).status_code == 400
        raw = json.loads(config.read_text(encoding="utf-8"))
        del raw["tokens"][hash_token(removed)]
        config.write_text(json.dumps(raw), encoding="utf-8")
        assert server.post("/api/submit", b"{}", removed).status_code == 401
        assert server.post("/api/submit", b"{}", kept).status_code == 400
        added = add_token(config, "Botilbuddet Solhjem")
        assert server.post("/api/submit", b"{}", added).status_code == 400


def test_a_settings_file_that_cannot_be_read_lets_no_key_in(tmp_path):
    config = tmp_path / "server.json"
    token = add_token(config, EXAMPLE_UNIT)
    with Running(ServerSettings.load(config)) as server:
        assert server.post("/api/submit", b"{}", token).status_code == 400
        config.write_text('{"tokens": {', encoding="utf-8")  # half-saved by an editor
        assert server.post("/api/submit", b"{}", token).status_code == 401
        config.write_text(json.dumps({"tokens": {hash_token(token): {"unit": EXAMPLE_UNIT}}}), encoding="utf-8")
        assert server.post("/api/submit", b"{}", token).status_code == 400


def test_settings_come_from_the_file_and_the_environment_over_it(tmp_path, monkeypatch):
    config = tmp_path / "server.json"
    config.write_text(json.dumps({"max_body_mb": 5, "store": "ind", "public_url": ORIGIN}), encoding="utf-8")
    monkeypatch.setenv("XLKOMPETENCE_MAX_BODY_MB", "20")
    monkeypatch.setenv("XLKOMPETENCE_ALLOWED_ORIGINS", '["https://a.invalid"]')
    settings = ServerSettings.load(config)
    assert settings.max_body_mb == 20 and settings.origins == ["https://a.invalid"]
    assert settings.store == tmp_path / "ind" and settings.public_url == ORIGIN
    monkeypatch.setenv("XLKOMPETENCE_MAX_MB_AT_ONCE", "0")
    with pytest.raises(ValueError, match="max_mb_at_once"):
        ServerSettings.load(config)


def test_unknown_addresses_are_refused_in_danish(server):
    for path in ("/findes-ikke", "/hemmelig.html", "/icon-17.png", "/icon-x.png"):
        response = httpx.get(server.url + path)
        assert response.status_code == 404 and "findes ikke" in danish(response)
    response = httpx.get(server.url + "/api/refresh")
    assert response.status_code == 405 and "tager denne adresse ikke imod" in danish(response)


def test_cors_admits_the_add_ins_origin_only(server):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    ok = httpx.options(server.url + "/api/refresh", headers={"Origin": ORIGIN, **preflight})
    assert ok.headers.get("access-control-allow-origin") == ORIGIN
    other = httpx.options(server.url + "/api/refresh", headers={"Origin": "https://evil.invalid", **preflight})
    assert "access-control-allow-origin" not in other.headers
    refused = httpx.post(server.url + "/api/refresh", headers={"Origin": ORIGIN})
    assert refused.status_code == 401 and refused.headers.get("access-control-allow-origin") == ORIGIN


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
    assert httpx.get(server.url + "/manifest.xml").text == manifest(ORIGIN)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_the_task_pane_outside_excel_says_so_in_danish(server, tmp_path):
    exe = chromium()
    if exe is None:
        pytest.fail("Chromium mangler: kør ./setup.sh --test")
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


def test_serve_refuses_a_broken_settings_file_in_danish_with_exit_2(tmp_path):
    config = tmp_path / "server.json"
    for broken in ("[1, 2", '{"max_body_mb": "mange"}', '{"max_bodymb": 5}'):
        config.write_text(broken, encoding="utf-8")
        for extra in ((), ("--add-token", "Enhed")):
            result = CliRunner().invoke(cli, ["serve", "--config", str(config), *extra])
            assert result.exit_code == 2 and "server.json kan ikke bruges" in result.output, (broken, result.output)


def test_a_workbook_of_too_many_cells_is_refused_in_danish(tmp_path, payload):
    plan = next(s for s in payload["sheets"] if s["name"] == "Plan for kompetenceudvikling")
    plan["values"] = [*plan["values"], *([[1] * len(plan["values"][0])] * 500)]
    with Running(make_settings(tmp_path, max_cells=5000)) as server:
        response = server.post("/api/refresh", payload, TOKENS[EXAMPLE_UNIT])
        assert response.status_code == 413 and "5.000" in danish(response)
        assert server.app.state.server.cells.used == 0 and nothing_stored(server)
