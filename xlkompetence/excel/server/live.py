"""The settings that take effect at the next request: the scheme in force, the units' keys and
who may do what with Entra ID. The settings file is re-read when it changes, so a key or a
group IT removes stops working at the next request, without a restart."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from .settings import ServerSettings, SettingsError

__all__ = ["LiveSettings"]

log = logging.getLogger(__name__)
Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> Stamp:
    """What changes when the file is edited or replaced: modification time, size, inode."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def closed(settings: ServerSettings) -> ServerSettings:
    """``settings`` with no key and nobody in any role: what is in force while the file
    cannot be read."""
    entra = settings.entra.model_copy(update={"units": {}, "hr": []}) if settings.entra else None
    return settings.model_copy(update={"tokens": {}, "entra": entra})


class LiveSettings:
    """The settings in force. One ``stat`` per request tells whether the file changed."""

    def __init__(self, settings: ServerSettings) -> None:
        self._file = settings.file
        self._settings = settings
        self._stamp = _stamp(self._file) if self._file else None
        self._lock = threading.Lock()

    def now(self) -> ServerSettings:
        """The settings as the file says now (those given when there is no file)."""
        self._reload_if_changed()
        return self._settings

    def _reload_if_changed(self) -> None:
        if self._file is None:
            return
        stamp = _stamp(self._file)
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            try:
                settings = ServerSettings.load(self._file)
            except SettingsError:
                # Closed, not open: while the file cannot be read no key works and nobody has a
                # role, so access IT has just removed cannot slip through. It is read again at
                # the next request.
                self._settings = closed(self._settings)
                log.warning("the settings file changed and cannot be read; nobody is let in until it can")
                return
            self._settings, self._stamp = settings, stamp
            log.info("access re-read from the settings file (%s): %d keys", settings.auth, len(settings.tokens))
