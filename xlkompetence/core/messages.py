"""Mail and calendar entries as data: who gets what, decided before anything is written or sent.
Pure.

A ``Message`` is a reminder to a leader or an invitation to an employee: recipients, subject,
body, the files attached and the calendar entries attached as one .ics file. How it leaves —
as a draft Outlook opens, or through the organisation's SMTP relay — is the adapter's business
(``org.mail``). A ``CalendarEvent`` is one whole-day entry with a stable id: the id is made from
what the entry *is* (organisation, unit, event, round), never from its date, so a date moved in
the workbook updates the entry in the calendar instead of adding a second one.
"""

from __future__ import annotations

__all__ = ["UID_DOMAIN", "CalendarEvent", "Message", "event_uid", "wheel_calendar"]

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .identity import unit_key
from .labels import t
from .models import UnitWorkbook
from .parsing import normalise_text

UID_DOMAIN = "xlkompetence"


def event_uid(*parts: object) -> str:
    """A calendar entry's id from what it is: the same parts, however they are spelt (case,
    spacing), give the same id.

    >>> event_uid("Socialpsykiatrien", "Bostøtten Nord", "MUS/PUS", "2026") == event_uid(
    ...     "socialpsykiatrien", "Bostøtten  Nord", "MUS/PUS", "2026")
    True
    >>> event_uid("A", "B", "TUS", "2026") == event_uid("A", "B", "TUS", "2027")
    False
    """
    joined = "\x1f".join(normalise_text(p) for p in parts)
    return f"{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarEvent:
    """A whole-day calendar entry (the workbooks hold dates, not times of day)."""

    uid: str
    summary: str
    day: date
    description: str = ""


def wheel_calendar(unit: UnitWorkbook, owner: str = "") -> list[CalendarEvent]:
    """Every dated event of the unit's year wheel as a calendar entry, its id made from the
    organisation, the unit (or ``owner``: the organisation, for its template's wheel), the
    event and the round (a second event of the same name counts on), so a moved date updates
    the entry.

    >>> from xlkompetence.core.models import Cover, WheelEvent
    >>> unit = UnitWorkbook(cover=Cover(unit="Natcaféen", period="2026", wheel=(
    ...     WheelEvent(event="TUS", when=date(2026, 3, 1)), WheelEvent(event="MUS/PUS"))))
    >>> [(e.summary, e.day.isoformat()) for e in wheel_calendar(unit)]
    [('TUS – Natcaféen', '2026-03-01')]
    """
    cover = unit.cover
    owner = owner or cover.unit
    seen: dict[str, int] = {}
    events = []
    for e in cover.wheel:
        seen[e.event.casefold()] = seen.get(e.event.casefold(), 0) + 1
        if e.when is None:
            continue
        nth = seen[e.event.casefold()]
        uid = event_uid(cover.organisation, unit_key(owner), e.event, cover.period, *([nth] if nth > 1 else []))
        events.append(CalendarEvent(uid, t("mail.calendar.event", event=e.event, unit=owner), e.when,
                                    t("mail.calendar.event_text", unit=owner, period=cover.period or "-")))
    return events


@dataclass(frozen=True)
class Message:
    """One mail, before it is written or sent.

    ``kind`` is ``"reminder"`` (to a leader) or ``"invitation"`` (to an employee); ``unit`` the
    unit it is about; ``recipients`` the addresses (none: a draft whose To the sender fills
    in); ``name`` the recipient's name for the To line; ``file_stem`` the draft's file name;
    ``reasons`` why it is sent (for listing and the log, never personal data); ``calendar``
    the attached .ics file's name when ``events`` are attached."""

    kind: str
    unit: str
    recipients: tuple[str, ...]
    name: str
    subject: str
    body: str
    file_stem: str
    reasons: tuple[str, ...] = ()
    attachments: tuple[Path, ...] = ()
    events: tuple[CalendarEvent, ...] = ()
    calendar: str = ""

    @property
    def key(self) -> str:
        """What makes two messages the same for the send log: kind, unit, recipients and file."""
        to = ",".join(sorted(a.casefold() for a in self.recipients))
        return "\x1f".join((self.kind, normalise_text(self.unit), to, normalise_text(self.file_stem)))
