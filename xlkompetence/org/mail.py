"""How mail leaves: messages (``core.messages.Message``) built with the standard library's
``email`` package, then written as drafts or sent through the organisation's SMTP relay.

- **Drafts** (the default, no credentials anywhere): one ``.eml`` file per message with
  ``X-Unsent: 1``, which Outlook opens as a new, unsent message — recipient, subject, text and
  attachments filled in; the person presses Send.
- **SMTP**: STARTTLS (or implicit TLS), the certificate checked, a login where the settings
  give one (``org.mailsettings``). A login the relay refuses sends nothing.

Calendar entries go with a message as one .ics file, also kept in the folder's ``kalender``
folder so the next export carries their sequence on. Every message that leaves is recorded in
the send log (``org.sendlog``) at once; one that went the same day is not sent again unless
asked (``again``).
"""

from __future__ import annotations

__all__ = ["MailError", "Dispatch", "MailReport", "email_message", "SmtpRelay", "deliver", "calendar_folder"]

import mimetypes
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from ..core.findings import ExitCode, Finding, Report
from ..core.labels import t
from ..core.messages import Message
from ..xlsx.files import atomic_path
from .calendars import write_calendar
from .mailsettings import MailSettings
from .sendlog import SendLog, SendLogError, log_path

# Python's own table of types lacks the Office formats, and the system's may too (Windows, a
# bare container): an attached sheet must still open in Excel from the mail.
_TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12"}


class MailError(ValueError):
    """Nothing (more) can be sent: the relay cannot be reached or refuses the login; Danish."""


def calendar_folder(folder: Path) -> Path:
    return folder / t("mail.calendar_folder")


@dataclass(frozen=True)
class Dispatch:
    """What became of one message: ``"draft"`` (written), ``"sent"``, ``"would"`` (a dry run),
    ``"sent_today"`` (not again), ``"no_address"`` or ``"failed"`` (with the ``reason``)."""

    message: Message
    outcome: str
    file: Path | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        m = self.message
        return {"kind": m.kind, "unit": m.unit, "to": list(m.recipients), "subject": m.subject,
                "reasons": list(m.reasons), "outcome": self.outcome, "file": str(self.file) if self.file else None,
                "attachments": [p.name for p in m.attachments] + ([m.calendar] if m.calendar else []),
                "reason": self.reason or None}


@dataclass
class MailReport(Report):
    """What became of each message, the calendars written, and what stopped the sending."""

    folder: Path
    smtp: bool = False
    dry_run: bool = False
    dispatches: list[Dispatch] = field(default_factory=list)
    calendars: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str = ""

    @property
    def log(self) -> Path:
        return log_path(self.folder)

    @property
    def exit_code(self) -> ExitCode:
        if self.error:
            return ExitCode.UNREADABLE
        if any(d.outcome in ("failed", "no_address") for d in self.dispatches):
            return max(ExitCode.ERRORS, super().exit_code)
        return super().exit_code

    def count(self, *outcomes: str) -> int:
        return sum(1 for d in self.dispatches if d.outcome in outcomes)

    def details(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "log": str(self.log), "smtp": self.smtp, "dry_run": self.dry_run,
                "messages": [d.to_dict() for d in self.dispatches], "calendars": [str(p) for p in self.calendars],
                "error": self.error or None}


def email_message(m: Message, sender: str, now: datetime, *, draft: bool,
                  calendar: bytes | None = None) -> EmailMessage:
    """``m`` as a MIME message: text, its files, and its calendar entries as one .ics file."""
    msg = EmailMessage(policy=SMTP)
    if sender:
        msg["From"] = sender
    if m.recipients:
        named = len(m.recipients) == 1 and m.name
        msg["To"] = [Address(m.name if named else "", addr_spec=a) for a in m.recipients]
    msg["Subject"] = m.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">").strip() or "xlkompetence.invalid")
    if draft:
        # Outlook opens a file with this header as a new message to send, not as one received.
        msg["X-Unsent"] = "1"
    msg.set_content(m.body)
    for path in m.attachments:
        kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    if calendar is not None:
        msg.add_attachment(calendar, maintype="text", subtype="calendar", filename=m.calendar,
                           params={"method": "PUBLISH", "charset": "utf-8"})
    return msg


class SmtpRelay:
    """One connection to the relay: opened with ``open`` (STARTTLS, login), used by ``send``."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def open(self) -> None:
        """Connect, encrypt and log in; ``MailError`` with a Danish reason otherwise."""
        s = self.settings
        try:
            self.connection = self._connect()
            if s.username:
                self.connection.login(s.username, s.password.get_secret_value() if s.password else "")
        except MailError:
            self.close()
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise MailError(t("mail.smtp.login", host=s.host, code=exc.smtp_code)) from None
        except smtplib.SMTPNotSupportedError:
            self.close()
            raise MailError(t("mail.smtp.no_auth", host=s.host)) from None
        except ssl.SSLError as exc:
            self.close()
            raise MailError(t("mail.smtp.tls", host=s.host, reason=exc.reason or exc)) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise MailError(t("mail.smtp.connect", host=s.host, port=s.port, reason=_reason(exc))) from None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context(cafile=str(s.ca_file) if s.ca_file else None)
        if s.security == "ssl":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        self.connection = connection
        connection.ehlo()
        if s.security == "starttls":
            if not connection.has_extn("starttls"):
                raise MailError(t("mail.smtp.no_starttls", host=s.host))
            connection.starttls(context=context)
            connection.ehlo()
        return connection

    def send(self, msg: EmailMessage, recipients: tuple[str, ...]) -> None:
        """Send one message; ``smtplib`` errors about it (a recipient refused) are the caller's."""
        assert self.connection is not None
        self.connection.send_message(msg, from_addr=self.settings.sender_address, to_addrs=list(recipients))

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                self.connection.close()
            self.connection = None


