"""Every speed figure of the project in one run, each against its floor measured in the same run.

    python benchmarks/run.py                 # refresh, merge at 100 and 1 000 units, rollout, next-round
    python benchmarks/run.py --units 10000   # the merge at 10 000 units too (generates them once: slow)
    python benchmarks/run.py --only refresh  # one part (refresh, merge, round)

Each step runs in a fresh process, so its time is what a user waits for (start-up included, from
modules compiled to bytecode as an installed package has them) and its peak memory (the largest resident size of the process and of any it started) is its own.
Each figure is the median of ``--repeat`` runs, taken in turns with its floors so that a busy
machine slows all of them alike; the ratios are what to compare, not the seconds.

- refresh: ``xlkompetence refresh`` of a unit workbook with 100 / 1 000 / 10 000 plan rows,
  against python-calamine reading every sheet of it, and against openpyxl loading and saving it
  (what a user would do instead).
- merge: ``merge_files`` of N generated units, against the read floor (calamine reading every
  sheet of every input) and the read+write floor (that, plus XlsxWriter in constant-memory mode
  writing as many cells as the organisation workbook holds); the naive route (pandas +
  openpyxl per sheet, concat, to_excel) at the smallest N.
- round: ``rollout`` of a round's list and ``next-round`` of the workbooks it made, per unit,
  against writing the same cells with XlsxWriter (rollout) and reading them with calamine and
  writing them with XlsxWriter (next-round).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
TODAY = date(2026, 11, 24)
MARK = "@@benchmark "  # the child's own line among what the command prints
TEMPLATE_SHEETS = {"Mål og kompetenceprofil": 3, "Kompetencebehov": 4, "Individuelle læringsmål": 3,
                   "Plan for kompetenceudvikling": 3, "Forankring": 3}


# -- what each child process does --------------------------------------------------------------
def do_refresh(args: dict[str, Any]) -> None:
    from xlkompetence.cli import cli

    try:
        cli(["refresh", args["path"], "--today", TODAY.isoformat()], standalone_mode=False)
    except SystemExit:  # the exit code says whether the workbook has errors: not the benchmark's concern
        pass


def do_calamine(args: dict[str, Any]) -> None:
    from python_calamine import CalamineWorkbook

    for path in args["paths"]:
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()


def do_openpyxl(args: dict[str, Any]) -> None:
    import warnings

    import openpyxl

    warnings.simplefilter("ignore")
    openpyxl.load_workbook(args["path"]).save(args["out"])


def do_merge(args: dict[str, Any]) -> None:
    from xlkompetence.org.merge import merge_files

    merge_files(args["paths"], Path(args["out"]), TODAY, key_file=Path(args["key"]))


def do_write(args: dict[str, Any]) -> None:
    """XlsxWriter writing ``shapes`` (per workbook: sheet → (rows, cols)) of text and numbers."""
    import xlsxwriter

    for i, shape in enumerate(args["books"]):
        book = xlsxwriter.Workbook(f"{args['out']}-{i}.xlsx", {"constant_memory": True})
        for name, (rows, cols) in shape.items():
            ws = book.add_worksheet(name[:31])
            for r in range(rows):
                for c in range(cols):
                    if c % 3:
                        ws.write_string(r, c, f"tekst {r} {c}")
                    else:
                        ws.write_number(r, c, r * c)
        book.close()


def do_read_write(args: dict[str, Any]) -> None:
    do_calamine(args)
    do_write(args)


def do_naive(args: dict[str, Any]) -> None:
    import pandas as pd

    frames: dict[str, list[Any]] = {name: [] for name in TEMPLATE_SHEETS}
    for path in args["paths"]:
        for name, header in TEMPLATE_SHEETS.items():
            df = pd.read_excel(path, sheet_name=name, engine="openpyxl", header=header)
            df.insert(0, "Enhed", Path(path).stem)
            frames[name].append(df)
    with pd.ExcelWriter(args["out"], engine="openpyxl") as writer:
        for name, parts in frames.items():
            pd.concat(parts, ignore_index=True).to_excel(writer, sheet_name=name[:31], index=False)


def do_rollout(args: dict[str, Any]) -> None:
    from xlkompetence.org.rollout import rollout

    rollout(Path(args["roster"]), Path(args["out"]), TODAY)


def do_next_round(args: dict[str, Any]) -> None:
    from xlkompetence.org.nextround import next_round

    next_round([Path(p) for p in args["paths"]], Path(args["out"]), TODAY)


CHILDREN: dict[str, Callable[[dict[str, Any]], None]] = {
    "refresh": do_refresh, "calamine": do_calamine, "openpyxl": do_openpyxl, "merge": do_merge,
    "write": do_write, "read_write": do_read_write, "naive": do_naive, "rollout": do_rollout,
    "next_round": do_next_round,
}


def child(kind: str, args_file: str) -> None:
    CHILDREN[kind](json.loads(Path(args_file).read_text()))
    started = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(MARK + json.dumps({"peak_mb": max(own_peak_kb(), started) / 1024}))


def own_peak_kb() -> int:
    """This process's largest resident size. Linux's ``ru_maxrss`` keeps, across exec, the size
    of the parent it was forked from: a child of a grown parent would report the parent's size.
    ``VmHWM`` belongs to the program it runs."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# -- the parent: measuring ----------------------------------------------------------------------
