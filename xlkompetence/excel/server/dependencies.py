"""What a route is given, as FastAPI dependencies: the server's state, who is calling (by the
unit's key or by a checked Entra ID token, as the scheme in force says), and the posted
workbook — checked, then opened as an xlwings Book that is closed when the request ends.

FastAPI solves them in this order for a workbook route: key or token (401), a role that may
post workbooks (403), the declared size (413), room among the bodies being read (503), the
body (413, 408), its shape and cells (400, 422), the cells it decodes to (413), room among the
workbooks being refreshed (503), the Book. Nothing before the Book needs xlwings' remote
engine, so every refusal works without its licence key.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from ...core.labels import t
from .access import Caller, caller_for_claims, caller_for_key
from .audit import AuditLog, audit_entry
from .books import close_book, open_book
from .entra import KeysUnavailable, SigningKeys, TokenRefused, verify_token
from .keys import key_holder, key_id
from .limits import WorkbookBudget, declared_size, read_body
from .live import LiveSettings
from .payload import PayloadRefusal, decoded_cells, parse_payload
from .settings import MB, ServerSettings
from .store import Store

__all__ = ["Authorised", "HR", "Leader", "OpenBook", "ServerState", "State"]

SMALL_BODY = 256 * 1024


@dataclass
class ServerState:
    """Everything a request may reach, made once per application."""

    settings: ServerSettings
    live: LiveSettings
    store: Store
    budget: WorkbookBudget  # bytes of bodies being read and parsed
    cells: WorkbookBudget  # cells of workbooks being refreshed
    audit: AuditLog
    today: date | None = None
    # The tenant's signing keys, by the URL they come from (a setting that may change).
    signing: dict[str, SigningKeys] = field(default_factory=dict)

    @classmethod
    def create(cls, settings: ServerSettings, today: date | None = None) -> ServerState:
        budget = WorkbookBudget(int(settings.max_mb_at_once * MB), settings.busy_wait_seconds)
        cells = WorkbookBudget(settings.max_cells_at_once, settings.busy_wait_seconds)
        return cls(settings, LiveSettings(settings), Store(settings), budget, cells, AuditLog(settings.audit_path),
                   today)

    def day(self) -> date:
        return self.today or date.today()

    def signing_keys(self, url: str) -> SigningKeys:
        return self.signing.setdefault(url, SigningKeys(url))


# The cheap dependencies are coroutines: a plain function would wait for a worker thread,
# and under load every worker may be busy refreshing someone's workbook.
async def server_state(request: Request) -> ServerState:
    return request.app.state.server


State = Annotated[ServerState, Depends(server_state)]


def unauthorised(reason: str) -> HTTPException:
    return HTTPException(401, t(reason), headers={"WWW-Authenticate": "Bearer"})


async def caller(request: Request, state: State, authorization: Annotated[str, Header()] = "") -> Caller:
    """Who the request comes from, by the scheme in force now: the unit whose key came with
    it, or the person whose Entra ID token did, with the roles the settings give them."""
    route = request.scope.get("route")
    audit_entry().action = getattr(route, "name", "-")
    settings = state.live.now()
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    if settings.auth == "entra":
        found = await signed_in(token, settings, state)
    else:
        entry = key_holder(settings.tokens, token) if token else None
        if entry is None:
            raise unauthorised("server.unauthorised")
        found = caller_for_key(entry, key_id(token))
    audit_entry().who = found.who
    if len(found.units) == 1:
        audit_entry().unit = found.units[0]
    return found


async def signed_in(token: str, settings: ServerSettings, state: ServerState) -> Caller:
    entra = settings.entra
    assert entra is not None  # the settings refuse the entra scheme without its block
    if not token:
        raise unauthorised("server.signin.missing")
    try:
        claims = await verify_token(token, entra, settings.public_url, state.signing_keys(entra.keys_url))
    except TokenRefused as refused:
        raise unauthorised(refused.reason) from None
    except KeysUnavailable:
        raise HTTPException(503, t("server.signin.keys_unavailable"), headers={"Retry-After": "30"}) from None
    return caller_for_claims(claims, entra)


Authorised = Annotated[Caller, Depends(caller)]


def no_role(who: Caller) -> HTTPException:
    """The refusal for a caller the settings give no role."""
    return HTTPException(403, t("server.access.groups_hidden" if who.groups_hidden else "server.access.none"))


async def leader(who: Authorised) -> Caller:
    """A caller who leads at least one unit: who may post workbooks."""
    if not who.units:
        raise no_role(who) if not who.hr else HTTPException(403, t("server.access.not_leader"))
    return who


async def hr(who: Authorised) -> Caller:
    if not who.hr:
        raise no_role(who) if not who.units else HTTPException(403, t("server.access.not_hr"))
    return who


Leader = Annotated[Caller, Depends(leader)]
HR = Annotated[Caller, Depends(hr)]


async def workbook_payload(request: Request, state: State, _: Leader) -> AsyncIterator[dict[str, Any]]:
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
