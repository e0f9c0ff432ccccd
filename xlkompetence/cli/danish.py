"""click in Danish: its own words (Usage, Options, Error: …, [required]) and the names of its
value types come from ``core.labels.CLICK``, and the command and group classes say [TILVALG]
and KOMMANDO [ARGUMENTER]... in their usage lines. Importing the module is what makes click
speak Danish.
"""

from __future__ import annotations

__all__ = ["speak_danish", "Command", "Group"]

from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from ..core.labels import CLICK


def _danish(message: str) -> str:
    return CLICK.get(message, message)


def _danish_plural(singular: str, plural: str, n: int) -> str:
    return _danish(singular if n == 1 else plural)


def speak_danish() -> None:
    """Let click's own words (Usage, Options, Error: …, [required]) be Danish too. click looks
    its words up through ``_``/``ngettext`` in each of its modules when it writes them."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types,
                   click.termui):
        # Names the modules import for themselves and do not export: set by name.
        if hasattr(module, "_"):
            setattr(module, "_", _danish)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", _danish_plural)
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
