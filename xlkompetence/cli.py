"""The ``xlkompetence`` command: each sub-command is a thin wrapper over one library function."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from datetime import date
from pathlib import Path

import click

from . import demo as demo_module
from .core import examples as examples_module
from .core.findings import Finding
from .org.history import default_db
from .org.history import load as load_history
from .org.historybook import history_dict, history_lines, write_history_png, write_history_xlsx
from .core.labels import t
from .org.merge import MergeError, collect_inputs, merge_files, org_lines, org_summary
from .unit.refresh import refresh_file
from .unit.template import TemplateError, write_unit_workbook
from .core.schema import ORG_ACTIVE
from .org.sync import SyncError, read_org_profiles, sync_dict, sync_paths
from .unit.validate import EXIT_UNREADABLE, FileReport, exit_code, validate_paths
from .org.watch import Watcher
from .excel.xlam import AddinError, build_addin, install_addin


class CannotWrite(click.ClickException):
    """An output could not be written: exit code 2, as for a file that cannot be read."""

    exit_code = 2


def _today(value: str | None) -> date:
    return date.fromisoformat(value) if value else date.today()


def today_option(f):
    # Hidden: tests and reproducible demos fix the date that overdue rows are measured against.
    return click.option("--today", "today_", metavar="ÅÅÅÅ-MM-DD", hidden=True,
                        help="Dato at regne forsinkelser fra (standard: i dag).")(f)


def format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Uddata som læsbar tekst eller som JSON.")(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xlkompetence")
def cli() -> None:
    """Strategisk kompetenceudvikling i Excel: skabeloner, validering, gab og overblik."""


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--unit", required=True, help="Enhedens/tilbuddets navn.")
@click.option("--team", "teams", multiple=True, required=True, help="Et team; gentag for flere teams.")
@click.option("--organisation", default="", help="Organisationens navn.")
@click.option("--leader", default="", help="Lederens navn.")
@click.option("--period", default="", help="Periode eller runde, fx 2026.")
@click.option("--org", "org_template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Start fra organisationens skabelon: dens mål og kompetenceprofiler.")
@today_option
def new(path: Path, unit: str, teams: tuple[str, ...], organisation: str, leader: str, period: str,
        org_template: Path | None, today_: str | None) -> None:
    """Opret en ny projektmappe til en enhed med bilagets skabeloner.

    Findes filen allerede, røres den ikke.

    Eksempel:

        xlkompetence new botilbud.xlsx --unit "Botilbuddet Solhjem" --team "Team A" --team "Team B"
    """
    if path.exists():
        raise click.ClickException(f"{path} findes allerede og overskrives ikke. Vælg et andet navn.")
    workbook = examples_module.blank(unit, teams, organisation=organisation, leader=leader, period=period)
    if org_template is not None:
        try:
            profiles = read_org_profiles(org_template)
        except SyncError as exc:
            raise click.ClickException(str(exc)) from exc
        workbook = workbook.model_copy(update={"profiles": tuple(
            p.model_copy(update={"org": ORG_ACTIVE, "row": None}) for p in profiles)})
    try:
        write_unit_workbook(path, workbook, today=_today(today_))
    except TemplateError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(f"{path} kan ikke skrives ({exc.strerror or exc}); intet er skrevet.") from exc
    click.echo(f"Oprettet {path} med {len(teams)} team(s): {', '.join(teams)}.")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("workbooks"))
@today_option
def examples(directory: Path, today_: str | None) -> None:
    """Skriv den tomme skabelon og konceptets udfyldte eksempel i DIRECTORY.

    Filerne laves ud fra samme skema som alt andet og kan derfor aldrig komme ud af trit.

    Eksempel:

        xlkompetence examples workbooks
    """
    for path in demo_module.write_examples(directory, _today(today_)):
        click.echo(f"Skrevet {path}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option
@today_option
def validate(paths: tuple[Path, ...], fmt: str, today_: str | None) -> None:
    """Kontrollér projektmapper og vis fejl og mangler med ark og celle.

    Afslutningskode 0: ingen fejl. 1: der er fejl. 2: en fil kan slet ikke læses.

    Eksempel:

        xlkompetence validate workbooks/eksempel.xlsx --format json
    """
    reports = validate_paths(list(paths), _today(today_))
    _print_reports(reports, fmt)
    sys.exit(exit_code(reports))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option
@today_option
def refresh(paths: tuple[Path, ...], fmt: str, today_: str | None) -> None:
    """Opdatér gab, status, planens beregnede kolonner, Overblik og Fejl og mangler.

    Kun beregnede celler skrives; intet, en person har skrevet, ændres. Filen skrives
    atomisk, og en fil, der er åben i Excel, springes over.

    Eksempel:

        xlkompetence refresh workbooks/eksempel.xlsx
    """
    results = [refresh_file(p, _today(today_)) for p in paths]
    reports = [r.report for r in results]
    _print_reports(reports, fmt, written={r.report.path for r in results if r.written})
    sys.exit(exit_code(reports))


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("demo"))
@today_option
def demo(directory: Path, today_: str | None) -> None:
    """Kør hele forløbet på konceptets eksempel: skabeloner → enhedsmapper → validering →
    opdatering → organisationens plan.

    Eksempel:

        xlkompetence demo demo
    """
    for line in demo_module.run(directory, _today(today_)):
        click.echo(line)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Organisationens samlede projektmappe (.xlsx).")
@click.option("--anonymize", is_flag=True,
              help="Erstat medarbejdernes navne med faste pseudonymer, og udelad logbogen.")
@click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Nøglen til pseudonymerne (standard: .<output>.pseudonym-key ved siden af uddata).")
@click.option("--strict", is_flag=True, help="Udelad enheder, hvis projektmappe har fejl.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="Historikken (SQLite; standard: <output>-historik.sqlite ved siden af uddata).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Antal processer, der læser (standard: én pr. kerne ved mange filer).")
@click.option("--quiet", "-q", is_flag=True, help="Ingen fremdriftslinje.")
@format_option
@today_option
def merge(inputs: tuple[str, ...], output: Path, anonymize: bool, key_file: Path | None, strict: bool,
          db: Path | None, jobs: int | None, quiet: bool, fmt: str, today_: str | None) -> None:
    """Saml enhedernes projektmapper til én plan for hele organisationen.

    INPUTS er filer, mapper (gennemsøges for .xlsx/.xlsm) eller mønstre som "enheder/*.xlsx".
    Inddata læses kun; uddata skrives atomisk. Afslutningskoder som validate.

    Eksempel:

        xlkompetence merge enheder/ --output organisation.xlsx --anonymize
    """
    show = not quiet and fmt == "text" and sys.stderr.isatty()
    options = dict(anonymize=anonymize, strict=strict, key_file=key_file, jobs=jobs, db=db or default_db(output))
    try:
        if show:
            total = len(collect_inputs(inputs, output))
            with click.progressbar(length=total, label=t("merge.progress"), file=sys.stderr) as bar:
                org = merge_files(inputs, output, _today(today_), progress=lambda _: bar.update(1), **options)
        else:
            org = merge_files(inputs, output, _today(today_), **options)
    except MergeError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(f"{output} kan ikke skrives ({exc.strerror or exc}); intet er ændret.") from exc
    if fmt == "json":
        click.echo(json.dumps(org_summary(org, output), ensure_ascii=False, indent=2))
    else:
        for line in org_lines(org, output):
            click.echo(line)
    sys.exit(org.exit_code)


@cli.command()
@click.argument("org_template", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("units", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Vis ændringerne uden at skrive noget.")
@format_option
@today_option
def sync(org_template: Path, units: tuple[str, ...], dry_run: bool, fmt: str, today_: str | None) -> None:
    """Bring enhedernes projektmapper i trit med organisationens mål og kompetenceprofiler.

    Nye profiler tilføjes, ændrede formuleringer opdateres, og profiler, organisationen har
    trukket tilbage, markeres Udgået. Alt, enheden selv har skrevet, bevares; der gemmes én
    sikkerhedskopi pr. ændret fil i mappen .xlkompetence-backup, og en fil, der er åben i
    Excel, springes over.

    Eksempel:

        xlkompetence sync organisation-skabelon.xlsx enheder/ --dry-run
    """
    try:
        paths = collect_inputs(units)
        reports = sync_paths(org_template, paths, _today(today_), dry_run=dry_run)
    except (SyncError, MergeError) as exc:
        raise click.UsageError(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps({"exit_code": max((r.exit_code for r in reports), default=0), "dry_run": dry_run,
                               "files": [sync_dict(r) for r in reports]}, ensure_ascii=False, indent=2))
    else:
        for r in reports:
            state = (t("sync.dry_run") if dry_run else t("sync.written", backup=r.backup) if r.written
                     else t("sync.skipped"))
            click.echo(f"{r.path}: {state}")
            for change in r.changes:
                click.echo(f"  {change.line()}")
            if not r.changes and r.readable:
                click.echo(f"  {t('sync.none')}")
            for f in r.findings:
                if f.code.startswith(("file.", "sync.")):
                    click.echo("  " + _line(f))
    sys.exit(max((r.exit_code for r in reports), default=0))


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Organisationens samlede projektmappe, der holdes opdateret.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="Historikken (SQLite; standard: <output>-historik.sqlite ved siden af uddata).")
@click.option("--interval", type=click.FloatRange(0.05, 3600), default=2.0, show_default=True,
              help="Sekunder mellem hvert kig i mappen.")
@click.option("--settle", type=click.FloatRange(0, 3600), default=2.0, show_default=True,
              help="Sekunder mappen skal være i ro, før planen skrives igen.")
@click.option("--max-seconds", type=float, default=None, hidden=True)
def watch(folder: Path, output: Path, db: Path | None, interval: float, settle: float,
          max_seconds: float | None) -> None:
    """Hold organisationens plan og historik opdateret, mens enhederne gemmer i en fælles mappe.

    Kun ændrede filer læses igen; flere ændringer tæt på hinanden håndteres én gang; en fil,
    der stadig gemmes, prøves igen. Stop med Ctrl+C.

    Eksempel:

        xlkompetence watch "OneDrive/Kompetenceudvikling" --output organisation.xlsx
    """
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    watcher = Watcher(folder, output, db or default_db(output), interval=interval, settle=settle,
                      log=lambda line: click.echo(line, err=False))
    watcher.run(stop, max_seconds=max_seconds)


@cli.command("history")
@click.option("--db", type=click.Path(dir_okay=False, exists=True, path_type=Path), required=True,
              help="Historikken, som merge og watch skriver (<output>-historik.sqlite).")
@click.option("--unit", "units", multiple=True, help="Kun denne enhed; gentag for flere.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text", show_default=True,
              help="Tabel i teksten, JSON, eller en Excel-fil med en kurve pr. profil (og en PNG).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("historik.xlsx"),
              show_default=True, help="Excel-filen ved --format xlsx; PNG'en får samme navn.")
def history_command(db: Path, units: tuple[str, ...], fmt: str, output: Path) -> None:
    """Vis, hvordan gabene har udviklet sig fra runde til runde.

    Eksempel:

        xlkompetence history --db organisation-historik.sqlite --format xlsx -o udvikling.xlsx
    """
    hist = load_history(db, list(units) or None)
    if fmt == "json":
        click.echo(json.dumps(history_dict(hist), ensure_ascii=False, indent=2))
    elif fmt == "xlsx":
        write_history_xlsx(output, hist)
        png = output.with_suffix(".png")
        write_history_png(png, hist)
        click.echo(t("history.written", path=output))
        click.echo(t("history.written", path=png))
    else:
        for line in history_lines(hist):
            click.echo(line)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adressen, serveren lytter på.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("xlkompetence-server.json"), show_default=True,
              help="Serverens indstillinger: offentlig adresse, mapper, nøgler (kun deres SHA-256).")
@click.option("--manifest", "manifest_url", metavar="URL",
              help="Skriv kun Office-manifestet for denne adresse (til Microsoft 365 Administration).")
@click.option("--add-token", "token_unit", metavar="ENHED", help="Lav en ny nøgle til ENHED og gem dens SHA-256.")
def serve(host: str, port: int, config_path: Path, manifest_url: str | None, token_unit: str | None) -> None:
    """Kør serveren bag Office-tilføjelsesprogrammet (Excel på nettet og pc'er uden Python).

    Indstillingerne læses fra --config og fra miljøvariabler med præfikset XLKOMPETENCE_
    (fx XLKOMPETENCE_MAX_BODY_MB=20), som går forud for filen. Nøgler, der tilføjes eller
    fjernes i filen, gælder fra næste forespørgsel uden genstart.

    Eksempel:

    \b
        xlkompetence serve --add-token "Botilbuddet Solhjem" && xlkompetence serve --port 8765
    """
    import logging

    from .excel.manifest import manifest
    from .excel.server import ServerSettings, SettingsError, add_token, create_app

    if manifest_url:
        click.echo(manifest(manifest_url), nl=False)
        return
    try:
        if token_unit:
            token = add_token(config_path, token_unit)
            click.echo(t("server.token_added", unit=token_unit))
            click.echo(token)
            return
        settings = ServerSettings.load(config_path)
    except SettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_UNREADABLE)
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        raise click.UsageError(t("server.licence"))
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    click.echo(t("server.started", url=f"http://{host}:{port}"))
    # uvicorn's own access log would print client addresses and query strings; ours does not.
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_level="warning")


@cli.group()
def addin() -> None:
    """Excel-tilføjelsesprogrammet med fanen Kompetence."""


@addin.command("build")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("workbooks"),
              show_default=True, help="Mappen, tilføjelsesprogrammet skrives i.")
def addin_build(out_dir: Path) -> None:
    """Byg xlkompetence.xlam ud fra xlwings' skabelon og båndet i macros/.

    Eksempel:

        xlkompetence addin build --out workbooks
    """
    try:
        path = build_addin(out_dir)
    except AddinError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Bygget {path}")


@addin.command("install")
def addin_install() -> None:
    """Installér tilføjelsesprogrammet i Excel (Windows og macOS) og peg det på denne Python.

    Eksempel:

        xlkompetence addin install
    """
    try:
        lines = install_addin()
    except AddinError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines:
        click.echo(line)


def _print_reports(reports: list[FileReport], fmt: str, written: set[Path] | None = None) -> None:
    if fmt == "json":
        payload = {"exit_code": exit_code(reports), "files": []}
        for r in reports:
            entry = r.as_dict()
            if written is not None:
                entry["refreshed"] = r.path in written
            payload["files"].append(entry)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for r in reports:
        if not r.readable:
            reason = r.findings[0].message if r.findings else "kan ikke læses"
            click.echo(f"{r.path}: kan ikke læses – {reason}")
            continue
        state = " (opdateret)" if written is not None and r.path in written else ""
        click.echo(f"{r.path}{state}: {r.errors} fejl, {r.warnings} advarsler")
        for f in r.findings:
            click.echo("  " + _line(f))
    if len(reports) > 1:
        unreadable = sum(1 for r in reports if r.exit_code == EXIT_UNREADABLE)
        click.echo(f"I alt {len(reports)} filer: {sum(r.errors for r in reports)} fejl, "
                   f"{sum(r.warnings for r in reports)} advarsler, {unreadable} ulæselige.")


def _line(f: Finding) -> str:
    where = f.location or "-"
    return f"{where}: {f.severity.label}: {f.message} [{f.code}]"


def main() -> None:  # pragma: no cover - console entry point
    cli()
