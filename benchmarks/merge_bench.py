"""Merge benchmark: the merge against the floor and a naive baseline, on the same files.

    python benchmarks/merge_bench.py [--sizes 100 1000] [--data benchmarks/data]

For each N it measures, each in a fresh process (so peak memory is that step's own):
- merge:  ``xlkompetence merge`` of the N workbooks into one organisation workbook;
- floor:  python-calamine reading every cell value of every sheet of the same files, nothing else;
- naive:  ``pandas.read_excel(engine="openpyxl")`` per template sheet + ``concat`` + ``to_excel``.
It prints seconds, milliseconds per file, peak memory, and the ratios merge/floor and
naive/merge. The workbooks are generated once by ``generate.py`` and reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
TEMPLATE_SHEETS = {"Mål og kompetenceprofil": 3, "Kompetencebehov": 4, "Individuelle læringsmål": 3,
                   "Plan for kompetenceudvikling": 3, "Forankring": 3}


def run_merge(paths: list[Path], out: Path) -> None:
    from datetime import date

    from xlkompetence.org.merge import merge_files

    merge_files(paths, out, date(2026, 11, 24))


def run_floor(paths: list[Path], out: Path) -> None:
    from python_calamine import CalamineWorkbook

    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()


def run_naive(paths: list[Path], out: Path) -> None:
    import pandas as pd

    frames: dict[str, list] = {name: [] for name in TEMPLATE_SHEETS}
    for path in paths:
        for name, header in TEMPLATE_SHEETS.items():
            df = pd.read_excel(path, sheet_name=name, engine="openpyxl", header=header)
            df.insert(0, "Enhed", path.stem)
            frames[name].append(df)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, parts in frames.items():
            pd.concat(parts, ignore_index=True).to_excel(writer, sheet_name=name[:31], index=False)


KINDS = {"merge": run_merge, "floor": run_floor, "naive": run_naive}


def child(kind: str, list_file: Path) -> None:
    paths = [Path(p) for p in list_file.read_text().splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        KINDS[kind](paths, Path(tmp) / "org.xlsx")
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


def measure(kind: str, paths: list[Path]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(str(p) for p in paths))
    out = subprocess.run([sys.executable, __file__, "--child", kind, fh.name], check=True,
                         capture_output=True, text=True)
    Path(fh.name).unlink()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--kinds", nargs="+", default=["floor", "merge", "naive"], choices=list(KINDS))
    parser.add_argument("--child", nargs=2, metavar=("KIND", "LIST"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    sys.path.insert(0, str(HERE))
    from generate import generate

    all_paths = generate(args.data, max(args.sizes))
    print(f"{'N':>6} {'step':>6} {'seconds':>9} {'ms/file':>8} {'peak MB':>8}  ratio")
    for n in args.sizes:
        paths = all_paths[:n]
        results = {kind: measure(kind, paths) for kind in args.kinds}
        for kind, r in results.items():
            ratio = ""
            if kind == "merge" and "floor" in results:
                ratio = f"merge/floor = {r['seconds'] / results['floor']['seconds']:.2f}"
            if kind == "naive" and "merge" in results:
                ratio = f"naive/merge = {r['seconds'] / results['merge']['seconds']:.1f}"
            print(f"{n:>6} {kind:>6} {r['seconds']:>9.2f} {1000 * r['seconds'] / n:>8.1f} {r['peak_mb']:>8.0f}  {ratio}",
                  flush=True)


if __name__ == "__main__":
    main()
