"""The ``xlkompetence`` command: each sub-command is a thin wrapper over one library function.

The commands live by what they work on (``unitcommands``, ``orgcommands``, ``excelcommands``);
options that several share are defined once (``options``); every command that reports prints
through ``output.emit``, so ``--format json`` gives the same shape everywhere and the exit
code follows the one rule in ``core.findings``; click itself speaks Danish (``danish``).

A command's module is imported when the command is asked for: ``refresh`` behind the ribbon
button does not wait for the server, mail and history code to load.
"""

from __future__ import annotations

__all__ = ["cli", "main"]

import ctypes
import gc
import importlib
import sys
from collections.abc import Iterator, MutableMapping

import click

from .danish import Group

# name → (module, attribute), in the order the help lists them.
COMMANDS = {
    "new": ("unitcommands", "new"), "rollout": ("orgcommands", "rollout_command"),
    "examples": ("unitcommands", "examples"), "validate": ("unitcommands", "validate"),
    "refresh": ("unitcommands", "refresh"), "demo": ("unitcommands", "demo"), "merge": ("orgcommands", "merge"),
    "next-round": ("orgcommands", "next_round_command"), "remind": ("mailcommands", "remind_command"),
    "sync": ("orgcommands", "sync"), "watch": ("orgcommands", "watch"), "history": ("orgcommands", "history_command"),
    "serve": ("excelcommands", "serve"), "addin": ("excelcommands", "addin"), "lite": ("excelcommands", "lite"),
    "mus": ("muscommands", "mus"),
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The commands by name; a command's module is imported the first time it is looked up."""

    def __init__(self, lazy: dict[str, tuple[str, str]]):
        self.lazy = dict(lazy)
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module, attr = self.lazy[name]
            self.loaded[name] = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.lazy.pop(name, None)
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.lazy.pop(name, None)
        self.loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.lazy) + [n for n in self.loaded if n not in self.lazy])

    def __len__(self) -> int:
        return len(set(self.lazy) | set(self.loaded))


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xlkompetence")
def cli() -> None:
    """Strategisk kompetenceudvikling i Excel: skabeloner, validering, gab og overblik."""
    # A command makes millions of objects that live to its end (cells, rows, models) and
    # hardly a reference cycle: at the collector's default pace, passes over all of them took a
    # fifth of a large refresh.
    gc.set_threshold(50_000, 20, 20)
    _merge_freed_blocks_at_once()


# glibc's mallopt parameter for the largest block kept in a fast bin.
_M_MXFAST = 1


def _merge_freed_blocks_at_once() -> None:
    """The C allocator of Linux (glibc) keeps small freed blocks in fast bins, unmerged, and
    merges all of them at its next large allocation. A large sheet's XML tree (lxml) is hundreds
    of thousands of small blocks: once it was freed, the next zip part opened waited 0.12 s at
    10 000 plan rows, for every large sheet a patch parses. Without fast bins each block is
    merged as it is freed, for far less in all. Other allocators keep no such bins."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).mallopt(_M_MXFAST, 0)
    except (OSError, AttributeError):  # a C library without mallopt (musl)
        pass


cli.commands = LazyCommands(COMMANDS)


def main() -> None:  # pragma: no cover - console entry point
    cli()
