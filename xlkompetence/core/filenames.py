"""File names made from what people type (a unit's or an employee's name). Pure.

A name becomes a file on Windows, macOS and Linux, in synced folders, mailed as an
attachment, and beside the lock files Excel (``~$name``) and LibreOffice (``.~lock.name#``)
put next to it while it is open. So a name made here:

- holds no character any of those systems refuses, no control or invisible character (a
  right-to-left override could make ``fdx.xlsx`` show as ``xslx.xdf``);
- does not begin with a dot, ``~`` or ``$`` (hidden files and lock files, which every
  folder scan skips), nor end with a dot or a space (Windows drops them);
- is not one of Windows' device names, which count up to the first dot and in any case
  (``con.txt``, ``COM1.x``, ``COM¹``, ``CONIN$``, ``nul``);
- is short in bytes and in UTF-16 units alike (ext4 and APFS count bytes, NTFS units), with
  room for the lock files' extra characters and a temporary name beside it. A name cut short
  ends in a few characters of a hash of the whole, so two long names stay two files.
"""

from __future__ import annotations

__all__ = ["MAX_STEM_BYTES", "safe_stem", "safe_file_name"]

import hashlib
import re
import unicodedata

# A component may have 255 bytes (ext4, APFS) or 255 UTF-16 units (NTFS); the lock files add
# up to 9 characters and a copy's " (2)" a few more. 120 leaves room for all of that.
MAX_STEM_BYTES = 120
_REFUSED = re.compile(r'[<>:"/\\|?*]')
_DEVICES = {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$",
            *(f"{kind}{n}" for kind in ("com", "lpt") for n in "0123456789¹²³")}
_LEADING = ".~$ -"


def safe_stem(name: str, *, fallback: str) -> str:
    """``name`` as the stem of a file name (see the module's docstring); ``fallback`` where
    nothing of it can be used.

    >>> safe_stem("Bostøtten Nord/Syd: aften", fallback="enhed")
    'Bostøtten Nord-Syd- aften'
    >>> safe_stem("~$Team.", fallback="enhed"), safe_stem("con.txt", fallback="enhed"), safe_stem("COM¹", fallback="x")
    ('Team', '_con.txt', '_COM¹')
    >>> safe_stem("...", fallback="enhed")
    'enhed'
    >>> len(safe_stem("漢" * 80, fallback="x").encode()) <= MAX_STEM_BYTES
    True
    """
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text
                   if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn"))
    text = " ".join(_REFUSED.sub("-", text).split())
    text = text.lstrip(_LEADING).rstrip(". ")
    if not text:
        text = fallback
    if text.split(".", 1)[0].rstrip(" ").casefold() in _DEVICES:
        text = f"_{text}"
    return _shortened(text, name)


def safe_file_name(name: str, suffix: str = ".xlsx", *, fallback: str) -> str:
    """``safe_stem`` with ``suffix``."""
    return safe_stem(name, fallback=fallback) + suffix


def _shortened(text: str, whole: str) -> str:
    if _size(text) <= MAX_STEM_BYTES:
        return text
    tag = "-" + hashlib.sha256(whole.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    cut = text
    while cut and _size(cut) + len(tag) > MAX_STEM_BYTES:
        cut = cut[:-1]
    # Never end on half a character: a combining mark or a joiner belongs to what went before.
    while cut and (unicodedata.combining(cut[-1]) or cut[-1] in "\u200d\ufe0f"):
        cut = cut[:-1]
    return cut.rstrip(". -") + tag


def _size(text: str) -> int:
    """The larger of a name's length in UTF-8 bytes and in UTF-16 units."""
    return max(len(text.encode("utf-8")), len(text.encode("utf-16-le")) // 2)
