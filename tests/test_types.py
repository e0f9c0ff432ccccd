"""The whole package type-checks with the project's own mypy configuration (pyproject.toml),
which names the package to check and the stubs it needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_whole_package_type_checks(tmp_path):
    pytest.importorskip("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                           "--cache-dir", str(tmp_path / ".mypy")],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0 and output.startswith("Success: no issues found"), output