def deliver(messages: list[Message], folder: Path, today: date, now: datetime, *, settings: MailSettings | None = None,
            sender: str = "", again: bool = False, dry_run: bool = False,
            report: MailReport | None = None) -> MailReport:
    """Write ``messages`` as drafts in ``folder`` — or, with ``settings``, send them through the
    relay — each once a day unless ``again``; with ``dry_run`` only say what would happen. What
    became of each goes into the report (``report`` when given), what stopped it into its
    ``error``."""
    report = report if report is not None else MailReport(folder, smtp=settings is not None, dry_run=dry_run)
    try:
        log = SendLog.open(log_path(folder))
    except SendLogError as exc:
        report.error = str(exc)
        return report
    todo = []
    for m in messages:
        if log.sent_on(m, today) and not again:
            report.dispatches.append(Dispatch(m, "sent_today"))
        elif dry_run:
            report.dispatches.append(Dispatch(m, "would"))
        else:
            todo.append(m)
    try:
        outbox = _Outbox(folder, log, today, now, sender or (settings.sender if settings else ""))
        if todo and settings is None:
            outbox.write_drafts(todo, report)
        elif todo and settings is not None:
            outbox.send(todo, settings, report)
    except OSError as exc:
        report.error = t("mail.cannot_write", path=getattr(exc, "filename", None) or folder, reason=_reason(exc))
    # In the order the messages came, whatever became of each.
    order = {id(m): i for i, m in enumerate(messages)}
    report.dispatches.sort(key=lambda d: order.get(id(d.message), -1))
    return report


@dataclass
class _Outbox:
    """One run's way out: the folder, the log, the day and the sender."""

    folder: Path
    log: SendLog
    today: date
    now: datetime
    sender: str

    def calendar(self, m: Message) -> bytes | None:
        """The message's calendar entries, written to the folder's calendars first so that the
        next export carries their sequence on; None without entries."""
        if not m.events:
            return None
        path = calendar_folder(self.folder) / m.calendar
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_calendar(path, path.stem, m.events, self.now).read_bytes()

    def write_drafts(self, messages: list[Message], report: MailReport) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for m in messages:
            msg = email_message(m, self.sender, self.now, draft=True, calendar=self.calendar(m))
            path = self.folder / f"{m.file_stem}.eml"
            with atomic_path(path) as tmp:
                tmp.write_bytes(msg.as_bytes())
            self.log.record(m, self.today, self.now, "draft")
            report.dispatches.append(Dispatch(m, "draft", path))

    def send(self, messages: list[Message], settings: MailSettings, report: MailReport) -> None:
        """Send each message with an address; the first failure of the connection stops the
        rest (each then listed as not sent), a refused recipient only its own message."""
        relay = SmtpRelay(settings)
        try:
            relay.open()
            for m in messages:
                if not m.recipients:
                    report.dispatches.append(Dispatch(m, "no_address"))
                    continue
                failed = self._send_one(relay, m, settings)
                report.dispatches.append(Dispatch(m, "failed", reason=failed) if failed else Dispatch(m, "sent"))
        except MailError as exc:
            report.error = str(exc)
            done = {id(d.message) for d in report.dispatches}
            report.dispatches += [Dispatch(m, "failed", reason=t("mail.stopped"))
                                  for m in messages if id(m) not in done]
        finally:
            relay.close()

    def _send_one(self, relay: SmtpRelay, m: Message, settings: MailSettings) -> str:
        """Send ``m`` and log it; the reason it was refused ("" when sent). ``MailError`` when
        the connection is lost or the sender refused: then nothing more can go."""
        msg = email_message(m, settings.sender, self.now, draft=False, calendar=self.calendar(m))
        try:
            relay.send(msg, m.recipients)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            return t("mail.smtp.refused", code=", ".join(map(str, codes)))
        except smtplib.SMTPSenderRefused as exc:
            raise MailError(t("mail.smtp.sender_refused", host=settings.host, sender=settings.sender_address,
                              code=exc.smtp_code)) from None
        except (smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as exc:
            return t("mail.smtp.refused", code=getattr(exc, "smtp_code", "-"))
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(t("mail.smtp.lost", reason=_reason(exc))) from None
        self.log.record(m, self.today, self.now, "smtp")
        return ""


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
