"""Sync up: the watcher on a real folder, and the history it keeps."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xlkompetence.core import examples
from xlkompetence.org import history
from xlkompetence.cli import cli
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.org.watch import Watcher

from conftest import TODAY, set_cells


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "delt mappe"
    folder.mkdir()
    for name, unit in examples.demo_units()[:2]:
        write_unit_workbook(folder / name, unit, today=TODAY)
    return folder


def units_in(output: Path) -> list[str]:
    rows = CalamineWorkbook.from_path(str(output)).get_sheet_by_name("Kilder").to_python()
    return sorted(r[1] for r in rows[3:] if r[9] == "Ja")


def logged(caplog) -> list[str]:
    """What the watcher logged, message by message."""
    return [r.getMessage() for r in caplog.records if r.name == "xlkompetence.org.watch"]


def test_the_watcher_settles_rereads_only_what_changed_and_retries_a_half_saved_file(folder, tmp_path, caplog):
    caplog.set_level("INFO", logger="xlkompetence.org.watch")
    out, db = tmp_path / "org.xlsx", tmp_path / "historik.sqlite"
    w = Watcher(folder, out, db, settle=1.0, retry_for=60, today=lambda: TODAY)
    assert w.step(now=0.0) is None and not out.exists()  # seen, but not yet quiet
    org = w.step(now=1.5)
    assert org is not None and len(org.units) == 2 and out.exists()
    assert sum(line.startswith("Læst") for line in logged(caplog)) == 2

    caplog.clear()
    set_cells(folder / "bostoetten-nord.xlsx", {("Kompetencebehov", "C8"): 2})
    os.utime(folder / "eksempel-botilbud.xlsx")  # touched, content unchanged
    assert w.step(now=2.0) is None  # a change: wait for quiet
    org = w.step(now=3.5)
    assert org is not None and [line for line in logged(caplog) if line.startswith("Læst")] == [
        "Læst bostoetten-nord.xlsx: i orden"]  # as Kilder names it: relative to the folder

    # A save under way: the first 4 kB of a workbook. Tried again, not reported as broken.
    caplog.clear()
    half = folder / "ny.xlsx"
    half.write_bytes((folder / "eksempel-botilbud.xlsx").read_bytes()[:4096])
    assert w.step(now=4.0) is None
    assert w.step(now=6.0) is None and not any("ny.xlsx" in line for line in logged(caplog))
    # The save completes: now it is read, and the unit is in the plan.
    write_unit_workbook(half, examples.demo_units()[2][1].model_copy(
        update={"cover": examples.demo_units()[2][1].cover.model_copy(update={"unit": "Ny enhed"})}), today=TODAY)
    w.step(now=7.0)
    org = w.step(now=9.0)
    assert org is not None and "Ny enhed" in units_in(out)

    half.unlink()
    w.step(now=10.0)
    org = w.step(now=12.0)
    assert org is not None and "Ny enhed" not in units_in(out)
    assert any(line.startswith("Fjernet") for line in logged(caplog))


def test_a_file_that_stays_broken_is_reported_and_the_service_goes_on(folder, tmp_path):
    out, db = tmp_path / "org.xlsx", tmp_path / "h.sqlite"
    (folder / "ødelagt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    w = Watcher(folder, out, db, settle=0, retry_for=0, today=lambda: TODAY)
    org = w.step(now=0.0)
    assert org is not None and len(org.units) == 2
    assert [e.path.name for e in org.inputs if not e.readable] == ["ødelagt.xlsx"]


def test_the_watch_command_runs_for_real_and_stops_on_sigterm(folder, tmp_path):
    out, db = tmp_path / "org.xlsx", tmp_path / "org-historik.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-m", "xlkompetence", "watch", str(folder), "-o", str(out), "--interval", "0.2",
         "--settle", "0.4", "--max-seconds", "90"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: out.exists() and set(units_in(out)) == {"Botilbuddet (konceptets eksempel)", "Bostøtten Nord"})
        _, syd = examples.demo_units()[2]
        write_unit_workbook(folder / "vaerestedet-syd.xlsx", syd, today=TODAY)
        # The workbook is written first, the history right after: wait for both.
        _wait_for(lambda: "Værestedet Syd" in units_in(out) and "Værestedet Syd" in recorded_units(db))
        with sqlite3.connect(db) as con:
            kinds = {k for (k,) in con.execute("SELECT kind FROM runs")}
        assert kinds == {"watch"}
    finally:
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    # The service reports through logging, to the terminal's error stream.
    assert "Overvågningen er stoppet." in stderr and "Traceback" not in stderr


def recorded_units(db: Path) -> set[str]:
    if not db.exists():
        return set()
    try:
        with sqlite3.connect(db) as con:
            return {u for (u,) in con.execute("SELECT DISTINCT unit FROM levels")}
    except sqlite3.OperationalError:  # the history is still being made
        return set()


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (OSError, zipfile.BadZipFile, Exception):  # the output may be mid-replace
            pass
        time.sleep(0.2)
    raise AssertionError("the watcher did not get there in time")


def test_history_shows_gaps_from_round_to_round(tmp_path):
    folder = tmp_path / "enheder"
    folder.mkdir()
    nord = folder / "nord.xlsx"
    unit = examples.demo_units()[1][1]
    write_unit_workbook(nord, unit.model_copy(update={"cover": unit.cover.model_copy(update={"period": "2025"})}),
                        today=TODAY)
    out = tmp_path / "org.xlsx"
    runner = CliRunner()
    assert runner.invoke(cli, ["merge", str(folder), "-o", str(out), "--today", "2026-11-24"]).exit_code == 0
    # Next round: Dagteam has closed its K1 gap (5/3 → 5/5).
    set_cells(nord, {("Forside", "B7"): "2026", ("Kompetencebehov", "D8"): 5})
    assert runner.invoke(cli, ["merge", str(folder), "-o", str(out), "--today", "2026-11-24"]).exit_code == 0
    # The same round merged again replaces its snapshot instead of counting twice.
    assert runner.invoke(cli, ["merge", str(folder), "-o", str(out), "--today", "2026-11-24"]).exit_code == 0
    db = tmp_path / "org-historik.sqlite"
    hist = history.load(db)
    assert hist.rounds == ["2025", "2026"]
    k1 = next(key for key, pid, _ in hist.profiles if pid == "K1")
    assert hist.series(k1) == [1.5, 0.5]  # (2 + 1) / 2, then (0 + 1) / 2
    result = runner.invoke(cli, ["history", "--db", str(db)])
    assert result.exit_code == 0 and "2025" in result.output and "1,5" in result.output
    result = runner.invoke(cli, ["history", "--db", str(db), "--format", "xlsx", "-o", str(tmp_path / "u.xlsx")])
    assert result.exit_code == 0
    with zipfile.ZipFile(tmp_path / "u.xlsx") as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == len(hist.profiles)
        assert b"<c:lineChart>" in zf.read(charts[0])
    assert f"Skrevet {tmp_path / 'u.svg'}" in result.output
    lines = ET.parse(tmp_path / "u.svg").getroot().iterfind(".//{http://www.w3.org/2000/svg}g[@class='line']")
    assert len(list(lines)) == sum(1 for key, _, _ in hist.profiles if any(v is not None for v in hist.series(key)))
    result = runner.invoke(cli, ["history", "--db", str(db), "--format", "json", "--unit", "Bostøtten Nord"])
    import json

    data = json.loads(result.output)
    assert data["rounds"] == ["2025", "2026"]
    shutil.rmtree(folder)


def test_a_failed_write_is_tried_again_without_waiting_for_a_change(folder, tmp_path, caplog):
    caplog.set_level("INFO", logger="xlkompetence.org.watch")
    out, db = tmp_path / "org.xlsx", tmp_path / "h.sqlite"
    lock = out.with_name("~$" + out.name)
    lock.write_text("HR har planen åben")  # the organisation workbook is open in Excel
    w = Watcher(folder, out, db, settle=0, retry_for=0, today=lambda: TODAY)
    assert w.step(now=0.0) is None and not out.exists()
    assert any("prøver igen om 2 sekunder" in m for m in logged(caplog))
    assert w.step(now=1.0) is None                     # not yet: it waits
    assert w.step(now=2.5) is None and not out.exists()  # still open: it waits longer
    assert any("prøver igen om 4 sekunder" in m for m in logged(caplog))
    lock.unlink()
    org = w.step(now=7.0)                              # nothing in the folder changed
    assert org is not None and out.exists() and len(org.units) == 2
    assert w.unwritten is None and w.step(now=100.0) is None