def run(kind: str, args: dict[str, Any], before: Callable[[], None] | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one fresh process doing ``kind``."""
    if before is not None:
        before()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(args, fh)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", kind, fh.name], check=True, capture_output=True,
                         text=True)
    seconds = time.perf_counter() - start
    Path(fh.name).unlink()
    report = next(x for x in reversed(out.stdout.splitlines()) if x.startswith(MARK))
    return seconds, json.loads(report[len(MARK):])["peak_mb"]


def measured(steps: dict[str, tuple[str, dict[str, Any], Callable[[], None] | None]],
             repeat: int) -> dict[str, tuple[float, float]]:
    """Each step's median seconds and peak MB; the steps taken in turns, ``repeat`` times."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in steps}
    for _ in range(repeat):
        for name, (kind, args, before) in steps.items():
            times[name].append(run(kind, args, before))
    return {name: (statistics.median(s for s, _ in got), max(m for _, m in got)) for name, got in times.items()}


def shapes(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet → (rows, columns) of a workbook: what a floor writes as many cells as."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        out[name] = (len(rows), max((len(r) for r in rows), default=0))
    return out


def line(label: str, seconds: float, peak: float, ratios: str = "") -> None:
    print(f"  {label:<44} {seconds:>9.2f} s {peak:>7.0f} MB  {ratios}", flush=True)


# -- the parts -------------------------------------------------------------------------------------
def refresh_part(work: Path, repeat: int) -> None:
    sys.path.insert(0, str(HERE))
    from generate import write_plan_workbook

    print("refresh (a unit workbook, by plan rows)")
    for rows in (100, 1_000, 10_000):
        source = write_plan_workbook(HERE / "data" / f"plan-{rows}.xlsx", rows)
        copy = work / f"refresh-{rows}.xlsx"
        got = measured({
            # Each run refreshes a fresh copy: the same work every time.
            "refresh": ("refresh", {"path": str(copy)}, lambda: shutil.copy(source, copy) and None),
            "calamine": ("calamine", {"paths": [str(source)]}, None),
            "openpyxl": ("openpyxl", {"path": str(source), "out": str(work / "openpyxl.xlsx")}, None),
        }, repeat)
        (ours, peak), cal, opx = got["refresh"], got["calamine"], got["openpyxl"]
        print(f" {rows} plan rows")
        line("calamine read", *cal)
        line("openpyxl load+save", *opx)
        line("xlkompetence refresh", ours, peak,
             f"{ours / cal[0]:.1f}× calamine, {ours / opx[0]:.2f}× openpyxl")


def merge_part(work: Path, sizes: list[int], repeat: int, naive_at: int | None) -> dict[int, tuple[float, float]]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    print("merge (N unit workbooks into the organisation workbook)")
    paths = [str(p) for p in generate(HERE / "data", max(sizes))]
    results: dict[int, tuple[float, float]] = {}
    for n in sizes:
        some = paths[:n]
        out = work / f"org-{n}.xlsx"
        merge_args = {"paths": some, "out": str(out), "key": str(work / "key")}
        run("merge", merge_args)  # once first: the output's shape is what the write floor writes
        books = [shapes(out)]
        steps: dict[str, tuple[str, dict[str, Any], Callable[[], None] | None]] = {
            "merge": ("merge", merge_args, None),
            "read": ("calamine", {"paths": some}, None),
            "read_write": ("read_write", {"paths": some, "books": books, "out": str(work / f"floor-{n}")}, None),
        }
        if naive_at == n:
            steps["naive"] = ("naive", {"paths": some, "out": str(work / "naive.xlsx")}, None)
        got = measured(steps, repeat)
        ours, peak = got["merge"]
        results[n] = got["merge"]
        print(f" {n} units")
        line("read floor (calamine, every sheet)", *got["read"])
        line("read+write floor (+ XlsxWriter, same cells)", *got["read_write"])
        line("xlkompetence merge", ours, peak,
             f"{ours / got['read'][0]:.1f}× read, {ours / got['read_write'][0]:.2f}× read+write")
        if "naive" in got:
            line("naive pandas+openpyxl", *got["naive"], f"naive/ours {got['naive'][0] / ours:.1f}")
    first, last = min(results), max(results)
    if first != last:
        print(f" {last} vs {first} units: time {results[last][0] / results[first][0]:.1f}× "
              f"(linear: {last / first:.0f}×), peak memory {results[last][1] / results[first][1]:.2f}×")
    return results


def round_part(work: Path, units: int, repeat: int) -> None:
    print(f"rollout and next-round ({units} units; per unit)")
    roster = work / "runde.csv"
    roster.write_text("Enhed;Leder;Teams\n" + "".join(
        f'Enhed {i:04d};Leder {i};"Team A (8); Team B (6); Team C (5)"\n' for i in range(units)), encoding="utf-8")
    made = work / "rollout-once"
    run("rollout", {"roster": str(roster), "out": str(made)})
    inputs = sorted(str(p) for p in made.glob("*.xlsx"))
    one = shapes(Path(inputs[0]))

    def clear(folder: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(folder, ignore_errors=True)

    got = measured({
        "rollout": ("rollout", {"roster": str(roster), "out": str(work / "rollout")}, clear(work / "rollout")),
        "write": ("write", {"books": [one] * units, "out": str(work / "w")}, None),
        "next_round": ("next_round", {"paths": inputs, "out": str(work / "next")}, clear(work / "next")),
        "read_write": ("read_write", {"paths": inputs, "books": [one] * units, "out": str(work / "rw")}, None),
    }, repeat)
    per = {k: (s / units, m) for k, (s, m) in got.items()}
    line("floor: XlsxWriter writing a unit's cells", *per["write"])
    line("xlkompetence rollout", *per["rollout"], f"{per['rollout'][0] / per['write'][0]:.1f}× floor")
    line("floor: calamine read + XlsxWriter write", *per["read_write"])
    line("xlkompetence next-round", *per["next_round"], f"{per['next_round'][0] / per['read_write'][0]:.1f}× floor")


def compiled() -> None:
    """The package's modules compiled to bytecode, as installing the wheel leaves them (pip
    compiles every module it installs; a checkout gets its ``__pycache__`` on the first run,
    unless PYTHONDONTWRITEBYTECODE is set): start-up is then what a leader waits for, the same
    as for openpyxl, which was installed so."""
    import compileall

    import xlkompetence

    compileall.compile_dir(Path(xlkompetence.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="*", default=[], help="more merge sizes (e.g. 10000)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="merge sizes")
    parser.add_argument("--round-units", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["refresh", "merge", "round"])
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ARGS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    compiled()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only in (None, "refresh"):
            refresh_part(work, args.repeat)
        if args.only in (None, "merge"):
            sizes = sorted(set(args.sizes + args.units))
            # The naive route takes hours beyond a thousand units: it is measured at the smallest size only.
            merge_part(work, sizes, args.repeat, naive_at=min(sizes) if min(sizes) <= 1000 else None)
        if args.only in (None, "round"):
            round_part(work, args.round_units, args.repeat)


if __name__ == "__main__":
    main()
