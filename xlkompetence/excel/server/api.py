"""The add-in's two buttons.

- ``POST /api/refresh``: answered with the actions that refresh the posted workbook — exactly
  what the desktop button writes (``addin.refresh_book``).
- ``POST /api/submit`` ("Send til HR"): the unit's content goes into the store and the history,
  and the organisation plan follows in the background.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from ...core.labels import count, t
from ...core.identity import same_unit
from ...unit.checks import workbook_findings
from ...unit.reader import Reader, ReadResult
from ...unit.template import TemplateError
from ..addin import read_grid_values, refresh_book
from .dependencies import Authorised, OpenBook, State
from .errors import failure, request_id
from .settings import TokenEntry

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api")
_JSON = TypeAdapter(Any)
R = TypeVar("R")


@router.post("/refresh")
async def refresh(book: OpenBook, state: State) -> Response:
    await in_worker(refresh_book, book, state.day())
    return actions(book)


@router.post("/submit")
async def submit(book: OpenBook, entry: Authorised, state: State) -> Response:
    day = state.day()
    result = await in_worker(read_submission, book, day)
    own_unit(result, entry)
    await in_worker(state.store.submit, result, entry.unit, day)
    book.app.alert(t("server.submitted", recipient=state.settings.recipient,
                     at=datetime.now().strftime("%d-%m-%Y %H:%M"), unit=entry.unit,
                     profiles=count(len(result.unit.profiles), "profile"), plan=count(len(result.unit.plan), "row")),
                   title=t("addin.title"))
    return actions(book)


def actions(book: Any) -> Response:
    """What the add-in is to do, as JSON. Straight to bytes: the actions of a large workbook
    are as large as its body, and ``json.dumps`` would hold them as text first."""
    return Response(_JSON.dump_json(book.json()), media_type="application/json")


def read_submission(book: Any, today: date) -> ReadResult:
    grids, _ = read_grid_values(book)
    result = Reader(grids, book.name).read()
    result.findings[:] = workbook_findings(result, today)
    return result


def own_unit(result: ReadResult, entry: TokenEntry) -> None:
    """Refused unless the Forside names the key's own unit (in any spelling of it)."""
    unit = result.unit.cover.unit
    if not unit:
        raise HTTPException(422, t("server.no_unit"))
    if not same_unit(unit, entry.unit):
        raise HTTPException(403, t("server.wrong_unit", unit=unit, own=entry.unit))


async def in_worker(work: Callable[..., R], *args: Any) -> R:
    """``work`` off the event loop (it is CPU-bound), its failures answered as refusals.

    The workbook is the only thing that differs between a request that works and one that
    does not, so a failure while handling it is the workbook's (422); a file the store cannot
    write is the server's, for now (503).
    """
    try:
        return await run_in_threadpool(work, *args)
    except HTTPException:
        raise
    except TemplateError as exc:  # a team name Excel cannot carry; the message is Danish
        raise HTTPException(422, str(exc)) from None
    except OSError as exc:
        log.error("%s could not store: %s (%s)", work.__name__, failure(exc), request_id())
        raise HTTPException(503, t("server.store_failed", error_id=request_id()), headers={"Retry-After": "60"}) from None
    except Exception as exc:  # noqa: BLE001 - logged without content, answered in Danish
        log.error("%s failed: %s (%s)", work.__name__, failure(exc), request_id())
        raise HTTPException(422, t("server.unprocessable", error_id=request_id())) from None
