"""The workbook an add-in posts, checked before xlwings sees any of it.

The body is the JSON xlwings' remote engine reads (``client``, ``version``, ``book``, ``sheets``
with ``values`` from A1). It is parsed once, straight into the form xlwings takes: plain dicts,
and each sheet's values as tuples (xlwings turns them into tuples on every range read; tuples
it can take as they are). What xlwings would fail on later becomes a refusal now, in Danish,
naming the sheet and cell: a cell that is not a scalar, a number Excel cannot hold, text longer
than a cell, a text xlwings takes for a date that does not exist, an address outside the sheet.
Lone UTF-16 surrogates (Excel can produce them) become U+FFFD instead of failing the request.
A sheet the refresh neither reads nor writes (a leader's own) is checked, then not kept: its
place stays, its values go.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, NotRequired, cast

from pydantic import AfterValidator, Field, NonNegativeInt, StrictBool, StringConstraints, TypeAdapter, ValidationError

from ...core.cells import MAX_COLUMNS, MAX_ROWS, ref
from ...core.labels import LABELS, t
from ...core.schema import MAX_SHEET_NAME
from ..addin import OWNED_SHEETS, READ_SHEETS

if sys.version_info >= (3, 12):
    from typing import TypedDict
else:  # pydantic reads typing's TypedDict only from Python 3.12 on
    from typing_extensions import TypedDict

__all__ = ["PayloadRefusal", "parse_payload", "decoded_cells"]

MAX_TEXT = 32_767  # characters in one Excel cell
_A1 = r"\$?([A-Z]{1,3})\$?([0-9]{1,7})"
_ADDRESS = re.compile(rf"^{_A1}(?::{_A1})?$")
# xlwings 0.37.8's remote engine reads a text that matches this as a date, with
# datetime.fromisoformat(text[:-1]); a text that matches but does not parse (year 0, 31
# February, no trailing "Z") makes every read of its sheet fail.
_XLWINGS_DATETIME = re.compile(
    r"^(-?(?:[1-9][0-9]*)?[0-9]{4})-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12][0-9])T(2[0-3]|[01][0-9]):"
    r"([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?$")
# A JSON escape of a UTF-16 surrogate: a pair, a lone one, or an escaped backslash (so that
# the text "\\ud800" is not taken for an escape).
_SURROGATE_ESCAPES = re.compile(
    rb"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _corners(address: str) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of an A1 address, 1-based."""
    m = _ADDRESS.match(address)
    if m is None:
        raise ValueError("not an A1 address")
    c1, r1 = _column_number(m.group(1)), int(m.group(2))
    c2, r2 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    if not (1 <= r1 <= r2 <= MAX_ROWS and 1 <= c1 <= c2 <= MAX_COLUMNS):
        raise ValueError("outside Excel's grid")
    return r1, c1, r2, c2


def _address(value: str) -> str:
    _corners(value)
    return value


Address = Annotated[str, AfterValidator(_address)]
Cell = (StrictBool | Annotated[int, Field(ge=-10**308, le=10**308)] | Annotated[float, Field(allow_inf_nan=False)]
        | Annotated[str, StringConstraints(max_length=MAX_TEXT)] | None)


class TablePayload(TypedDict):
    name: str
    range_address: Address | None
    header_row_range_address: NotRequired[Address | None]
    data_body_range_address: NotRequired[Address | None]
    total_row_range_address: NotRequired[Address | None]
    show_headers: NotRequired[bool]
    show_totals: NotRequired[bool]


class SheetPayload(TypedDict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=MAX_SHEET_NAME)]
    values: tuple[tuple[Cell, ...], ...]
    tables: NotRequired[list[TablePayload]]
    used_range_address: NotRequired[Address | None]


