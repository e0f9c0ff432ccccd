"""What is derived from a unit, kept for the last unit it was asked of. Pure.

A refresh derives the same things from one unit several times over: the catalogue for its
sheet, for the suggestions and for the overview. A unit is frozen, so what was derived from it
holds as long as it is the same object; the last one is kept, by identity (a unit is never
hashed, and nothing is kept past the next unit).
"""

from __future__ import annotations

__all__ = ["last_unit"]

import functools
from collections.abc import Callable
from typing import TypeVar

from .models import UnitWorkbook

R = TypeVar("R")


def last_unit(derive: Callable[[UnitWorkbook], R]) -> Callable[[UnitWorkbook], R]:
    """``derive``, its result kept for the last unit it was asked of. Its callers share the
    result: they must not change it."""
    kept: list[tuple[UnitWorkbook, R]] = []

    @functools.wraps(derive)
    def derived(unit: UnitWorkbook) -> R:
        last = kept[0] if kept else None
        if last is not None and last[0] is unit:
            return last[1]
        result = derive(unit)
        kept[:] = [(unit, result)]
        return result

    return derived
