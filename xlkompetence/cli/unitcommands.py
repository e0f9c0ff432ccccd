"""The commands on one unit workbook: new, examples, validate, refresh and demo (the MUS/PUS
sheets are ``muscommands``)."""

from __future__ import annotations

__all__ = ["new", "examples", "validate", "refresh", "demo"]

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import click

from ..core.findings import Code, Report
from ..core.labels import count, t
from ..org.inputs import MergeError, collect_inputs
from .danish import Command
# What only some commands need is imported in them: refresh, behind the ribbon button,
# starts without the template writer, the mail code and the add-in builders.
from .options import format_option, lite_option, today_option
from .output import CannotWrite, emit_reports, file_lines, lite_exit


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
    from ..org.rollout import from_org_template
    from ..org.sync import SyncError, read_org_profiles, read_org_wheel
    from ..unit.template import TemplateError, write_unit_workbook

    if path.exists():
        raise click.ClickException(t("cli.exists", path=path))
    workbook = examples_module.blank(unit, teams, organisation=organisation, leader=leader, period=period,
                                     conversation=conversation)
    if org_template is not None:
        try:
            profiles = read_org_profiles(org_template)
            org_wheel = read_org_wheel(org_template)
        except SyncError as exc:
            raise click.ClickException(str(exc)) from exc
        workbook = from_org_template(workbook, profiles, org_wheel)
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
