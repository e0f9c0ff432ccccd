"""The server behind the Office.js add-in: the same buttons for Excel on the web and PCs
without Python, on the same core as the desktop add-in.

- ``POST /api/refresh``: the open workbook as xlwings' remote engine reads it; answered with
  the actions that refresh it (exactly what the desktop button writes: ``addin.refresh_book``).
- ``POST /api/submit`` ("Send til HR"): the unit's current content goes into the store — a unit
  workbook per unit in the store folder, a snapshot in the history — and the organisation plan
  is rebuilt in the background (several submissions close together are merged once).
- the add-in's own files: task pane, ribbon commands, the Office.js client, icons.

Every request to the API needs the unit's bearer key (only its SHA-256 is stored); a unit can
only submit as itself; bodies are size-limited; CORS admits the add-in's origin only; the log
holds methods, paths and status codes, never workbook content or names.
"""

from __future__ import annotations

__all__ = [
    "MB", "TokenEntry", "ServerConfig", "hash_token", "add_token", "Store", "web_file", "icon",
    "create_app",
]

import contextlib
import hashlib
import hmac
import json
import logging
import re
import secrets
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from ..org import history
from .addin import READ_SHEETS, read_grid_values, refresh_book
from ..core.labels import LABELS, count, t
from ..core.pseudonyms import Pseudonymizer
from ..org.disclosure import disclose
from ..org.keyfile import default_key_file, read_or_make_key
from ..org.merge import assemble, merge_files
from ..org.orgplan import InputFile
from ..core.parsing import normalise_text
from ..unit.reader import Reader
from ..unit.template import write_unit_workbook
from ..unit.checks import dated_findings

log = logging.getLogger("xlkompetence.server")
MB = 1024 * 1024


class TokenEntry(BaseModel):
    unit: str


