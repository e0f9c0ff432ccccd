"""What a route is given, as FastAPI dependencies: the server's state, the unit whose key came
with the request, and the posted workbook — checked, then opened as an xlwings Book that is
closed when the request ends.

FastAPI solves them in this order for a workbook route: key (401), the declared size (413),
room among the bodies being read (503), the body (413, 408), its shape and cells (400, 422),
the cells it decodes to (413), room among the workbooks being refreshed (503), the Book.
Nothing before the Book needs xlwings' remote engine, so every refusal works without its
licence key.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from ...core.labels import t
from .books import close_book, open_book
from .keys import KeyRing
from .limits import WorkbookBudget, declared_size, read_body
from .payload import PayloadRefusal, decoded_cells, parse_payload
from .settings import MB, ServerSettings, TokenEntry
from .store import Store

__all__ = ["Authorised", "OpenBook", "ServerState", "State"]

SMALL_BODY = 256 * 1024


@dataclass
class ServerState:
    """Everything a request may reach, made once per application."""

    settings: ServerSettings
    keys: KeyRing
    store: Store
    budget: WorkbookBudget  # bytes of bodies being read and parsed
    cells: WorkbookBudget  # cells of workbooks being refreshed
    today: date | None = None

    @classmethod
    def create(cls, settings: ServerSettings, today: date | None = None) -> ServerState:
        budget = WorkbookBudget(int(settings.max_mb_at_once * MB), settings.busy_wait_seconds)
        cells = WorkbookBudget(settings.max_cells_at_once, settings.busy_wait_seconds)
        return cls(settings, KeyRing(settings), Store(settings), budget, cells, today)

    def day(self) -> date:
        return self.today or date.today()


# The cheap dependencies are coroutines: a plain function would wait for a worker thread,
# and under load every worker may be busy refreshing someone's workbook.
async def server_state(request: Request) -> ServerState:
    return request.app.state.server


State = Annotated[ServerState, Depends(server_state)]


async def authorised_unit(state: State, authorization: Annotated[str, Header()] = "") -> TokenEntry:
    """The unit whose bearer key came with the request.

    Single sign-on plugs in here: validate an Entra ID token instead, and map the user's
    group to the unit.
    """
    token = authorization.removeprefix("Bearer ").strip()
    entry = state.keys.unit_for(token) if token else None
    if entry is None:
        raise HTTPException(401, t("server.unauthorised"), headers={"WWW-Authenticate": "Bearer"})
    return entry


Authorised = Annotated[TokenEntry, Depends(authorised_unit)]


async def workbook_payload(request: Request, state: State, _: Authorised) -> AsyncIterator[dict[str, Any]]:
    """The posted workbook, checked. Its body is read and parsed in room counted in bytes; the
    workbook then holds room counted in the cells it decodes to (taken before the bytes' room is
    given back, so no parsed workbook waits uncounted) until the request ends. The body itself
    is not kept past parsing."""
    settings = state.settings
    size = declared_size(request, settings.max_body_bytes, settings.max_body_mb)
    async with contextlib.AsyncExitStack() as stack:
        async with state.budget.hold(size):
            body = await read_body(request, settings.max_body_bytes, settings.max_body_mb, settings.body_seconds)
            try:
                # A usual workbook parses in a millisecond or two; only a large one is worth a thread.
                payload = parse_payload(body) if len(body) < SMALL_BODY else await run_in_threadpool(parse_payload, body)
            except PayloadRefusal as refusal:
                raise HTTPException(refusal.status, refusal.detail) from None
            del body
            cells = decoded_cells(payload)
            if cells > settings.max_cells:
                raise HTTPException(413, t("server.too_many_cells", cells=_thousands(cells),
                                           limit=_thousands(settings.max_cells)))
            await stack.enter_async_context(state.cells.hold(cells))
        yield payload


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


async def workbook_book(payload: Annotated[dict[str, Any], Depends(workbook_payload)]) -> AsyncIterator[Any]:
    book = open_book(payload)
    try:
        yield book
    finally:
        close_book(book)


OpenBook = Annotated[Any, Depends(workbook_book)]
