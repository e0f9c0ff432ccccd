"""What requests may cost: a body of bounded size that arrives in bounded time, and a bounded
amount of workbook in memory at once.

Two weighted semaphores. A body being read and parsed weighs its declared size
(``max_mb_at_once`` MB at once; room is taken before the body is read, so a waiting request
holds no body). What a workbook costs while it is refreshed grows with its cells, not its
bytes — a body of small numbers holds seven times the cells of one of text, and at its peak a
workbook costs up to about 1 KB a cell (``tests/test_server_memory.py``) — so the parsed
workbook then weighs its cells (``max_cells_at_once`` at once) until its answer is sent, and
one of more than ``max_cells`` is refused. The usual workbook never waits; a few large ones take
turns. A request that finds no room within ``busy_wait_seconds`` is told to come back (503
with ``Retry-After``) rather than queued without end.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator

from fastapi import HTTPException, Request
from starlette.requests import ClientDisconnect

from ...core.labels import t

__all__ = ["WorkbookBudget", "declared_size", "read_body"]


class WorkbookBudget:
    """At most ``budget`` (bytes of bodies, or cells of workbooks) at once; a request waits up to
    ``wait`` seconds for its share."""

    def __init__(self, budget: int, wait: float) -> None:
        self.budget = budget
        self.wait = wait
        self.used = 0
        self._changed = asyncio.Condition()

    @contextlib.asynccontextmanager
    async def hold(self, size: int) -> AsyncIterator[None]:
        """Room for ``size`` for the duration of the block, or a 503 refusal."""
        size = min(max(size, 1), self.budget)  # the largest allowed workbook always fits alone
        if not await self._take(size):
            seconds = max(1, math.ceil(self.wait))
            raise HTTPException(503, t("server.busy", seconds=seconds), headers={"Retry-After": str(seconds)})
        try:
            yield
        finally:
            async with self._changed:
                self.used -= size
                self._changed.notify_all()

    async def _take(self, size: int) -> bool:
        async with self._changed:
            if self.used + size > self.budget:
                if self.wait <= 0:
                    return False
                try:
                    await asyncio.wait_for(self._changed.wait_for(lambda: self.used + size <= self.budget), self.wait)
                except TimeoutError:
                    return False
            self.used += size
            return True


def declared_size(request: Request, max_bytes: int, max_mb: float) -> int:
    """The body's declared size (the largest allowed when it is not declared); 413 above it."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        return max_bytes
    if int(declared) > max_bytes:
        raise HTTPException(413, t("server.too_large", mb=max_mb))
    return int(declared)


async def read_body(request: Request, max_bytes: int, max_mb: float, seconds: float) -> bytearray:
    """The request body, refused (413) as soon as it passes ``max_bytes`` and (408) when it
    has not arrived within ``seconds``: a slow sender cannot hold its room for ever."""
    body = bytearray()
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_bytes:
                    raise HTTPException(413, t("server.too_large", mb=max_mb))
    except TimeoutError:
        raise HTTPException(408, t("server.slow_body", seconds=math.ceil(seconds))) from None
    except ClientDisconnect:  # the sender gave up: nobody reads the answer, but the log is true
        raise HTTPException(400, t("server.body_cut")) from None
    return body
