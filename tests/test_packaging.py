"""The package as people install it: an sdist and a wheel that hold everything the commands
need, installed outside the checkout and run; the packaged copies of ``macros/`` and the
built add-in equal to the sources people read; and no dependency the package does not use."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "xlkompetence"
RIBBON = PACKAGE / "excel" / "ribbon"
# What a checkout may hold that is not the project: tools, downloads, outputs, caches.
NOT_SOURCES = {".git", ".venv", "build", "dist", "demo", "tests/js/node_modules", "tests/js/wheels",
               "benchmarks/data"}
CACHES = {"__pycache__", ".pytest_cache", ".hypothesis"}


def _not_sources(folder: str, names: list[str]) -> set[str]:
    here = Path(folder).relative_to(ROOT)
    return {n for n in names if (here / n).as_posix() in NOT_SOURCES or n in CACHES or n.endswith(".egg-info")}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_packaged_ribbon_and_add_in_are_the_repositorys():
    sources = {"customUI.xml": ROOT / "macros" / "customUI.xml",
               "RibbonMyAddin.bas": ROOT / "macros" / "RibbonMyAddin.bas",
               "xlkompetence.xlam": ROOT / "workbooks" / "xlkompetence.xlam"}
    assert sorted(p.name for p in RIBBON.iterdir()) == sorted(sources)
    drifted = [name for name, source in sources.items() if (RIBBON / name).read_bytes() != source.read_bytes()]
    assert drifted == [], f"copy macros/ and workbooks/xlkompetence.xlam into {RIBBON.relative_to(ROOT)}/"


# The extras that serve the tests and the benchmarks, not the package.
NOT_FOR_THE_PACKAGE = {"test", "bench"}


def _names(requirements: list[str]) -> set[str]:
    return {_normalise(re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0]) for r in requirements}


def _third_party_imports() -> dict[str, list[str]]:
    """Each top-level module the package imports that is neither the standard library's nor
    its own, with the files that import it: lazy and type-checking imports included."""
    imported: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != PACKAGE.name:
                    imported.setdefault(top, []).append(path.relative_to(ROOT).as_posix())
    return imported


def test_the_declared_dependencies_are_the_third_party_modules_the_package_imports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _names(project["dependencies"])
    extras = _names([r for extra, reqs in project["optional-dependencies"].items()
                     if extra not in NOT_FOR_THE_PACKAGE for r in reqs])
    imported = _third_party_imports()
    distributions = packages_distributions()
    provided_by = {module: {_normalise(d) for d in distributions.get(module, [])} for module in imported}
    assert "pydantic" in imported and provided_by["pydantic"] == {"pydantic"}  # the mapping works here
    undeclared = {module: files for module, files in imported.items() if not provided_by[module] & (runtime | extras)}
    assert undeclared == {}, "imported but not declared in [project] dependencies or an extra"
    used = set().union(*provided_by.values())
    assert sorted(runtime - used) == [], "declared but never imported"
    assert sorted(extras - used) == [], "an extra's package the package never imports"


# -- the sdist and the wheel ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """``python -m build`` on a copy of the checkout: an sdist, and the wheel built from it."""
    source = tmp_path_factory.mktemp("source") / "xlkompetence"
    shutil.copytree(ROOT, source, ignore=_not_sources)
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(source)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("xlkompetence-*-py3-none-any.whl")
    return wheel


def test_sdist_and_wheel_pass_twine_check(dist):
    files = sorted(str(p) for p in dist.iterdir())
    assert sorted(Path(f).suffix for f in files) == [".gz", ".whl"]
    proc = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_wheel_holds_every_module_and_the_files_the_commands_need(dist):
    with zipfile.ZipFile(wheel_of(dist)) as zf:
        names = set(zf.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        requires = [line for line in zf.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")]
    modules = {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")}
    assert sorted(modules - names) == []
    data = {p.relative_to(ROOT).as_posix() for folder in ("web", "ribbon")
            for p in (PACKAGE / "excel" / folder).iterdir()}
    assert sorted(data - names) == []
    assert {n.split("/")[0] for n in names} == {"xlkompetence", wheel_of(dist).name.split("-py3")[0] + ".dist-info"}
    # openpyxl only checks what the tests wrote: not something an installation pulls in.
    assert [r for r in requires if "openpyxl" in r] == ['Requires-Dist: openpyxl<3.2,>=3.1.5; extra == "test"']


def test_the_licence_travels_with_the_sdist_and_the_wheel(dist):
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Copyright (c) 2026 xlkompetence contributors" in licence
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == "MIT"
    with zipfile.ZipFile(wheel_of(dist)) as zf:
        (metadata,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        headers = zf.read(metadata).decode().split("\n\n", 1)[0].splitlines()
        assert zf.read(metadata.replace("METADATA", "licenses/LICENSE")).decode() == licence
    assert {"License-Expression: MIT", "License-File: LICENSE"} <= set(headers)
    (sdist,) = dist.glob("xlkompetence-*.tar.gz")
    with tarfile.open(sdist) as tf:
        (member,) = [m for m in tf.getmembers() if m.name.split("/", 1)[1:] == ["LICENSE"]]
        assert tf.extractfile(member).read().decode() == licence


def test_the_sdist_holds_the_sources_people_read(dist):
    (sdist,) = dist.glob("xlkompetence-*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = {"/".join(n.split("/")[1:]) for n in tf.getnames()}
    assert {"README.md", "pyproject.toml", "setup.sh", "macros/customUI.xml", "macros/RibbonMyAddin.bas",
            "workbooks/xlkompetence.xlam", "workbooks/eksempel.xlsx", "tests/test_packaging.py",
            "tests/js/package.json", "xlkompetence/excel/ribbon/xlkompetence.xlam"} <= names
    assert not [n for n in names if "node_modules" in n or n.endswith(".whl") or "__pycache__" in n]


def test_the_installed_wheel_runs_outside_the_checkout(dist, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run([*pip, "install", "--quiet", "--no-deps", "--no-index", str(wheel_of(dist))],
                   check=True, timeout=300)
    # The dependencies this interpreter already has, reused rather than downloaded again: their
    # folder on the new environment's path, after its own site-packages.
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    ours = sysconfig.get_paths()
    (site / "zz-reused-dependencies.pth").write_text(f"{ours['purelib']}\n{ours['platlib']}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "xlkompetence"), *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)

    where = subprocess.run([str(python), "-c", "import xlkompetence; print(xlkompetence.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    built = run("addin", "build", "--out", "addin")
    assert built.returncode == 0, built.stderr
    assert (work / "addin" / "xlkompetence.xlam").read_bytes() == (ROOT / "workbooks" / "xlkompetence.xlam").read_bytes()
    demo = run("demo", "demo")
    assert demo.returncode == 0, demo.stderr
    assert (work / "demo" / "organisation.xlsx").is_file() and len(list((work / "demo" / "enheder").glob("*.xlsx"))) == 3
    manifest = run("serve", "--manifest", "https://kompetence.kommune.dk")
    assert manifest.returncode == 0 and "<OfficeApp" in manifest.stdout and "kompetence.kommune.dk" in manifest.stdout
    lite = run("lite", "add", "demo/enheder")
    assert lite.returncode == 0 and lite.stdout.count("xlwings Lite lagt ind") == 3, lite.stdout + lite.stderr
