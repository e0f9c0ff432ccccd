"""What a command prints and the code it exits with: its outcome as JSON or as Danish lines
(``emit``), so ``--format json`` gives the same shape everywhere and the exit code follows the
one rule in ``core.findings``."""

from __future__ import annotations

__all__ = [
    "CannotWrite", "emit", "emit_reports", "finding_line", "file_lines", "lite_lines", "lite_exit", "log_to_terminal",
]

import json
import logging
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ..core.findings import ExitCode, Finding, Report, overall_exit_code
from ..core.labels import count, t

if TYPE_CHECKING:  # imported where used: the add-in code loads only for the commands that embed it
    from ..excel.lite import LiteReport


class CannotWrite(click.ClickException):
    """An output could not be written: exit code 2, as for a file that cannot be read."""

    exit_code = int(ExitCode.UNREADABLE)


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
    from ..unit.refresh import RefreshReport

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
    from ..excel.lite import LiteReport

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


def log_to_terminal() -> None:
    """Long-running commands (watch, serve) report through ``logging``; here is where it goes."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S",
                        stream=sys.stderr, force=True)
