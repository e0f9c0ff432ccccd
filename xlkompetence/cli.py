"""The ``xlkompetence`` command: each sub-command is a thin wrapper over one library function.

Options that several commands share are defined once (``output_option``, ``db_option``,
``today_option``, ``format_option``); every command that reports prints through ``emit``, so
``--format json`` gives the same shape everywhere and the exit code follows the one rule in
``core.findings``.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from . import demo as demo_module
from .core import examples as examples_module
from .core.findings import Code, ExitCode, Finding, Report, Scope, overall_exit_code
from .core.labels import CLICK, count, t
from .core.schema import ORG_ACTIVE
from .excel.lite import LiteReport, add_lite
from .excel.xlam import AddinError, build_addin, install_addin
from .org.history import default_db
from .org.history import load as load_history
from .org.historybook import history_dict, history_lines, write_history_svg, write_history_xlsx
from .org.keyfile import KeyFileError
from .org.disclosure import Disclosure
from .org.merge import MergeError, collect_inputs, merge_files, org_lines
from .org.nextround import NextRoundReport, next_round
from .org.rollout import RolloutReport, rollout
from .org.sync import SyncError, SyncReport, read_org_profiles, sync_paths
from .org.watch import Watcher
from .unit.conversation import fetch_agreements, write_conversations
from .unit.refresh import RefreshReport, refresh_file
from .unit.template import TemplateError, write_unit_workbook
from .unit.validate import FileReport, validate_paths

__all__ = ["cli", "main"]

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class CannotWrite(click.ClickException):
    """An output could not be written: exit code 2, as for a file that cannot be read."""

    exit_code = int(ExitCode.UNREADABLE)


# -- click in Danish -------------------------------------------------------------------------------

def _danish(message: str) -> str:
    return CLICK.get(message, message)


def _danish_plural(singular: str, plural: str, n: int) -> str:
    return _danish(singular if n == 1 else plural)


def speak_danish() -> None:
    """Let click's own words (Usage, Options, Error: …, [required]) be Danish too. click looks
    its words up through ``_``/``ngettext`` in each of its modules when it writes them."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types,
                   click.termui):
        if hasattr(module, "_"):
            module._ = _danish  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _danish_plural  # type: ignore[attr-defined]


    # The names of value types show as metavariables (TEKST, HELTAL) and in messages.
    for kind in (click.types.StringParamType, click.types.IntParamType, click.types.FloatParamType,
                 click.types.IntRange, click.types.FloatRange, click.types.BoolParamType):
        kind.name = _danish(kind.name)


speak_danish()


class Command(click.Command):
    """A command whose usage line says [TILVALG]."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _danish("[OPTIONS]"))
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """A group of commands whose usage line says KOMMANDO [ARGUMENTER]...."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _danish("[OPTIONS]"))
        kwargs.setdefault("subcommand_metavar", _danish("COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)


Group.group_class = Group


# -- shared options ------------------------------------------------------------------------------

class DateType(click.ParamType):
    """A date written ÅÅÅÅ-MM-DD."""

    name = t("cli.type.date")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(t("cli.bad_date", value=value), param, ctx)


def today_option(f: Callable[..., Any]) -> Callable[..., Any]:
    # Hidden: tests and reproducible demos fix the date that overdue rows are measured against.
    return click.option("--today", "today", type=DateType(), default=date.today, metavar=t("cli.metavar.date"),
                        hidden=True, help=t("cli.opt.today"))(f)


def format_option(*formats: str) -> Decorator:
    return click.option("--format", "fmt", type=click.Choice(["text", "json", *formats]), default="text",
                        show_default=True, help=t("cli.opt.format"))


def lite_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--lite", is_flag=True, help=t("cli.opt.lite"))(f)


def output_option(help_key: str, *, required: bool = True, default: Path | None = None) -> Decorator:
    return click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=required,
                        default=default, show_default=default is not None, help=t(help_key))


# Personal data stays in the units unless HR asks for names, with a lawful basis for it.
names_option = click.option("--med-navne", "disclosure", flag_value=Disclosure.NAMES, default=Disclosure.PSEUDONYMS,
                            help=t("cli.opt.names"))
expected_option = click.option("--expected", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                                metavar=t("cli.metavar.list"), help=t("cli.opt.expected"))
key_file_option = click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path),
                               help=t("cli.opt.key_file"))