class ServerConfig(BaseModel):
    """The server's settings (a JSON file IT keeps beside it)."""

    public_url: str = "http://127.0.0.1:8765"
    allowed_origins: list[str] = Field(default_factory=list)
    max_body_mb: float = 10
    store: Path = Path("indsendt")
    output: Path = Path("organisation.xlsx")
    db: Path | None = None
    rebuild_after_seconds: float = 2.0
    key_file: Path | None = None  # the pseudonyms' key; the server user's own by default
    tokens: dict[str, TokenEntry] = Field(default_factory=dict)  # sha256(token) → whose key

    @property
    def origins(self) -> list[str]:
        return self.allowed_origins or [_origin(self.public_url)]

    @property
    def history_db(self) -> Path:
        return self.db or history.default_db(self.output)

    @classmethod
    def load(cls, path: Path) -> ServerConfig:
        config = cls.model_validate_json(path.read_text(encoding="utf-8")) if path.exists() else cls()
        base = path.parent
        # Relative paths in the file are relative to the file, not to where the server starts.
        return config.model_copy(update={
            "store": config.store if config.store.is_absolute() else base / config.store,
            "output": config.output if config.output.is_absolute() else base / config.output,
            "db": None if config.db is None else config.db if config.db.is_absolute() else base / config.db,
        })

    def save(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")


def _origin(url: str) -> str:
    m = re.match(r"^(https?://[^/]+)", url)
    return m.group(1) if m else url


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_token(config_path: Path, unit: str) -> str:
    """A new random key for ``unit``; only its hash is written to the config."""
    config = ServerConfig.load(config_path) if config_path.exists() else ServerConfig()
    token = secrets.token_urlsafe(32)
    raw = json.loads(config_path.read_text(encoding="utf-8")) if config_path.exists() else {}
    raw.setdefault("tokens", {})[hash_token(token)] = {"unit": unit}
    for key in ("public_url", "store", "output"):
        raw.setdefault(key, str(getattr(config, key)) if key != "store" else "indsendt")
    config_path.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    return token


# -- the submission store ------------------------------------------------------------------------

@dataclass
class Store:
    """Submissions kept as unit workbooks, with a background rebuild of the organisation plan."""

    config: ServerConfig
    lock: threading.Lock = field(default_factory=threading.Lock)
    dirty: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    submissions: int = 0
    rebuilds: int = 0

    def path_for(self, unit: str) -> Path:
        safe = re.sub(r"[^\w\-]+", "-", normalise_text(unit), flags=re.UNICODE).strip("-") or "enhed"
        digest = hashlib.sha256(normalise_text(unit).encode()).hexdigest()[:8]
        return self.config.store / f"{safe}-{digest}.xlsx"

    def submit(self, reader_result, today: date) -> None:
        """Keep the unit's content and its snapshot; ask for the organisation plan to follow."""
        unit = reader_result.unit
        path = self.path_for(unit.cover.unit)
        # Each unit has its own file, written atomically (two submissions of one unit at once:
        # the later rename wins, whole). The history is written one at a time: SQLite would
        # serialise it anyway, but with busy waits that cost more than the queue.
        self.config.store.mkdir(parents=True, exist_ok=True)
        entry = InputFile(path=path, shown=path.name, unit=unit, findings=reader_result.findings, readable=True)
        # What is kept is what may leave the unit: names as pseudonyms, no logbook.
        org = disclose(assemble([entry], today), self.pseudonyms)
        write_unit_workbook(path, org.units[0][1], today=today, findings=org.findings)
        with self.lock:
            history.record(self.config.history_db, org, kind="submit", output=self.config.output)
            self.submissions += 1
        self.dirty.set()

    def rebuild_loop(self) -> None:
        while not self.stop.is_set():
            if self.dirty.wait(0.2):
                time.sleep(self.config.rebuild_after_seconds)  # let submissions close together gather
                self.dirty.clear()
                try:
                    self.rebuild()
                except Exception:  # noqa: BLE001 - the service goes on; the cause is logged
                    log.exception("the organisation plan could not be rebuilt")

    @cached_property
    def pseudonyms(self) -> Pseudonymizer:
        return Pseudonymizer(read_or_make_key(self.config.key_file or default_key_file()))

    def rebuild(self) -> None:
        with self.lock:
            if not self.config.store.exists():
                return
            merge_files([self.config.store], self.config.output, date.today(), key_file=self.config.key_file)
            self.rebuilds += 1


# -- the add-in's files ------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def web_file(name: str) -> bytes:
    data = resources.files("xlkompetence.excel").joinpath("web", name).read_bytes()
    if name.endswith(".html"):
        text = data.decode("utf-8")
        js_texts = {k.removeprefix("web.js."): v for k, v in LABELS.items() if k.startswith("web.js.")}
        text = text.replace("{{web.json}}", json.dumps(js_texts, ensure_ascii=False))
        text = re.sub(r"\{\{([\w.]+)\}\}", lambda m: _html(LABELS[m.group(1)]), text)
        data = text.encode("utf-8")
    return data


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@lru_cache(maxsize=None)
def icon(size: int) -> bytes:
    """A square icon in the workbooks' colours, as PNG (the manifest needs 16, 32 and 80 px)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    dark, light = bytes((0x1F, 0x4E, 0x5F)), bytes((0xD9, 0xE7, 0xEC))
    edge = max(1, size // 8)
    rows = []
    for y in range(size):
        line = b"".join(light if edge <= x < size - edge and edge <= y < size - edge and not
                        (size // 3 <= x < size // 3 + edge) else dark for x in range(size))
        rows.append(b"\0" + line)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


# -- the application --------------------------------------------------------------------------------

def create_app(config: ServerConfig, *, today: date | None = None):
    """The ASGI application (FastAPI)."""
    import xlwings as xw

    store = Store(config)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        worker = threading.Thread(target=store.rebuild_loop, name="rebuild", daemon=True)
        worker.start()
        yield
        store.stop.set()
        worker.join(timeout=60)  # a rebuild under way finishes its atomic write

    app = FastAPI(title="xlkompetence", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.store = store
    app.add_middleware(CORSMiddleware, allow_origins=config.origins, allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "Content-Type"])
    max_bytes = int(config.max_body_mb * MB)

    def refuse(status: int, key: str, **values: Any) -> JSONResponse:
        return JSONResponse({"detail": t(key, **values)}, status_code=status)

    def whose(request: Request) -> TokenEntry | None:
        header = request.headers.get("authorization", "")
        token = header.removeprefix("Bearer ").strip()
        if not token:
            return None
        digest = hash_token(token)
        for known, entry in config.tokens.items():
            if hmac.compare_digest(known, digest):
                return entry
        return None

    async def workbook(request: Request) -> tuple[Any, JSONResponse | None]:
        """The posted workbook as an xlwings Book, or the refusal to send."""
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            return None, refuse(413, "server.too_large", mb=config.max_body_mb)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                return None, refuse(413, "server.too_large", mb=config.max_body_mb)
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return None, refuse(400, "server.bad_json")
        if not isinstance(payload, dict) or not isinstance(payload.get("sheets"), list) \
                or payload.get("client") != "Office.js":
            return None, refuse(400, "server.bad_payload")
        missing = sorted(READ_SHEETS - {s.get("name") for s in payload["sheets"] if isinstance(s, dict)})
        if missing:
            return None, refuse(422, "server.not_a_unit", missing=", ".join(missing))
        try:
            return xw.Book(json=payload), None
        except Exception:  # noqa: BLE001 - a payload xlwings cannot take is the client's mistake
            return None, refuse(400, "server.bad_payload")

    @app.middleware("http")
    async def access_log(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        # Method, path and status only: no query string, no body, no names.
        log.info("%s %s %s %.0f ms", request.method, request.url.path, response.status_code,
                 1000 * (time.perf_counter() - started))
        return response

    @app.post("/api/refresh")
    async def refresh(request: Request):
        if whose(request) is None:
            return refuse(401, "server.unauthorised")
        book, refusal = await workbook(request)
        if refusal is not None:
            return refusal
        # The work is CPU-bound: off the event loop, so other requests are still taken in.
        await run_in_threadpool(refresh_book, book, today or date.today())
        return JSONResponse(book.json())

    @app.post("/api/submit")
    async def submit(request: Request):
        entry = whose(request)
        if entry is None:
            return refuse(401, "server.unauthorised")
        book, refusal = await workbook(request)
        if refusal is not None:
            return refusal
        grids, _ = read_grid_values(book)
        result = await run_in_threadpool(Reader(grids, book.name).read)
        unit = result.unit.cover.unit
        if not unit:
            return refuse(422, "server.no_unit")
        if normalise_text(unit) != normalise_text(entry.unit):
            return refuse(403, "server.wrong_unit", unit=unit, own=entry.unit)
        day = today or date.today()
        result.findings.extend(dated_findings(result, day))
        await run_in_threadpool(store.submit, result, day)
        book.app.alert(t("server.submitted", at=datetime.now().strftime("%d-%m-%Y %H:%M"), unit=unit,
                         profiles=count(len(result.unit.profiles), "profile"),
                         plan=count(len(result.unit.plan), "row")), title=t("addin.title"))
        return JSONResponse(book.json())

    @app.get("/")
    async def root():
        return RedirectResponse("taskpane.html")

    @app.get("/{name}.html")
    async def page(name: str):
        if name not in ("taskpane", "commands"):
            return Response(status_code=404)
        return Response(web_file(f"{name}.html"), media_type="text/html; charset=utf-8")

    @app.get("/xlkompetence-office.js")
    async def script():
        return Response(web_file("xlkompetence-office.js"), media_type="text/javascript; charset=utf-8")

    @app.get("/xlkompetence.css")
    async def style():
        return Response(web_file("xlkompetence.css"), media_type="text/css; charset=utf-8")

    @app.get("/icon-{size}.png")
    async def icon_png(size: int):
        if size not in (16, 32, 64, 80):
            return Response(status_code=404)
        return Response(icon(size), media_type="image/png")

    @app.get("/manifest.xml")
    async def manifest_xml():
        from .manifest import manifest

        return Response(manifest(config.public_url), media_type="application/xml")

    return app
