"""Load on the add-in's server, on loopback: N units refresh and submit at the same time.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/server_load.py [--units 50] [--rounds 4]

Starts the real server (``xlkompetence serve``, its own process) on 127.0.0.1, sends every unit's
workbook (made by the template writer) to /api/refresh and /api/submit from a pool of
concurrent clients in this process, and prints latency percentiles, errors and whether every
submission arrived. A client told the server is busy (503) waits ``Retry-After`` seconds and
sends again, as the add-in's user would; those answers are counted apart from errors.
Bounded: units × rounds × 2 requests (plus retries), and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402

import httpx  # noqa: E402
from served import free_port, unit_payloads  # noqa: E402

from xlkompetence.excel.server import ServerSettings, TokenEntry, hash_token  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        units = {f"Enhed {i:03d}": f"noegle-{i:03d}" for i in range(args.units)}
        config = ServerSettings(store=tmp_path / "indsendt", output=tmp_path / "organisation.xlsx",
                                tokens={hash_token(tok): TokenEntry(unit=u) for u, tok in units.items()})
        config_path = tmp_path / "server.json"
        config_path.write_text(config.model_dump_json(indent=2), encoding="utf-8")
        payloads = {unit: json.dumps(p) for unit, p in unit_payloads(tmp_path, list(units)).items()}
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "xlkompetence", "serve", "--config", str(config_path),
                                    "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  cwd=tmp_path,
                                  env={**os.environ, "XLWINGS_LICENSE_KEY": os.environ.get("XLWINGS_LICENSE_KEY", "")})
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(url + "/taskpane.html", timeout=1)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        sys.exit("the server did not start (is XLWINGS_LICENSE_KEY set?)")
                    time.sleep(0.1)
            timings: dict[str, list[float]] = {"refresh": [], "submit": []}
            errors = busy = 0
            client = httpx.Client(timeout=120, limits=httpx.Limits(max_connections=args.clients))

            def one(job: tuple[str, str]) -> tuple[str, int, float, int]:
                unit, kind = job
                start = time.perf_counter()
                waits = 0
                while True:
                    response = client.post(f"{url}/api/{kind}", content=payloads[unit],
                                           headers={"Authorization": f"Bearer {units[unit]}",
                                                    "Content-Type": "application/json"})
                    if response.status_code != 503:
                        return kind, response.status_code, time.perf_counter() - start, waits
                    waits += 1
                    time.sleep(float(response.headers.get("retry-after", "1")))

            jobs = [(u, k) for _ in range(args.rounds) for u in units for k in ("refresh", "submit")]
            started = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                for kind, status, seconds, waits in pool.map(one, jobs):
                    timings[kind].append(seconds)
                    errors += status != 200
                    busy += waits
            wall = time.perf_counter() - started
            cpu = cpu_seconds(server.pid)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        with sqlite3.connect(config.history_db) as con:
            arrived = con.execute("SELECT COUNT(*) FROM runs WHERE kind = 'submit'").fetchone()[0]
            distinct = con.execute("SELECT COUNT(DISTINCT unit) FROM levels").fetchone()[0]
        print(f"{len(jobs)} requests from {args.clients} concurrent clients in {wall:.1f} s "
              f"({len(jobs) / wall:.1f} requests/s), errors: {errors}, told to come back (503): {busy}")
        # CPU time does not depend on what else the machine is doing; wall time does.
        print(f"  server CPU: {cpu:.1f} s ({1000 * cpu / len(jobs):.0f} ms per request)")
        for kind, values in timings.items():
            q = statistics.quantiles(values, n=100)
            print(f"  {kind:8} p50 {1000 * q[49]:7.0f} ms   p90 {1000 * q[89]:7.0f} ms   "
                  f"p99 {1000 * q[98]:7.0f} ms   max {1000 * max(values):7.0f} ms")
        expected = args.units * args.rounds
        print(f"  submissions recorded: {arrived} of {expected}; units in the history: {distinct} of {args.units}")
        print(f"  organisation plan written: {config.output.exists()}")


if __name__ == "__main__":
    main()
