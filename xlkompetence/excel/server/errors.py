"""Refusals as the add-in shows them, and a log that holds no content.

Every request gets an id. A refusal answers ``{"detail": <Danish>, "error_id": <id>}``; the
access log has method, path, status, time and the id; a failure in the server's own code is
logged as its exception type and where it happened — never its message or a traceback, which
could quote a workbook's cells. Each API request also gets its line in the audit log (``audit``).
"""

from __future__ import annotations

import logging
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from http import HTTPStatus
from pathlib import Path

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ...core.labels import t
from . import audit

__all__ = ["access_log", "failure", "malformed", "refused", "request_id"]

log = logging.getLogger(__name__)
_request_id: ContextVar[str] = ContextVar("request_id", default="-")
# Starlette's own refusals, in Danish.
_GENERIC = {404: "server.not_found", 405: "server.method"}


def request_id() -> str:
    return _request_id.get()


def failure(exc: BaseException) -> str:
    """Where ``exc`` happened, as ``ExceptionType at module.py:line``, without its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    at = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{at}"


def _answer(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "error_id": request_id()}, status_code=status, headers=headers)


async def refused(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail
    if exc.status_code in _GENERIC and detail == HTTPStatus(exc.status_code).phrase:
        detail = t(_GENERIC[exc.status_code])
    return _answer(exc.status_code, detail, exc.headers)


async def malformed(_request: Request, _exc: Exception) -> Response:
    return _answer(400, t("server.bad_payload"))


async def access_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """One line per request: method, path, status, milliseconds, id. No query, body or names.
    An API request's line in the audit log too."""
    token = _request_id.set(secrets.token_hex(4))
    entry, entry_token = audit.begin()
    started = time.perf_counter()
    try:
        try:
            response = await call_next(request)
        except Exception as exc:  # noqa: BLE001 - answered, and logged without content
            log.error("%s %s failed: %s (%s)", request.method, request.url.path, failure(exc), request_id())
            response = _answer(500, t("server.internal", error_id=request_id()))
        log.info("%s %s %s %.0f ms %s", request.method, request.url.path, response.status_code,
                 1000 * (time.perf_counter() - started), request_id())
        if request.url.path.startswith("/api/"):
            request.app.state.server.audit.write(entry, response.status_code, request_id())
        return response
    finally:
        audit.end(entry_token)
        _request_id.reset(token)
