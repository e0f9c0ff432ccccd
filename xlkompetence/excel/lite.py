"""xlwings Lite in a unit workbook: the refresh travels inside the file, with nothing to install.

xlwings Lite is a free Excel add-in from Microsoft's add-in store (WA200008175; Windows, macOS,
Excel on the web) that runs Python in the browser. A workbook carries the code Lite runs as
the document settings of a web extension: ``xl/webextensions/webextension1.xml`` holds the
store reference and the properties ``main.py`` and ``requirements.txt`` (each value a
JSON-encoded string, as Office stores document settings), ``taskpanes.xml`` opens Lite's pane
with the workbook, and a root relationship and two content types tie them in. This is the
format as files saved by Lite show it; Lite itself is closed source.

``add_lite`` writes those parts at package level, like refresh: every other part is copied
byte for byte, the file is replaced in one rename, and files open in Excel are refused.
``main.py`` is ``lite_main.py`` with the package's pure refresh path bundled into it.
"""

from __future__ import annotations

__all__ = [
    "SCRIPT_MODULE", "SCRIPT_FUNCTION", "MARKER", "STORE_ID", "LiteReport", "bundle_modules", "bundle",
    "main_py", "requirements_txt", "add_lite", "has_lite", "carry_lite", "lite_parts",
]

import ast
import base64
import io
import json
import posixpath
import textwrap
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from lxml import etree

from ..core.findings import Code, Finding, Report, finding
from ..core.labels import t
from ..core.schema import COVER, TEMPLATE_SHEETS
from ..unit.refresh import writable_problem, write_problem
from ..unit.validate import read_checked
from ..xlsx.files import Stamp, atomic_path, real_target
from ..xlsx.loader import Unreadable, check_file
from ..xlsx.package import NS_CT, NS_PKG_REL, copy_package, parse_xml, q, read_part, relationships, serialise, sheet_parts

PACKAGE = Path(__file__).resolve().parents[1]
SCRIPT_MODULE = "xlkompetence.excel.lite_main"
SCRIPT_FUNCTION = "opdater_gab_og_status"
# The first line of every main.py this package writes: what it may replace.
MARKER = "# xlkompetence-lite"
STORE_ID = "WA200008175"
# The reference's store is the saving user's market; Office writes its own on the next save.
STORE_MARKET = "da-DK"
PYDANTIC = "pydantic>=2.6,<3"
# A fixed id: one Lite extension per workbook, and the same bytes for the same input.
EXTENSION_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "xlkompetence/xlwings-lite")).upper() + "}"

NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
NS_WETP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TASKPANES_REL = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
WEBEXTENSION_REL = "http://schemas.microsoft.com/office/2011/relationships/webextension"
TASKPANES_TYPE = "application/vnd.ms-office.webextensiontaskpanes+xml"
WEBEXTENSION_TYPE = "application/vnd.ms-office.webextension+xml"
TASKPANES_PART = "xl/webextensions/taskpanes.xml"
ROOT_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"


class Refused(Exception):
    """The workbook must not get Lite's code; ``reason`` is a label key."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class LiteReport(Report):
    """What embedding Lite in one file did. Every finding is about the file: it stops it
    (exit code 2), and the file is unchanged."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    written: bool = False
    opened: bool = True  # False: not a workbook that could be read at all

    @property
    def readable(self) -> bool:
        return self.opened

    def details(self) -> dict[str, Any]:
        return {"file": str(self.path), "written": self.written}


# -- what goes in: main.py and requirements.txt ---------------------------------------------------

def bundle_modules() -> list[str]:
    """The package's modules ``main.py`` imports, everything they import, and their packages."""
    todo = [m for m in _imports_of(SCRIPT_MODULE) if m != SCRIPT_MODULE]
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            parts = module.split(".")
            todo += [".".join(parts[:i]) for i in range(1, len(parts))] + _imports_of(module)
    return sorted(seen)


def bundle() -> bytes:
    """Those modules' sources as a zip to import from (the same bytes for the same sources)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for module in bundle_modules():
            path = _source(module)
            entry = zipfile.ZipInfo(path.relative_to(PACKAGE.parent).as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, path.read_bytes())
    return buffer.getvalue()


@cache
def main_py() -> str:
    """The module Lite runs: ``lite_main.py`` carrying the bundle, under a header saying who
    wrote it."""
    template = _source(SCRIPT_MODULE).read_text(encoding="utf-8")
    empty = 'BUNDLE = ""\n'
    if template.count(empty) != 1:
        raise RuntimeError(f"{SCRIPT_MODULE} must assign BUNDLE once")
    version = metadata.version("xlkompetence")
    note = t("lite.header", version=version, script=t("web.refresh"))
    header = "\n".join([f"{MARKER} {version}"] + textwrap.wrap(note, 86, initial_indent="# ",
                                                                     subsequent_indent="# "))
    code = base64.b64encode(bundle()).decode("ascii")
    return header + "\n" + template.replace(empty, f'BUNDLE = "{code}"\n')


def requirements_txt() -> str:
    """What Lite installs: xlwings pinned to the version the package uses, and pydantic."""
    return f"xlwings=={metadata.version('xlwings')}\n{PYDANTIC}\n"


def _source(module: str) -> Path:
    base = PACKAGE.joinpath(*module.split(".")[1:])
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _imports_of(module: str) -> list[str]:
    """The package's modules that ``module`` imports, at the top or inside functions; not
    those imported only for type checkers."""
    path = _source(module)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[str] = []
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1]) if node.level else ""
            base = ".".join(p for p in (base, node.module or "") if p)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [n for n in names if n.split(".")[0] == "xlkompetence" and _is_module(n)]
    return found


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` except what sits under ``if TYPE_CHECKING:``."""
    nodes: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            todo += node.orelse
        else:
            todo += ast.iter_child_nodes(node)
    return nodes


