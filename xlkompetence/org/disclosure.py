"""What of an input leaves its unit: each input disclosed as it is read, before anything is
added up, so that every organisation workbook, history snapshot, server copy and JSON output
is made from what may leave (``core.disclosure``'s table).

By default a person the unit lists becomes a stable pseudonym in the texts that leave, the
situational free texts leave as counts and flags, a finding leaves as its kind and cell, the
file's path is shown relative to the folder HR merged, with a listed person's name in it
replaced. ``--med-navne`` and ``--med-fritekst`` release what the table says. The committee's
figures (counts only) are taken from the unit as read, before disclosure, so that the people
the plan names count as employees.
"""

from __future__ import annotations

__all__ = ["Disclosure", "OptIn", "disclose_entry", "shown_path", "shown_paths"]

import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..core.committee import unit_figures
from ..core.disclosure import Disclosure, OptIn, Share, disclose_unit, field_of
from ..core.findings import Finding
from ..core.privacy import Scrubber, people_in, team_words
from ..core.pseudonyms import Pseudonymizer
from .orgplan import InputFile


def disclose_entry(entry: InputFile, pseudonyms: Pseudonymizer, disclosure: Disclosure, today: date) -> InputFile:
    """``entry`` as it may leave its unit under ``disclosure``: a copy, ``entry`` unchanged."""
    # A summary of the unit before disclosure would carry what may not leave it.
    copy = replace(entry, findings=list(entry.findings), summary=None)
    unit = entry.unit
    scrub = Scrubber(entry.name, people_in(unit), pseudonyms, team_words(unit)) if unit is not None else None
    if unit is not None and scrub is not None:
        copy.figures = unit_figures("", unit, today)
        copy.unit = disclose_unit(unit, scrub, disclosure)
        if not unit.cover.unit and not disclosure.names:
            # Known by its file's name, which may be a person's.
            copy.label = scrub.text(entry.path.stem)
    if scrub is not None and not disclosure.names:
        copy.shown = scrub.text(entry.shown)
    share = field_of("findings", "message").share(disclosure)
    copy.findings = [_finding(f, entry.shown, copy.shown, share) for f in entry.findings]
    return copy


def _finding(f: Finding, shown: str, disclosed: str, share: Share) -> Finding:
    """A finding as it leaves: the kind and the cell; the message, which quotes cells, only
    where everything it can quote may leave."""
    file = disclosed if f.file == shown else f.file
    if share is Share.VALUE:
        return f.model_copy(update={"file": file})
    return f.model_copy(update={"file": file, "message": f.code.summary, "value": None})


def shown_path(path: Path, inputs: list[str | Path]) -> str:
    """How Kilder shows ``path``: relative to the folder (or the folder of the pattern) HR
    merged it from, as HR named it where HR named the file itself."""
    return shown_paths([path], inputs)[0]


def shown_paths(paths: list[Path], inputs: list[str | Path]) -> list[str]:
    """``shown_path`` of each of ``paths``; the inputs are resolved once, not once per path
    (a thousand files named one by one)."""
    folders: list[tuple[int, Path]] = []  # (HR's order, the folder resolved)
    named: dict[Path, tuple[int, str]] = {}  # a file HR named itself: (HR's order, as named)
    for i, item in enumerate(inputs):
        base, text = Path(item), str(item)
        if not base.is_dir():
            if not any(ch in text for ch in "*?["):
                named.setdefault(base.resolve(), (i, text))
                continue
            prefix = text[: min(text.find(ch) for ch in "*?[" if ch in text)]
            base = Path(prefix) if prefix.endswith(("/", os.sep)) else Path(prefix).parent
        folders.append((i, base.resolve()))
    return [_shown(path.resolve(), folders, named) or str(path) for path in paths]


def _shown(resolved: Path, folders: list[tuple[int, Path]], named: dict[Path, tuple[int, str]]) -> str | None:
    """How the first of HR's inputs that names or holds ``resolved`` shows it."""
    at, text = named.get(resolved, (sys.maxsize, None))
    for i, folder in folders:
        if i > at:
            break
        try:
            return resolved.relative_to(folder).as_posix()
        except ValueError:
            continue
    return text
