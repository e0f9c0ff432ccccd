"""One request's workbook as an xlwings Book of the remote engine, and its closing.

Each Book gets an App of its own. The remote engine keeps one list of books per App and sends
``app.alert``, ``app.calculation`` and ``app.screen_updating`` to the App's *active* book: with
one shared App, a request's message or calculation mode lands in whichever request opened its
book last. Closing removes the Book and App from xlwings' lists, and empties the engine's cache
of sheet values, which otherwise keeps every sheet of every request for the process's life.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from ...core.labels import t

__all__ = ["close_book", "open_book"]


def open_book(payload: dict[str, Any]) -> Any:
    """An ``xlwings.Book`` on ``payload`` in an App of its own (503 without the licence key)."""
    import xlwings as xw

    try:
        engine = xw.engines["remote"]
    except (KeyError, xw.LicenseError):  # the remote engine works only with a licence key
        raise HTTPException(503, t("server.licence")) from None
    app = xw.App(impl=engine.impl.apps.add(add_book=False))
    return app.books.open(json=payload)


def close_book(book: Any) -> None:
    app = book.app
    book.close()
    app.kill()
    from xlwings.pro import _xlremote

    # Keyed by a sheet's values, unbounded, cleared by xlwings only in xlwings Lite.
    _xlremote.get_range_api.cache_clear()
