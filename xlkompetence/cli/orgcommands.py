"""The commands of a round across units: rollout, merge, next-round, sync, watch and history."""

from __future__ import annotations

__all__ = ["rollout_command", "merge", "next_round_command", "sync", "watch", "history_command"]

import signal
import sys
import threading
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path

import click

from ..core.findings import Code, ExitCode, Report, Scope, Severity, overall_exit_code
from ..core.labels import count, t
from ..excel.lite import add_lite, carry_lite
from ..org.disclosure import Disclosure
from ..org.history import default_db
from ..org.history import load as load_history
from ..org.historybook import history_dict, history_lines, write_history_svg, write_history_xlsx
from ..org.keyfile import KeyFileError
from ..org.merge import MergeError, collect_inputs, merge_files, org_lines
from ..org.nextround import NextRoundError, NextRoundReport, next_round
from ..org.rollout import RolloutReport, read_employee_file, rollout
from ..org.sync import SyncError, SyncReport, sync_paths
from ..org.watch import Watcher
from .danish import Command
from .options import (
    db_option,
    employees_option,
    expected_option,
    format_option,
    key_file_option,
    lite_option,
    names_option,
    output_option,
    today_option,
)
from .output import CannotWrite, emit, emit_reports, finding_line, lite_lines, log_to_terminal


@click.command("rollout", cls=Command)
@click.argument("roster", metavar=t("cli.metavar.list"), type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", metavar=t("cli.metavar.folder"), required=True, type=click.Path(file_okay=False, path_type=Path),
              help=t("cli.opt.rollout_out"))
