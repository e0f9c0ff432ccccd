"""Build and install the Excel add-in ``xlkompetence.xlam`` from xlwings' own ribbon template.

The template's VBA (``RibbonMyAddin.RunMain``) runs ``import <add-in name>; <add-in name>.main()``;
named ``xlkompetence.xlam`` it calls ``xlkompetence.main()``. The build swaps in the ribbon
(``ribbon/customUI.xml``, package data copied from the repository's ``macros/``) and changes
nothing else: it is edited as a zip, since openpyxl refuses .xlam and an openpyxl save drops
the ribbon's relationship. ``ribbon/`` also carries the template's VBA as text and the
prebuilt add-in, so an installed package needs no copy of the repository.
"""

from __future__ import annotations

__all__ = [
    "ADDIN_NAME", "RIBBON", "CUSTOM_UI_PART", "CONFIG_NAME", "AddinError", "template_path",
    "custom_ui", "build_addin", "config_text", "config_path", "install_addin",
]

import os
import platform
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

from ..core.labels import t
from ..xlsx.files import write_atomic
from ..xlsx.package import copy_package, parse_xml

ADDIN_NAME = "xlkompetence.xlam"
# Package data: the ribbon, its VBA callback as text and the prebuilt add-in.
RIBBON = resources.files(__package__) / "ribbon"
CUSTOM_UI_PART = "customUI/customUI.xml"
# The template's VBA project is called "myaddin" whatever the file is named, so its
# configuration lives in myaddin.conf.
CONFIG_NAME = "myaddin"


class AddinError(RuntimeError):
    """The add-in cannot be built or installed here; the message is Danish."""


def template_path() -> Path:
    import xlwings

    path = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    if not path.exists():
        raise AddinError(t("addin.template_missing", path=path))
    return path


def custom_ui() -> bytes:
    path = RIBBON / "customUI.xml"
    if not path.is_file():
        raise AddinError(t("addin.ribbon_missing", path=path))
    data = path.read_bytes()
    parse_xml(data)  # refuse a ribbon Excel could not load
    return data


def build_addin(out_dir: Path | str) -> Path:
    """Write ``xlkompetence.xlam`` into ``out_dir`` (atomically) and return its path."""
    out = Path(out_dir) / ADDIN_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    ribbon = custom_ui()
    template = template_path()

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(template) as zin:
            if CUSTOM_UI_PART not in zin.namelist():
                raise AddinError(t("addin.template_no_ribbon"))
            copy_package(zin, tmp, {CUSTOM_UI_PART: ribbon})

    write_atomic(out, write)
    return out


def config_text(interpreter: str, pythonpath: str = "") -> str:
    """The add-in's user configuration (xlwings' format: one "KEY","value" line each)."""
    key = "Interpreter_Mac" if platform.system() == "Darwin" else "Interpreter_Win"
    lines = [f'"{key}","{interpreter}"']
    if pythonpath:
        lines.append(f'"PYTHONPATH","{pythonpath}"')
    return "\n".join(lines) + "\n"


def config_path() -> Path:
    if platform.system() == "Darwin":
        return Path.home() / f"{CONFIG_NAME}.conf"
    return Path(os.environ.get("USERPROFILE", str(Path.home()))) / f".{CONFIG_NAME}" / f"{CONFIG_NAME}.conf"


def install_addin() -> list[str]:
    """Install the add-in into Excel's start-up folder and point it at this Python.

    Returns the Danish lines to show the user. Only Windows and macOS have Excel.
    """
    system = platform.system()
    if system not in ("Windows", "Darwin"):
        raise AddinError(t("addin.needs_excel"))
    build_dir = config_path().parent / "build"
    addin = build_addin(build_dir)
    xlwings_cli = shutil.which("xlwings") or f'"{sys.executable}" -m xlwings.cli'
    subprocess.run(f'{xlwings_cli} addin install --file "{addin}"', shell=True, check=True)
    interpreter = sys.executable
    if system == "Windows":
        pythonw = Path(sys.executable).with_name("pythonw.exe")
        interpreter = str(pythonw if pythonw.exists() else sys.executable)
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text(interpreter), encoding="utf-8")
    lines = [
        t("addin.installed", name=ADDIN_NAME),
        t("addin.installed.python", interpreter=interpreter, path=path),
        t("addin.installed.restart"),
        t("addin.installed.macros"),
        t("addin.installed.trust"),
    ]
    if system == "Darwin":
        subprocess.run(f"{xlwings_cli} runpython install", shell=True, check=False)
        lines.append(t("addin.installed.mac"))
    return lines
