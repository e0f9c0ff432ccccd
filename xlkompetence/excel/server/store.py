"""Submissions ("Send til HR"): a unit workbook per unit in the store folder, a snapshot per
unit and round in the history, and a background rebuild of the organisation plan.

What is kept is what may leave the unit by default (``core.disclosure``'s table): people as
pseudonyms, the situational texts as counts and flags, no logbook. A submission is recorded under the unit its key belongs to, whatever spelling of that name
the Forside has (``BOSTØTTEN NORD``, a trailing dot, a soft hyphen): one unit, one file, one
unit in the history. Writing the file and recording the history happen in one critical
section per unit, so two submissions of one unit at once leave both holding the same one.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ...core.models import UnitWorkbook
from ...core.labels import t
from ...core.identity import unit_key
from ...core.pseudonyms import Pseudonymizer
from ...org import history
from ...org.disclosure import Disclosure
from ...org.keyfile import default_key_file, read_or_make_key
from ...org.merge import MergeError, disclosed, merge_files
from ...org.orgplan import InputFile
from ...org.retry import Backoff
from ...unit.reader import ReadResult
from ...unit.template import write_unit_workbook
from .settings import ServerSettings

__all__ = ["PlanStatus", "Store"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanStatus:
    """What the last rebuild of the organisation plan took in, for HR."""

    built: datetime
    units: tuple[str, ...]
    round: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {"built": self.built.isoformat(timespec="seconds"), "units": list(self.units), "round": self.round}


class Store:
    """The submissions of every unit, and the organisation plan that follows them."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.dirty = threading.Event()
        self.stop = threading.Event()
        self.submissions = 0
        self.rebuilds = 0
        self._units: dict[str, threading.Lock] = {}
        self._units_lock = threading.Lock()
        # SQLite would serialise the history anyway, but with busy waits that cost more.
        self._history = threading.Lock()
        self._rebuild = threading.Lock()
        self._key_lock = threading.Lock()
        self._pseudonyms: Pseudonymizer | None = None
        self.retry = Backoff()
        self.status: PlanStatus | None = None

    def path_for(self, unit: str) -> Path:
        key = unit_key(unit)
        safe = re.sub(r"[^\w\-]+", "-", key, flags=re.UNICODE).strip("-") or t("store.unnamed_unit")
        digest = hashlib.sha256(key.encode()).hexdigest()[:8]
        return self.settings.store / f"{safe}-{digest}.xlsx"

    def unit_lock(self, unit: str) -> threading.Lock:
        """The one lock of ``unit`` (spelling variants share it)."""
        with self._units_lock:
            return self._units.setdefault(unit_key(unit), threading.Lock())

    def submit(self, result: ReadResult, unit: str, today: date) -> UnitWorkbook:
        """Keep the content of ``result`` as ``unit``'s, file and history together."""
        content = result.unit.model_copy(update={"cover": result.unit.cover.model_copy(update={"unit": unit})})
        path = self.path_for(unit)
        self.settings.store.mkdir(parents=True, exist_ok=True)
        entry = InputFile(path=path, shown=path.name, unit=content, findings=result.findings, readable=True)
        # What is kept is what may leave the unit: the same table as every merge's.
        org = disclosed([entry], self.pseudonyms(), Disclosure(), today)
        kept = org.units[0][1]
        with self.unit_lock(unit):
            write_unit_workbook(path, kept, today=today)
            with self._history:
                history.record(self.settings.history_db, org, kind="submit", output=self.settings.output)
                self.submissions += 1
        self.dirty.set()
        return kept

    def pseudonyms(self) -> Pseudonymizer:
        """The organisation's pseudonyms, from a key made once (not twice by two first submits)."""
        with self._key_lock:
            if self._pseudonyms is None:
                self._pseudonyms = Pseudonymizer(read_or_make_key(self.settings.key_file or default_key_file()))
            return self._pseudonyms

    @contextlib.asynccontextmanager
    async def running(self, _app: Any = None) -> AsyncIterator[None]:
        """The background rebuild, for the application's lifetime (a FastAPI lifespan)."""
        worker = threading.Thread(target=self.rebuild_loop, name="rebuild", daemon=True)
        # Submissions kept before a restart: the plan and its status are made again from them.
        if self.settings.store.is_dir() and any(self.settings.store.glob("*.xlsx")):
            self.dirty.set()
        worker.start()
        yield
        self.stop.set()
        worker.join(timeout=60)  # a rebuild under way finishes its atomic write

    def rebuild_loop(self) -> None:
        """Rebuild the organisation plan after submissions; a rebuild that fails is tried again
        with growing pauses, not only when the next unit submits."""
        while not self.stop.is_set():
            submitted = self.dirty.wait(0.2)
            if not submitted and not self.retry.ready(time.monotonic()):
                continue
            if submitted:
                time.sleep(self.settings.rebuild_after_seconds)  # let submissions close together gather
                self.dirty.clear()
            try:
                self.rebuild()
                self.retry.reset()
            except Exception as exc:  # noqa: BLE001 - the service goes on
                wait = self.retry.failed(time.monotonic())
                # The kind of failure only: a message could quote a unit's content.
                log.error("the organisation plan could not be rebuilt: %s; trying again in %.0f s",
                          type(exc).__name__, wait)

    def rebuild(self) -> None:
        with self._rebuild:
            if not self.settings.store.exists():
                return
            options: dict[str, Any] = dict(key_file=self.settings.key_file)
            try:
                org = merge_files([self.settings.store], self.settings.output, date.today(),
                                  expected=self.settings.expected, **options)
            except MergeError:
                if self.settings.expected is None:
                    raise
                # The round's list cannot be used as it is: the plan is kept current without
                # its status until HR corrects it (the list's mistakes show with merge --expected).
                log.warning("the round's list %s cannot be used; the plan is rebuilt without its status",
                            self.settings.expected)
                org = merge_files([self.settings.store], self.settings.output, date.today(), **options)
            self.status = PlanStatus(datetime.now().astimezone(), tuple(name for name, _ in org.named),
                                     org.round.to_dict() if org.round else None)
            self.rebuilds += 1
