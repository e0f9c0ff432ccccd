"""The MUS/PUS sheets by mail: one mail per employee with her own sheet attached, and a calendar
invitation where the leader has set a date (``core.invitations``), to the address an address
list gives her.

The address list is any table with the columns *Navn* and *E-mail* (and *Team*, *Enhed* where
two people share a name): a sheet the leader keeps, or the employee list HR exports from the
payroll system; where it gives no address, the unit workbook's own sheet Medarbejdere may.
Without an address the mail is still written as a draft; its To is left for the leader to fill in.
"""

from __future__ import annotations

__all__ = ["read_address_file", "invite_employees", "with_sheet_addresses"]

from datetime import date, datetime
from pathlib import Path

from ..core.addresses import AddressBook, AddressEntry, has_address_header, read_address_book
from ..core.models import UnitWorkbook
from ..core.findings import Code, finding
from ..core.invitations import invitations
from ..core.mus import conversations
from ..unit.conversation import ConversationReport, file_names
from .mail import MailReport, deliver
from .mailsettings import MailSettings
from .rollout import TableUnreadable, read_table


def read_address_file(path: Path) -> AddressBook:
    """The address list at ``path`` (Excel or CSV, read as the round's list is); never raises:
    a file that cannot be read is a finding with the Danish reason."""
    try:
        sheet, rows = read_table(path, has_address_header)
    except TableUnreadable as exc:
        return AddressBook(findings=[finding(Code.ADDRESS_UNREADABLE, file=path.name, reason=str(exc))])
    return read_address_book(rows, file=path.name, sheet=sheet)


def invite_employees(written: ConversationReport, extra: tuple[str, ...] | list[str], addresses: AddressBook,
                     folder: Path, today: date, now: datetime, settings: MailSettings | None = None, *,
                     smtp: bool = False, again: bool = False) -> MailReport:
    """A mail to every employee whose sheet ``written`` wrote (or found there already), as drafts
    in ``folder`` or, with ``smtp``, sent through the relay ``settings`` name."""
    report = MailReport(folder, smtp=smtp, findings=list(addresses.findings))
    result = written.report.result
    # An address list that cannot be read mails nobody: every mail would go without its address.
    if result is None or report.errors:
        return report
    addresses = with_sheet_addresses(addresses, result.unit)
    convs = conversations(result.unit, extra)
    # The sheets as mus skriv names them: where two people share a name, their teams tell them apart.
    sheets = [(c, path) for c, name in zip(convs, file_names(convs)) if (path := written.folder / name).is_file()]
    messages = invitations(result.unit, sheets, addresses, today)
    return deliver(messages, folder, today, now, settings=settings if smtp else None,
                   sender=settings.sender if settings else "", again=again, report=report)


def with_sheet_addresses(addresses: AddressBook, unit: UnitWorkbook) -> AddressBook:
    """``addresses`` and, for the people it has none for, the addresses on the unit's sheet
    Medarbejdere (a list given on the command line is HR's newer word)."""
    own = [AddressEntry(e.row or 0, e.name, e.email, e.team, unit.cover.unit) for e in unit.employees
           if e.email and addresses.lookup(e.name, e.team, unit.cover.unit) is None]
    return AddressBook([*addresses.entries, *own], list(addresses.findings))
