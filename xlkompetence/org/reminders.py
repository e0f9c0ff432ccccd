"""Reminders to leaders: which units of the round get a mail, and what it says. No I/O.

A unit on the round's list gets one mail when it has not delivered (no workbook, one nobody has
typed in since it was issued, or one that cannot be read), when its workbook has errors or dates
that have passed, or when a date in its year wheel is near. The mail is made from that unit's
status and that unit's own findings only, and names each finding by where it is (sheet and
cell) and what it is (the catalogue's summary) — never by the value typed, which may be an
employee's name or personal goal (bilag C). No other unit's data goes into it.

The unit's year wheel goes with the mail as a calendar file, and every unit's wheel (and HR's:
the deadline and the organisation template's wheel) can be written as calendars of their own.
"""

from __future__ import annotations

__all__ = [
    "Reminding", "NEAR_DAYS", "MAX_LINES", "round_reminders", "unit_reminder", "unit_calendars",
    "organisation_calendar", "calendar_file",
]

from dataclasses import dataclass
from datetime import date, timedelta

from ..core.filenames import safe_stem
from ..core.findings import Finding, Severity
from ..core.labels import count, t
from ..core.messages import CalendarEvent, Message, event_uid, wheel_calendar
from ..core.models import UnitWorkbook, WheelEvent
from ..core.roster import Roster, RosterEntry
from .orgplan import Delivery, InputFile, OrgPlan, UnitStatus
from .orgplan import OVERDUE_CODES
from .roundstatus import round_status

# Findings listed per section of a mail; the rest are counted ("og 12 mere").
MAX_LINES = 10
# A date in the year wheel this many days ahead is near: the leader is reminded of it.
NEAR_DAYS = 14


@dataclass(frozen=True)
class Reminding:
    """When and how: ``today``, a wheel date within ``within`` days counts as near, the
    ``deadline`` the mail names (if any), and who signs it."""

    today: date
    within: int = NEAR_DAYS
    deadline: date | None = None
    sender: str = ""


def round_reminders(org: OrgPlan, roster: Roster, how: Reminding) -> list[Message]:
    """One reminder per unit on ``roster`` that needs one, in the list's order."""
    status = org.round if org.round is not None else round_status(org, roster)
    inputs = {e.shown: e for e in org.inputs}
    entries = {e.unit: e for e in roster.entries}
    messages = []
    for unit in status.expected:
        source = inputs.get(unit.file)
        entry = entries.get(unit.unit) or RosterEntry(0, unit.unit, ())
        message = unit_reminder(unit, entry, source.findings if source else [], _workbook(source), how)
        if message is not None:
            messages.append(message)
    return messages


def _workbook(source: InputFile | None) -> UnitWorkbook | None:
    return source.unit if source is not None and source.included else None


def unit_reminder(status: UnitStatus, entry: RosterEntry, findings: list[Finding], unit: UnitWorkbook | None,
                  how: Reminding) -> Message | None:
    """The mail to the leader of one unit, made from its status, its own findings and its own
    workbook; None when the unit needs none."""
    sections = _sections(status, findings, unit, how)
    if not sections:
        return None
    events = tuple(wheel_calendar(unit)) if unit is not None else ()
    period = entry.period or (unit.cover.period if unit is not None else "")
    lines = [t("mail.greeting", name=entry.leader) if entry.leader else t("mail.greeting_unit", unit=status.unit), ""]
    lines.append(t("mail.reminder.intro", unit=status.unit, period=period, day=_day(how.today)) if period
                 else t("mail.reminder.intro_no_period", unit=status.unit, day=_day(how.today)))
    for _, section in sections:
        lines += ["", *section]
    if how.deadline is not None:
        lines += ["", t("mail.reminder.deadline", day=_day(how.deadline))]
    if any(reason in ("errors", "overdue") for reason, _ in sections):
        lines += ["", t("mail.reminder.help")]
    if events:
        lines += ["", t("mail.reminder.calendar")]
    lines += ["", t("mail.signoff", sender=how.sender or t("mail.hr"))]
    subject = (t("mail.reminder.subject", period=period, unit=status.unit) if period
               else t("mail.reminder.subject_no_period", unit=status.unit))
    calendar = calendar_file(t("mail.calendar.unit", unit=unit.cover.unit or status.unit)) if unit and events else ""
    return Message("reminder", status.unit, entry.emails, entry.leader, subject, "\n".join(lines) + "\n",
                   _stem(t("mail.reminder.file", unit=status.unit)), tuple(reason for reason, _ in sections),
                   events=events, calendar=calendar)


