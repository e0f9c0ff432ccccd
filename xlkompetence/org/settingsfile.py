"""Settings as IT keeps them: defaults, overridden by a JSON file beside the program, overridden
by environment variables with the settings' prefix. The server's settings and the mail settings
are read this way."""

from __future__ import annotations

__all__ = ["FileSettings", "settings_reason"]

from contextvars import ContextVar
from pathlib import Path
from typing import Self

from pydantic import ValidationError
from pydantic_settings import BaseSettings, JsonConfigSettingsSource, PydanticBaseSettingsSource

# The file ``FileSettings.from_file`` reads, for the one call that builds the sources.
_settings_file: ContextVar[Path | None] = ContextVar("settings_file", default=None)


class FileSettings(BaseSettings):
    """Settings read from a JSON file and the environment (``from_file``); the environment wins."""

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = _settings_file.get()
        from_file = (JsonConfigSettingsSource(settings_cls, json_file=path, json_file_encoding="utf-8"),) if path else ()
        return init_settings, env_settings, *from_file

    @classmethod
    def from_file(cls, path: Path) -> Self:
        """The settings from ``path`` (where it exists) and the environment; pydantic's
        ``ValidationError`` (or ``ValueError``, ``OSError``) when they cannot be used."""
        token = _settings_file.set(path)
        try:
            return cls()
        finally:
            _settings_file.reset(token)


def settings_reason(exc: Exception, whole_file: str) -> str:
    """Why settings cannot be used, field by field (``whole_file`` for an error in no field)."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or whole_file}: {e['msg']}" for e in exc.errors())
    return str(exc)
