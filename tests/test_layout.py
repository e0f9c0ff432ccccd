"""The package's layout is its architecture: which sub-package may import which, and the pure
path that refreshes a workbook from a grid of values without any native package."""

from __future__ import annotations

import ast
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import TODAY, xlwings_payload

PACKAGE = Path(__file__).resolve().parent.parent / "xlkompetence"
LAYERS = ("core", "xlsx", "unit", "org", "excel")
# What each sub-package may import of the package (besides itself).
ALLOWED = {
    "core": set(),
    "xlsx": {"core"},
    "unit": {"core", "xlsx"},
    "org": {"core", "xlsx", "unit"},
    "excel": {"core", "xlsx", "unit", "org"},
}
NATIVE = ("lxml", "python_calamine", "xlsxwriter")
# The longest body a function may have (its docstring aside): one that needs more does more
# than one thing, and its parts want names.
MAX_FUNCTION_LINES = 60

BLOCKER = """
import sys
from importlib.abc import MetaPathFinder

class Refuse(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError("blocked in this test: " + name)
        return None

sys.meta_path.insert(0, Refuse())
"""


def imports_of(path: Path, package_root: Path = PACKAGE) -> list[tuple[str, int]]:
    """(module the file imports, line), package-relative ones resolved to ``xlkompetence.…``;
    imports inside functions count too."""
    module = ".".join(path.relative_to(package_root.parent).with_suffix("").parts)
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = from_target(node, package)
            if node.level and not node.module:
                found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((target, node.lineno))
    return found


