"""xlwings Lite in a unit workbook: the parts ``lite add`` writes, that nothing else changes,
and the embedded main.py run for real — from its own bundle, without native packages, and in
Pyodide under node — returning the actions CPython's refresh returns."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from xlkompetence.cli import cli
from xlkompetence.core.schema import NEEDS
from xlkompetence.excel import lite
from xlkompetence.excel.lite import (
    MARKER, NS_WE, NS_WETP, STORE_ID, TASKPANES_REL, TASKPANES_TYPE, WEBEXTENSION_REL, WEBEXTENSION_TYPE,
    add_lite, main_py, requirements_txt,
)
from xlkompetence.unit.refresh import refresh_file

from conftest import TODAY, xlwings_payload
from test_addin import type_a_row_without_formulas
from test_layout import BLOCKER, NATIVE, imports_of

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "tests" / "js"
WHEELS = Path(os.environ.get("XLK_PYODIDE_WHEELS", JS / "wheels"))
NS = {"we": NS_WE, "wetp": NS_WETP, "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
OUR_PARTS = {"xl/webextensions/webextension1.xml", "xl/webextensions/taskpanes.xml",
             "xl/webextensions/_rels/taskpanes.xml.rels"}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def settings(path: Path, part: str = "xl/webextensions/webextension1.xml") -> dict[str, str]:
    root = xml(parts(path)[part])
    return {p.get("name"): json.loads(p.get("value")) for p in root.iterfind("we:properties/we:property", NS)}


def embedded_main(path: Path, into: Path) -> Path:
    """main.py as Lite reads it: the document setting, JSON-decoded, out of the workbook part."""
    into.write_text(settings(path)["main.py"], encoding="utf-8")
    return into


# -- the parts ---------------------------------------------------------------------------------------

def test_lite_add_writes_the_parts_lite_saves(example_path):
    report = add_lite(example_path)
    assert report.written and not report.findings
    p = parts(example_path)
    root_rels = xml(p["_rels/.rels"])
    (pane_rel,) = root_rels.xpath("rel:Relationship[@Type=$t]", namespaces=NS, t=TASKPANES_REL)
    assert pane_rel.get("Target") == "xl/webextensions/taskpanes.xml"
    (pane,) = xml(p["xl/webextensions/taskpanes.xml"]).iterfind("wetp:taskpane", NS)
    rid = pane.find("wetp:webextensionref", NS).get(f"{{{NS['r']}}}id")
    (ext_rel,) = xml(p["xl/webextensions/_rels/taskpanes.xml.rels"]).iterfind("rel:Relationship", NS)
    assert (ext_rel.get("Id"), ext_rel.get("Type"), ext_rel.get("Target")) == (rid, WEBEXTENSION_REL,
                                                                                 "webextension1.xml")
    extension = xml(p["xl/webextensions/webextension1.xml"])
    reference = extension.find("we:reference", NS)
    assert (reference.get("id"), reference.get("storeType")) == ("wa200008175", "OMEX")
    (alternate,) = extension.iterfind("we:alternateReferences/we:reference", NS)
    assert alternate.get("id") == alternate.get("store") == STORE_ID
    # Values are JSON-encoded strings, as Office stores document settings.
    raw = {q.get("name"): q.get("value") for q in extension.iterfind("we:properties/we:property", NS)}
    assert raw["requirements.txt"] == json.dumps(requirements_txt())
    assert settings(example_path) == {"main.py": main_py(), "requirements.txt": requirements_txt()}
    types = {o.get("PartName"): o.get("ContentType") for o in xml(p["[Content_Types].xml"]).iterfind("ct:Override", NS)}
    assert types["/xl/webextensions/taskpanes.xml"] == TASKPANES_TYPE
    assert types["/xl/webextensions/webextension1.xml"] == WEBEXTENSION_TYPE


def test_nothing_else_in_the_workbook_changes(example_path):
    before = parts(example_path)
    add_lite(example_path)
    after = parts(example_path)
    assert list(after)[: len(before)] == list(before) and set(after) - set(before) == OUR_PARTS
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["[Content_Types].xml", "_rels/.rels"]
    for name, added in (("[Content_Types].xml", 2), ("_rels/.rels", 1)):
        old, new = xml(before[name]), xml(after[name])
        assert [etree.tostring(e) for e in new][: len(old)] == [etree.tostring(e) for e in old]
        assert len(new) == len(old) + added


def test_a_second_add_changes_no_byte(example_path):
    add_lite(example_path)
    data, mtime = example_path.read_bytes(), example_path.stat().st_mtime_ns
    report = add_lite(example_path)
    assert not report.written and not report.findings
    assert example_path.read_bytes() == data and example_path.stat().st_mtime_ns == mtime


def test_a_workbook_open_in_excel_or_read_only_is_left_alone(example_path):
    data = example_path.read_bytes()
    lock = example_path.with_name("~$" + example_path.name)
    lock.write_bytes(b"")
    assert [f.code for f in add_lite(example_path).findings] == ["file.locked"]
    lock.unlink()
    example_path.chmod(stat.S_IRUSR)
    try:
        assert [f.code for f in add_lite(example_path).findings] == ["file.read_only"]
    finally:
        example_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert example_path.read_bytes() == data


def test_someone_elses_lite_code_is_not_overwritten(example_path):
    add_lite(example_path)
    edit_setting(example_path, "main.py", "from xlwings import script\n\n@script\ndef mine(book): ...\n")
    data = example_path.read_bytes()
    report = add_lite(example_path)
    assert [f.code for f in report.findings] == ["file.unsupported"] and "main.py" in report.findings[0].message
    assert report.exit_code == 2 and example_path.read_bytes() == data


def test_an_older_version_is_replaced_and_lites_own_settings_kept(example_path):
    add_lite(example_path)
    edit_setting(example_path, "main.py", f"{MARKER} 0.0.1\nprint('old')\n")
    edit_setting(example_path, "pyodideVersion", "0.27.5")
    assert add_lite(example_path).written
    assert settings(example_path) == {"main.py": main_py(), "requirements.txt": requirements_txt(),
                                      "pyodideVersion": "0.27.5"}


def test_another_add_ins_pane_is_kept_beside_lite(example_path):
    other = ('<we:webextension xmlns:we="%s" id="{1}"><we:reference id="wa104379955" version="1.0.0.0" '
             'store="da-DK" storeType="OMEX"/><we:alternateReferences/><we:properties/><we:bindings/>'
             '</we:webextension>' % NS_WE).encode()
    add_parts(example_path, {
        "xl/webextensions/webextension1.xml": other,
        "xl/webextensions/taskpanes.xml": (
            '<wetp:taskpanes xmlns:wetp="%s"><wetp:taskpane dockstate="right" visibility="0" width="350" '
            'row="4"><wetp:webextensionref xmlns:r="%s" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>'
            % (NS_WETP, NS["r"])).encode(),
        "xl/webextensions/_rels/taskpanes.xml.rels": (
            '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s" Target="webextension1.xml"/>'
            '</Relationships>' % (NS["rel"], WEBEXTENSION_REL)).encode(),
    }, root_rel=TASKPANES_REL, types={"/xl/webextensions/webextension1.xml": WEBEXTENSION_TYPE,
                                      "/xl/webextensions/taskpanes.xml": TASKPANES_TYPE})
    assert add_lite(example_path).written
    p = parts(example_path)
    assert p["xl/webextensions/webextension1.xml"] == other
    assert settings(example_path, "xl/webextensions/webextension2.xml")["main.py"] == main_py()
    targets = [r.get("Target") for r in xml(p["xl/webextensions/_rels/taskpanes.xml.rels"])]
    assert targets == ["webextension1.xml", "webextension2.xml"]
    assert len(xml(p["xl/webextensions/taskpanes.xml"])) == 2
    assert len(xml(p["_rels/.rels"]).xpath("rel:Relationship[@Type=$t]", namespaces=NS, t=TASKPANES_REL)) == 1


def test_only_unit_workbooks_get_it(tmp_path):
    import xlsxwriter

    path = tmp_path / "andet.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet("Budget").write("A1", 1)
    report = add_lite(path)
    assert [f.code for f in report.findings] == ["file.not_unit"]
    assert "enheds projektmappe" in report.findings[0].message


def test_the_organisation_plan_gets_no_button_and_is_left_as_it_was(example_path, tmp_path):
    from xlkompetence.org.merge import merge_files

    org = tmp_path / "organisation.xlsx"
    merge_files([example_path], org, TODAY)
    before = org.read_bytes()
    report = add_lite(org)
    assert [f.code for f in report.findings] == ["file.not_unit"]
    assert "organisationens samlede plan" in report.findings[0].message
    assert org.read_bytes() == before


def test_refresh_keeps_lite_and_the_readers_still_read_it(example_path, libreoffice, tmp_path):
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    add_lite(example_path)
    ours = {name: data for name, data in parts(example_path).items() if name in OUR_PARTS}
    assert refresh_file(example_path, TODAY).written
    assert {name: data for name, data in parts(example_path).items() if name in OUR_PARTS} == ours
    assert "Overblik" in CalamineWorkbook.from_path(str(example_path)).sheet_names
    assert load_workbook(example_path)[NEEDS.name]["A1"].value
    csv = libreoffice.sheets_as_csv(example_path, tmp_path / "lo")
    assert csv[NEEDS.name][0][0]


def test_lite_is_off_by_default_and_on_with_the_flag(tmp_path):
    runner = CliRunner()
    for flag in ([], ["--lite"]):
        out = tmp_path / ("med" if flag else "uden")
        assert runner.invoke(cli, ["examples", str(out), *flag]).exit_code == 0
        path = out / "eksempel.xlsx"
        assert ("xl/webextensions/webextension1.xml" in parts(path)) == bool(flag)
    new = tmp_path / "ny.xlsx"
    result = runner.invoke(cli, ["new", str(new), "--unit", "Solhjem", "--team", "Team A", "--lite"])
    assert result.exit_code == 0 and "xlwings Lite lagt ind" in result.output
    assert settings(new)["main.py"] == main_py()


def test_sync_with_lite_embeds_it_in_the_units_it_brings_in_step(tmp_path):
    runner = CliRunner()
    runner.invoke(cli, ["examples", str(tmp_path)])
    org, unit = tmp_path / "eksempel.xlsx", tmp_path / "skabelon.xlsx"
    dry = runner.invoke(cli, ["sync", str(org), str(unit), "--lite", "--dry-run"])
    assert dry.exit_code == 0 and "xl/webextensions/webextension1.xml" not in parts(unit)
    result = runner.invoke(cli, ["sync", str(org), str(unit), "--lite", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [f["written"] for f in json.loads(result.output)["lite"]] == [True]
    assert settings(unit)["main.py"] == main_py()


def test_lite_add_command_reports_each_file_and_exits_2_for_a_refusal(example_path, tmp_path):
    broken = tmp_path / "ødelagt.xlsx"
    broken.write_bytes(b"ikke en zip")
    result = CliRunner().invoke(cli, ["lite", "add", str(example_path), str(broken), "--format", "json"])
    assert result.exit_code == 2
    files = {Path(f["file"]).name: f for f in json.loads(result.output)["files"]}
    assert files["eksempel.xlsx"]["written"] and not files["eksempel.xlsx"]["findings"]
    assert [f["code"] for f in files["ødelagt.xlsx"]["findings"]] == ["file.unreadable"]
    again = CliRunner().invoke(cli, ["lite", "add", str(example_path)])
    assert again.exit_code == 0 and "uændret" in again.output


# -- what goes in ------------------------------------------------------------------------------------

def test_requirements_pin_xlwings_as_the_package_does_and_add_only_pydantic():
    import xlwings

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = {re.split(r"[<>=!~ ]", d, maxsplit=1)[0].lower(): d.replace(" ", "") for d in deps}
    assert requirements_txt().splitlines() == [pins["xlwings"], pins["pydantic"]]
    assert pins["xlwings"] == f"xlwings=={xlwings.__version__}"


def test_the_bundle_holds_the_pure_refresh_path_and_imports_nothing_native(tmp_path):
    # The pure path: the core, and of ``unit`` and ``excel`` only the modules it runs.
    allowed = re.compile(r"xlkompetence(\.core(\.\w+)?"
                         r"|\.unit(\.(reader|coverreader|needsreader|sheettables|checks|refreshplan|memory|overview|links|suggestionsheet"
                         r"|namechecks|ownedlayout|styletable))?|\.xlsx(\.styles)?"
                         r"|\.excel(\.(addin|objects))?)?$")
    modules = lite.bundle_modules()
    assert {"xlkompetence.excel.addin", "xlkompetence.unit.refreshplan", "xlkompetence.core.schema"} <= set(modules)
    assert [m for m in modules if not allowed.match(m)] == []
    with zipfile.ZipFile(_bundle_file(tmp_path)) as zf:
        zf.extractall(tmp_path / "bundle")
    root = tmp_path / "bundle" / "xlkompetence"
    # Beyond the standard library, only what requirements.txt installs.
    foreign = sorted({target.split(".")[0] for path in root.rglob("*.py")
                      for target, _ in imports_of(path, root) if not target.startswith("xlkompetence")}
                     - set(sys.stdlib_module_names) - {"__future__", "pydantic", "xlwings"})
    assert foreign == []


def _bundle_file(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.zip"
    path.write_bytes(lite.bundle())
    return path


# -- run for real ------------------------------------------------------------------------------------

def lite_payload(path: Path, include: list[str]) -> dict:
    """The JSON xlwings Lite sends for a script with ``include``: values and tables of those
    sheets, the others named only."""
    payload = xlwings_payload(path, tables=True)
    for sheet in payload["sheets"]:
        if sheet["name"] not in include:
            sheet.update(values=[[]], tables=[], pictures=[])
    return payload


def cpython_actions(payload: dict, today) -> list[dict]:
    import xlwings as xw

    from xlkompetence.excel.addin import refresh_book

    book = xw.Book(json=payload)
    refresh_book(book, today, values_only=True)
    return book.json()["actions"]


RUN_MAIN = """
import asyncio, json, os, sys
from datetime import date
os.environ["XLWINGS_ON_SERVER"] = "true"
sys.path.insert(0, {folder!r})
import xlwings as xw
from xlwings.server import custom_scripts_call
import main
book = xw.Book(json=json.load(open({payload!r}, encoding="utf-8")))
book = asyncio.run(custom_scripts_call(main, "opdater_gab_og_status", typehint_to_value={{xw.Book: book}}))
native = sorted(m for m in sys.modules if m.split(".")[0] in {native!r})
print("RESULT " + json.dumps({{"actions": book.json()["actions"], "today": date.today().isoformat(),
      "package_file": sys.modules["xlkompetence"].__file__, "native": native,
      "meta": main.opdater_gab_og_status.__xlscript__}}))