def db_option(*, exists: bool = False, required: bool = False, help_key: str = "cli.opt.db") -> Decorator:
    return click.option("--db", type=click.Path(dir_okay=False, exists=exists, path_type=Path),
                        required=required, help=t(help_key))


# -- printing reports ------------------------------------------------------------------------------

def emit(data: dict[str, Any], lines: Iterable[str], fmt: str, code: int) -> NoReturn:
    """Print a command's outcome as JSON or as Danish lines, then exit with ``code``."""
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in lines:
            click.echo(line)
    sys.exit(int(code))


def emit_reports(reports: list[Report], fmt: str, lines: Callable[[list[Report]], Iterable[str]],
                 **extra: Any) -> NoReturn:
    """Several files' reports: ``{"exit_code", …, "files": [report.to_dict()]}``."""
    code = overall_exit_code(reports)
    emit({"exit_code": int(code), **extra, "files": [r.to_dict() for r in reports]}, lines(reports), fmt, code)


def finding_line(f: Finding) -> str:
    return f"{f.location or '-'}: {f.severity.label}: {f.message} [{f.code}]"


def file_lines(reports: list[Report]) -> Iterable[str]:
    """validate and refresh in text: a line per file, one per finding, and a total."""
    for r in reports:
        path = r.details()["file"]
        if not r.readable:
            reason = r.findings[0].message if r.findings else t("cli.unreadable_reason")
            yield t("cli.file_unreadable", path=path, reason=reason)
            continue
        state = t("cli.refreshed") if isinstance(r, RefreshReport) and r.written else ""
        yield t("cli.file_counts", path=path, state=state, errors=count(r.errors, "error"),
                warnings=count(r.warnings, "warning"))
        for f in r.findings:
            yield "  " + finding_line(f)
    if len(reports) > 1:
        unreadable = sum(1 for r in reports if r.exit_code is ExitCode.UNREADABLE)
        yield t("cli.total", files=count(len(reports), "file"), errors=count(sum(r.errors for r in reports), "error"),
                warnings=count(sum(r.warnings for r in reports), "warning"), unreadable=count(unreadable, "unreadable"))


def lite_lines(reports: list[Report]) -> Iterable[str]:
    for r in reports:
        assert isinstance(r, LiteReport)
        for f in r.findings:
            yield f.text()
        if not r.findings:
            yield t("lite.added" if r.written else "lite.unchanged", path=r.path, script=t("web.refresh"))


def lite_exit(reports: list[LiteReport]) -> None:
    """After a command that wrote workbooks: embed Lite's report, and exit 2 if a file could not
    get it."""
    for line in lite_lines(list(reports)):
        click.echo(line)
    code = overall_exit_code(reports)
    if code:
        sys.exit(int(code))


def sync_lines(reports: list[Report], dry_run: bool) -> Iterable[str]:
    for r in reports:
        assert isinstance(r, SyncReport)
        state = (t("sync.dry_run") if dry_run else t("sync.written", backup=r.backup) if r.written
                 else t("sync.skipped"))
        yield f"{r.path}: {state}"
        for change in r.changes:
            yield f"  {change.line()}"
        if not r.changes and r.readable:
            yield f"  {t('sync.none')}"
        for f in r.findings:
            if f.code.scope in (Scope.FILE, Scope.SYNC):
                yield "  " + finding_line(f)


# -- the commands ----------------------------------------------------------------------------------

@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xlkompetence")
def cli() -> None:
    """Strategisk kompetenceudvikling i Excel: skabeloner, validering, gab og overblik."""


