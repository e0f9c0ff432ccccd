"""The server behind the Office.js add-in: the same buttons for Excel on the web and PCs
without Python, on the same core as the desktop add-in.

Built the way xlwings-server builds one: settings from pydantic-settings (``settings``), the
key and the posted workbook as FastAPI dependencies (``dependencies``), routers for the API
and the add-in's files (``api``, ``web``), and an app factory (``app``). Around them: the
keys, re-read when their file changes (``keys``); the workbook's shape and cells, checked
before xlwings sees it (``payload``); what a request may cost (``limits``); the Book of one
request (``books``); submissions and the organisation plan (``store``); refusals and the log
(``errors``).

Every request to the API needs the unit's bearer key (only its SHA-256 is stored); a unit can
only submit as itself; bodies are size- and time-limited and at most a few workbooks are
handled at once; CORS admits the add-in's origin only; every refusal is a 4xx with a Danish
reason; the log holds methods, paths, status codes, times and request ids, never workbook
content or names.
"""

from __future__ import annotations

from .app import create_app
from .settings import ServerSettings, SettingsError, TokenEntry, add_token, hash_token

__all__ = ["ServerSettings", "SettingsError", "TokenEntry", "add_token", "create_app", "hash_token"]
