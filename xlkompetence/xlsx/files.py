"""Writing files so that nothing is ever half-written, and noticing files open elsewhere."""

from __future__ import annotations

__all__ = [
    "lock_files", "is_lock_file", "Stamp", "FileChanged", "DanglingLink", "FileOpened", "real_target", "is_taken",
    "atomic_path",
    "write_atomic",
]

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.labels import t


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


@dataclass(frozen=True)
class Stamp:
    """What a file looked like when it was read: if this changes before the write, someone
    saved it meanwhile (a leader pressing Save while a refresh runs)."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return cls(st.st_size, st.st_mtime_ns)


class FileChanged(OSError):
    """The target was saved by someone else after it was read: writing now would lose that save."""


class DanglingLink(OSError):
    """The target is a symbolic link to a file that does not exist."""


class FileOpened(OSError):
    """The target was opened in Excel or LibreOffice after it was read."""

    lock = ""


def real_target(target: Path) -> Path:
    """The file a path stands for: a symbolic link is written through, never replaced. A link
    to nothing is refused (``DanglingLink``): writing through it would make a file wherever
    it points, outside the folder the user named."""
    target = Path(target)
    if not target.is_symlink():
        return target
    if not target.exists():
        raise DanglingLink(errno.ENOENT, t("files.dangling_link"), str(target))
    return Path(os.path.realpath(target))


def is_taken(path: Path) -> bool:
    """Whether a new file may not be made at ``path``: something is there, a link to nothing
    included (``Path.exists`` says no to that one)."""
    return os.path.lexists(path)


@contextlib.contextmanager
def atomic_path(target: Path, *, read_as: Stamp | None = None) -> Iterator[Path]:
    """A temporary path beside ``target``; on success it replaces ``target`` in one rename.

    On any error the temporary file is removed and ``target`` is untouched. Just before the
    rename the target must still look as it did when it was read (``read_as``, or as it was
    when this began) and must not have been opened meanwhile; otherwise nothing is replaced
    (``FileChanged``, ``FileOpened``). A symbolic link is written through to its file.
    """
    target = real_target(target)
    expected = read_as if read_as is not None else Stamp.of(target)
    # A short name of its own: the target's name may already be as long as the system allows.
    fd, tmp_name = tempfile.mkstemp(prefix=".xlk-", suffix=target.suffix + ".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        # Keep the permissions the file had; a new file gets the usual ones, not mkstemp's 0600.
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        _check_unchanged(target, expected)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _check_unchanged(target: Path, expected: Stamp | None) -> None:
    locks = lock_files(target)
    if locks:
        opened = FileOpened(errno.EBUSY, t("files.opened", lock=locks[0].name), str(target))
        opened.lock = locks[0].name
        raise opened
    if Stamp.of(target) != expected:
        raise FileChanged(errno.EBUSY, t("files.changed"), str(target))


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    with atomic_path(target) as tmp:
        write(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