"""


def result_line(stdout: str) -> dict:
    (line,) = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def test_the_embedded_main_runs_from_its_bundle_alone_without_native_packages(example_path, tmp_path):
    add_lite(example_path)
    folder = tmp_path / "lite"
    folder.mkdir()
    embedded_main(example_path, folder / "main.py")
    include = sorted(lite_main_sheets())
    (tmp_path / "payload.json").write_text(json.dumps(lite_payload(example_path, include)), encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(BLOCKER.format(blocked=set(NATIVE)) + RUN_MAIN.format(
        folder=str(folder), payload=str(tmp_path / "payload.json"), native=set(NATIVE)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=180)
    assert proc.returncode == 0, proc.stderr
    out = result_line(proc.stdout)
    assert out["native"] == [] and ".zip" in out["package_file"] and str(ROOT) not in out["package_file"]
    assert out["meta"]["name"] == "Opdater gab og status" and out["meta"]["include"] == include
    assert proc.stdout.startswith("Opdateret ")
    from datetime import date

    assert out["actions"] == cpython_actions(lite_payload(example_path, include), date.fromisoformat(out["today"]))
    assert {a["func"] for a in out["actions"]} - {"setNumberFormat"} == {"setValues", "rangeClearContents"}


def lite_main_sheets() -> set[str]:
    from xlkompetence.excel.addin import OWNED_SHEETS, READ_SHEETS

    return READ_SHEETS | set(OWNED_SHEETS)


# -- in Pyodide, as in Excel's browser --------------------------------------------------------------

@pytest.fixture(scope="session")
def node() -> str:
    exe = shutil.which("node")
    if exe is None or not (JS / "node_modules" / "pyodide").is_dir():
        pytest.fail("node og Pyodide (tests/js/node_modules) mangler: kør ./setup.sh --test")
    return exe


def pyodide_wheels() -> list[Path]:
    """The wheels listed in tests/js/pyodide-wheels.txt, from the folder setup.sh --test fills."""
    found, missing = [], []
    for line in (JS / "pyodide-wheels.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, version = line.split()[0].split("==")
        matches = sorted(WHEELS.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
        (found if matches else missing).append(matches[0] if matches else line)
    if missing:
        pytest.fail(f"Wheels for Pyodide mangler i {WHEELS}: {missing}. Kør ./setup.sh --test.")
    return found


def test_the_embedded_main_in_pyodide_returns_what_cpython_returns(example_path, tmp_path, node):
    # Two books: the concept's example, and one with a profile typed below Kompetencebehov's
    # table (the table grows, the row's gap formulas go in as values).
    typed = tmp_path / "typed" / "indtastet.xlsx"
    typed.parent.mkdir()
    shutil.copy(example_path, typed)
    type_a_row_without_formulas(typed)
    include = sorted(lite_main_sheets())
    payloads = [lite_payload(path, include) for path in (example_path, typed)]
    for i, payload in enumerate(payloads):
        (tmp_path / f"payload{i}.json").write_text(json.dumps(payload), encoding="utf-8")
    add_lite(example_path)
    job = {"main": str(embedded_main(example_path, tmp_path / "main.py")),
           "payloads": [str(tmp_path / f"payload{i}.json") for i in range(len(payloads))],
           "wheels": [str(w) for w in pyodide_wheels()], "script": "opdater_gab_og_status",
           "licence_key": os.environ["XLWINGS_LICENSE_KEY"]}
    (tmp_path / "job.json").write_text(json.dumps(job), encoding="utf-8")
    proc = subprocess.run([node, str(JS / "lite_run.mjs"), str(tmp_path / "job.json")], capture_output=True,
                          text=True, timeout=600, cwd=JS)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = result_line(proc.stdout)
    print("\nPyodide run:", json.dumps({"versions": out["versions"], "seconds": out["seconds"],
                                        "runs": [{"actions": len(r["actions"]), "seconds": r["seconds"]}
                                                 for r in out["runs"]]}))
    assert out["versions"]["python"].startswith("3.14") and out["native"] == []
    assert out["package_file"].endswith(".zip/xlkompetence/__init__.py")
    from datetime import date

    today = date.fromisoformat(out["today"])
    for run, payload in zip(out["runs"], payloads, strict=True):
        assert run["printed"].startswith("Opdateret ") and "teams" in run["printed"]
        expected = cpython_actions(payload, today)
        assert len(expected) > 5 and run["actions"] == expected
    # Values, clears, number formats (where Overblik's sections moved) and table resizes: what
    # xlwings' JavaScript handles in the browser.
    example, grown = ({a["func"] for a in run["actions"]} for run in out["runs"])
    assert {"setValues", "rangeClearContents"} <= example <= {"setValues", "rangeClearContents", "setNumberFormat"}
    assert grown - {"setNumberFormat"} == {"setValues", "rangeClearContents", "resizeTable"}


# -- helpers that make workbooks as other tools leave them -------------------------------------------

def edit_setting(path: Path, name: str, value: str) -> None:
    """Change one of Lite's document settings, as Lite's editor would."""
    part = "xl/webextensions/webextension1.xml"
    root = xml(parts(path)[part])
    props = root.find("we:properties", NS)
    element = props.find(f"we:property[@name='{name}']", NS)
    if element is None:
        element = etree.SubElement(props, f"{{{NS_WE}}}property", name=name)
    element.set("value", json.dumps(value))
    replace_parts(path, {part: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)})


def add_parts(path: Path, new: dict[str, bytes], *, root_rel: str, types: dict[str, str]) -> None:
    p = parts(path)
    rels = xml(p["_rels/.rels"])
    etree.SubElement(rels, f"{{{NS['rel']}}}Relationship", Id="rId99", Type=root_rel,
                     Target="xl/webextensions/taskpanes.xml")
    ct = xml(p["[Content_Types].xml"])
    for name, kind in types.items():
        etree.SubElement(ct, f"{{{NS['ct']}}}Override", PartName=name, ContentType=kind)
    replace_parts(path, {**new, "_rels/.rels": etree.tostring(rels), "[Content_Types].xml": etree.tostring(ct)})


def replace_parts(path: Path, new: dict[str, bytes]) -> None:
    old = parts(path)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in [*old, *(n for n in new if n not in old)]:
            zf.writestr(name, new.get(name, old.get(name)))
    os.replace(tmp, path)
