"""The README's figures are the package's: each is taken from where the package or its tests
keep it, and the README must state it as it is now. A figure that drifts fails here; one
that no test can hold is left out of the README, or dated there as a measurement."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from xlkompetence.core.printing import BASE_FONT_PT, FORM_ROWS, MIN_FONT_PT
from xlkompetence.core.pseudonyms import MIN_KEY_BYTES
from xlkompetence.core.resources import HOURS_PER_DAY, HOURS_PER_WEEK
from xlkompetence.excel.lite import main_py, requirements_txt
from xlkompetence.excel.server.settings import ServerSettings
from xlkompetence.org.mailsettings import MailSettings
from xlkompetence.org.merge import PARALLEL_FROM
from xlkompetence.org.reminders import NEAR_DAYS
from xlkompetence.org.orgoverview import TOP_GAPS
from xlkompetence.org.watch import Watcher
from xlkompetence.unit.sheettables import MAX_FINDINGS_PER_CODE
from xlkompetence.xlsx.bulkrows import EXCEL_MAX_TEXT
from xlkompetence.xlsx.loader import MAX_UNCOMPRESSED, MB

from test_layout import MAX_FUNCTION_LINES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
JS = ROOT / "tests" / "js"
# How far main.py's size may move before the README's "about N KB" is no longer about right.
SIZE_TOLERANCE = 0.2


def _danish(number: float) -> str:
    """7.4 as the README's Danish passages write it: 7,4."""
    return f"{number:g}".replace(".", ",")


def _retry_for() -> float:
    return next(f.default for f in dataclasses.fields(Watcher) if f.name == "retry_for")


FIGURES = {
    "zip bomb limit": f"over {MAX_UNCOMPRESSED // MB} MB unpacked",
    "findings cap": f"capped at {MAX_FINDINGS_PER_CODE} per kind and sheet",
    "parallel merge": f"one process per core once there are {PARALLEL_FROM} or more",
    "watch retries": f"for up to {_retry_for():g} s before reporting it",
    "largest gaps": f"the {TOP_GAPS} largest gaps",
    "print sizes": f"never sets the {BASE_FONT_PT} pt text below {MIN_FONT_PT} pt",
    "pseudonym key": f"({MIN_KEY_BYTES} byte,",
    "cell text": f"text over {EXCEL_MAX_TEXT:,} characters".replace(",", " "),
    "hours a day": f"({_danish(HOURS_PER_DAY)} timer each)",
    "hours a week": f"({_danish(HOURS_PER_WEEK)} timer)",
    "function length": f"no function's body is longer than {MAX_FUNCTION_LINES} lines",
    "reminder days": f"`--within` dage (standard {NEAR_DAYS})",
    "form rows": f"prints {FORM_ROWS} empty rows, a form",
}


@pytest.mark.parametrize("figure", FIGURES.values(), ids=FIGURES.keys())
def test_the_readme_states_the_figure_the_package_has(figure):
    assert figure in README


def test_the_readme_states_main_py_at_about_its_size():
    (stated,) = re.findall(r"`main\.py` is about (\d+) KB", README)
    size = len(main_py().encode("utf-8")) / 1024
    assert abs(size - int(stated)) <= SIZE_TOLERANCE * int(stated), f"main.py is {size:.0f} KB, the README says {stated}"


def test_the_readme_names_lites_requirements_as_written():
    for requirement in requirements_txt().splitlines():
        assert f"`{requirement}`" in README


def test_the_readme_names_the_versions_pyodide_is_tested_with():
    package = json.loads((JS / "package.json").read_text(encoding="utf-8"))
    assert f"**Pyodide {package['dependencies']['pyodide']}**" in README
    pinned = dict(line.split()[0].split("==") for line in (JS / "pyodide-wheels.txt").read_text(encoding="utf-8")
                  .splitlines() if line.strip() and not line.startswith("#"))
    for name in ("pydantic", "pydantic-core", "xlwings"):
        assert f"{name} {pinned[name]}" in README


def _section(title: str) -> str:
    """The README's section whose heading begins with ``title``, down to the next one."""
    start = README.index(f"\n## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


# Each settings table: the section it stands in, the settings it gives, and settings it must compare.
SETTINGS_TABLES = {
    "serve": ("Excel on the web", ServerSettings, {"max_body_mb", "public_url"}),
    "mail": ("Påmindelser og invitationer", MailSettings, {"security", "timeout", "sender"}),
}


@pytest.mark.parametrize("title, settings, must", SETTINGS_TABLES.values(), ids=SETTINGS_TABLES.keys())
def test_the_readme_settings_table_gives_each_settings_default(title, settings, must):
    rows = re.findall(r"^  \| (`[^|]+`) \| ([^|]+) \|", _section(title), re.MULTILINE)
    fields = settings.model_fields
    named = [name for names, _ in rows for name in re.findall(r"`(\w+)`", names)]
    assert named and set(named) <= set(fields), set(named) - set(fields)
    compared = []
    for names, default in rows:
        (name, *more) = re.findall(r"`(\w+)`", names)
        value = fields[name].default
        if more or not isinstance(value, (int, float, str)):
            continue  # several settings in one row, or a default made at run time: said in words
        stated = default.strip().strip("`").replace("–", "")  # – for none
        assert (float(stated) if isinstance(value, (int, float)) else stated) == value, (name, stated, value)
        compared.append(name)
    assert must <= set(compared), compared
