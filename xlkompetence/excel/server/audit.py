"""The audit log: one line per API request — when, who (a key's id or the token's object id,
never a name or an e-mail address), the unit, the action and the status — as a JSON object, in a
file of its own, apart from the operational log. Never anything of a workbook.

A route's dependencies fill in the request's entry as they learn who is calling and for which
unit; the middleware writes it once the answer is known, refusals included.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = ["AuditEntry", "AuditLog", "audit_entry"]

log = logging.getLogger(__name__)
NOBODY = "-"


@dataclass
class AuditEntry:
    who: str = NOBODY
    unit: str = NOBODY
    action: str = NOBODY


_entry: ContextVar[AuditEntry | None] = ContextVar("audit_entry", default=None)


def audit_entry() -> AuditEntry:
    """The current request's entry (one that goes nowhere outside a request)."""
    return _entry.get() or AuditEntry()


def begin() -> tuple[AuditEntry, Token[AuditEntry | None]]:
    """A new entry for the request that starts now."""
    entry = AuditEntry()
    return entry, _entry.set(entry)


def end(token: Token[AuditEntry | None]) -> None:
    _entry.reset(token)


class AuditLog:
    """Lines appended to ``path``, created readable by the server's user only. The file is
    opened for each line, so it can be rotated under a running server."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._failing = False

    def write(self, entry: AuditEntry, status: int, request: str) -> None:
        line = json.dumps({"time": datetime.now().astimezone().isoformat(timespec="seconds"), "who": entry.who,
                           "unit": entry.unit, "action": entry.action, "status": status, "request": request},
                          ensure_ascii=False)
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, (line + "\n").encode("utf-8"))
                finally:
                    os.close(fd)
            self._failing = False
        except OSError as exc:
            # The request has been answered; the operational log says the audit log lacks it.
            if not self._failing:
                log.error("the audit log %s cannot be written: %s", self.path, type(exc).__name__)
            self._failing = True