def from_target(node: ast.ImportFrom, package: str) -> str:
    """The module or package a ``from … import`` in ``package`` names, resolved to ``xlkompetence.…``."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - node.level + 1])
    return f"{base}.{node.module}" if node.module else base


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "xlkompetence" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else "top"


def upward_imports(package_root: Path) -> list[str]:
    wrong = []
    for layer in LAYERS:
        for path in sorted((package_root / layer).rglob("*.py")):
            for target, line in imports_of(path, package_root):
                other = layer_of(target)
                if other is not None and other != layer and other not in ALLOWED[layer]:
                    wrong.append(f"{path.relative_to(package_root)}:{line} imports {target}")
    return wrong


def foreign_imports_in_core(package_root: Path) -> list[str]:
    wrong = []
    for path in sorted((package_root / "core").rglob("*.py")):
        for target, line in imports_of(path, package_root):
            root = target.split(".")[0]
            if root not in ("xlkompetence", "__future__", "pydantic") and root not in sys.stdlib_module_names:
                wrong.append(f"{path.relative_to(package_root)}:{line} imports {target}")
    return wrong


def import_graph(package_root: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports, at the top, for type checkers or inside
    functions alike. ``from package import name`` imports the module ``package.name`` where
    there is one, otherwise the package itself."""
    def module_of(path: Path) -> str:
        return ".".join(path.relative_to(package_root.parent).with_suffix("").parts).removesuffix(".__init__")

    paths = {module_of(path): path for path in sorted(package_root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = from_target(node, package)
                targets |= {f"{base}.{a.name}" if f"{base}.{a.name}" in paths else base for a in node.names}
        graph[module] = {t for t in targets if t in paths} - {module}
    return graph


def import_circles(package_root: Path) -> list[str]:
    """Each circle of imports among the package's modules, as "a → b → a", once, starting from
    its first module in name order: the shortest circle back to each module that has one."""
    graph = import_graph(package_root)
    found = []
    for start in sorted(graph):
        paths = {start: [start]}
        todo = [start]
        circle = None
        while todo and circle is None:
            module = todo.pop(0)
            for target in sorted(graph[module]):
                if target == start:
                    circle = paths[module] + [start]
                    break
                if target not in paths:
                    paths[target] = paths[module] + [target]
                    todo.append(target)
        if circle is not None:
            first = circle.index(min(circle[:-1]))
            circle = circle[first:-1] + circle[:first] + [circle[first]]
            found.append(" → ".join(circle))
    return sorted(set(found))


def long_functions(package_root: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Each function or method whose body, without its docstring, is longer than ``limit``
    lines (blank lines, comments and nested functions count)."""
    found = []
    for path in sorted(package_root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            body = node.body[1:] if ast.get_docstring(node, clean=False) is not None else node.body
            if not body:
                continue
            first = min([body[0].lineno] + [d.lineno for d in getattr(body[0], "decorator_list", [])])
            lines = (node.end_lineno or first) - first + 1
            if lines > limit:
                found.append(f"{path.relative_to(package_root)}:{node.lineno} {node.name}: {lines} lines")
    return found


def test_every_module_sits_in_a_sub_package_named_for_its_role():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "demo.py"]
    # The command line is a package of its own at the top: it may import every layer.
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert packages == sorted([*LAYERS, "cli"])
    for layer in [*LAYERS, "cli"]:
        assert (PACKAGE / layer / "__init__.py").read_text(encoding="utf-8").startswith('"""')


def test_imports_only_point_down_the_layers():
    wrong = upward_imports(PACKAGE)
    assert not wrong, "\n".join(wrong)


def test_the_core_needs_only_the_standard_library_and_pydantic():
    wrong = foreign_imports_in_core(PACKAGE)
    assert not wrong, "\n".join(wrong)


def test_the_checks_see_a_wrong_import(tmp_path):
    # A rule test is only worth something if it notices a violation.
    root = tmp_path / "xlkompetence"
    for layer in LAYERS:
        (root / layer).mkdir(parents=True)
        (root / layer / "__init__.py").write_text("")
    (root / "core" / "bad.py").write_text("def f():\n    from ..unit.reader import Reader\n    import lxml\n")
    (root / "org" / "worse.py").write_text("from ..excel import server\nfrom xlkompetence.unit import reader\n")
    assert upward_imports(root) == ["core/bad.py:2 imports xlkompetence.unit.reader",
                                    "org/worse.py:1 imports xlkompetence.excel"]
    assert foreign_imports_in_core(root) == ["core/bad.py:3 imports lxml"]


def test_imports_form_no_circle():
    # Imported for type checkers or inside a function, a circle is still one: each of its
    # modules needs the others, and none can be understood or moved alone.
    circles = import_circles(PACKAGE)
    assert not circles, "\n".join(circles)


def planted(tmp_path: Path, files: dict[str, str]) -> Path:
    """A package ``xlkompetence`` in ``tmp_path`` of ``files`` (path in the package → source)."""
    root = tmp_path / "xlkompetence"
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source)
    return root


def test_the_circle_check_sees_a_circle(tmp_path):
    root = planted(tmp_path, {
        "__init__.py": "",
        "unit/__init__.py": "from .a import A\n",
        "unit/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
        "unit/b.py": "def f():\n    from . import c\n",
        "unit/c.py": "from xlkompetence.unit.a import A\n",
        "unit/d.py": "from . import a, b\n",
        "unit/e.py": "import xlkompetence.unit.f\n",
        "unit/f.py": "from xlkompetence.unit import e\n",
    })
    assert import_circles(root) == [
        "xlkompetence.unit.a → xlkompetence.unit.b → xlkompetence.unit.c → xlkompetence.unit.a",
        "xlkompetence.unit.e → xlkompetence.unit.f → xlkompetence.unit.e",
    ]


def test_no_function_is_longer_than_its_limit():
    wrong = long_functions(PACKAGE)
    assert not wrong, "\n".join(wrong)


def test_the_length_check_sees_a_long_function(tmp_path):
    docstring = '    """' + "Text.\n" * 10 + '    """\n'
    fits = "def fits():\n" + docstring + "    x = 1\n" * (MAX_FUNCTION_LINES - 1) + "    return x\n"
    long = "\n\nclass C:\n    def long(self):\n" + "        x = 1\n" * MAX_FUNCTION_LINES + "        return x\n"
    root = planted(tmp_path, {"unit/x.py": fits + long})
    assert long_functions(root) == [f"unit/x.py:{MAX_FUNCTION_LINES + 16} long: {MAX_FUNCTION_LINES + 1} lines"]


def run_blocked(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    script = tmp_path / "run.py"
    script.write_text(BLOCKER.format(blocked=set(NATIVE)) + code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE.parent), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)


def test_the_blocker_really_blocks(tmp_path):
    proc = run_blocked("import lxml\n", tmp_path)
    assert proc.returncode != 0 and "blocked in this test: lxml" in proc.stderr


def plan_as_data(grids: dict, today) -> dict:
    """The refresh plan and the owned sheets for ``grids``, as JSON-able data."""
    from xlkompetence.core.grid import Grid
    from xlkompetence.unit.checks import dated_findings
    from xlkompetence.unit.reader import Reader
    from xlkompetence.unit.refreshplan import plan_refresh, report_edits

    result = Reader({n: Grid(n, rows) for n, rows in grids.items()}, "eksempel.xlsx").read()
    findings = result.findings + dated_findings(result, today)
    edits = {**plan_refresh(result, today).edits, **report_edits(result, findings, today)}
    return {sheet: sorted([r, c, str(w.value), w.mode.value, w.formula] for (r, c), w in e.cells.items())
            for sheet, e in edits.items()}


def test_the_refresh_path_runs_on_a_grid_without_native_packages(tmp_path, example_path):
    # Reader → checks → refresh plan → Overblik/Fejl og mangler on plain grids, as in a browser.
    from xlkompetence.xlsx import loader

    grids = {name: g.rows for name, g in loader.load(example_path).grids.items()}
    data = tmp_path / "grids.json"
    data.write_text(json.dumps(grids, default=str), encoding="utf-8")
    proc = run_blocked(f"""
import json, sys
from datetime import date
{inspect.getsource(plan_as_data)}
import xlkompetence.excel.addin
grids = json.load(open({str(data)!r}, encoding="utf-8"))
plan = plan_as_data(grids, date.fromisoformat({TODAY.isoformat()!r}))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {set(NATIVE)!r})
print(json.dumps({{"plan": plan, "native": loaded}}))
""", tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["native"] == []
    # The same cells as in a process where everything is importable, from the same values.
    expected = plan_as_data(json.loads(data.read_text(encoding="utf-8")), TODAY)
    assert out["plan"] == json.loads(json.dumps(expected))
    assert len(out["plan"]["Overblik"]) > 50 and out["plan"]["Kompetencebehov"]


def test_the_add_in_refreshes_a_remote_book_without_native_packages(tmp_path, example_path):
    import xlwings as xw

    from xlkompetence.excel import addin

    payload = xlwings_payload(example_path)
    (tmp_path / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
    book = xw.Book(json=payload)
    addin.refresh_book(book, TODAY)
    expected = book.json()["actions"]
    proc = run_blocked(f"""
import json, sys
from datetime import date
import xlwings as xw
from xlkompetence.excel.addin import refresh_book
book = xw.Book(json=json.load(open({str(tmp_path / 'payload.json')!r}, encoding="utf-8")))
refresh_book(book, date.fromisoformat({TODAY.isoformat()!r}))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {set(NATIVE)!r})
print(json.dumps({{"actions": book.json()["actions"], "native": loaded}}))
""", tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["native"] == []
    assert out["actions"] == json.loads(json.dumps(expected))
