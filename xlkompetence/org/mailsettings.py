"""How mail leaves through the organisation's SMTP relay: the settings, read as the server's are —
defaults, overridden by a JSON file IT keeps (``xlkompetence-mail.json``), overridden by
``XLKOMPETENCE_SMTP_*`` environment variables (``XLKOMPETENCE_SMTP_PASSWORD=…``). Never from
the command line, where a password would end in the shell's history and the process list.

A relative ``ca_file`` is relative to the settings file's folder. A settings file that holds a
password must be readable by its owner only.
"""

from __future__ import annotations

__all__ = ["DEFAULT_FILE", "ENV_PREFIX", "MailSettingsError", "MailSettings"]

import json
import os
import stat
from email.utils import parseaddr
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, SecretStr, ValidationError
from pydantic_settings import SettingsConfigDict

from ..core.addresses import parse_addresses
from ..core.labels import t
from .settingsfile import FileSettings, settings_reason

DEFAULT_FILE = Path("xlkompetence-mail.json")
ENV_PREFIX = "XLKOMPETENCE_SMTP_"


class MailSettingsError(ValueError):
    """The mail settings cannot be used; the message is Danish."""


class MailSettings(FileSettings):
    """The relay (host, port, STARTTLS, implicit TLS or none), the login if it wants one, the
    sender (``HR <hr@kommune.dk>``: the From of every mail, drafts included) and a CA to trust
    for the relay's certificate (the organisation's own, where it has one)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    host: str = ""
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str = ""
    password: SecretStr | None = None
    sender: str = ""
    ca_file: Path | None = None
    timeout: float = Field(default=30, gt=0)
    _file: Path = PrivateAttr(default=DEFAULT_FILE)

    @classmethod
    def load(cls, path: Path) -> MailSettings:
        """The settings from ``path`` (where it exists) and the environment; ``MailSettingsError``
        with a Danish reason when they cannot be used."""
        try:
            settings = cls.from_file(path)
        except (ValidationError, ValueError, OSError) as exc:
            reason = settings_reason(exc, t("server.settings.whole_file"))
            raise MailSettingsError(t("mail.settings_invalid", path=path, reason=reason)) from None
        if settings.sender and len(parse_addresses(settings.sender)[0]) != 1:
            raise MailSettingsError(t("mail.settings_invalid", path=path, reason=f"sender: {settings.sender}"))
        if settings.username and settings.security == "none":
            raise MailSettingsError(t("mail.smtp.login_without_tls", path=path))
        _refuse_open_password(path)
        if settings.ca_file is not None and not settings.ca_file.is_absolute():
            settings = settings.model_copy(update={"ca_file": path.parent / settings.ca_file})
        if settings.ca_file is not None and not settings.ca_file.is_file():
            raise MailSettingsError(t("mail.settings_invalid", path=path,
                                      reason=t("mail.ca_missing", ca_file=settings.ca_file)))
        settings._file = path
        return settings

    @property
    def file(self) -> Path:
        return self._file

    @property
    def sender_address(self) -> str:
        found = parse_addresses(self.sender)[0]
        return found[0] if found else ""

    @property
    def sender_name(self) -> str:
        """The sender's name (``HR`` in ``HR <hr@kommune.dk>``), "" when it has none."""
        return parseaddr(self.sender)[0]

    def ready_to_send(self) -> None:
        """``MailSettingsError`` unless there is a relay and a sender to send with."""
        if not self.host:
            raise MailSettingsError(t("mail.smtp.no_host", path=self.file))
        if not self.sender_address:
            raise MailSettingsError(t("mail.smtp.no_sender", path=self.file))


def _refuse_open_password(path: Path) -> None:
    """A password in a file others may read is refused (as ssh refuses an open key file)."""
    if os.name != "posix" or not path.is_file():
        return
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(raw, dict) and raw.get("password") and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise MailSettingsError(t("mail.settings_readable", path=path))

