"""Sync up: watch a shared folder and keep the organisation plan and its history current.

A synced SharePoint/OneDrive folder is just a folder, and file-system events do not cross
network shares reliably, so the folder is polled. When a workbook appears, changes or goes
away, the service waits until the folder has been quiet for a moment (several saves close
together are handled once), re-reads only the files whose content changed (by SHA-256), and
rewrites the organisation workbook and the history. A file that cannot be read just after it
changed (a save still under way, a sharing violation) is tried again rather than reported as
broken; the service goes on through any bad file, and stops cleanly when asked.
"""

from __future__ import annotations

__all__ = ["Seen", "Watcher"]

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime
from pathlib import Path

from . import history
from ..core.labels import count, t
from ..core.pseudonyms import Pseudonymizer
from ..core.roster import Roster
from .disclosure import Disclosure, disclose_entry, shown_path
from .keyfile import default_key_file, read_or_make_key
from .merge import MergeError, collect_inputs, disclosed, listed_round, read_expected, read_input, with_status
from .retry import Backoff
from ..xlsx.files import Stamp
from .orgbook import write_org_workbook
from .orgplan import InputFile, OrgPlan


log = logging.getLogger(__name__)


@dataclass
class Seen:
    stamp: tuple[int, int]  # (mtime_ns, size)
    sha256: str
    entry: InputFile


@dataclass
class Watcher:
    folder: Path
    output: Path
    db: Path
    interval: float = 2.0
    settle: float = 1.0
    retry_for: float = 30.0
    today: Callable[[], date] = date.today
    key_file: Path | None = None
    disclosure: Disclosure = Disclosure()
    # The round's list: the plan then carries the status of the round, re-read when it changes.
    expected: Path | None = None
    seen: dict[Path, Seen] = field(default_factory=dict)
    list_stamp: Stamp | None = None
    last_stamps: dict[Path, tuple[int, int]] = field(default_factory=dict)
    last_change: float = 0.0
    runs: int = 0
    # A plan that could not be written yet (the output open in Excel, a full disk), and when
    # to try again: a failed write must not wait for the next change in the folder.
    unwritten: OrgPlan | None = None
    retry: Backoff = field(default_factory=Backoff)

    @cached_property
    def pseudonyms(self) -> Pseudonymizer:
        return Pseudonymizer(read_or_make_key(self.key_file or default_key_file()))

    def scan(self) -> dict[Path, tuple[int, int]]:
        stamps = {}
        for path in collect_inputs([self.folder], self.output, skip=[self.expected] if self.expected else []):
            try:
                st = path.stat()
            except OSError:
                continue  # gone between listing and looking
            stamps[path] = (st.st_mtime_ns, st.st_size)
        return stamps

    def step(self, now: float | None = None) -> OrgPlan | None:
        """One look at the folder; returns the organisation plan when it was rewritten."""
        now = time.monotonic() if now is None else now
        stamps = self.scan()
        if stamps != self.last_stamps:
            self.last_stamps = stamps
            self.last_change = now  # a save under way keeps moving this on
        pending = {p for p, s in stamps.items() if p not in self.seen or self.seen[p].stamp != s}
        pending |= {p for p in self.seen if p not in stamps}
        list_changed = self.expected is not None and self.seen and self._list_stamp() != self.list_stamp
        if (pending or list_changed) and now - self.last_change >= self.settle:
            org = self.rebuild(stamps, pending, force=bool(list_changed))
            if org is not None:
                self.retry.reset()
                return self.publish(org, now)
        if self.unwritten is not None and self.retry.ready(now):
            return self.publish(self.unwritten, now)
        return None

    def publish(self, org: OrgPlan, now: float) -> OrgPlan | None:
        """Write the organisation workbook and the history; on failure keep the plan and try
        again later, with growing pauses, rather than until a unit changes."""
        try:
            write_org_workbook(self.output, org)
            history.record(self.db, org, kind="watch", output=self.output)
        except (OSError, sqlite3.Error) as exc:
            self.unwritten = org
            wait = self.retry.failed(now)
            log.warning(t("watch.write_failed", output=self.output, reason=getattr(exc, "strerror", None) or exc,
                          seconds=f"{wait:g}"))
            return None
        self.unwritten = None
        self.retry.reset()
        self.runs += 1
        log.info(t("watch.written", output=self.output, units=count(len(org.units), "unit"),
                   files=count(len(org.inputs), "file"),
                   at=datetime.now().strftime("%H:%M:%S")))
        return org

    def _list_stamp(self) -> Stamp | None:
        try:
            return Stamp.of(self.expected) if self.expected is not None else None
        except OSError:
            return None  # unreadable for now: the next look tries again

    def round_list(self) -> Roster | None:
        """The round's list, when one is given and can be used; while it cannot, the plan is
        kept current without the status of the round, and the reason is logged."""
        if self.expected is None:
            return None
        self.list_stamp = self._list_stamp()
        try:
            return read_expected(self.expected)
        except MergeError as exc:
            log.warning(str(exc))
            return None

    def rebuild(self, stamps: dict[Path, tuple[int, int]], pending: set[Path], *,
                force: bool = False) -> OrgPlan | None:
        """Read what changed and assemble the plan; None when nothing that counts changed."""
        today = self.today()
        changed = force
        for path in sorted(pending):
            if path not in stamps:
                gone = self.seen.pop(path)
                log.info(t("watch.gone", path=self.shown(gone.entry)))
                changed = True
                continue
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue  # locked by the program saving it: the next look tries again
            old = self.seen.get(path)
            if old is not None and old.sha256 == sha:
                self.seen[path] = Seen(stamps[path], sha, old.entry)  # touched, not changed
                continue
            entry = read_input(path, today, shown_path(path, [self.folder]))
            if not entry.readable and time.time() - stamps[path][0] / 1e9 < self.retry_for:
                continue  # most likely a save still under way: try again before calling it broken
            self.seen[path] = Seen(stamps[path], sha, entry)
            changed = True
            log.info(t("watch.read", path=self.shown(entry), state=t("watch.ok") if entry.readable else t("watch.unreadable")))
        if not changed:
            return None
        entries = [self.seen[p].entry for p in sorted(self.seen)]
        roster = self.round_list()
        org = disclosed(entries, self.pseudonyms, self.disclosure, today,
                        this_round=listed_round(roster) if roster else None)
        return with_status(org, roster) if roster is not None else org

    def shown(self, entry: InputFile) -> str:
        """An input as the log names it: as Kilder does (a listed person's name replaced)."""
        return disclose_entry(entry, self.pseudonyms, self.disclosure, self.today()).shown

    def run(self, stop: threading.Event, max_seconds: float | None = None) -> None:
        """Watch until ``stop`` is set (or ``max_seconds`` have passed)."""
        started = time.monotonic()
        log.info(t("watch.started", folder=self.folder, output=self.output, db=self.db))
        while not stop.is_set():
            try:
                self.step()
            except Exception as exc:  # noqa: BLE001 - the service goes on; the cause is logged
                log.warning(t("watch.error", error=f"{type(exc).__name__}: {exc}"))
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                break
            stop.wait(self.interval)
        log.info(t("watch.stopped"))
