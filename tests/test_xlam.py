"""The built add-in: a valid OOXML package whose ribbon has the tab and button, and whose
VBA callback runs xlkompetence.main()."""

from __future__ import annotations

import platform
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from oletools.olevba import VBA_Parser

import xlkompetence
from xlkompetence.cli import cli
from xlkompetence.excel.xlam import ADDIN_NAME, build_addin, config_text

ROOT = Path(__file__).parent.parent
MACROS = ROOT / "macros"
NS = {"ui": "http://schemas.microsoft.com/office/2006/01/customui"}


@pytest.fixture
def xlam(tmp_path) -> Path:
    return build_addin(tmp_path)


def test_the_add_in_is_a_valid_package_with_the_ribbon_relationship(xlam):
    assert xlam.name == ADDIN_NAME
    with zipfile.ZipFile(xlam) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin", "customUI/customUI.xml"} <= names
        rels = etree.fromstring(zf.read("_rels/.rels"))
        targets = {r.get("Target") for r in rels if r.get("Type", "").endswith("/ui/extensibility")}
        assert targets == {"customUI/customUI.xml"}
        content_types = zf.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in content_types


def test_the_ribbon_has_the_kompetence_tab_and_its_button(xlam):
    with zipfile.ZipFile(xlam) as zf:
        ui = etree.fromstring(zf.read("customUI/customUI.xml"))
    assert zf and ui is not None
    (tab,) = ui.findall(".//ui:tab", NS)
    assert tab.get("label") == "Kompetence"
    (button,) = tab.findall(".//ui:button", NS)
    assert button.get("label") == "Opdater gab og status"
    assert button.get("onAction") == "RibbonMyAddin.RunMain"
    assert (MACROS / "customUI.xml").read_bytes() == zipfile.ZipFile(xlam).read("customUI/customUI.xml")


def test_the_callback_runs_xlkompetence_main(xlam):
    parser = VBA_Parser(str(xlam))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    code = modules["RibbonMyAddin.bas"]
    body = "\n".join(line for line in code.replace("\r\n", "\n").splitlines()
                     if line.strip() and not line.startswith("Attribute "))
    assert body == (MACROS / "RibbonMyAddin.bas").read_text().strip()
    # The module name is the add-in's file name without extension: "xlkompetence".
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in body
    assert Path(ADDIN_NAME).stem == "xlkompetence" and callable(xlkompetence.main)
    assert any("Public Const PROJECT_NAME" in c and '"myaddin"' in c for c in modules.values())


def test_only_the_ribbon_differs_from_xlwings_template(xlam):
    import xlwings

    template = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(template) as a, zipfile.ZipFile(xlam) as b:
        assert a.namelist() == b.namelist()
        differing = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert differing == ["customUI/customUI.xml"]


def test_the_shipped_add_in_is_a_fresh_build(xlam):
    assert (ROOT / "workbooks" / ADDIN_NAME).read_bytes() == xlam.read_bytes()


def test_addin_build_command(tmp_path):
    result = CliRunner().invoke(cli, ["addin", "build", "--out", str(tmp_path)])
    assert result.exit_code == 0 and (tmp_path / ADDIN_NAME).exists()


@pytest.mark.skipif(platform.system() in ("Windows", "Darwin"), reason="checks the refusal where Excel cannot be")
def test_addin_install_explains_where_excel_is_missing():
    result = CliRunner().invoke(cli, ["addin", "install"])
    assert result.exit_code == 1
    assert "Windows eller macOS" in result.output


def test_config_names_this_python():
    text = config_text("C:\\Python311\\pythonw.exe", "C:\\proj")
    assert '"Interpreter_' in text and '"PYTHONPATH","C:\\proj"' in text
