"""Objects kept on disk for the length of one merge, so that its memory does not grow with the
units.

A merge of ten thousand units would hold every unit's rows (about 170 kB each) until the
organisation workbook is written. Instead each unit, as it is read, is pickled and compressed
to a file in a temporary folder (some 7 kB a unit), and only a ``Spilled`` handle (file,
offset, length) is kept; what is added up across units stays in memory. Each process appends
to a file of its own, so the workers that read the units in parallel spill them where they read
them and send the writer only the handle. The folder goes when the ``SpillFolder`` does.
"""

from __future__ import annotations

__all__ = ["Spilled", "SpillFolder", "spill", "load", "StoredInput"]

import os
import pickle
import shutil
import tempfile
import weakref
import zlib
from dataclasses import dataclass, fields
from collections.abc import Iterator
from typing import Any

from ..core.findings import Finding
from ..core.models import Cover, UnitWorkbook
from .orgplan import InputFile, UnitSummary

# This process's open files, by folder: (the process they were opened in, the file to append to).
_APPENDING: dict[str, tuple[int, Any]] = {}
_READING: dict[str, int] = {}


@dataclass(frozen=True, slots=True)
class Spilled:
    """Where one spilled object lies."""

    path: str
    offset: int
    length: int
    compressed: bool = False


class SpillFolder:
    """A temporary folder for one merge's spills, removed (its files closed) when this is
    collected or closed."""

    def __init__(self) -> None:
        self.path = tempfile.mkdtemp(prefix="xlkompetence-", dir=_spill_root())
        self._finalizer = weakref.finalize(self, _remove, self.path)

    def close(self) -> None:
        self._finalizer()


def _spill_root() -> str | None:
    """Where to spill: $TMPDIR where it is set, else /var/tmp where there is one (on disk, where
    /tmp may be memory: spilling there would save nothing), else the system's temporary folder."""
    if os.environ.get("TMPDIR") or not os.path.isdir("/var/tmp") or not os.access("/var/tmp", os.W_OK):
        return None
    return "/var/tmp"


def _remove(folder: str) -> None:
    for path in [p for p in _READING if os.path.dirname(p) == folder]:
        os.close(_READING.pop(path))
    opened = _APPENDING.pop(folder, None)
    if opened is not None and opened[0] == os.getpid():
        opened[1].close()
    shutil.rmtree(folder, ignore_errors=True)


def spill(folder: str, value: object, *, compress: bool = False) -> Spilled:
    """Append ``value`` to this process's file in ``folder``; returns where it lies. What is kept
    to the end of a merge (``compress``) is compressed: a unit's records shrink about five times
    for a tenth of a millisecond in the worker that read it; what the writer makes and reads
    back at once is not, since its time is the merge's."""
    pid = os.getpid()
    opened = _APPENDING.get(folder)
    if opened is None or opened[0] != pid:
        # A forked worker inherits its parent's table: it opens a file of its own.
        opened = _APPENDING[folder] = (pid, open(os.path.join(folder, f"{pid}.spill"), "ab"))  # noqa: SIM115
    out = opened[1]
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if compress:
        data = zlib.compress(data, 1)
    offset = out.tell()
    out.write(data)
    # Read by another process (the writer) before this one ends.
    out.flush()
    return Spilled(out.name, offset, len(data), compress)


def load(where: Spilled) -> Any:
    """The object spilled at ``where``, as it was."""
    fd = _READING.get(where.path)
    if fd is None:
        fd = _READING[where.path] = os.open(where.path, os.O_RDONLY)
    data = os.pread(fd, where.length, where.offset)
    return pickle.loads(zlib.decompress(data) if where.compressed else data)


class StoredInput(InputFile):
    """An input whose unit and findings wait in a spill file. What is asked of it again and
    again (its Forside but the year wheel, its teams and counts) is kept; the unit and its
    findings, and its summary, are read from the file each time they are asked for, and never
    changed."""

    def __init__(self, entry: InputFile, folder: str) -> None:
        # Not InputFile's own __init__: that would set ``unit`` and ``findings``, which are read here.
        for f in fields(InputFile):
            if f.name not in ("unit", "findings", "summary"):
                setattr(self, f.name, getattr(entry, f.name))
        # The Forside without its year wheel, most of its size: the wheel is read with the unit.
        cover = entry.cover
        self._cover = cover.model_copy(update={"wheel": ()}) if cover is not None else None
        self._teams = entry.teams
        self._counts = (entry.errors, entry.warnings, entry.typed_over, entry.overdue, entry.rows)
        self._where = spill(folder, (entry.unit, entry.findings), compress=True)
        # Apart: what the plan adds up of the unit is read once, without the unit.
        self._summary = spill(folder, entry.summary) if entry.summary is not None else None

    def loaded(self) -> tuple[UnitWorkbook | None, list[Finding]]:
        """The unit and its findings, read once."""
        unit, findings = load(self._where)
        return unit, findings

    @property
    def unit(self) -> UnitWorkbook | None:  # type: ignore[override]
        return self.loaded()[0]

    @property
    def findings(self) -> list[Finding]:  # type: ignore[override]
        return self.loaded()[1]

    @property
    def summary(self) -> UnitSummary | None:  # type: ignore[override]
        return load(self._summary) if self._summary is not None else None

    @property
    def cover(self) -> Cover | None:
        return self._cover

    @property
    def teams(self) -> tuple[str, ...]:
        return self._teams

    @property
    def errors(self) -> int:
        return self._counts[0]

    @property
    def warnings(self) -> int:
        return self._counts[1]

    @property
    def typed_over(self) -> int:
        return self._counts[2]

    @property
    def overdue(self) -> int:
        return self._counts[3]

    @property
    def rows(self) -> int:
        return self._counts[4]


class KeptRows:
    """One sheet's rows, made unit by unit and spilled in batches as they come: as many as
    the sheet has, held a batch at a time."""

    BATCH = 2000

    def __init__(self, folder: str) -> None:
        self._folder = folder
        self._batches: list[Spilled] = []
        self._buffer: list[list[Any]] = []
        self._n = 0

    def extend(self, rows: list[list[Any]]) -> None:
        self._buffer.extend(rows)
        self._n += len(rows)
        if len(self._buffer) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._batches.append(spill(self._folder, self._buffer))
            self._buffer = []

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[list[Any]]:
        self._flush()
        for batch in self._batches:
            yield from load(batch)
