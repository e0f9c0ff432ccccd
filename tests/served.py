"""The add-in's server started for real on 127.0.0.1, for the tests and the benchmarks."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from xlkompetence.core import examples
from xlkompetence.excel.server import ServerSettings, TokenEntry, create_app, hash_token
from xlkompetence.unit.template import write_unit_workbook

from conftest import TODAY, xlwings_payload

EXAMPLE_UNIT = "Botilbuddet (konceptets eksempel)"
TOKENS = {EXAMPLE_UNIT: "noegle-botilbud", "Bostøtten Nord": "noegle-nord"}
ORIGIN = "https://kompetence.example.invalid"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """The application on a real socket in a thread; its log goes to the root logger."""

    def __init__(self, settings: ServerSettings):
        self.settings = settings
        # Bound here and handed to uvicorn: tests running in parallel cannot take the port
        # between its choice and the server listening on it.
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings, today=TODAY)
        # log_config=None: uvicorn leaves logging alone, so a test captures every record.
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False, log_config=None))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()

    def post(self, path: str, payload: Any, token: str | None = None, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return httpx.post(self.url + path, content=body, headers={**headers, "Content-Type": "application/json"},
                          **{"timeout": 60, **kw})


def make_settings(tmp_path: Path, tokens: dict[str, str] | None = None, **extra: Any) -> ServerSettings:
    tokens = TOKENS if tokens is None else tokens
    return ServerSettings(public_url=ORIGIN, store=tmp_path / "indsendt", output=tmp_path / "organisation.xlsx",
                          rebuild_after_seconds=0.2,
                          tokens={hash_token(tok): TokenEntry(unit=u) for u, tok in tokens.items()}, **extra)


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
