"""Records made small for a trip between processes and a stay in a long merge's memory.

A pydantic model keeps the set of the fields it was given in each instance: for a plan row of
two dozen columns that set weighs more than the row's own values, and a unit's workbook has
hundreds of rows. Frozen records of one class given the same fields can share one set; pickle
then sends it once per unit, and a merge of a thousand units holds a third of the memory.
"""

from __future__ import annotations

__all__ = ["share_field_sets"]

from typing import Any

from pydantic import BaseModel


def share_field_sets(obj: object, pool: dict[tuple[type, frozenset[str]], set[str]] | None = None) -> None:
    """Let every frozen model in ``obj`` (a model, or lists, tuples, dicts and objects holding
    them) that has the same class and was given the same fields share one fields set. Only
    frozen models: nothing sets a field of one, so nothing adds to the set they share, and a
    copy (``model_copy``) gets a set of its own."""
    pool = {} if pool is None else pool
    seen: set[int] = set()
    stack: list[Any] = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, int, float, bool)) or item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, BaseModel):
            if item.model_config.get("frozen"):
                own = item.__pydantic_fields_set__
                shared = pool.setdefault((type(item), frozenset(own)), own)
                object.__setattr__(item, "__pydantic_fields_set__", shared)
            stack.extend(item.__dict__.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(vars(item).values())
