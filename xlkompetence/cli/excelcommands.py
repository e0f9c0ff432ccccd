"""The commands for Excel: serve (the Office add-in's server), addin (the .xlam) and lite
(xlwings Lite in the workbook)."""

from __future__ import annotations

__all__ = ["serve", "addin", "lite"]

import os
import sys
from pathlib import Path

import click

from ..core.findings import ExitCode, Report
from ..core.labels import t
from ..excel.lite import add_lite
from ..excel.xlam import AddinError, build_addin, install_addin
from ..org.merge import MergeError, collect_inputs
from .danish import Command, Group
from .options import format_option
from .output import emit_reports, lite_lines, log_to_terminal


@click.command(cls=Command)
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
    (fx XLKOMPETENCE_MAX_BODY_MB=20), som går forud for filen. Nøgler og adgang (log-ind med
    Microsoft Entra ID og gruppernes enheder), der ændres i filen, gælder fra næste
    forespørgsel uden genstart.

    Eksempel:

    \b
        xlkompetence serve --add-token "Botilbuddet Solhjem"
        xlkompetence serve --port 8765
    """
    from ..excel.manifest import manifest
    from ..excel.server import ServerSettings, SettingsError, add_token, create_app

    try:
        if manifest_url:
            settings = ServerSettings.load(config_path)
            click.echo(manifest(manifest_url, recipient=settings.recipient, sso=settings.sso), nl=False)
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


@click.group(cls=Group)
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


@click.group(cls=Group)
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
