"""Invitations to employees: one mail per employee with her own MUS/PUS sheet, and a calendar
entry where the leader has set a date for the conversation. Pure.

The date is the leader's in bilag C: the person's (name and team) first *Aftalt ved MUS/PUS
(dato)* from today on, otherwise her first *Næste opfølgning* from today on. The mail holds that employee's
sheet and nothing of a colleague's; its calendar entry keeps one id per employee, unit and
round, so a moved date updates it.
"""

from __future__ import annotations

__all__ = ["planned_conversation", "invitation", "invitations"]

from datetime import date
from pathlib import Path

from .addresses import AddressBook
from .filenames import safe_stem
from .identity import unit_key
from .labels import t
from .messages import CalendarEvent, Message, event_uid
from .models import UnitWorkbook
from .mus import Conversation, is_theirs


def planned_conversation(unit: UnitWorkbook, employee: str, team: str, today: date) -> date | None:
    """The first date from ``today`` on the leader has set for ``employee`` of ``team`` in
    bilag C: a conversation date, else a follow-up; None when there is none."""
    mine = [g for g in unit.individual_goals if is_theirs(g, employee, team)]
    for dates in ([g.mus_date for g in mine], [g.next_follow_up for g in mine]):
        ahead = [d for d in dates if d is not None and d >= today]
        if ahead:
            return min(ahead)
    return None


def invitation(c: Conversation, sheet: Path, address: str | None, when: date | None, organisation: str = "") -> Message:
    """The mail to one employee: her sheet attached, and the conversation as a calendar entry
    when ``when`` is known. Without ``address`` it is a draft whose To the leader fills in."""
    day = when.strftime("%d-%m-%Y") if when else ""
    events: tuple[CalendarEvent, ...] = ()
    if when is not None:
        uid = event_uid(organisation, unit_key(c.unit), "mus", c.employee, c.team, c.period)
        events = (CalendarEvent(uid, t("mail.invitation.event", unit=c.unit), when, t(
            "mail.invitation.event_text", employee=c.employee, leader=c.leader or t("mail.invitation.leader"),
            unit=c.unit)),)
    lines = [t("mail.greeting", name=c.employee), "",
             t("mail.invitation.body", when=t("mail.invitation.when", day=day) if day else "", unit=c.unit)]
    if events:
        lines += ["", t("mail.invitation.calendar")]
    lines += ["", t("mail.signoff", sender=c.leader or c.unit)]
    # Named after her sheet, whose name is hers alone (two people of one name: their teams).
    stem = safe_stem(t("mail.invitation.file", sheet=sheet.stem), fallback=t("mus.file_employee"))
    subject = t("mail.invitation.subject", day=day) if day else t("mail.invitation.subject_no_day")
    return Message("invitation", c.unit, (address,) if address else (), c.employee, subject, "\n".join(lines) + "\n",
                   stem, ("invitation",), (sheet,), events, f"{stem}.ics" if events else "")


def invitations(unit: UnitWorkbook, sheets: list[tuple[Conversation, Path]], addresses: AddressBook,
                today: date) -> list[Message]:
    """One invitation per employee's sheet, each to the address ``addresses`` gives her."""
    return [invitation(c, path, addresses.lookup(c.employee, c.team, c.unit),
                       planned_conversation(unit, c.employee, c.team, today), unit.cover.organisation)
            for c, path in sheets]