class BookPayload(TypedDict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    active_sheet_index: NotRequired[NonNegativeInt]
    selection: NotRequired[str]
    calculation: NotRequired[Literal["Automatic", "Manual", "AutomaticExceptTables"]]


class WorkbookPayload(TypedDict):
    client: Literal["Office.js"]
    version: str
    book: BookPayload
    names: NotRequired[list[dict[str, Any]]]
    sheets: Annotated[list[SheetPayload], Field(min_length=1)]


_PAYLOAD = TypeAdapter(WorkbookPayload)
# The sheets a refresh or a submission reads or writes.
_USED_SHEETS = READ_SHEETS | set(OWNED_SHEETS)
_JSON = TypeAdapter(Any)


@dataclass
class PayloadRefusal(Exception):
    """Why a body is refused: an HTTP status and a Danish reason."""

    status: int
    detail: str


def parse_payload(body: bytes | bytearray) -> dict[str, Any]:
    """The workbook in ``body``, checked and ready for ``xlwings.Book(json=...)``."""
    body = replace_lone_surrogates(body)
    try:
        payload = cast(dict[str, Any], _PAYLOAD.validate_json(body))
    except ValidationError as exc:
        raise _refusal(exc, body) from None
    missing = sorted(READ_SHEETS - {s["name"] for s in payload["sheets"]})
    if missing:
        raise PayloadRefusal(422, t("server.not_a_unit", missing=", ".join(missing)))
    _check_book(payload)
    for sheet in payload["sheets"]:
        _check_sheet(sheet)
        if sheet["name"] not in _USED_SHEETS:
            # A leader's own sheet: never read or written, so not kept (its place stays, for
            # the actions count sheets by position).
            sheet.update(values=(("",),), tables=[])
            sheet.pop("used_range_address", None)
    return payload


def decoded_cells(payload: dict[str, Any]) -> int:
    """The cells of ``payload`` a refresh holds: what it costs in memory and time."""
    return sum(len(row) for sheet in payload["sheets"] for row in sheet["values"])


def replace_lone_surrogates(body: bytes | bytearray) -> bytes | bytearray:
    r"""``body`` with every ``\uD800``–``\uDFFF`` escape that is not half of a pair made U+FFFD."""
    if not re.search(rb"\\u[dD][89a-fA-F]", body):
        return body

    def one(m: re.Match[bytes]) -> bytes:
        escape = m.group(0)
        return escape if escape == b"\\\\" or len(escape) == 12 else b"\\ufffd"

    return _SURROGATE_ESCAPES.sub(one, body)


def _check_book(payload: dict[str, Any]) -> None:
    book = payload["book"]
    if book.setdefault("active_sheet_index", 0) >= len(payload["sheets"]):
        raise PayloadRefusal(400, t("server.bad_field", field=field_name(("book", "active_sheet_index"))))
    book.setdefault("selection", "A1")
    # Names are never resolved: the refresh addresses cells by A1 only.
    payload["names"] = []


def _check_sheet(sheet: dict[str, Any]) -> None:
    sheet.setdefault("tables", [])
    _check_addresses(sheet)
    _check_dates(sheet)


def _check_addresses(sheet: dict[str, Any]) -> None:
    """Every address inside the values sent: xlwings pads a range to its full size, so an
    address beyond the values is a request for gigabytes, not a workbook."""
    values = sheet["values"]
    height, width = max(len(values), 1), max(max(map(len, values), default=0), 1)
    addresses = [(("used_range_address",), sheet.get("used_range_address"))] + [
        (("tables", i, key), table.get(key)) for i, table in enumerate(sheet["tables"])
        for key in ("range_address", "header_row_range_address", "data_body_range_address", "total_row_range_address")]
    for field, address in addresses:
        if address is None:
            continue
        _, _, last_row, last_col = _corners(address)
        if last_row > height or last_col > width:
            raise PayloadRefusal(400, t("server.bad_address", sheet=sheet["name"], field=field_name(field)))


def _check_dates(sheet: dict[str, Any]) -> None:
    """No text that xlwings would take for a date and then fail to read."""
    for r, row in enumerate(sheet["values"], start=1):
        for c, value in enumerate(row, start=1):
            if type(value) is str and len(value) >= 19 and "T" in value and _XLWINGS_DATETIME.match(value):
                try:
                    datetime.fromisoformat(value[:-1])
                except ValueError:
                    raise PayloadRefusal(422, t("server.bad_cell", sheet=sheet["name"], cell=ref(r, c),
                                                reason=t("server.cell.date"))) from None


def _refusal(exc: ValidationError, body: bytes | bytearray) -> PayloadRefusal:
    """The first problem pydantic found, said so a leader can find it (never the content)."""
    error = exc.errors(include_url=False)[0]
    loc = error["loc"]
    if error["type"] == "json_invalid":
        return PayloadRefusal(400, t("server.bad_json"))
    if len(loc) >= 5 and loc[0] == "sheets" and loc[2] == "values" and isinstance(loc[3], int) \
            and isinstance(loc[4], int):
        return PayloadRefusal(422, t("server.bad_cell", sheet=_sheet_name(body, loc[1]), cell=ref(loc[3] + 1, loc[4] + 1),
                                     reason=t(_cell_reason(error["input"]))))
    path = tuple(p for p in loc if p not in _UNION_MEMBERS)
    return PayloadRefusal(400, t("server.bad_field", field=field_name(path)) if path else t("server.bad_payload"))


def field_name(path: tuple[str | int, ...]) -> str:
    """A JSON field's place said in Danish, innermost first: ("sheets", 1, "name") is "navnet i
    ark nr. 2"."""
    parts: list[str] = []
    for i, p in enumerate(path):
        if isinstance(p, int):
            parent = path[i - 1] if i else ""
            key = f"server.field.{parent}.item"
            parts.append(t(key if key in LABELS else "server.field.item", n=p + 1))
            if parts[-2:-1] and not isinstance(path[i - 1], int) and i and key in LABELS:
                del parts[-2]  # "ark nr. 2", not "arkene i ark nr. 2"
        else:
            key = f"server.field.{p}"
            parts.append(t(key) if key in LABELS else t("server.field.other", field=p))
    return t("server.field.in").join(reversed(parts))


_UNION_MEMBERS = {"bool", "constrained-int", "int", "float", "constrained-str", "str", "none"}


def _cell_reason(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "server.cell.number"
    if isinstance(value, str):
        return "server.cell.text"
    return "server.cell.kind"


def _sheet_name(body: bytes | bytearray, index: Any) -> str:
    """The name of sheet ``index``, read again from the body: only on the way to a refusal."""
    try:
        name = _JSON.validate_json(body)["sheets"][index]["name"]
    except (ValueError, LookupError, TypeError):
        return f"nr. {index + 1}" if isinstance(index, int) else "?"
    return name if isinstance(name, str) else f"nr. {index + 1}"
