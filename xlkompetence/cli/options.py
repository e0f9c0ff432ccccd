"""The options several commands share, defined once: ``--today``, ``--format``, ``--lite``,
``--output``, ``--db``, ``--med-navne`` and ``--med-fritekst``, ``--expected``, ``--key-file`` and
the mail options (``--smtp``, ``--mail-config``, ``--igen``)."""

from __future__ import annotations

__all__ = [
    "Decorator", "DateType", "today_option", "format_option", "lite_option", "output_option", "names_option",
    "expected_option", "key_file_option", "db_option", "employees_option", "mail_options",
]

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..core.labels import t
from ..core.disclosure import Disclosure, OptIn

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


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


def names_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--med-navne`` and ``--med-fritekst``, given to the command as one ``disclosure``.

    Personal data stays in the units unless HR asks for it, with a lawful basis for each:
    names and the situational free texts are asked for apart (``core.disclosure``)."""
    @functools.wraps(f)
    def command(*args: Any, med_navne: bool, med_fritekst: bool, **kw: Any) -> Any:
        return f(*args, disclosure=Disclosure.of(names=med_navne, free_text=med_fritekst), **kw)

    command = click.option(OptIn.FREE_TEXT.option, "med_fritekst", is_flag=True, help=t("cli.opt.free_text"))(command)
    return click.option(OptIn.NAMES.option, "med_navne", is_flag=True, help=t("cli.opt.names"))(command)
expected_option = click.option("--expected", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                                metavar=t("cli.metavar.list"), help=t("cli.opt.expected"))
key_file_option = click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path),
                               help=t("cli.opt.key_file"))


def db_option(*, exists: bool = False, required: bool = False, help_key: str = "cli.opt.db") -> Decorator:
    return click.option("--db", type=click.Path(dir_okay=False, exists=exists, path_type=Path),
                        required=required, help=t(help_key))


def mail_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """How mail leaves: drafts by default, ``--smtp`` through the relay the settings file and
    the environment name (never the command line), and ``--igen`` to send again today."""
    from ..org.mailsettings import DEFAULT_FILE  # only the mail commands load the settings code

    f = click.option("--igen", "--again", "again", is_flag=True, help=t("cli.opt.again"))(f)
    f = click.option("--mail-config", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_FILE,
                     show_default=True, help=t("cli.opt.mail_config"))(f)
    return click.option("--smtp", is_flag=True, help=t("cli.opt.smtp"))(f)


# HR's employee list (a payroll export), for rollout and sync.
employees_option = click.option("--medarbejdere", "employees", metavar=t("cli.metavar.file"),
                                type=click.Path(dir_okay=False, exists=True, path_type=Path),
                                help=t("cli.employees_help"))
