"""A workbook whose part lies about its size the way a zip bomb does: its entry declares the
part's own size and checksum, while its compressed data goes on, inflating to far more.

A reader that checks the checksum of what the entry declares finds nothing wrong; one that
inflates the whole stream before cutting it to the declared size (Python's ``ZipFile.read``)
holds all of it in memory."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

_SPACES = b" " * (1024 * 1024)


def forged(src: Path, dst: Path, target: str, inflated_mb: int) -> Path:
    """``src`` written again with ``target``'s compressed data followed by ``inflated_mb`` MB of
    spaces (after the XML, where a parser would take them too), its entry unchanged."""
    with zipfile.ZipFile(src) as zin:
        parts = [(info.filename, zin.read(info)) for info in zin.infolist()]
    assert target in dict(parts), target
    out, entries = bytearray(), []
    for name, data in parts:
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = deflate.compress(data)
        for _ in range(inflated_mb if name == target else 0):
            body += deflate.compress(_SPACES)
        body += deflate.flush()
        crc, raw = zlib.crc32(data), name.encode()
        entries.append((raw, crc, len(body), len(data), len(out)))
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(body), len(data), len(raw), 0)
        out += raw + body
    start = len(out)
    for raw, crc, packed, size, offset in entries:
        out += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, packed, size,
                           len(raw), 0, 0, 0, 0, 0, offset) + raw
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(out) - start, start, 0)
    dst.write_bytes(bytes(out))
    return dst
