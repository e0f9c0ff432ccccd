"""What the add-in asks of Excel's objects: the few xlwings attributes it touches, as types.

The add-in runs on three xlwings engines (desktop COM, the remote engine behind the server
and xlwings Lite in the browser), and the remote and Lite engines implement only part of the
API. Naming the part the add-in uses keeps it inside what all three offer, lets mypy check
every call, and lets the tests hold each engine's objects to it.
"""

from __future__ import annotations

__all__ = ["XlRange", "XlRangeOptions", "XlCount", "XlTable", "XlSheet", "XlApp", "XlBook"]

from collections.abc import Iterable
from typing import Any, Protocol


class XlCount(Protocol):
    """A range's rows or columns."""

    @property
    def count(self) -> int: ...

    def autofit(self) -> None: ...


class XlRangeOptions(Protocol):
    @property
    def value(self) -> Any: ...


class XlRange(Protocol):
    """A block of cells. ``value`` and ``formula`` take a list of rows for the whole block,
    ``number_format`` one format for all of it."""

    @property
    def row(self) -> int: ...

    @property
    def column(self) -> int: ...

    @property
    def rows(self) -> XlCount: ...

    @property
    def columns(self) -> XlCount: ...

    value: Any
    formula: Any
    number_format: str

    def options(self, *, ndim: int, err_to_str: bool) -> XlRangeOptions: ...

    def clear_contents(self) -> None: ...


class XlTable(Protocol):
    """An Excel table (ListObject)."""

    @property
    def range(self) -> XlRange: ...

    @property
    def show_totals(self) -> bool: ...

    def resize(self, range: Any) -> None: ...


class XlSheet(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def used_range(self) -> XlRange: ...

    @property
    def tables(self) -> Iterable[XlTable]: ...

    def range(self, cell1: Any, cell2: Any = None) -> XlRange: ...


class XlApp(Protocol):
    """The application: what the add-in pauses while it writes, and where it tells the user.

    The remote and Lite engines raise ``NotImplementedError`` for the properties they do not
    carry; the add-in handles that where it reads them."""

    screen_updating: bool
    calculation: str
    status_bar: Any

    def alert(self, prompt: str, title: str | None = None) -> Any: ...


class XlBook(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def sheets(self) -> Iterable[XlSheet]: ...

    @property
    def app(self) -> XlApp: ...