def _sections(status: UnitStatus, findings: list[Finding], unit: UnitWorkbook | None,
              how: Reminding) -> list[tuple[str, list[str]]]:
    """What the mail says, by reason: not delivered, errors, dates passed, dates near."""
    sections: list[tuple[str, list[str]]] = []
    if status.delivered is Delivery.NO:
        sections.append(("no", [t("mail.reminder.no")]))
    elif status.delivered is Delivery.UNCHANGED:
        sections.append(("unchanged", [t("mail.reminder.unchanged")]))
    elif status.delivered is Delivery.UNREADABLE:
        reason = next((f.code.summary for f in findings if f.code.stops_the_file), t("merge.reason.unreadable"))
        sections.append(("unreadable", [t("mail.reminder.unreadable", reason=reason)]))
    if status.delivered is Delivery.YES:
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            sections.append(("errors", [t("mail.reminder.errors", errors=count(len(errors), "error")),
                                        *_listed(errors)]))
        overdue = [f for f in findings if f.code in OVERDUE_CODES]
        if overdue:
            sections.append(("overdue", [t("mail.reminder.overdue", dates=count(len(overdue), "date")),
                                         *_listed(overdue)]))
    near = _near(unit, how) if unit is not None else []
    if near:
        sections.append(("upcoming", [t("mail.reminder.upcoming"), *(
            t("mail.reminder.line", where=e.event, what=_day(e.when)) for e in near if e.when is not None)]))
    return sections


def _listed(findings: list[Finding]) -> list[str]:
    """A line per finding — where, and the catalogue's summary, never the value — up to
    ``MAX_LINES``, then how many more."""
    lines = [t("mail.reminder.line", where=f.location, what=f.code.summary) if f.location
             else t("mail.reminder.item", what=f.code.summary) for f in findings[:MAX_LINES]]
    if len(findings) > MAX_LINES:
        lines.append(t("mail.reminder.more", more=count(len(findings) - MAX_LINES, "more")))
    return lines


def _near(unit: UnitWorkbook, how: Reminding) -> list[WheelEvent]:
    """The wheel's events not done and dated from today to ``within`` days ahead, by date."""
    until = how.today + timedelta(days=how.within)
    return sorted((e for e in unit.cover.wheel if e.when is not None and not e.done and how.today <= e.when <= until),
                  key=lambda e: e.when or how.today)


def unit_calendars(org: OrgPlan) -> list[tuple[str, list[CalendarEvent]]]:
    """Each unit taken into the plan with a dated year wheel: its calendar's name and entries."""
    return [(t("mail.calendar.unit", unit=unit.cover.unit or name), events) for name, unit in org.units
            if (events := wheel_calendar(unit))]


def calendar_file(name: str) -> str:
    """The file a calendar named ``name`` is written to (and attached as)."""
    return f"{_stem(name)}.ics"


def organisation_calendar(roster: Roster, deadline: date | None,
                          template: UnitWorkbook | None = None) -> tuple[str, list[CalendarEvent]]:
    """HR's calendar: the deadline for the units' workbooks and the year wheel of the
    organisation's template, under the organisation's name."""
    organisation = next((e.organisation for e in roster.entries if e.organisation), "")
    period = next((e.period for e in roster.entries if e.period), "")
    name = organisation or t("mail.calendar.organisation_file")
    events = wheel_calendar(template, owner=name) if template is not None else []
    if deadline is not None:
        events.append(CalendarEvent(event_uid(organisation, "deadline", period), t("mail.calendar.deadline",
                                    period=period or "-"), deadline, t("mail.calendar.deadline_text")))
    return t("mail.calendar.organisation", organisation=name), events


def _stem(name: str) -> str:
    return safe_stem(name, fallback=t("mail.calendar.organisation_file"))


def _day(when: date) -> str:
    return when.strftime("%d-%m-%Y")