def log_to_terminal() -> None:
    """Long-running commands (watch, serve) report through ``logging``; here is where it goes."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S",
                        stream=click.get_text_stream("stderr"), force=True)


@cli.command()
@click.argument("path", metavar=t("cli.metavar.file"), type=click.Path(dir_okay=False, path_type=Path))
@click.option("--unit", required=True, help="Enhedens/tilbuddets navn.")
@click.option("--team", "teams", multiple=True, required=True, help=t("cli.opt.team"))
@click.option("--organisation", default="", help="Organisationens navn.")
@click.option("--leader", default="", help="Lederens navn.")
@click.option("--period", default="", help=t("cli.opt.period"))
@click.option("--org", "org_template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help=t("cli.opt.from_org"))
@lite_option
@today_option
def new(path: Path, unit: str, teams: tuple[str, ...], organisation: str, leader: str, period: str,
        org_template: Path | None, lite: bool, today: date) -> None:
    """Opret en ny projektmappe til en enhed med bilagets skabeloner.

    Findes filen allerede, røres den ikke.

    Eksempel:

    \b
        xlkompetence new botilbud.xlsx --unit "Botilbuddet Solhjem" \\
            --team "Team A" --team "Team B"
    """
    if path.exists():
        raise click.ClickException(t("cli.exists", path=path))
    workbook = examples_module.blank(unit, teams, organisation=organisation, leader=leader, period=period)
    if org_template is not None:
        try:
            profiles = read_org_profiles(org_template)
        except SyncError as exc:
            raise click.ClickException(str(exc)) from exc
        workbook = workbook.model_copy(update={"profiles": tuple(
            p.model_copy(update={"org": ORG_ACTIVE, "row": None}) for p in profiles)})
    try:
        write_unit_workbook(path, workbook, today=today)
    except TemplateError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(t("cli.cannot_write_new", path=path, reason=exc.strerror or exc)) from exc
    click.echo(t("cli.created", path=path, n=count(len(teams), "team"), teams=", ".join(teams)))
    if lite:
        lite_exit([add_lite(path)])


@cli.command("rollout")
@click.argument("roster", metavar=t("cli.metavar.list"), type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", metavar=t("cli.metavar.folder"), required=True, type=click.Path(file_okay=False, path_type=Path),
              help=t("cli.opt.rollout_out"))
@click.option("--org", "org_template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help=t("cli.opt.rollout_org"))
@lite_option
@format_option()
@today_option
def rollout_command(roster: Path, out_dir: Path, org_template: Path | None, lite: bool, fmt: str, today: date) -> None:
    """Opret hver enheds projektmappe ud fra rundens liste (Excel eller CSV).

    Listen har én række pr. enhed med kolonnerne Enhed og Teams, og gerne Organisation,
    Leder og Periode. Teams skrives i én celle med antal medarbejdere, fx
    "Dagteam (10); Aftenteam (8)". Har listen fejl, skrives intet. En projektmappe, der
    findes i forvejen, røres ikke, så kommandoen kan køres igen, når der kommer enheder til.

    Eksempel:

    \b
        xlkompetence rollout enheder.xlsx --out runde-2026/ \\
            --org org-skabelon.xlsx
    """
    try:
        report = rollout(roster, out_dir, today, org_template=org_template)
    except SyncError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(t("cli.cannot_write", path=out_dir, reason=exc.strerror or exc)) from exc
    lite_reports = [add_lite(path) for _, path in report.made] if lite else []
    code = overall_exit_code([report, *lite_reports])
    data = {**report.to_dict(), "lite": [r.to_dict() for r in lite_reports]}
    emit(data, [*rollout_lines(report), *lite_lines(list(lite_reports))], fmt, code)


def rollout_lines(report: RolloutReport) -> Iterable[str]:
    for f in report.findings:
        if f.code is not Code.ROLLOUT_EXISTS:
            yield f"{report.roster.name}: {finding_line(f)}"
    if report.errors or not report.readable:
        yield t("rollout.not_written", errors=count(report.errors, "error"))
        return
    for entry, path in report.made:
        yield t("rollout.made", file=path, teams=", ".join(entry.teams))
    for _, path in report.kept:
        yield t("rollout.kept", file=path)
    yield t("rollout.summary", made=count(len(report.made), "made"), kept=len(report.kept), out=report.out)


@cli.command()
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
    paths = demo_module.write_examples(directory, today)
    for path in paths:
        click.echo(t("cli.written", path=path))
    if lite:
        lite_exit([add_lite(p) for p in paths])


@cli.command()
@click.argument("paths", metavar="PROJEKTMAPPE...", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option()
@today_option
def validate(paths: tuple[Path, ...], fmt: str, today: date) -> None:
    """Kontroller projektmapper og vis fejl og mangler med ark og celle.

    Afslutningskode 0: ingen fejl. 1: der er fejl. 2: en fil kan slet ikke læses.

    Eksempel:

    \b
        xlkompetence validate workbooks/eksempel.xlsx --format json
    """
    reports: list[Report] = list(validate_paths(list(paths), today))
    emit_reports(reports, fmt, file_lines)


@cli.command()
@click.argument("paths", metavar="PROJEKTMAPPE...", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option()
@today_option
def refresh(paths: tuple[Path, ...], fmt: str, today: date) -> None:
    """Opdater gab, status, planens beregnede kolonner, Overblik og Fejl og mangler.

    Kun beregnede celler skrives; intet, en person har skrevet, ændres. Filen skrives
    sikkert: den gamle fil bevares, til den nye er færdig. En fil, der er åben i Excel,
    springes over.

    Eksempel:

    \b
        xlkompetence refresh workbooks/eksempel.xlsx
    """
    reports: list[Report] = [refresh_file(p, today) for p in paths]
    emit_reports(reports, fmt, file_lines)


@cli.command()
@click.argument("directory", metavar=t("cli.metavar.folder"), type=click.Path(file_okay=False, path_type=Path), default=Path("demo"))
@today_option
def demo(directory: Path, today: date) -> None:
    """Kør hele forløbet på konceptets eksempel: skabeloner → enhedsmapper → validering →
    opdatering → organisationens plan.

    Eksempel:

    \b
        xlkompetence demo demo
    """
    for line in demo_module.run(directory, today):
        click.echo(line)


@cli.command()
@click.argument("inputs", metavar="PROJEKTMAPPER...", nargs=-1, required=True)
@output_option("cli.opt.merge_output")
@names_option
@key_file_option
@click.option("--strict", is_flag=True, help=t("cli.opt.strict"))
@expected_option
@db_option()
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help=t("cli.opt.workers"))
@click.option("--quiet", "-q", is_flag=True, help=t("cli.opt.quiet"))
@format_option()
@today_option
def merge(inputs: tuple[str, ...], output: Path, disclosure: Disclosure, key_file: Path | None, strict: bool,
          expected: Path | None, db: Path | None, jobs: int | None, quiet: bool, fmt: str, today: date) -> None:
    """Saml enhedernes projektmapper til én plan for hele organisationen.

    PROJEKTMAPPER er filer, mapper (gennemsøges for .xlsx/.xlsm) eller mønstre som
    "enheder/*.xlsx". Enhedernes projektmapper læses kun. Den samlede plan skrives sikkert:
    den gamle fil bevares, til den nye er færdig. Afslutningskoder som validate.

    Medarbejdernes navne bliver til faste pseudonymer, personlige læringsmål til antal, og
    logbogen kommer aldrig med (se --med-navne).

    Eksempel:

    \b
        xlkompetence merge enheder/ --output organisation.xlsx
        xlkompetence merge enheder/ -o organisation.xlsx --expected enheder.xlsx
    """
    show = not quiet and fmt == "text" and sys.stderr.isatty()
    options = dict(disclosure=disclosure, strict=strict, key_file=key_file, jobs=jobs, db=db or default_db(output),
                   expected=expected)
    try:
        if show:
            total = len(collect_inputs(inputs, output, skip=[expected] if expected is not None else []))
            with click.progressbar(length=total, label=t("merge.progress"), file=sys.stderr) as bar:
                org = merge_files(inputs, output, today, progress=lambda _: bar.update(1), **options)
        else:
            org = merge_files(inputs, output, today, **options)
    except (MergeError, KeyFileError) as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(t("cli.cannot_write", path=output, reason=exc.strerror or exc)) from exc
    emit(org.to_dict(), org_lines(org, output), fmt, org.exit_code)


@cli.command("next-round")
@click.argument("inputs", metavar="PROJEKTMAPPER...", nargs=-1, required=True)
@click.option("--out", "out_dir", metavar=t("cli.metavar.folder"), required=True, type=click.Path(file_okay=False, path_type=Path),
              help=t("cli.opt.next_round_out"))
@format_option()
@today_option
def next_round_command(inputs: tuple[str, ...], out_dir: Path, fmt: str, today: date) -> None:
    """Før enhedernes projektmapper videre til næste runde.

    Profiler, teams, ønskede niveauer, prioriteringer, læringsmål og forankring følger med.
    Sidste rundes reelle niveauer står ved siden af den nye, tomme vurdering. Aktiviteter,
    der ikke er gennemført, følger med med deres status; gennemførte bliver i den gamle
    fil. Perioden på Forsiden rykkes et år frem. Den gamle fil ændres ikke, og en fil, der
    findes i MAPPE, overskrives ikke. PROJEKTMAPPER kan være filer eller mapper.

    Eksempel:

    \b
        xlkompetence next-round runde-2026/ --out runde-2027/
    """
    try:
        reports = next_round(inputs, out_dir, today)
    except OSError as exc:
        raise CannotWrite(t("cli.cannot_write", path=out_dir, reason=exc.strerror or exc)) from exc
    if not reports:
        raise click.UsageError(t("merge.none_found"))
    emit_reports(list(reports), fmt, lambda rs: next_round_lines(rs, out_dir), out=str(out_dir))


def next_round_lines(reports: list[Report], out: Path) -> Iterable[str]:
    for r in reports:
        assert isinstance(r, NextRoundReport)
        for f in r.findings:
            yield f.text()
        if r.written:
            yield t("next.made", source=r.source, target=r.target, period=r.period or "-",
                    kept=count(r.count("kept"), "value"), carried=r.count("carried"), archived=r.count("archived"))
    done = sum(1 for r in reports if isinstance(r, NextRoundReport) and r.written)
    yield t("next.summary", units=count(done, "unit"), out=out)


@cli.command()
@click.argument("org_template", metavar=t("cli.metavar.org_template"), type=click.Path(dir_okay=False, path_type=Path))
@click.argument("units", metavar="PROJEKTMAPPER...", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help=t("cli.opt.dry_run"))
@lite_option
@format_option()
@today_option
def sync(org_template: Path, units: tuple[str, ...], dry_run: bool, lite: bool, fmt: str, today: date) -> None:
    """Bring enhedernes projektmapper i trit med organisationens mål og kompetenceprofiler.

    Nye profiler tilføjes, ændrede formuleringer opdateres, og profiler, organisationen har
    trukket tilbage, markeres Udgået. Alt, enheden selv har skrevet, bevares; der gemmes én
    sikkerhedskopi pr. ændret fil i mappen .xlkompetence-backup, og en fil, der er åben i
    Excel, springes over.

    Eksempel:

    \b
        xlkompetence sync organisation-skabelon.xlsx enheder/ --dry-run
    """
    try:
        paths = collect_inputs(units)
        reports: list[Report] = list(sync_paths(org_template, paths, today, dry_run=dry_run))
    except (SyncError, MergeError) as exc:
        raise click.UsageError(str(exc)) from exc
    if not lite:
        emit_reports(reports, fmt, lambda rs: sync_lines(rs, dry_run), dry_run=dry_run)
    # A unit sync could not read or write is reported already; it gets no Lite either.
    lites: list[Report] = [add_lite(r.path) for r in reports if isinstance(r, SyncReport)
                           and not dry_run and r.exit_code is not ExitCode.UNREADABLE]
    code = overall_exit_code([*reports, *lites])
    emit({"exit_code": int(code), "dry_run": dry_run, "files": [r.to_dict() for r in reports],
          "lite": [r.to_dict() for r in lites]}, [*sync_lines(reports, dry_run), *lite_lines(lites)], fmt, code)


@cli.command()
@click.argument("folder", metavar=t("cli.metavar.folder"), type=click.Path(file_okay=False, exists=True, path_type=Path))
@output_option("cli.opt.watch_output")
@db_option()
@click.option("--interval", type=click.FloatRange(0.05, 3600), default=2.0, show_default=True,
              help=t("cli.opt.interval"))
@click.option("--settle", type=click.FloatRange(0, 3600), default=2.0, show_default=True,
              help=t("cli.opt.settle"))
@names_option
@key_file_option
@expected_option
@click.option("--max-seconds", type=float, default=None, hidden=True)
def watch(folder: Path, output: Path, db: Path | None, interval: float, settle: float,
          disclosure: Disclosure, key_file: Path | None, expected: Path | None, max_seconds: float | None) -> None:
    """Hold organisationens plan og historik opdateret, mens enhederne gemmer i en fælles mappe.

    Kun ændrede filer læses igen; flere ændringer tæt på hinanden håndteres én gang; en fil,
    der stadig gemmes, prøves igen. Stop med Ctrl+C.

    Eksempel:

    \b
        xlkompetence watch "OneDrive/Kompetenceudvikling" -o organisation.xlsx
    """
    log_to_terminal()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    watcher = Watcher(folder, output, db or default_db(output), interval=interval, settle=settle,
                      key_file=key_file, disclosure=disclosure, expected=expected)
    watcher.run(stop, max_seconds=max_seconds)


@cli.command("history")
@db_option(exists=True, required=True, help_key="cli.opt.history_db")
@click.option("--unit", "units", multiple=True, help=t("cli.opt.units"))
@format_option("xlsx")
@output_option("cli.opt.history_output", required=False, default=Path("historik.xlsx"))
def history_command(db: Path, units: tuple[str, ...], fmt: str, output: Path) -> None:
    """Vis, hvordan gabene har udviklet sig fra runde til runde.

    Med --format xlsx: en Excel-fil med en kurve pr. profil, og en SVG-tegning med
    samme navn (alle profiler i ét diagram, til mail eller rapport).

    Eksempel:

    \b
        xlkompetence history --db organisation-historik.sqlite --format xlsx \\
            -o udvikling.xlsx
    """
    hist = load_history(db, list(units) or None)
    if fmt == "xlsx":
        write_history_xlsx(output, hist)
        svg = output.with_suffix(".svg")
        write_history_svg(svg, hist)
        lines = [t("history.written", path=output), t("history.written", path=svg)]
        emit({}, lines, "text", ExitCode.OK)
    emit(history_dict(hist), history_lines(hist), fmt, ExitCode.OK)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help=t("cli.opt.host"))
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("xlkompetence-server.json"), show_default=True,
              help=t("cli.opt.config"))
@click.option("--manifest", "manifest_url", metavar="URL",
              help=t("cli.opt.manifest"))
@click.option("--add-token", "token_unit", metavar=t("cli.metavar.unit"), help=t("cli.opt.add_token"))
def serve(host: str, port: int, config_path: Path, manifest_url: str | None, token_unit: str | None) -> None:
    """Kør serveren bag Office-tilføjelsesprogrammet (Excel på nettet og pc'er uden Python).

    Indstillingerne læses fra --config og fra miljøvariabler med præfikset XLKOMPETENCE_
    (fx XLKOMPETENCE_MAX_BODY_MB=20), som går forud for filen. Nøgler, der tilføjes eller
    fjernes i filen, gælder fra næste forespørgsel uden genstart.

    Eksempel:

    \b
        xlkompetence serve --add-token "Botilbuddet Solhjem"
        xlkompetence serve --port 8765
    """
    from .excel.manifest import manifest
    from .excel.server import ServerSettings, SettingsError, add_token, create_app

    try:
        if manifest_url:
            click.echo(manifest(manifest_url, recipient=ServerSettings.load(config_path).recipient), nl=False)
            return
        if token_unit:
            token = add_token(config_path, token_unit)
            click.echo(t("server.token_added", unit=token_unit))
            click.echo(token)
            return
        settings = ServerSettings.load(config_path)
    except SettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(int(ExitCode.UNREADABLE))
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        raise click.UsageError(t("server.licence"))
    import uvicorn

    log_to_terminal()
    click.echo(t("server.started", url=f"http://{host}:{port}"))
    # uvicorn's own access log would print client addresses and query strings; ours does not.
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_level="warning")


@cli.group()
def addin() -> None:
    """Excel-tilføjelsesprogrammet med fanen Kompetence."""


@addin.command("build")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("workbooks"),
              show_default=True, help=t("cli.opt.addin_dir"))
def addin_build(out_dir: Path) -> None:
    """Byg xlkompetence.xlam ud fra xlwings' skabelon og båndet i macros/.

    Eksempel:

    \b
        xlkompetence addin build --out workbooks
    """
    try:
        path = build_addin(out_dir)
    except AddinError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(t("cli.built", path=path))


@addin.command("install")
def addin_install() -> None:
    """Installer tilføjelsesprogrammet i Excel (Windows og macOS) og peg det på denne Python.

    Eksempel:

    \b
        xlkompetence addin install
    """
    try:
        lines = install_addin()
    except AddinError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines:
        click.echo(line)


@cli.group()
def lite() -> None:
    """xlwings Lite: opdateringen inde i projektmappen, uden Python på pc'en."""


@lite.command("add")
@click.argument("paths", metavar="PROJEKTMAPPER...", nargs=-1, required=True)
@format_option()
def lite_add(paths: tuple[str, ...], fmt: str) -> None:
    """Læg knappen 'Opdater gab og status' ind i enhedernes projektmapper til xlwings Lite.

    PROJEKTMAPPER er filer, mapper eller mønstre. Kun koden til xlwings Lite lægges ind;
    intet andet i projektmappen ændres. Filen skrives sikkert: den gamle fil bevares, til
    den nye er færdig. En fil, der er åben i Excel, springes over. Afslutningskode 2, hvis en
    fil ikke kunne få koden.

    Eksempel:

    \b
        xlkompetence lite add enheder/
    """
    try:
        found = collect_inputs(paths)
    except MergeError as exc:
        raise click.UsageError(str(exc)) from exc
    reports: list[Report] = [add_lite(p) for p in found]
    emit_reports(reports, fmt, lite_lines)


@cli.group()
def mus() -> None:
    """MUS/PUS: et ark til hver medarbejders samtale, og det aftalte tilbage i projektmappen."""


@mus.command("skriv")
@click.argument("path", metavar="PROJEKTMAPPE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output", "-o", "folder", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=t("cli.opt.mus_out"))
@click.option("--medarbejder", "extra", multiple=True, metavar="NAVN", help=t("cli.opt.mus_employee"))
@format_option()
@today_option
def mus_write(path: Path, folder: Path, extra: tuple[str, ...], fmt: str, today: date) -> None:
    """Skriv et MUS/PUS-ark (en lille projektmappe) til hver medarbejder, udfyldt med enhed,
    team, teamets læringsmål og teamets gab.

    Medarbejderne er dem, Individuelle læringsmål og planens Medarbejdere nævner, og dem,
    --medarbejder tilføjer. En fil, der findes i forvejen, overskrives aldrig.
    Afslutningskode 0: alle ark skrevet. 1: nogle fandtes og er sprunget over. 2:
    projektmappen kan ikke læses.

    Eksempel:

    \b
        xlkompetence mus skriv botilbud.xlsx -o mus --medarbejder "Åse (Team C)"
    """
    report = write_conversations(path, folder, today, extra)

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

    code = report.exit_code if not report.readable else ExitCode.ERRORS if report.skipped else ExitCode.OK
    emit({"exit_code": int(code), **report.to_dict()}, lines([report]), fmt, code)


@mus.command("hent")
@click.argument("path", metavar="PROJEKTMAPPE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("folder", metavar=t("cli.metavar.folder"), type=click.Path(file_okay=False, exists=True, path_type=Path))
@format_option()
@today_option
def mus_fetch(path: Path, folder: Path, fmt: str, today: date) -> None:
    """Før det aftalte fra MUS/PUS-arkene i MAPPE ind i projektmappens Individuelle
    læringsmål, og opdater projektmappen.

    Kun personlige læringsmål, aftalte aktiviteter og de to datoer føres ind – aldrig
    logbogen. Tomme celler i medarbejderens række udfyldes, eller der tilføjes en ny række;
    en celle, nogen har skrevet i, ændres aldrig (det meldes som mus.conflict).
    Medarbejdernes filer ændres ikke. Afslutningskode som refresh.

    Eksempel:

    \b
        xlkompetence mus hent enheder/botilbud.xlsx mus-2026
    """
    report = fetch_agreements(path, folder, today)

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
            what = Code.MUS_CONFLICT.title if o.kind == "conflict" else t(f"mus.what.{o.kind}", row=row)
            yield t("mus.file_line", file=o.agreement.file, what=what)
        for f in report.findings:
            yield "  " + finding_line(f)

    emit({"exit_code": int(report.exit_code), **report.to_dict()}, lines([report]), fmt, report.exit_code)


def main() -> None:  # pragma: no cover - console entry point
    cli()
