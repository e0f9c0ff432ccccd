"""The MUS/PUS commands: a sheet for each employee's conversation (``mus skriv``), and what was
agreed brought back into the unit's workbook (``mus hent``)."""

from __future__ import annotations

__all__ = ["mus"]

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import click

from ..core.findings import Code, ExitCode, Report
from ..core.labels import count, t
from .danish import Group
from .options import format_option, key_file_option, mail_options, today_option
from .output import emit, file_lines, finding_line


@click.group(cls=Group)
def mus() -> None:
    """MUS/PUS: et ark til hver medarbejders samtale, og det aftalte tilbage i projektmappen."""


def _key(key_file: Path | None) -> bytes:
    """The organisation's key, which signs each MUS/PUS sheet and checks it back."""
    from ..org.keyfile import KeyFileError, default_key_file, read_or_make_key

    try:
        return read_or_make_key(key_file or default_key_file())
    except KeyFileError as exc:
        raise click.UsageError(str(exc)) from exc


@mus.command("skriv")
@click.argument("path", metavar="PROJEKTMAPPE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output", "-o", "folder", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=t("cli.opt.mus_out"))
@click.option("--medarbejder", "extra", multiple=True, metavar="NAVN", help=t("cli.opt.mus_employee"))
@key_file_option
@click.option("--mail", "drafts", type=click.Path(file_okay=False, path_type=Path), metavar=t("cli.metavar.folder"),
              help=t("cli.opt.mus_mail"))
@click.option("--adresser", "addresses", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              metavar=t("cli.metavar.file"), help=t("cli.opt.addresses"))
@mail_options
@format_option()
@today_option
def mus_write(path: Path, folder: Path, extra: tuple[str, ...], key_file: Path | None, drafts: Path | None,
              addresses: Path | None, smtp: bool, mail_config: Path, again: bool, fmt: str, today: date) -> None:
    """Skriv et MUS/PUS-ark (en lille projektmappe) til hver medarbejder, udfyldt med enhed,
    team, teamets læringsmål og teamets gab.

    Medarbejderne er dem på arket Medarbejdere, dem, Individuelle læringsmål og planens
    Medarbejdere nævner, og dem, --medarbejder tilføjer. En fil, der findes i forvejen,
    overskrives aldrig. Med --mail får hver medarbejder en mail med sit eget ark (og en
    kalenderinvitation, hvor Individuelle læringsmål har en dato for samtalen eller næste
    opfølgning) som udkast i MAPPE, eller sendt med --smtp; adresserne kommer fra --adresser
    og arket Medarbejdere.
    Afslutningskode 0: alle ark skrevet. 1: nogle fandtes og er sprunget over. 2:
    projektmappen kan ikke læses.

    Eksempel:

    \b
        xlkompetence mus skriv botilbud.xlsx -o mus --medarbejder "Åse (Team C)"
        xlkompetence mus skriv botilbud.xlsx -o mus --mail mus-mails \\
            --adresser medarbejdere.xlsx
    """
    from ..core.addresses import AddressBook
    from ..org.musmail import invite_employees, read_address_file
    from ..unit.conversation import write_conversations
    from .mailcommands import mail_lines, mail_settings, now

    if (smtp or addresses) and drafts is None:
        raise click.UsageError(t("cli.mail_needs_folder"))
    settings = mail_settings(mail_config, smtp) if drafts is not None else None
    report = write_conversations(path, folder, today, extra, key=_key(key_file))
    book = read_address_file(addresses) if addresses is not None else AddressBook()
    mailed = (invite_employees(report, extra, book, drafts, today, now(), settings, smtp=smtp, again=again)
              if drafts is not None and report.readable else None)

    def lines(reports: list[Report]) -> Iterable[str]:
        if not report.readable:
            yield from file_lines([report.report])
            return
        for p in report.written:
            yield t("mus.written", path=p)
        for p in report.skipped:
            yield t("mus.skipped_exists", path=p)
        if not report.written and not report.skipped:
            yield t("mus.none")
        yield t("mus.summary", written=count(len(report.written), "employee_sheet"),
                skipped=count(len(report.skipped), "employee_sheet"), folder=folder)
        if mailed is not None:
            yield from (f"{addresses.name if addresses else ''}: {finding_line(f)}" for f in mailed.findings)
            yield from mail_lines(mailed)

    code = report.exit_code if not report.readable else ExitCode.ERRORS if report.skipped else ExitCode.OK
    code = max(code, mailed.exit_code) if mailed is not None else code
    mail = {"mail": mailed.to_dict()} if mailed is not None else {}
    emit({**report.to_dict(), **mail, "exit_code": int(code)}, lines([report]), fmt, code)


@mus.command("hent")
@click.argument("path", metavar="PROJEKTMAPPE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("folder", metavar=t("cli.metavar.folder"), type=click.Path(file_okay=False, exists=True, path_type=Path))
@key_file_option
@format_option()
@today_option
def mus_fetch(path: Path, folder: Path, key_file: Path | None, fmt: str, today: date) -> None:
    """Før det aftalte fra MUS/PUS-arkene i MAPPE ind i projektmappens Individuelle
    læringsmål, og opdater projektmappen.

    Kun personlige læringsmål, aftalte aktiviteter og de to datoer føres ind – aldrig
    logbogen. Tomme celler i medarbejderens række udfyldes, eller der tilføjes en ny række;
    en celle, nogen har skrevet i, ændres aldrig (det meldes som mus.conflict).
    Medarbejdernes filer ændres ikke. Et ark, hvis grå felter er ændret, som er kopieret
    under et andet navn, eller som er fra en anden enhed eller runde, springes over
    (arkene underskrives af mus skriv med samme nøgle som --key-file). Afslutningskode
    som refresh.

    Eksempel:

    \b
        xlkompetence mus hent enheder/botilbud.xlsx mus-2026
    """
    from ..unit.conversation import fetch_agreements

    report = fetch_agreements(path, folder, today, key=_key(key_file))

    def lines(reports: list[Report]) -> Iterable[str]:
        if not report.readable:
            yield from file_lines([report.report])
            return
        files = count(len(report.outcomes), "employee_sheet")
        if report.written:
            yield t("mus.fetched", path=path, rows=count(len(report.rows), "row"), files=files)
        else:
            yield t("mus.fetched_none", path=path, files=files)
        for o, row in zip(report.outcomes, report.at):
            what = Code.MUS_CONFLICT.summary if o.kind == "conflict" else t(f"mus.what.{o.kind}", row=row)
            yield t("mus.file_line", file=o.agreement.file, what=what)
        for f in report.findings:
            yield "  " + finding_line(f)

    emit({"exit_code": int(report.exit_code), **report.to_dict()}, lines([report]), fmt, report.exit_code)
