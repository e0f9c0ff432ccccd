"""The add-in's own files: task pane, ribbon commands, the sign-in dialog, the Office.js client,
style, icons and the manifest. No key needed: they hold no data. The pages carry the scheme
in force and, with Entra ID, the registration's public values the sign-in needs."""

from __future__ import annotations

import json
import re
import struct
import zlib
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import RedirectResponse, Response

from ...core.labels import LABELS
from ..manifest import manifest
from .dependencies import State
from .settings import ServerSettings

__all__ = ["client_config", "icon", "router", "web_file"]

router = APIRouter()
PAGES = ("taskpane", "commands", "signin")
CONFIG = "{{web.config}}"
ICON_SIZES = ("16", "32", "64", "80")


@router.get("/")
async def root() -> RedirectResponse:
    return RedirectResponse("taskpane.html")


@router.get("/{name}.html")
async def page(name: str, state: State) -> Response:
    settings = state.live.now()
    if name not in PAGES or (name == "signin" and settings.sso is None):
        raise HTTPException(404)
    # Inside a script element: "<" escaped, so no text can end it.
    config = json.dumps(client_config(settings)).replace("<", "\\u003c")
    html = web_file(f"{name}.html", state.settings.recipient).replace(CONFIG.encode(), config.encode())
    return Response(html, media_type="text/html; charset=utf-8")


def client_config(settings: ServerSettings) -> dict[str, str]:
    """What the add-in's pages need to know of the scheme in force: with Entra ID, where and as
    what the sign-in dialog signs in (values the manifest shows anyway)."""
    entra = settings.entra
    if settings.sso is None or entra is None:
        return {"auth": "keys"}
    return {"auth": "entra", "authority": entra.authority, "tenant": entra.tenant, "clientId": entra.client_id,
            "scope": f"{entra.resource(settings.public_url)}/{entra.scope}"}


@router.get("/xlkompetence-office.js")
async def script() -> Response:
    return Response(web_file("xlkompetence-office.js"), media_type="text/javascript; charset=utf-8")


@router.get("/xlkompetence.css")
async def style() -> Response:
    return Response(web_file("xlkompetence.css"), media_type="text/css; charset=utf-8")


@router.get("/icon-{size}.png")
async def icon_png(size: str) -> Response:
    if size not in ICON_SIZES:
        raise HTTPException(404)
    return Response(icon(int(size)), media_type="image/png")


@router.get("/manifest.xml")
async def manifest_xml(state: State) -> Response:
    settings = state.live.now()
    return Response(manifest(settings.public_url, recipient=state.settings.recipient, sso=settings.sso),
                    media_type="application/xml")


@lru_cache(maxsize=None)
def web_file(name: str, recipient: str = "HR") -> bytes:
    """A file of the add-in; in its pages the labels, with ``recipient`` where they name who
    receives the workbooks (the server's setting)."""
    data = resources.files("xlkompetence.excel").joinpath("web", name).read_bytes()
    if name.endswith(".html"):
        text = data.decode("utf-8")

        def label(key: str) -> str:
            return LABELS[key].replace("{recipient}", recipient)

        js_texts = {k.removeprefix("web.js."): label(k) for k in LABELS if k.startswith("web.js.")}
        text = text.replace("{{web.json}}", json.dumps(js_texts, ensure_ascii=False))
        text = re.sub(r"\{\{([\w.]+)\}\}", lambda m: m.group(0) if m.group(0) == CONFIG else _html(label(m.group(1))),
                      text)
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
