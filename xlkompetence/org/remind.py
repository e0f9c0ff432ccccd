"""HR chases the round: read the units' workbooks with the round's list, decide who gets a
reminder (``reminders``), write the year wheels as calendars, and let the mail leave as drafts
or through the relay (``mail``). The units' workbooks are only read.
"""

from __future__ import annotations

__all__ = ["RemindRequest", "remind"]

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..core.labels import t
from ..core.models import UnitWorkbook
from ..unit.validate import read_checked
from .calendars import write_calendar
from .mail import MailReport, calendar_folder, deliver
from .mailsettings import MailSettings
from .merge import MergeError, assemble, collect_inputs, listed_round, merge_inputs, read_expected, with_status
from .reminders import NEAR_DAYS, Reminding, calendar_file, organisation_calendar, round_reminders, unit_calendars


@dataclass(frozen=True)
class RemindRequest:
    """What HR asks for: the round's units and list, where the drafts go, and how to remind."""

    inputs: tuple[str | Path, ...]
    expected: Path
    folder: Path
    today: date
    within: int = NEAR_DAYS
    deadline: date | None = None
    org_template: Path | None = None
    again: bool = False
    dry_run: bool = False


def remind(request: RemindRequest, now: datetime, settings: MailSettings | None = None, *,
           smtp: bool = False) -> MailReport:
    """Remind the leaders whose units need it: drafts, or with ``smtp`` mail sent through the
    relay ``settings`` name (whose sender is the drafts' From too, and its name signs the
    mails). ``MergeError`` when the round's list (or the organisation's template) cannot be
    used."""
    r = request
    roster = read_expected(r.expected)
    template = _template(r.org_template, r.today) if r.org_template is not None else None
    # A folder mistyped would make every unit on the list one that has not delivered, and every
    # leader would be told so: nothing is sent from a round without its workbooks.
    missing = [str(i) for i in r.inputs if not any(ch in str(i) for ch in "*?[") and not Path(i).exists()]
    if missing:
        raise MergeError(t("mail.input_missing", path=missing[0]))
    paths = collect_inputs(r.inputs, skip=[r.expected])
    if not paths:
        raise MergeError(t("merge.none_found"))
    # Not disclosed: nothing of it leaves but each unit's own findings, by place, to its own leader.
    entries = merge_inputs(paths, r.today, inputs=list(r.inputs))
    org = with_status(assemble(entries, r.today, this_round=listed_round(roster)), roster)
    messages = round_reminders(org, roster, Reminding(r.today, r.within, r.deadline,
                                                      settings.sender_name if settings else ""))
    report = MailReport(r.folder, smtp=smtp, dry_run=r.dry_run, findings=list(roster.findings))
    if not r.dry_run:
        try:
            calendars = [*unit_calendars(org), organisation_calendar(roster, r.deadline, template)]
            report.calendars = _write_calendars(calendars, calendar_folder(r.folder), now)
        except OSError as exc:
            report.error = t("mail.cannot_write", path=getattr(exc, "filename", None) or r.folder,
                             reason=exc.strerror or exc)
            return report
    return deliver(messages, r.folder, r.today, now, settings=settings if smtp else None,
                   sender=settings.sender if settings else "", again=r.again, dry_run=r.dry_run, report=report)


def _template(path: Path, today: date) -> UnitWorkbook:
    report = read_checked(path, today)
    if report.result is None:
        reason = report.findings[0].message if report.findings else t("merge.reason.unreadable")
        raise MergeError(t("mail.org_unreadable", path=path, reason=reason))
    return report.result.unit


def _write_calendars(calendars: Iterable[tuple[str, list]], folder: Path, now: datetime) -> list[Path]:
    """Each calendar with entries as ``folder/<name>.ics``, carrying on the sequences there."""
    written = []
    for name, events in calendars:
        if events:
            folder.mkdir(parents=True, exist_ok=True)
            written.append(write_calendar(folder / calendar_file(name), name, events, now))
    return written
