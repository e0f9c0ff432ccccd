"""The send log: what was sent (or laid out as a draft) to whom, about which unit, and when — a
small JSON file beside the drafts folder, so a second run the same day sends nothing twice.

It holds addresses, unit names, the kind of mail and the draft's file name; never a mail's text.
Every entry is written at once, the file whole or not at all: a run cut short still knows what
it sent.
"""

from __future__ import annotations

__all__ = ["LOG_VERSION", "SendLogError", "SendLog", "log_path"]

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.labels import t
from ..core.messages import Message
from ..xlsx.files import atomic_path

LOG_VERSION = 1


class SendLogError(ValueError):
    """The log cannot be read; the message is Danish."""


def log_path(folder: Path) -> Path:
    """The log of the drafts folder ``folder``: beside it, named after it."""
    return folder.parent / t("mail.log_file", folder=folder.name)


@dataclass
class SendLog:
    path: Path
    entries: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path) -> SendLog:
        """The log at ``path`` (empty where there is none); ``SendLogError`` for a file that is
        not one: what was sent is then unknown, so nothing is sent."""
        if not path.exists():
            return cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            entries = raw["sent"]
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise ValueError("sent")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SendLogError(t("mail.log_unreadable", path=path, reason=getattr(exc, "strerror", None) or exc)) from None
        return cls(path, entries)

    def sent_on(self, message: Message, day: date) -> bool:
        """Whether ``message`` (the same kind, unit, recipients and file) went on ``day``."""
        return any(e.get("key") == message.key and e.get("date") == day.isoformat() for e in self.entries)

    def record(self, message: Message, day: date, at: datetime, via: str) -> None:
        """Add that ``message`` went today by ``via`` ("draft" or "smtp"), and write the log."""
        self.entries.append({"date": day.isoformat(), "at": at.isoformat(timespec="seconds"), "kind": message.kind,
                             "unit": message.unit, "to": list(message.recipients), "via": via,
                             "file": message.file_stem, "key": message.key})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps({"version": LOG_VERSION, "sent": self.entries}, ensure_ascii=False, indent=1),
                           encoding="utf-8")
