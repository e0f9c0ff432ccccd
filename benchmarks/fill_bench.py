"""What writing each streamed sheet with its size known first costs, against streaming it.

    python benchmarks/fill_bench.py DIR [--repeat 3]

DIR holds unit workbooks (``generate.py`` makes them). The organisation plan is merged once;
then its laid-out workbook is filled with the same rows by
- baseline: the sheets streamed into the zip as they are rendered, which zipfile can only do
  with ZIP64 records forced on every such part (stored, not deflated: what the project did
  before, and what SheetJS refuses);
- deflated: streamed and deflated, no ZIP64 (the cost of deflating alone; zipfile would fail
  on a part over 2 GB, so this is a yardstick, not a way to write);
- sized: each sheet rendered to a temporary file first, then deflated into the zip with its
  size known, so zipfile writes ZIP64 records only for a part that needs them.
The variants take turns, ``--repeat`` rounds, so a busy machine slows each alike; it prints
the best time of each, its ratio to the baseline, and the output sizes.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from xlkompetence.org import orgbook
from xlkompetence.core.disclosure import Disclosure
from xlkompetence.core.pseudonyms import Pseudonymizer
from xlkompetence.org.merge import collect_inputs, disclosed, merge_inputs
from xlkompetence.xlsx import bulkrows


def streamed(zout: zipfile.ZipFile, info: zipfile.ZipInfo, pieces: Iterable[bytes]) -> None:
    """The baseline's way to write a sheet: streamed in as rendered, ZIP64 forced, stored."""
    info.compress_type = zipfile.ZIP_STORED
    with zout.open(info, "w", force_zip64=True) as out:
        for piece in pieces:
            out.write(piece)


def streamed_deflated(zout: zipfile.ZipFile, info: zipfile.ZipInfo, pieces: Iterable[bytes]) -> None:
    with zout.open(info, "w") as out:
        for piece in pieces:
            out.write(piece)


def fill_with(write_sheet: Callable[..., None]) -> Callable[[bytes, Path, list[bulkrows.Bulk]], None]:
    def fill(layout: bytes, dest: Path, bulks: list[bulkrows.Bulk]) -> None:
        real, bulkrows.write_sheet = bulkrows.write_sheet, write_sheet
        try:
            bulkrows.fill(layout, dest, bulks)
        finally:
            bulkrows.write_sheet = real
    return fill


def captured_layout(folder: Path) -> tuple[bytes, list[bulkrows.Bulk]]:
    """The organisation workbook's layout and rows, as ``write_org_workbook`` hands them to fill."""
    day = date(2026, 11, 24)
    org = disclosed(merge_inputs(collect_inputs([folder]), day), Pseudonymizer(b"b" * 32), Disclosure(), day)
    seen: dict = {}

    def capture(layout: bytes, dest: Path, bulks: list[bulkrows.Bulk]) -> None:
        seen["layout"] = layout
        seen["bulks"] = [dataclasses.replace(b, rows=[list(r) for r in b.rows]) for b in bulks]

    real, orgbook.fill = orgbook.fill, capture
    try:
        with tempfile.TemporaryDirectory() as tmp:
            orgbook.write_org_workbook(Path(tmp) / "org.xlsx", org)
    finally:
        orgbook.fill = real
    return seen["layout"], seen["bulks"]


VARIANTS = {
    "baseline (streamed, ZIP64 forced, stored)": fill_with(streamed),
    "deflated (streamed, no ZIP64)": fill_with(streamed_deflated),
    "sized (temporary file, deflated)": bulkrows.fill,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    layout, bulks = captured_layout(args.folder)
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for name, fill in VARIANTS.items():
                out = Path(tmp) / "out.xlsx"
                start = time.perf_counter()
                fill(layout, out, bulks)
                times[name].append(time.perf_counter() - start)
                sizes[name] = out.stat().st_size
        with zipfile.ZipFile(out) as zf:
            xml = sum(i.file_size for i in zf.infolist())
    print(f"{sum(b.n_rows for b in bulks):,} streamed rows, {xml / 1e6:.1f} MB of XML")
    base = min(next(iter(times.values())))
    for name, runs in times.items():
        print(f"{name:44} {min(runs):6.2f} s  {min(runs) / base:4.2f}x  {sizes[name] / 1e6:6.1f} MB")


if __name__ == "__main__":
    main()
