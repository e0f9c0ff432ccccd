"""The server's settings: defaults, overridden by the JSON file IT keeps beside the server,
overridden by ``XLKOMPETENCE_*`` environment variables (``XLKOMPETENCE_MAX_BODY_MB=20``; lists
and the key table as JSON).

Relative paths are relative to the settings file's folder, not to where the server starts.
The file holds the units' keys as SHA-256 only; ``add_token`` makes a key and stores its hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, ValidationError
from pydantic_settings import SettingsConfigDict

from ...core.labels import t
from ...org import history
from ...org.settingsfile import FileSettings, settings_reason
from ...xlsx.files import atomic_path

__all__ = ["ServerSettings", "SettingsError", "TokenEntry", "add_token", "hash_token"]

MB = 1024 * 1024
DEFAULT_RECIPIENT = "HR"
ENV_PREFIX = "XLKOMPETENCE_"


class SettingsError(ValueError):
    """The settings file (or an environment variable) cannot be used; the message is Danish."""


class TokenEntry(BaseModel):
    """Whose key a stored hash is."""

    unit: str


class ServerSettings(FileSettings):
    """Where the server is reached, what it accepts, where it keeps submissions, and the keys."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    public_url: str = "http://127.0.0.1:8765"
    allowed_origins: list[str] = Field(default_factory=list)
    max_body_mb: float = Field(default=10, gt=0)
    body_seconds: float = Field(default=60, gt=0, description="how long a request body may take to arrive")
    max_mb_at_once: float = Field(default=20, gt=0, description="MB of workbook bodies read and parsed at once")
    # What a workbook costs while it is refreshed grows with its cells, not its bytes (a body of
    # small numbers holds seven times the cells of one of text): see limits.py.
    max_cells: int = Field(default=250_000, gt=0, description="cells of the sheets refresh reads and writes, per workbook")
    max_cells_at_once: int = Field(default=500_000, gt=0, description="cells of workbooks refreshed at once")
    busy_wait_seconds: float = Field(default=10, ge=0, description="how long a request waits for room")
    store: Path = Path("indsendt")
    output: Path = Path("organisation.xlsx")
    db: Path | None = None
    rebuild_after_seconds: float = Field(default=2.0, ge=0)
    key_file: Path | None = None  # the pseudonyms' key; the server user's own by default
    expected: Path | None = None  # the round's list: the plan then shows who has delivered
    tokens: dict[str, TokenEntry] = Field(default_factory=dict)  # sha256(token) → whose key
    # Who receives the units' workbooks, as the button says it: "Send til HR", "Send til
    # forvaltningen", "Send til udviklingskonsulenten".
    recipient: str = Field(default=DEFAULT_RECIPIENT, min_length=1, max_length=40, pattern=r"^[^\x00-\x1f<>&\"]+$")
    _file: Path | None = PrivateAttr(default=None)

    @classmethod
    def load(cls, path: Path) -> ServerSettings:
        """The settings from ``path`` (if it exists) and the environment."""
        try:
            settings = cls.from_file(path)
        except (ValidationError, ValueError, OSError) as exc:
            raise SettingsError(t("server.settings_invalid", path=path, reason=_reason(exc))) from None
        base = path.parent
        settings = settings.model_copy(update={
            "store": _under(base, settings.store),
            "output": _under(base, settings.output),
            "db": None if settings.db is None else _under(base, settings.db),
            "key_file": None if settings.key_file is None else _under(base, settings.key_file),
            "expected": None if settings.expected is None else _under(base, settings.expected),
        })
        settings._file = path
        return settings

    @property
    def file(self) -> Path | None:
        """The settings file the keys are re-read from, when there is one."""
        return self._file

    @property
    def origins(self) -> list[str]:
        return self.allowed_origins or [_origin(self.public_url)]

    @property
    def history_db(self) -> Path:
        return self.db or history.default_db(self.output)

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_mb * MB)


def _under(base: Path, path: Path) -> Path:
    return path if path.is_absolute() else base / path


def _reason(exc: Exception) -> str:
    return settings_reason(exc, t("server.settings.whole_file"))


def _origin(url: str) -> str:
    m = re.match(r"^(https?://[^/]+)", url)
    return m.group(1) if m else url


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_token(path: Path, unit: str) -> str:
    """A new random key for ``unit``; only its hash is written to the settings file."""
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError) as exc:
        raise SettingsError(t("server.settings_invalid", path=path, reason=exc)) from None
    try:
        ServerSettings.model_validate(raw)  # the file alone, as the server will read it
    except ValidationError as exc:
        raise SettingsError(t("server.settings_invalid", path=path, reason=_reason(exc))) from None
    token = secrets.token_urlsafe(32)
    raw.setdefault("tokens", {})[hash_token(token)] = {"unit": unit}
    for key in ("public_url", "store", "output"):
        raw.setdefault(key, str(ServerSettings.model_fields[key].default))
    new = not path.exists()
    # Whole or not at all: the running server re-reads this file when it changes.
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    if new:
        os.chmod(path, 0o600)
    return token
