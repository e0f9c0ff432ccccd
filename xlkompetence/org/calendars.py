"""Calendar files (iCalendar, RFC 5545) that Outlook and Google Calendar open: the year wheels
and the MUS/PUS invitations, written with the ``icalendar`` package.

Each entry keeps the id it is given (``core.messages.event_uid``: what the entry is, never its
date). Written again over an earlier file, an entry whose date or text has changed gets the next
``SEQUENCE``, so a calendar that imports the file again updates the entry instead of adding a
second one; an unchanged entry keeps its sequence.
"""

from __future__ import annotations

__all__ = ["PRODID", "calendar_bytes", "write_calendar"]

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from ..core.messages import CalendarEvent
from ..xlsx.files import atomic_path

PRODID = "-//xlkompetence//Strategisk kompetenceudvikling//DA"


def calendar_bytes(name: str, events: Iterable[CalendarEvent], now: datetime, previous: bytes | None = None) -> bytes:
    """A calendar named ``name`` with ``events`` as whole-day entries; ``previous`` is the file
    it replaces (its sequences carry on)."""
    earlier = _earlier(previous)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for e in events:
        sequence, seen = earlier.get(e.uid, (0, None))
        changed = seen is not None and seen != _fingerprint(e.summary, e.day, e.description)
        entry = Event()
        entry.add("uid", e.uid)
        entry.add("dtstamp", now)
        entry.add("sequence", sequence + 1 if changed else sequence)
        entry.add("summary", e.summary)
        entry.add("dtstart", e.day)
        entry.add("dtend", e.day + timedelta(days=1))
        if e.description:
            entry.add("description", e.description)
        # A day's date in the wheel, not an appointment: it does not show the day as busy.
        entry.add("transp", "TRANSPARENT")
        cal.add_component(entry)
    return cal.to_ical()


def write_calendar(path: Path, name: str, events: Iterable[CalendarEvent], now: datetime) -> Path:
    """Write the calendar to ``path`` whole or not at all, carrying on the sequences of the file
    that is there."""
    previous = path.read_bytes() if path.is_file() else None
    data = calendar_bytes(name, events, now, previous)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def _fingerprint(summary: str, day: date, description: str) -> str:
    return "\x1f".join((summary, day.isoformat(), description))


def _earlier(data: bytes | None) -> dict[str, tuple[int, str]]:
    """uid → (sequence, what the entry said) in an earlier calendar file; nothing from a file
    that is not one (it is then written anew)."""
    if not data:
        return {}
    try:
        cal = Calendar.from_ical(data)
        found = {}
        for entry in cal.walk("VEVENT"):
            start = entry.decoded("dtstart")
            day = start.date() if isinstance(start, datetime) else start
            found[str(entry["uid"])] = (int(entry.get("sequence", 0)), _fingerprint(
                str(entry.get("summary", "")), day, str(entry.get("description", ""))))
        return found
    except (ValueError, KeyError, TypeError):
        return {}
