"""What a route is given, as FastAPI dependencies: the server's state, the unit whose key came
with the request, and the posted workbook — checked, then opened as an xlwings Book that is
closed when the request ends.

FastAPI solves them in this order for a workbook route: key (401), the declared size (413),
room among the workbooks in memory (503), the body (413, 408), its shape and cells (400, 422),
the Book. Nothing before the Book needs
xlwings' remote engine, so every refusal works without its licence key.
"""

from __future__ import annotations

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
from .payload import PayloadRefusal, parse_payload
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
    budget: WorkbookBudget
    today: date | None = None

    @classmethod
    def create(cls, settings: ServerSettings, today: date | None = None) -> ServerState:
        budget = WorkbookBudget(int(settings.max_mb_at_once * MB), settings.busy_wait_seconds)
        return cls(settings, KeyRing(settings), Store(settings), budget, today)

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


async def workbook_room(request: Request, state: State, _: Authorised) -> AsyncIterator[None]:
    size = declared_size(request, state.settings.max_body_bytes, state.settings.max_body_mb)
    async with state.budget.hold(size):
        yield


async def workbook_payload(request: Request, state: State, _: Annotated[None, Depends(workbook_room)]) -> dict[str, Any]:
    """The posted workbook, checked; the body itself is not kept past this."""
    settings = state.settings
    body = await read_body(request, settings.max_body_bytes, settings.max_body_mb, settings.body_seconds)
    try:
        # A usual workbook parses in a millisecond or two; only a large one is worth a thread.
        if len(body) < SMALL_BODY:
            return parse_payload(body)
        return await run_in_threadpool(parse_payload, body)
    except PayloadRefusal as refusal:
        raise HTTPException(refusal.status, refusal.detail) from None


async def workbook_book(payload: Annotated[dict[str, Any], Depends(workbook_payload)]) -> AsyncIterator[Any]:
    book = open_book(payload)
    try:
        yield book
    finally:
        close_book(book)


OpenBook = Annotated[Any, Depends(workbook_book)]
