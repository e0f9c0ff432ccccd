"""Writing files so that nothing is ever half-written, and noticing files open elsewhere."""

from __future__ import annotations

__all__ = ["lock_files", "is_lock_file", "atomic_path", "write_atomic"]

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


def lock_files(path: Path) -> list[Path]:
    """Lock files that exist beside ``path`` because Excel or LibreOffice has it open.

    Excel writes ``~$name``; for longer names it replaces the first two characters instead
    (``~$ngFileName.xlsx``). LibreOffice writes ``.~lock.name#``.
    """
    candidates = {
        path.with_name("~$" + path.name),
        path.with_name("~$" + path.name[2:]),
        path.with_name(f".~lock.{path.name}#"),
    }
    return sorted(p for p in candidates if p.exists())


def is_lock_file(path: Path) -> bool:
    return path.name.startswith("~$") or path.name.startswith(".~lock.")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; on success it replaces ``target`` in one rename.

    On any error the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp",
                                    dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        # Keep the permissions the file had; a new file gets the usual ones, not mkstemp's 0600.
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    with atomic_path(target) as tmp:
        write(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
