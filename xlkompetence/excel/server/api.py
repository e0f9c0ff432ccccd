"""The add-in's two buttons, for a unit's leader and that unit's workbook only.

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
from ...unit.checks import workbook_findings
from ...unit.reader import Reader, ReadResult
from ...unit.template import TemplateError
from ..addin import read_grid_values, refresh_book
from .access import Caller
from .audit import audit_entry
from .dependencies import Leader, OpenBook, State
from .errors import failure, request_id

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api")
_JSON = TypeAdapter(Any)
R = TypeVar("R")


@router.post("/refresh")
async def refresh(book: OpenBook, caller: Leader, state: State) -> Response:
    outcome = await in_worker(refresh_book, book, state.day())
    # A workbook whose Forside names no unit yet is nobody else's: it is refreshed.
    if outcome.result.unit.cover.unit:
        own_unit(outcome.result, caller, "server.nothing.changed")
    return actions(book)


@router.post("/submit")
async def submit(book: OpenBook, caller: Leader, state: State) -> Response:
    day = state.day()
    result = await in_worker(read_submission, book, day)
    unit = own_unit(result, caller, "server.nothing.saved")
    await in_worker(state.store.submit, result, unit, day)
    book.app.alert(t("server.submitted", recipient=state.settings.recipient,
                     at=datetime.now().strftime("%d-%m-%Y %H:%M"), unit=unit,
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


def own_unit(result: ReadResult, caller: Caller, nothing: str) -> str:
    """The caller's own unit that the Forside names (in any spelling of it), as the settings
    spell it; refused when the Forside names another unit or none. ``nothing`` says what was
    not done."""
    named = result.unit.cover.unit
    if not named:
        raise HTTPException(422, t("server.no_unit"))
    unit = caller.unit_for(named)
    if unit is None:
        wrong = "server.wrong_unit.signin" if caller.signed_in else "server.wrong_unit"
        raise HTTPException(403, t(wrong, unit=named, own=caller.units_text(), nothing=t(nothing)))
    audit_entry().unit = unit
    return unit


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
