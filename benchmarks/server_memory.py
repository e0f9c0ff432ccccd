"""Memory of the add-in's server per large refresh, on loopback.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/server_memory.py [--mb 4] [--at-once 3] [--repeat 3]

Starts the real server (``xlkompetence serve``, its own process, default settings) and posts the
concept's example with its plan grown to ``--mb`` MB of JSON, as the add-in would send it:
first ``--repeat`` times one after the other, then (a fresh server) ``--at-once`` at the same
time. Prints the server's resident memory (Linux ``/proc``): idle after one small warm-up
request (the baseline of this run), the peak, and what stays after the requests, as MB and as
multiples of the baseline. Bounded: one payload, a few requests, each server stopped at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

import httpx  # noqa: E402
from conftest import TODAY, xlwings_payload  # noqa: E402

from xlkompetence.core import examples  # noqa: E402
from xlkompetence.unit.template import write_unit_workbook  # noqa: E402

UNIT = "Botilbuddet (konceptets eksempel)"
TOKEN = "noegle-maaling"
PLAN = "Plan for kompetenceudvikling"


def payloads(folder: Path, mb: float) -> tuple[bytes, bytes]:
    """The example as the add-in sends it, and the same with its plan grown to ``mb`` MB."""
    path = folder / "eksempel.xlsx"
    write_unit_workbook(path, examples.concept_example(), today=TODAY)
    small = xlwings_payload(path)
    big = json.loads(json.dumps(small))
    plan = next(s for s in big["sheets"] if s["name"] == PLAN)
    row = plan["values"][4]

    def numbered(i: int) -> list:  # a plan row as a leader would copy it down, numbered
        return [f"{v} {i}" if isinstance(v, str) and v and c < 11 else v for c, v in enumerate(row)]

    per_row = len(json.dumps(numbered(10_000), ensure_ascii=False).encode()) + 2
    rows = int((mb * 1024 * 1024 - len(json.dumps(big, ensure_ascii=False).encode())) / per_row)
    plan["values"].extend(numbered(i) for i in range(rows))
    encode = lambda p: json.dumps(p, ensure_ascii=False).encode()  # noqa: E731
    return encode(small), encode(big)


def memory(pid: int) -> dict[str, int]:
    """Resident (VmRSS) and peak resident (VmHWM) memory of ``pid``, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) // 1024
    return fields


@contextmanager
def serving(folder: Path, port: int) -> Iterator[subprocess.Popen]:
    config = folder / "server.json"
    config.write_text(json.dumps({"public_url": f"http://127.0.0.1:{port}", "store": "indsendt",
                                  "output": "organisation.xlsx",
                                  "tokens": {hashlib.sha256(TOKEN.encode()).hexdigest(): {"unit": UNIT}}}))
    server = subprocess.Popen([sys.executable, "-m", "xlkompetence", "serve", "--config", str(config),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/taskpane.html", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start (is XLWINGS_LICENSE_KEY set?)")
                time.sleep(0.1)
        yield server
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


def refresh(port: int, body: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    status = httpx.post(f"http://127.0.0.1:{port}/api/refresh", content=body, timeout=600,
                        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}).status_code
    return status, time.perf_counter() - started


def report(label: str, idle: int, peak: int, after: int, answers: list[tuple[int, float]]) -> None:
    statuses = ", ".join(f"{s} in {t:.1f} s" for s, t in answers)
    print(f"{label}: idle {idle} MB; peak {peak} MB ({peak / idle:.1f}× idle, +{peak - idle} MB); "
          f"after {after} MB ({after / idle:.1f}× idle); answers: {statuses}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 4 MB of plan rows is some 200 000 cells: the server refuses a workbook of more than its
    # max_cells (250 000 by default).
    parser.add_argument("--mb", type=float, default=4)
    parser.add_argument("--at-once", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        sys.exit("set XLWINGS_LICENSE_KEY (noncommercial): the server runs xlwings' remote engine")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, big = payloads(folder, args.mb)
        print(f"body: {len(big) / 1024 / 1024:.1f} MB")
        with serving(folder, args.port) as server:
            refresh(args.port, small)
            idle = memory(server.pid)["VmRSS"]
            answers = [refresh(args.port, big) for _ in range(args.repeat)]
            now = memory(server.pid)
            report(f"{args.repeat} one after the other", idle, now["VmHWM"], now["VmRSS"], answers)
        with serving(folder, args.port) as server:
            refresh(args.port, small)
            idle = memory(server.pid)["VmRSS"]
            with ThreadPoolExecutor(args.at_once) as pool:
                answers = list(pool.map(lambda _: refresh(args.port, big), range(args.at_once)))
            now = memory(server.pid)
            report(f"{args.at_once} at once", idle, now["VmHWM"], now["VmRSS"], answers)


if __name__ == "__main__":
    main()
