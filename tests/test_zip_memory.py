"""A zip that lies about its size costs no memory: a part whose entry declares its own small
size and checksum, while its compressed data inflates to 300 MB, is refused by every command
that reads a workbook, and the command's peak memory stays within 100 MB of what it takes for
an honest file. Measured as each command's own process's peak resident memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from xlkompetence.core.findings import Code
from xlkompetence.unit.validate import read_checked

from conftest import TODAY, copy_of
from lying_zip import forged

INFLATED_MB = 300
MB = 1024 * 1024


def peak(tmp_path: Path, *args: str) -> tuple[int, float]:
    """Exit code and peak resident memory (MB) of ``xlkompetence ARGS`` in a process of its own."""
    proc = subprocess.Popen([sys.executable, "-m", "xlkompetence", *args, "--today", TODAY.isoformat()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024  # kilobytes on Linux


@pytest.fixture
def roster(tmp_path) -> Path:
    wb = openpyxl.Workbook()
    for row in (["Enhed", "Teams"], ["Bostøtten Nord", "Dagteam; Aftenteam"]):
        wb.active.append(row)
    wb.save(tmp_path / "liste.xlsx")
    return tmp_path / "liste.xlsx"


def test_a_zip_that_lies_about_its_size_costs_no_memory(written, roster, tmp_path):
    example = copy_of(written["eksempel.xlsx"], tmp_path / "eksempel.xlsx")
    bomb = forged(example, tmp_path / "bombe.xlsx", "xl/worksheets/sheet4.xml", INFLATED_MB)
    bomb_list = forged(roster, tmp_path / "bombeliste.xlsx", "xl/worksheets/sheet1.xml", INFLATED_MB)
    assert bomb.stat().st_size < 2 * MB and bomb_list.stat().st_size < 2 * MB
    report = read_checked(bomb, TODAY)
    assert [f.code for f in report.findings] == [Code.FILE_UNREADABLE] and "sheet4.xml" in report.findings[0].message
    figures = {}
    for command, honest, lying in (("validate", [str(example)], [str(bomb)]),
                                   ("rollout", [str(roster), "--out", "ud"], [str(bomb_list), "--out", "ud2"])):
        (ok, normal), (refused, attacked) = peak(tmp_path, command, *honest), peak(tmp_path, command, *lying)
        figures[command] = (round(normal), round(attacked))
        assert ok in (0, 1) and refused == 2, (command, ok, refused)
        assert attacked - normal < 100, (command, normal, attacked)
    print(f"\npeak resident memory, honest file → {INFLATED_MB} MB lying zip (MB): {figures}")
