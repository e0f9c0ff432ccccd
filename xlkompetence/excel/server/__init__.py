"""The server behind the Office.js add-in: the same buttons for Excel on the web and PCs
without Python, on the same core as the desktop add-in.

Built the way xlwings-server builds one: settings from pydantic-settings (``settings``), the
caller and the posted workbook as FastAPI dependencies (``dependencies``), routers for the
leaders' API, HR's reading and the add-in's files (``api``, ``overview``, ``web``), and an app
factory (``app``). Around them: the access settings, re-read when their file changes
(``live``); the units' keys (``keys``); Microsoft Entra ID tokens checked against the tenant's
signing keys (``entra``); who may do what (``access``); the workbook's shape and cells, checked
before xlwings sees it (``payload``); what a request may cost (``limits``); the Book of one
request (``books``); submissions and the organisation plan (``store``); refusals and the log
(``errors``); one line per API request in the audit log (``audit``).

Every request to the API needs the unit's bearer key (only its SHA-256 is stored) or, with
Entra ID, the person's token; a leader can only refresh and submit their own unit's workbook,
and only HR reads the plan and the round's status; bodies are size- and time-limited and at
most a few workbooks are handled at once; CORS admits the add-in's origin only; every refusal is
a 4xx with a Danish reason; the log holds methods, paths, status codes, times and request ids,
never workbook content or names.
"""

from __future__ import annotations

from .app import create_app
from .settings import EntraSettings, ServerSettings, SettingsError, TokenEntry, add_token, hash_token

__all__ = ["EntraSettings", "ServerSettings", "SettingsError", "TokenEntry", "add_token", "create_app", "hash_token"]
