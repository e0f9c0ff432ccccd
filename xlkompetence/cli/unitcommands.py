"""The commands on one unit workbook: new, examples, validate, refresh, demo, and mus (the MUS/PUS
sheets)."""

from __future__ import annotations

__all__ = ["new", "examples", "validate", "refresh", "demo", "mus"]

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import click

from ..core.findings import Code, ExitCode, Report
from ..core.labels import count, t
from ..org.inputs import MergeError, collect_inputs
from .danish import Command, Group
# What only some commands need is imported in them: refresh, behind the ribbon button,
# starts without the template writer, the mail code and the add-in builders.
from .options import format_option, key_file_option, lite_option, mail_options, today_option
from .output import CannotWrite, emit, emit_reports, file_lines, finding_line, lite_exit


@click.command(cls=Command)
@click.argument("path", metavar=t("cli.metavar.file"), type=click.Path(dir_okay=False, path_type=Path))
@click.option("--unit", required=True, help="Enhedens/tilbuddets navn.")
@click.option("--team", "teams", multiple=True, required=True, help=t("cli.opt.team"))
@click.option("--organisation", default="", help="Organisationens navn.")
@click.option("--leader", default="", help="Lederens navn.")
@click.option("--period", default="", help=t("cli.opt.period"))
@click.option("--samtale", "conversation", default="", metavar=t("cli.metavar.name"), help=t("cli.opt.conversation"))
@click.option("--org", "org_template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help=t("cli.opt.from_org"))
@lite_option
@today_option
def new(path: Path, unit: str, teams: tuple[str, ...], organisation: str, leader: str, period: str,
        conversation: str, org_template: Path | None, lite: bool, today: date) -> None:
    """Opret en ny projektmappe til en enhed med bilagets skabeloner.

    Findes filen allerede, røres den ikke.

    Eksempel:

    \b
        xlkompetence new botilbud.xlsx --unit "Botilbuddet Solhjem" \\
            --team "Team A" --team "Team B"
    """
    from ..core import examples as examples_module
    from ..core.schema import ORG_ACTIVE
    from ..org.sync import SyncError, read_org_profiles
    from ..unit.template import TemplateError, write_unit_workbook

    if path.exists():
        raise click.ClickException(t("cli.exists", path=path))
    workbook = examples_module.blank(unit, teams, organisation=organisation, leader=leader, period=period,
                                     conversation=conversation)
    if org_template is not None:
        try:
            profiles = read_org_profiles(org_template)
        except SyncError as exc:
            raise click.ClickException(str(exc)) from exc
        workbook = workbook.model_copy(update={"profiles": tuple(
            p.model_copy(update={"org": ORG_ACTIVE, "row": None}) for p in profiles)})
    try:
        write_unit_workbook(path, workbook, today=today, issued=True)
    except TemplateError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(t("cli.cannot_write_new", path=path, reason=exc.strerror or exc)) from exc
    click.echo(t("cli.created", path=path, n=count(len(teams), "team"), teams=", ".join(teams)))
    if lite:
        from ..excel.lite import add_lite

        lite_exit([add_lite(path)])


@click.command(cls=Command)
@click.argument("directory", metavar=t("cli.metavar.folder"), type=click.Path(file_okay=False, path_type=Path), default=Path("workbooks"))
@lite_option
@today_option
def examples(directory: Path, lite: bool, today: date) -> None:
    """Skriv den tomme skabelon og konceptets udfyldte eksempel i MAPPE.

    Filerne laves ud fra samme skema som alt andet og kan derfor aldrig komme ud af trit.

    Eksempel:

    \b
        xlkompetence examples workbooks
    """
    from .. import demo as demo_module

    paths = demo_module.write_examples(directory, today)
    for path in paths:
        click.echo(t("cli.written", path=path))
    if lite:
        from ..excel.lite import add_lite

        lite_exit([add_lite(p) for p in paths])


@click.command(cls=Command)
@click.argument("paths", metavar="PROJEKTMAPPE...", nargs=-1, required=True)
@format_option()
@today_option
def validate(paths: tuple[str, ...], fmt: str, today: date) -> None:
    """Kontroller projektmapper og vis fejl og mangler med ark og celle.

    PROJEKTMAPPE er filer, mapper eller mønstre som "runde-2026/*.xlsx"; i en mappe springes
    filer, der ikke er en enheds projektmappe (rundens liste, organisationens plan), over.
    Afslutningskode 0: ingen fejl. 1: der er fejl. 2: en fil kan slet ikke læses.

    Eksempel:

    \b
        xlkompetence validate workbooks/eksempel.xlsx --format json
        xlkompetence validate runde-2026/
    """
    from ..unit.validate import validate_paths

    found, named = unit_paths(paths)
    reports, passed = passed_over(list(validate_paths(found, today)), named)
    emit_reports(reports, fmt, lambda rs: [*passed_lines(passed), *file_lines(rs)],
                 passed_over=[str(p) for p in passed])


@click.command(cls=Command)
@click.argument("paths", metavar="PROJEKTMAPPE...", nargs=-1, required=True)
@format_option()
@today_option
def refresh(paths: tuple[str, ...], fmt: str, today: date) -> None:
    """Opdater gab, status, planens beregnede kolonner, Overblik og Fejl og mangler.

    Kun beregnede celler skrives; intet, en person har skrevet, ændres. Filen skrives
    sikkert: den gamle fil bevares, til den nye er færdig. En fil, der er åben i Excel,
    springes over. PROJEKTMAPPE er filer, mapper eller mønstre, som for validate.

    Eksempel:

    \b
        xlkompetence refresh workbooks/eksempel.xlsx
        xlkompetence refresh "runde-2026/*.xlsx"
    """
    from ..unit.refresh import refresh_file

    found, named = unit_paths(paths)
    reports, passed = passed_over([refresh_file(p, today) for p in found], named)
    emit_reports(reports, fmt, lambda rs: [*passed_lines(passed), *file_lines(rs)],
                 passed_over=[str(p) for p in passed])


def unit_paths(paths: tuple[str, ...]) -> tuple[list[Path], set[Path]]:
    """The workbooks ``paths`` name (files, folders, patterns), and those named one by one."""
    try:
        found = collect_inputs(paths)
    except MergeError as exc:
        raise click.UsageError(str(exc)) from exc
    if not found:
        raise click.UsageError(t("merge.none_found"))
    named = {Path(p).resolve() for p in paths if not Path(p).is_dir() and not any(ch in p for ch in "*?[")}
    return found, named


def passed_over(reports: list[Report], named: set[Path]) -> tuple[list[Report], list[Path]]:
    """The reports to show, and the files found in a folder or by a pattern that are no unit's
    workbook: passed over, not failures (a file named on its own is refused as usual)."""
    kept: list[Report] = []
    passed: list[Path] = []
    for r in reports:
        path = Path(r.details()["file"])
        if path.resolve() not in named and any(f.code is Code.FILE_NOT_UNIT for f in r.findings):
            passed.append(path)
        else:
            kept.append(r)
    return kept, passed


def passed_lines(passed: list[Path]) -> Iterable[str]:
    for path in passed:
        yield t("next.passed_over", file=path)


@click.command(cls=Command)
@click.argument("directory", metavar=t("cli.metavar.folder"), type=click.Path(file_okay=False, path_type=Path), default=Path("demo"))
@today_option
def demo(directory: Path, today: date) -> None:
    """Kør hele forløbet på konceptets eksempel: skabeloner → enhedsmapper → validering →
    opdatering → organisationens plan.

    Eksempel:

    \b
        xlkompetence demo demo
    """
    from .. import demo as demo_module

    for line in demo_module.run(directory, today):
        click.echo(line)


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
