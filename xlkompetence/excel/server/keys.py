"""The units' keys: SHA-256 → whose key, re-read when the settings file changes, so a key IT
removes stops working at the next request, without a restart."""

from __future__ import annotations

import hmac
import logging
import os
import threading
from pathlib import Path

from .settings import ServerSettings, SettingsError, TokenEntry, hash_token

__all__ = ["KeyRing"]

log = logging.getLogger(__name__)
Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> Stamp:
    """What changes when the file is edited or replaced: modification time, size, inode."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class KeyRing:
    """The keys in force. One ``stat`` per request tells whether the file changed."""

    def __init__(self, settings: ServerSettings) -> None:
        self._file = settings.file
        self._tokens = dict(settings.tokens)
        self._stamp = _stamp(self._file) if self._file else None
        self._lock = threading.Lock()

    def unit_for(self, token: str) -> TokenEntry | None:
        """Whose key ``token`` is, or None."""
        self._reload_if_changed()
        digest = hash_token(token)
        for known, entry in self._tokens.items():
            if hmac.compare_digest(known, digest):
                return entry
        return None

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
                tokens = ServerSettings.load(self._file).tokens
            except SettingsError:
                # Closed, not open: while the file cannot be read no key works, so a key IT
                # has just removed cannot slip through. It is read again at the next request.
                self._tokens = {}
                log.warning("the settings file changed and cannot be read; no key is accepted until it can")
                return
            self._tokens, self._stamp = tokens, stamp
            log.info("keys re-read from the settings file: %d", len(tokens))
