"""The server's settings: defaults, overridden by the JSON file IT keeps beside the server,
overridden by ``XLKOMPETENCE_*`` environment variables (``XLKOMPETENCE_MAX_BODY_MB=20``; lists,
the key table and the ``entra`` block as JSON).

Relative paths are relative to the settings file's folder, not to where the server starts.
Who may call the API is decided by the scheme in force (``auth``): the units' keys, which the
file holds as SHA-256 only (``add_token`` makes a key and stores its hash), or sign-in with
Microsoft Entra ID (``entra``: the tenant, the add-in's registration, and which groups or users
lead which unit and which are HR).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from ...core.labels import t
from ...org import history
from ...org.settingsfile import FileSettings, settings_reason
from ...xlsx.files import atomic_path

__all__ = ["EntraSettings", "ServerSettings", "SettingsError", "TokenEntry", "add_token", "hash_token"]

MB = 1024 * 1024
DEFAULT_RECIPIENT = "HR"
ENV_PREFIX = "XLKOMPETENCE_"
MICROSOFT_LOGIN = "https://login.microsoftonline.com"
GUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class SettingsError(ValueError):
    """The settings file (or an environment variable) cannot be used; the message is Danish."""


class TokenEntry(BaseModel):
    """Whose key a stored hash is."""

    unit: str


def is_guid(text: str) -> bool:
    return re.match(GUID, text) is not None


class EntraSettings(BaseModel):
    """Sign-in with the organisation's Microsoft Entra ID: whose tokens are accepted, and who
    may do what. A member is a group's object id, a user's object id, or a user principal name
    (``name@kommune.dk``)."""

    model_config = ConfigDict(extra="forbid")

    tenant: str = Field(pattern=GUID, description="Directory (tenant) ID")
    client_id: str = Field(pattern=GUID, description="the add-in's Application (client) ID")
    # The Application ID URI IT set under "Expose an API"; by default api://<server's host>/<client id>.
    app_id_uri: str | None = None
    scope: str = Field(default="access_as_user", pattern=r"^[\w.\-]+$")
    authority: str = Field(default=MICROSOFT_LOGIN, pattern=r"^https?://[^/?#\s]+$")
    # Where the tenant publishes its signing keys; by default under the authority.
    jwks_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    leeway_seconds: float = Field(default=60, ge=0, le=300, description="clock skew allowed on exp and nbf")
    keys_max_age_seconds: float = Field(default=6 * 3600, gt=0, description="how long the signing keys are kept")
    # An unknown key id fetches the keys again, at most this often: tokens with made-up key ids
    # cannot make the server hammer the tenant's key endpoint.
    refetch_seconds: float = Field(default=60, ge=0)
    units: dict[str, list[str]] = Field(default_factory=dict, description="unit → its leaders")
    hr: list[str] = Field(default_factory=list)

    @field_validator("units")
    @classmethod
    def _units(cls, units: dict[str, list[str]]) -> dict[str, list[str]]:
        for unit, members in units.items():
            if not unit.strip():
                raise ValueError("a unit's name is empty")
            _members(members)
        return units

    @field_validator("hr")
    @classmethod
    def _hr(cls, members: list[str]) -> list[str]:
        return _members(members)

    def resource(self, public_url: str) -> str:
        """The Application ID URI: the audience of a v1 token and the manifest's resource."""
        return (self.app_id_uri or f"api://{urlsplit(public_url).netloc}/{self.client_id}").rstrip("/")

    @property
    def keys_url(self) -> str:
        return self.jwks_url or f"{self.authority}/{self.tenant}/discovery/v2.0/keys"

    @property
    def issuers(self) -> dict[str, str]:
        """The issuer of each token version this tenant's tokens come in."""
        return {"2.0": f"{MICROSOFT_LOGIN}/{self.tenant}/v2.0", "1.0": f"https://sts.windows.net/{self.tenant}/"}


def _members(members: list[str]) -> list[str]:
    for member in members:
        if not is_guid(member) and not re.match(r"^[^@\s]+@[^@\s]+$", member):
            raise ValueError(f"{member!r} is neither an object id nor a user principal name")
    return members


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
    auth: Literal["keys", "entra"] = "keys"
    entra: EntraSettings | None = None
    audit_log: Path | None = None  # one line per API request; beside the output by default
    # Who receives the units' workbooks, as the button says it: "Send til HR", "Send til
    # forvaltningen", "Send til udviklingskonsulenten".
    recipient: str = Field(default=DEFAULT_RECIPIENT, min_length=1, max_length=40, pattern=r"^[^\x00-\x1f<>&\"]+$")
    _file: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _scheme(self) -> ServerSettings:
        if self.auth == "entra" and self.entra is None:
            raise ValueError("auth is entra, but the entra block (tenant, client_id) is missing")
        return self

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
            "audit_log": None if settings.audit_log is None else _under(base, settings.audit_log),
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
    def sso(self) -> tuple[str, str] | None:
        """(client id, Application ID URI) of the add-in's registration when people sign in."""
        if self.auth != "entra" or self.entra is None:
            return None
        return self.entra.client_id, self.entra.resource(self.public_url)

    @property
    def audit_path(self) -> Path:
        return self.audit_log or self.output.parent / "adgang.log"

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