def _is_module(name: str) -> bool:
    base = PACKAGE.joinpath(*name.split(".")[1:])
    return (base / "__init__.py").is_file() or base.with_suffix(".py").is_file()


# -- where it goes: the package parts -------------------------------------------------------------

def add_lite(path: Path | str, *, label: str | None = None) -> LiteReport:
    """Embed xlwings Lite's refresh in the unit workbook at ``path``, in place and atomically.

    Refuses files open in Excel, read-only files, formats that cannot be written, workbooks
    that are not unit workbooks, and a workbook whose Lite code someone else wrote. A workbook
    that already carries this version is left as it is (``written`` is False, no findings).
    """
    path = Path(path)
    name = label or str(path)
    problem = writable_problem(path, name)
    if problem is not None:
        return LiteReport(path, [problem])
    stamp = Stamp.of(real_target(path))
    try:
        check_file(path)
    except Unreadable as exc:
        return LiteReport(path, [finding(exc.code, file=name, reason=exc.reason)], opened=False)
    # The button refreshes a unit's workbook: in any other workbook it could only fail.
    refused = [f for f in read_checked(path, date.today(), label=name).findings if f.code is Code.FILE_NOT_UNIT]
    if refused:
        return LiteReport(path, refused, opened=False)
    try:
        with zipfile.ZipFile(path) as zin:
            parts = lite_parts(zin, main_py(), requirements_txt())
        if not parts:
            return LiteReport(path)
        with atomic_path(path, read_as=stamp) as tmp, zipfile.ZipFile(path) as zin:
            copy_package(zin, tmp, parts)
    except Refused as exc:
        return LiteReport(path, [finding(Code.FILE_UNSUPPORTED, file=name, reason=t(exc.reason))])
    except OSError as exc:
        return LiteReport(path, [write_problem(exc, name)])
    return LiteReport(path, written=True)


def has_lite(path: Path) -> bool:
    """Whether the workbook at ``path`` carries xlwings Lite (any version of the code)."""
    try:
        with zipfile.ZipFile(path) as zin:
            return _lite_extension(zin, _target(zin, "", TASKPANES_REL)) is not None
    except (OSError, zipfile.BadZipFile, ValueError, KeyError):
        return False


def carry_lite(source: Path, target: Path) -> LiteReport | None:
    """Lite in ``target`` where ``source`` (last round's workbook) had it: a unit that works
    in its browser keeps its button in the next round. None where ``source`` had none."""
    return add_lite(target) if has_lite(source) else None


def lite_parts(zin: zipfile.ZipFile, main: str, requirements: str) -> dict[str, bytes]:
    """The parts to write (new or changed) so that the package carries Lite with ``main`` and
    ``requirements``; empty when it already does."""
    names = set(zin.namelist())
    if not {s.name for s in (*TEMPLATE_SHEETS, COVER)} & set(sheet_parts(zin)):
        raise Refused("lite.not_unit")
    taskpanes = _target(zin, "", TASKPANES_REL)
    part = _lite_extension(zin, taskpanes)
    extension = parse_xml(read_part(zin, part)) if part else _new_extension()
    settings = {"main.py": main, "requirements.txt": requirements}
    if not _set_properties(extension, settings):
        return {}
    parts: dict[str, bytes] = {}
    if part is None:
        part = next(f"xl/webextensions/webextension{i}.xml" for i in range(1, len(names) + 2)
                    if f"xl/webextensions/webextension{i}.xml" not in names)
        parts.update(_attach(zin, taskpanes, part))
    parts[part] = serialise(extension)
    return parts


def _target(zin: zipfile.ZipFile, source: str, rel_type: str) -> str | None:
    return next((target for kind, target in relationships(zin, source).values()
                 if kind == rel_type and target in zin.namelist()), None)


