"""The secret key behind the pseudonyms, kept in a file only its owner can read."""

from __future__ import annotations

__all__ = ["KeyFileError", "default_key_file", "read_or_make_key"]

import os
import secrets
from pathlib import Path

from ..core.labels import t
from ..core.pseudonyms import MIN_KEY_BYTES


def default_key_file() -> Path:
    """The key's place when none is named: the user's own configuration folder, never the
    shared folder the organisation plan is written to (whoever can read the plan must not
    also find the key)."""
    if os.name == "nt" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "xlkompetence" / "pseudonym-key"


class KeyFileError(ValueError):
    """The key file cannot be used; the message is Danish."""


def read_or_make_key(path: Path) -> bytes:
    """The key in ``path``; made with the system's random source (mode 0600) the first time.
    An empty, short or unreadable key is refused, never used: it would make the pseudonyms
    reversible with a list of names."""
    path = Path(path)
    if path.exists():
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (ValueError, UnicodeDecodeError, OSError) as exc:
            raise KeyFileError(t("key.invalid", path=path)) from exc
        if len(key) < MIN_KEY_BYTES:
            raise KeyFileError(t("key.short", path=path, n=len(key), min=MIN_KEY_BYTES))
        return key
    key = secrets.token_bytes(MIN_KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by its owner only, in one step: never a moment with wider permissions.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key
