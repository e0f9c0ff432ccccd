"""The command that chases the round by mail (remind), and what mus skriv --mail shares with it:
the mail settings, and how a mail run is printed."""

from __future__ import annotations

__all__ = ["remind_command", "mail_settings", "mail_lines", "now"]

import sys
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path

import click

from ..core.labels import count, t
from ..org.mail import MailReport
from ..org.mailsettings import MailSettings, MailSettingsError
from ..org.merge import MergeError
from ..org.remind import RemindRequest, remind
from ..org.reminders import NEAR_DAYS
from .danish import Command
from .options import DateType, format_option, mail_options, today_option
from .output import emit, finding_line


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def mail_settings(config: Path, smtp: bool) -> MailSettings:
    """The mail settings, ready to send with ``smtp``; a Danish message and exit code 2 otherwise."""
    try:
        settings = MailSettings.load(config)
        if smtp:
            settings.ready_to_send()
    except MailSettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    return settings


@click.command("remind", cls=Command)
@click.argument("inputs", metavar="PROJEKTMAPPER...", nargs=-1, required=True)
@click.option("--expected", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              metavar=t("cli.metavar.list"), help=t("cli.opt.remind_expected"))
@click.option("--out", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              metavar=t("cli.metavar.folder"), help=t("cli.opt.remind_out"))
@click.option("--within", type=click.IntRange(0, 366), default=NEAR_DAYS, show_default=True,
              metavar=t("cli.metavar.days"), help=t("cli.opt.within"))
@click.option("--deadline", type=DateType(), metavar=t("cli.metavar.date"), help=t("cli.opt.deadline"))
@click.option("--org", "org_template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help=t("cli.opt.remind_org"))
@click.option("--dry-run", is_flag=True, help=t("cli.opt.remind_dry_run"))
@mail_options
@format_option()
@today_option
def remind_command(inputs: tuple[str, ...], expected: Path, folder: Path, within: int, deadline: date | None,
                   org_template: Path | None, dry_run: bool, smtp: bool, mail_config: Path, again: bool, fmt: str,
                   today: date) -> None:
    """Skriv en påmindelse til hver leder, hvis enhed ikke har afleveret, har fejl eller
    overskredne datoer, eller har en dato i årshjulet inden for --within dage.

    Mailen nævner kun enhedens egne punkter (ark, celle og hvad der er galt – aldrig det,
    der er skrevet) og fristen. Som standard skrives den som udkast (.eml), som Outlook
    åbner som en ny mail, der er klar til at sende; med --smtp sendes den gennem
    organisationens SMTP-server. Årshjulene skrives som kalenderfiler (.ics) i MAPPE/kalender.
    Hvad der er sendt i dag, sendes ikke igen (se --igen). Enhedernes projektmapper læses kun.

    Eksempel:

    \b
        xlkompetence remind runde-2026/ --expected enheder.xlsx \\
            --out påmindelser/ --deadline 2026-12-15 --dry-run
    """
    settings = mail_settings(mail_config, smtp)
    request = RemindRequest(tuple(inputs), expected, folder, today, within, deadline, org_template, again, dry_run)
    try:
        report = remind(request, now(), settings, smtp=smtp)
    except MergeError as exc:
        raise click.UsageError(str(exc)) from exc
    lines = [*(f"{expected.name}: {finding_line(f)}" for f in report.findings), *mail_lines(report)]
    emit({"exit_code": int(report.exit_code), **report.to_dict()}, lines, fmt, report.exit_code)


def mail_lines(report: MailReport) -> Iterable[str]:
    """A mail run in Danish lines: each message's outcome, the calendars, a total, what stopped it."""
    for d in report.dispatches:
        m = d.message
        what = m.unit if m.kind == "reminder" else m.name
        to = ", ".join(m.recipients) or t("mail.no_address")
        reasons = ", ".join(t(f"mail.reason.{r}") for r in m.reasons)
        yield t(f"mail.outcome.{d.outcome}", what=what, to=to, file=d.file, reasons=reasons, reason=d.reason)
    for path in report.calendars:
        yield t("mail.calendar_written", path=path)
    messages = count(len(report.dispatches), "message")
    if not report.dispatches:
        yield t("mail.none")
    elif report.dry_run:
        yield t("mail.summary_dry_run", messages=count(report.count("would"), "message"))
    else:
        yield t("mail.summary", messages=messages, drafts=report.count("draft"), sent=report.count("sent"),
                today=report.count("sent_today"), failed=report.count("no_address", "failed"), log=report.log)
    if report.error:
        yield report.error
