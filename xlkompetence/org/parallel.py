"""Work over many units in processes, where there are enough units to pay for starting them.

Each unit's work (reading one workbook, writing one) is independent of the others': the map
runs in one process per core, in order, and one process gathers the results."""

from __future__ import annotations

__all__ = ["PARALLEL_FROM", "MAX_JOBS", "CHUNK_MAX", "default_jobs", "in_processes"]

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

PARALLEL_FROM = 16
MAX_JOBS = 8
# Items a process is sent at once. Few: when the map ends, the other processes wait for the last
# chunk, and a chunk of 32 units (a second and a half of reading) left one core idle that long.
CHUNK_MAX = 4

T = TypeVar("T")


def default_jobs(n_items: int) -> int:
    """Processes to work with: one per core once there are enough items to pay for starting them."""
    return 1 if n_items < PARALLEL_FROM else max(1, min(os.cpu_count() or 1, MAX_JOBS))


def in_processes(work: Callable[..., T], *columns: Iterable[object], n: int, jobs: int | None = None) -> Iterator[T]:
    """``work`` over the ``n`` items ``columns`` give (as ``map`` does), results in order; in
    ``jobs`` processes (by default ``default_jobs(n)``), in this one where that is one."""
    jobs = default_jobs(n) if jobs is None else max(1, jobs)
    if jobs == 1:
        yield from map(work, *columns)
        return
    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(work, *columns, chunksize=max(1, min(CHUNK_MAX, n // (jobs * 8))))
