"""A generated corpus of malformed request bodies for the add-in's server.

Each body is a unit workbook payload (as the Office add-in sends it) broken in one way, or not
a payload at all. Every text a person could have typed carries ``MARKER``, so a test can check
that none of it reaches the server's log.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

MARKER = "HEMMELIG-7f3a"
COVER = "Forside"
PLAN = "Plan for kompetenceudvikling"


def _sheet(payload: dict, name: str) -> dict:
    return next(s for s in payload["sheets"] if s["name"] == name)


def _cell(payload: dict, sheet: str, row: int, col: int, value: Any) -> dict:
    """``payload`` with one cell (0-based row and column) replaced."""
    broken = copy.deepcopy(payload)
    values = _sheet(broken, sheet)["values"]
    while len(values) <= row:
        values.append([""] * len(values[0]))
    line = values[row]
    line.extend([""] * (col + 1 - len(line)))
    line[col] = value
    return broken


def _with(payload: dict, change: Callable[[dict], None]) -> dict:
    broken = copy.deepcopy(payload)
    change(broken)
    return broken


def _set(path: str, value: Any) -> Callable[[dict], None]:
    """A change that sets (or, with ``...``, removes) the key at a dotted path like ``book.name``."""
    def change(payload: dict) -> None:
        *parents, last = path.split(".")
        target: Any = payload
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is ...:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return change


def _json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def marked(payload: dict) -> dict:
    """``payload`` with ``MARKER`` typed into a text cell of the plan and the cover."""
    payload = _cell(payload, PLAN, 5, 0, f"Hele Team B {MARKER}")
    return _cell(payload, COVER, 3, 1, f"Leder {MARKER}")


def sheet_index(payload: dict, name: str) -> int:
    return next(i for i, s in enumerate(payload["sheets"]) if s["name"] == name)


def malformed_bodies(valid: dict) -> Iterator[tuple[str, bytes]]:
    """(what is wrong, body) for every malformed request the server must refuse with a 4xx."""
    base = marked(valid)
    plan = sheet_index(base, PLAN)
    cover = sheet_index(base, COVER)
    deep = 100_000
    yield "JSON nested 100 000 deep", b"[" * deep + b"]" * deep
    yield "a cell nested 100 000 deep", _json(base).replace(
        MARKER.encode(), MARKER.encode() + b'", ' + b"[" * deep + b"]" * deep + b', "', 1)
    yield "not JSON", b"{" + MARKER.encode()
    yield "empty body", b""
    yield "not UTF-8", b'{"client": "Office.js", "x": "\xff\xfe' + MARKER.encode() + b'"}'
    for top in ([base], MARKER, 3, None):
        yield f"top level is {type(top).__name__}", _json(top)
    for field, value in (("book", ...), ("book", None), ("book", MARKER), ("book", [MARKER]),
                         ("book.name", ...), ("book.name", None), ("book.name", 3),
                         ("book.active_sheet_index", -1), ("book.active_sheet_index", "nul"),
                         ("book.calculation", MARKER), ("client", ...), ("client", "Excel 97"),
                         ("version", ...), ("version", None), ("names", MARKER), ("sheets", ...),
                         ("sheets", None), ("sheets", []), ("sheets", MARKER), ("sheets", {"values": [[MARKER]]}),
                         (f"sheets.{plan}", MARKER), (f"sheets.{plan}", None),
                         (f"sheets.{plan}.name", ...), (f"sheets.{plan}.name", None), (f"sheets.{plan}.name", ""),
                         (f"sheets.{plan}.name", "x" * 32), (f"sheets.{plan}.values", ...),
                         (f"sheets.{plan}.values", None), (f"sheets.{plan}.values", [MARKER, "b"]),
                         (f"sheets.{plan}.values", MARKER), (f"sheets.{plan}.values", [[MARKER], None]),
                         (f"sheets.{plan}.values", {"A1": MARKER}), (f"sheets.{plan}.tables", MARKER),
                         (f"sheets.{plan}.tables", [MARKER]), (f"sheets.{plan}.tables", [{"name": MARKER}]),
                         (f"sheets.{plan}.tables", [{"name": "T", "range_address": MARKER}]),
                         (f"sheets.{plan}.tables", [{"name": "T", "range_address": "A1:XFD1048576"}]),
                         (f"sheets.{plan}.tables", [{"name": "T", "range_address": "A1:P999999"}]),
                         (f"sheets.{plan}.tables", [{"name": "T", "range_address": None, "show_headers": MARKER}]),
                         (f"sheets.{plan}.used_range_address", MARKER),
                         (f"sheets.{plan}.used_range_address", "A1:XFD1048576")):
        yield f"{field} = {value!r}"[:80], _json(_with(base, _set(field, value)))
    for what, value in (("a list", [MARKER, 1]), ("an object", {"v": MARKER}), ("a huge whole number", 10 ** 400),
                        ("text over Excel's 32 767 characters", MARKER * 5000)):
        yield f"{what} in a Forside cell", _json(_cell(base, COVER, 4, 1, value))
    yield "a number too large for Excel", _json(base).replace(b'"Hele Team B', b'1e400, "Hele Team B', 1)
    for word in (b"NaN", b"Infinity", b"-Infinity"):
        yield f"{word.decode()} in a cell", _json(base).replace(b'"Hele Team B', word + b', "Hele Team B', 1)
    for date in ("0000-01-01T00:00:00.000Z", "2027-02-31T00:00:00.000Z", "2027-01-01T00:00:00",
                 "99999-01-01T00:00:00.000Z", "2027-01-01T00:00:00+01:00"):
        yield f"date {date}", _json(_cell(base, PLAN, 5, 11, date))
    yield "a sheet with a number as its name", _json(_with(base, _set(f"sheets.{cover}.name", 17)))
