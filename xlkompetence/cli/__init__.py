"""The ``xlkompetence`` command: each sub-command is a thin wrapper over one library function.

The commands live by what they work on (``unitcommands``, ``orgcommands``, ``excelcommands``);
options that several share are defined once (``options``); every command that reports prints
through ``output.emit``, so ``--format json`` gives the same shape everywhere and the exit
code follows the one rule in ``core.findings``; click itself speaks Danish (``danish``).
"""

from __future__ import annotations

__all__ = ["cli", "main"]

import click

from .danish import Group
from .excelcommands import addin, lite, serve
from .mailcommands import remind_command
from .orgcommands import history_command, merge, next_round_command, rollout_command, sync, watch
from .unitcommands import demo, examples, mus, new, refresh, validate


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xlkompetence")
def cli() -> None:
    """Strategisk kompetenceudvikling i Excel: skabeloner, validering, gab og overblik."""


for command in (new, rollout_command, examples, validate, refresh, demo, merge, next_round_command, remind_command,
                sync, watch, history_command, serve, addin, lite, mus):
    cli.add_command(command)


def main() -> None:  # pragma: no cover - console entry point
    cli()