@click.option("--org", "org_template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help=t("cli.opt.rollout_org"))
@employees_option
@lite_option
@format_option()
@today_option
def rollout_command(roster: Path, out_dir: Path, org_template: Path | None, employees: Path | None, lite: bool,
                    fmt: str, today: date) -> None:
    """Opret hver enheds projektmappe ud fra rundens liste (Excel eller CSV).

    Listen har én række pr. enhed med kolonnerne Enhed og Teams, og gerne Organisation,
    Leder og Periode. Teams skrives i én celle med antal medarbejdere, fx
    "Dagteam (10); Aftenteam (8)". Har listen fejl, skrives intet. En projektmappe, der
    findes i forvejen, røres ikke, så kommandoen kan køres igen, når der kommer enheder til.
    Med --medarbejdere får hver enhed sine medarbejdere på arket Medarbejdere og en række
    hver i Individuelle læringsmål.

    Eksempel:

    \b
        xlkompetence rollout enheder.xlsx --out runde-2026/ \\
            --org org-skabelon.xlsx --medarbejdere medarbejdere.csv
    """
    try:
        report = rollout(roster, out_dir, today, org_template=org_template, employees_path=employees)
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
        if f.code not in (Code.ROLLOUT_EXISTS, Code.FILE_WRITE_FAILED):
            yield f"{f.file or report.roster.name}: {finding_line(f)}"
    if not report.made and not report.failed and (report.errors or not report.readable):
        yield t("rollout.not_written", errors=count(report.errors, "error"))
        return
    for entry, path in report.failed:
        yield t("rollout.failed", file=path, reason=next(
            (f.message for f in report.findings if f.code is Code.FILE_WRITE_FAILED and f.file == str(path)), ""))
    for entry, path in report.made:
        yield t("rollout.made", file=path, teams=", ".join(entry.teams))
    for _, path in report.kept:
        yield t("rollout.kept", file=path)
    yield t("rollout.summary", made=count(len(report.made), "made"), kept=len(report.kept), out=report.out)


@click.command(cls=Command)
@click.argument("inputs", metavar="PROJEKTMAPPER...", nargs=-1, required=True)
@output_option("cli.opt.merge_output")
@names_option
@key_file_option
@click.option("--strict", is_flag=True, help=t("cli.opt.strict"))
@expected_option
@db_option()
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar=t("cli.metavar.count"),
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

    Kun det, HR har brug for, kommer med: tal, profiler, planens aktiviteter og teamets
    læringsmål, med medarbejdernes navne som faste pseudonymer. Begrundelser, aftaler fra
    TUS, forankringens noter og bilag C bliver til antal og udfyldt ja/nej, og logbogen kommer
    aldrig med (se --med-navne og --med-fritekst).

    Eksempel:

    \b
        xlkompetence merge enheder/ --output organisation.xlsx
        xlkompetence merge enheder/ -o organisation.xlsx --expected enheder.xlsx
    """
    show = not quiet and fmt == "text" and sys.stderr.isatty()
    run_merge = partial(merge_files, inputs, output, today, disclosure=disclosure, strict=strict, key_file=key_file,
                        jobs=jobs, db=db or default_db(output), expected=expected)
    try:
        if show:
            total = len(collect_inputs(inputs, output, skip=[expected] if expected is not None else []))
            with click.progressbar(length=total, label=t("merge.progress"), file=sys.stderr) as bar:
                org = run_merge(progress=lambda _: bar.update(1))
        else:
            org = run_merge()
    except (MergeError, KeyFileError) as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(t("cli.cannot_write", path=output, reason=exc.strerror or exc)) from exc
    # The JSON form lists every finding: made only when asked for.
    emit(org.to_dict() if fmt == "json" else {}, org_lines(org, output), fmt, org.exit_code)


@click.command("next-round", cls=Command)
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
    except NextRoundError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(t("cli.cannot_write", path=out_dir, reason=exc.strerror or exc)) from exc
    if not reports:
        raise click.UsageError(t("merge.none_found"))
    lites = [lite for r in reports if r.written and (lite := carry_lite(r.source, r.target)) is not None]
    code = overall_exit_code([*reports, *lites])
    emit({"exit_code": int(code), "out": str(out_dir), "files": [r.to_dict() for r in reports],
          "lite": [r.to_dict() for r in lites]}, [*next_round_lines(list(reports), out_dir), *lite_lines(list(lites))],
         fmt, code)


def next_round_lines(reports: list[Report], out: Path) -> Iterable[str]:
    for r in reports:
        assert isinstance(r, NextRoundReport)
        if r.passed_over:
            yield t("next.passed_over", file=r.source)
            continue
        for f in r.findings:
            yield f.text()
        if r.written:
            yield t("next.made", source=r.source, target=r.target, period=r.period or "-",
                    kept=count(r.count("kept"), "value"), carried=r.count("carried"), archived=r.count("archived"))
    done = sum(1 for r in reports if isinstance(r, NextRoundReport) and r.written)
    yield t("next.summary", units=count(done, "unit"), out=out)


@click.command(cls=Command)
@click.argument("org_template", metavar=t("cli.metavar.org_template"), type=click.Path(dir_okay=False, path_type=Path))
@click.argument("units", metavar="PROJEKTMAPPER...", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help=t("cli.opt.dry_run"))
@employees_option
@lite_option
@format_option()
@today_option
def sync(org_template: Path, units: tuple[str, ...], dry_run: bool, employees: Path | None, lite: bool, fmt: str,
         today: date) -> None:
    """Bring enhedernes projektmapper i trit med organisationens mål og kompetenceprofiler.

    Nye profiler tilføjes, ændrede formuleringer opdateres, og profiler, organisationen har
    trukket tilbage, markeres Udgået. Med --medarbejdere kommer de medarbejdere fra HR's liste,
    enheden ikke har, på arket Medarbejdere og i Individuelle læringsmål. Alt, enheden selv har skrevet, bevares; der gemmes én
    sikkerhedskopi pr. ændret fil i mappen .xlkompetence-backup, og en fil, der er åben i
    Excel, springes over.

    Eksempel:

    \b
        xlkompetence sync organisation-skabelon.xlsx enheder/ --dry-run
    """
    listed = read_employee_file(employees) if employees is not None else None
    if listed is not None and any(f.severity is Severity.ERROR for f in listed.findings):
        raise click.UsageError(" ".join(f"{f.file}: {finding_line(f)}" for f in listed.findings))
    try:
        paths = collect_inputs(units)
        reports: list[Report] = list(sync_paths(org_template, paths, today, dry_run=dry_run, employees=listed))
    except (SyncError, MergeError) as exc:
        raise click.UsageError(str(exc)) from exc
    for f in listed.findings if listed is not None else []:
        click.echo(f"{f.file}: {finding_line(f)}", err=True)
    if not lite:
        emit_reports(reports, fmt, lambda rs: sync_lines(rs, dry_run), dry_run=dry_run)
    # A unit sync could not read or write is reported already; it gets no Lite either.
    lites: list[Report] = [add_lite(r.path) for r in reports if isinstance(r, SyncReport)
                           and not dry_run and r.exit_code is not ExitCode.UNREADABLE]
    code = overall_exit_code([*reports, *lites])
    emit({"exit_code": int(code), "dry_run": dry_run, "files": [r.to_dict() for r in reports],
          "lite": [r.to_dict() for r in lites]}, [*sync_lines(reports, dry_run), *lite_lines(lites)], fmt, code)


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


@click.command(cls=Command)
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


@click.command("history", cls=Command)
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
