"""What HR reads from the server: the organisation plan the submissions are merged into, and
the status of the round (who has delivered, who has not), as the last rebuild found them.

- ``GET /api/plan``: the organisation workbook (.xlsx).
- ``GET /api/status``: JSON — when the plan was built, the units in it, and the round's status
  when the server has the round's list (``expected``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from ...core.labels import t
from .dependencies import HR, State

__all__ = ["router"]

router = APIRouter(prefix="/api")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/plan")
async def plan(_: HR, state: State) -> FileResponse:
    output = state.settings.output
    if not output.is_file():
        raise HTTPException(404, t("server.plan_missing"))
    return FileResponse(output, media_type=XLSX, filename=output.name)


@router.get("/status")
async def status(_: HR, state: State) -> dict[str, Any]:
    known = state.store.status
    return known.to_dict() if known else {"built": None, "units": [], "round": None}
