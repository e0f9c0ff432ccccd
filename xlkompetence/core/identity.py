"""Who is who across files: one rule for when two spellings name the same unit. Pure.

A unit's name is typed in several places by several people: HR's list of the round, the
Forside of its workbook, the server's key for it. "Bostøtten Nord", "BOSTØTTEN NORD.",
"Bostøtten-Nord" and "Bostøtten  Nord" are one unit; merge, watch, the server, the history
and the status of the round all compare names through ``unit_key`` and nothing else.
"""

from __future__ import annotations

__all__ = ["unit_key", "same_unit"]

import functools
import unicodedata


def unit_key(name: object) -> str:
    """The identity of the unit ``name`` names: compatibility forms folded (NFKC), case
    folded, invisible characters (soft hyphens, zero-width spaces, direction marks) dropped,
    punctuation (dashes, dots, commas, quotes, brackets) read as a space, spacing collapsed.
    Letters, digits and symbols (emoji included) count as typed.

    >>> unit_key("Bostøtten Nord") == unit_key("BOSTØTTEN NORD.") == unit_key("Bostøtten-Nord")
    True
    >>> unit_key("  Bo\\u00adstøtten\\u200b Nord ")
    'bostøtten nord'
    >>> unit_key("Team 1") == unit_key("Team 2")
    False
    >>> unit_key(None)
    ''
    """
    if name is None:
        return ""
    return _key(str(name))


def same_unit(a: object, b: object) -> bool:
    """Whether ``a`` and ``b`` name the same unit (both non-empty)."""
    ka, kb = unit_key(a), unit_key(b)
    return bool(ka) and ka == kb


@functools.lru_cache(maxsize=4096)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":  # format characters: soft hyphen, zero-width, direction marks
            continue
        kept.append(" " if category.startswith("P") or category.startswith("Z") or ch.isspace() else ch)
    return " ".join("".join(kept).split())
