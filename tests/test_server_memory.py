"""The server's memory budget counts what a workbook decodes to: its cells. A body of small
numbers holds seven times the cells of one of text, and what a refresh holds grows with the
cells; so a workbook holds room counted in cells while it is refreshed (``max_cells_at_once``),
and one of more than ``max_cells`` is refused.

Measured on the real server in a process of its own (``xlkompetence serve``): the largest
workbook it admits, of small numbers in the plan (the costliest kind per cell), peaks below
``PER_CELL`` bytes a cell above the idle server, the figure the README states."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from xlkompetence.excel.server.payload import decoded_cells, parse_payload
from xlkompetence.excel.server.settings import ServerSettings

from conftest import copy_of, xlwings_payload
from served import EXAMPLE_UNIT, free_port

PLAN = "Plan for kompetenceudvikling"
PER_CELL = 1024  # bytes: "at most about 1 KB a cell" in the README
TOKEN = "noegle-maaling"
README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def body_of(payload: dict, cells: int) -> bytes:
    """``payload`` with its plan grown by rows of small numbers to ``cells`` cells in all."""
    grown = json.loads(json.dumps(payload))
    plan = next(s for s in grown["sheets"] if s["name"] == PLAN)
    width = len(plan["values"][0])
    have = decoded_cells(parse_payload(json.dumps(payload).encode()))
    plan["values"] += [[i % 5 + 1] * width for i in range((cells - have) // width)]
    body = json.dumps(grown).encode()
    return body


def memory(pid: int) -> dict[str, float]:
    """Resident (VmRSS) and peak resident (VmHWM) memory of ``pid``, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}


def test_the_server_budgets_by_decoded_cells(written, tmp_path):
    settings = ServerSettings()
    payload = xlwings_payload(copy_of(written["eksempel.xlsx"], tmp_path / "eksempel.xlsx"), name="eksempel.xlsx")
    largest = body_of(payload, settings.max_cells - 100)
    too_many = body_of(payload, settings.max_cells + 1000)
    admitted = decoded_cells(parse_payload(largest))
    assert settings.max_cells - 200 < admitted <= settings.max_cells < decoded_cells(parse_payload(too_many))
    config, port = tmp_path / "server.json", free_port()
    config.write_text(json.dumps({"public_url": f"http://127.0.0.1:{port}", "store": "indsendt",
                                  "tokens": {hashlib.sha256(TOKEN.encode()).hexdigest(): {"unit": EXAMPLE_UNIT}}}))
    env = {**os.environ, "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")}
    server = subprocess.Popen([sys.executable, "-m", "xlkompetence", "serve", "--config", str(config), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path, env=env)
    url = f"http://127.0.0.1:{port}/api/refresh"
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.post(url, content=json.dumps(payload), headers=headers, timeout=60).status_code == 200:
                    break  # warmed up: the example refreshed once
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        idle = memory(server.pid)["VmRSS"]
        assert httpx.post(url, content=largest, headers=headers, timeout=300).status_code == 200
        peak = memory(server.pid)["VmHWM"] - idle
        refused = httpx.post(url, content=too_many, headers=headers, timeout=300)
        assert refused.status_code == 413 and "celler" in refused.json()["detail"]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    print(f"\nlargest admitted workbook: {admitted} cells, {len(largest) / 2**20:.1f} MB of JSON, "
          f"peak {peak:.0f} MB above the idle server ({idle:.0f} MB): {peak * 2**20 / admitted:.0f} bytes a cell")
    assert peak * 2**20 <= PER_CELL * admitted
    # What the README promises follows from the defaults and the figure held here.
    assert f"`max_cells` | {settings.max_cells}" in README and f"`max_cells_at_once` | {settings.max_cells_at_once}" in README
    assert "at most about 1 KB a cell" in README
