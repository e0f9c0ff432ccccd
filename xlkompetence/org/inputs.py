"""The workbooks a command is given: files, folders and patterns, as one sorted list. Kept apart
from the merge so that the unit commands (validate, refresh) find their files without loading it."""

from __future__ import annotations

__all__ = ["MERGE_SUFFIXES", "MergeError", "collect_inputs"]

import glob
from collections.abc import Iterable
from pathlib import Path

from ..core.labels import t
from ..xlsx.files import is_lock_file
from ..xlsx.loader import OOXML_SUFFIXES

MERGE_SUFFIXES = OOXML_SUFFIXES


class MergeError(ValueError):
    """The merge cannot start (no inputs, output among the inputs); the message is Danish."""


def collect_inputs(inputs: Iterable[str | Path], output: Path | None = None, *,
                   skip: Iterable[Path] = ()) -> list[Path]:
    """Files, folders (searched recursively for .xlsx/.xlsm) and globs, as sorted unique paths.

    Excel's ``~$`` lock files, the output itself and the files in ``skip`` (the round's list,
    which may lie among the units' workbooks) are skipped. A file named explicitly is taken
    whatever its type (so a wrong file gets a clear finding rather than silence).
    """
    out = output.resolve() if output else None
    skipped = {Path(p).resolve() for p in skip}
    found: dict[Path, Path] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            # Hidden folders (backups such as .xlkompetence-backup, synced-folder metadata) are not inputs.
            candidates = [p for p in sorted(path.rglob("*")) if p.suffix.lower() in MERGE_SUFFIXES and p.is_file()
                          and not any(part.startswith(".") for part in p.relative_to(path).parts)]
        elif any(ch in str(item) for ch in "*?["):
            candidates = [Path(p) for p in sorted(glob.glob(str(item), recursive=True))
                          if Path(p).suffix.lower() in MERGE_SUFFIXES]
        else:
            candidates = [path]
            if out is not None and path.resolve() == out:
                raise MergeError(t("merge.output_among_inputs", output=output))
        for p in candidates:
            if is_lock_file(p) or (out is not None and p.resolve() == out) or p.resolve() in skipped:
                continue
            found.setdefault(p.resolve(), p)
    return list(found.values())