def _lite_extension(zin: zipfile.ZipFile, taskpanes: str | None) -> str | None:
    """The web extension part that refers to xlwings Lite, if the workbook has one."""
    if taskpanes is None:
        return None
    for kind, target in relationships(zin, taskpanes).values():
        if kind == WEBEXTENSION_REL and target in zin.namelist():
            root = parse_xml(read_part(zin, target))
            if any((ref.get("id") or "").upper() == STORE_ID for ref in root.iter(q("reference", NS_WE))):
                return target
    return None


def _new_extension() -> etree._Element:
    root = etree.Element(q("webextension", NS_WE), nsmap={"we": NS_WE}, id=EXTENSION_ID)
    etree.SubElement(root, q("reference", NS_WE), id=STORE_ID.lower(), version="1.0.0.0",
                     store=STORE_MARKET, storeType="OMEX")
    alternates = etree.SubElement(root, q("alternateReferences", NS_WE))
    etree.SubElement(alternates, q("reference", NS_WE), id=STORE_ID, version="1.0.0.0",
                     store=STORE_ID, storeType="OMEX")
    etree.SubElement(root, q("properties", NS_WE))
    etree.SubElement(root, q("bindings", NS_WE))
    return root


def _set_properties(extension: etree._Element, settings: dict[str, str]) -> bool:
    """Set Lite's document settings; False when they already hold these values. Other
    settings (Lite's own, such as its Pyodide version) are kept."""
    properties = extension.find(q("properties", NS_WE))
    if properties is None:
        properties = etree.Element(q("properties", NS_WE))
        # After the references, in the schema's order.
        anchor = extension.find(q("alternateReferences", NS_WE))
        if anchor is None:
            anchor = extension.find(q("reference", NS_WE))
        if anchor is None:
            extension.insert(0, properties)
        else:
            anchor.addnext(properties)
    current = {p.get("name"): p for p in properties.findall(q("property", NS_WE))}
    code = _setting(current.get("main.py"))
    if code and not code.startswith(MARKER):
        raise Refused("lite.foreign_code")
    if all(_setting(current.get(k)) == v for k, v in settings.items()):
        return False
    for key, value in settings.items():
        element = current.get(key)
        if element is None:
            element = etree.SubElement(properties, q("property", NS_WE), name=key)
        element.set("value", json.dumps(value, ensure_ascii=False))
    return True


def _setting(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    raw = element.get("value", "")
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def _attach(zin: zipfile.ZipFile, taskpanes: str | None, part: str) -> dict[str, bytes]:
    """A task pane for the new extension ``part``, with relationships and content types."""
    parts: dict[str, bytes] = {}
    new_types = {part: WEBEXTENSION_TYPE}
    if taskpanes is None:
        taskpanes = TASKPANES_PART
        panes = etree.Element(q("taskpanes", NS_WETP), nsmap={"wetp": NS_WETP})
        root_rels = parse_xml(read_part(zin, ROOT_RELS))
        _relate(root_rels, TASKPANES_REL, taskpanes)
        parts[ROOT_RELS] = serialise(root_rels)
        new_types[taskpanes] = TASKPANES_TYPE
    else:
        panes = parse_xml(read_part(zin, taskpanes))
    rels_part = posixpath.join(posixpath.dirname(taskpanes), "_rels", posixpath.basename(taskpanes) + ".rels")
    rels = parse_xml(read_part(zin, rels_part)) if rels_part in zin.namelist() else _new_relationships()
    rid = _relate(rels, WEBEXTENSION_REL, posixpath.relpath(part, posixpath.dirname(taskpanes)))
    pane = etree.SubElement(panes, q("taskpane", NS_WETP), dockstate="right", visibility="1", width="350",
                            row=str(4 + len(panes)))
    ref = etree.SubElement(pane, q("webextensionref", NS_WETP), nsmap={"r": NS_R})
    ref.set(q("id", NS_R), rid)
    parts[taskpanes] = serialise(panes)
    parts[rels_part] = serialise(rels)
    parts[CONTENT_TYPES] = _with_overrides(read_part(zin, CONTENT_TYPES), new_types)
    return parts


def _new_relationships() -> etree._Element:
    return etree.Element(q("Relationships", NS_PKG_REL), nsmap={None: NS_PKG_REL})


def _relate(rels: etree._Element, rel_type: str, target: str) -> str:
    """Add a relationship to ``rels`` and return its new id."""
    used = {r.get("Id") for r in rels.findall(q("Relationship", NS_PKG_REL))}
    rid = next(f"rId{i}" for i in range(1, len(used) + 2) if f"rId{i}" not in used)
    etree.SubElement(rels, q("Relationship", NS_PKG_REL), Id=rid, Type=rel_type, Target=target)
    return rid


def _with_overrides(data: bytes, types: dict[str, str]) -> bytes:
    root = parse_xml(data)
    known = {o.get("PartName") for o in root.findall(q("Override", NS_CT))}
    for part, kind in types.items():
        if f"/{part}" not in known:
            etree.SubElement(root, q("Override", NS_CT), PartName=f"/{part}", ContentType=kind)
    return serialise(root)
