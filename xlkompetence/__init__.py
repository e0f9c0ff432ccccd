"""xlkompetence: strategic competence development in live Excel workbooks.

The library functions behind the command line, for use from Python::

    from datetime import date
    import xlkompetence as xk

    report = xk.read_checked("enhed.xlsx", date.today())   # models and findings
    xk.refresh_file("enhed.xlsx", date.today())             # gaps, status, Overblik
    org = xk.merge_files(["enheder/"], "organisation.xlsx", date.today())

Names are loaded on first use, so ``import xlkompetence`` (which Excel's add-ins do) stays
light and pulls in no native package until a function that needs one is called.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name → module that defines it.
_EXPORTS: dict[str, str] = {
    # the data
    "UnitWorkbook": ".core.models",
    "Finding": ".core.findings",
    "Code": ".core.findings",
    "Severity": ".core.findings",
    "ExitCode": ".core.findings",
    "Report": ".core.findings",
    # one unit workbook
    "write_unit_workbook": ".unit.template",
    "read_checked": ".unit.validate",
    "validate_paths": ".unit.validate",
    "refresh_file": ".unit.refresh",
    # many workbooks
    "merge_files": ".org.merge",
    "read_org_profiles": ".org.sync",
    "sync_paths": ".org.sync",
    "load_history": ".org.history",
    "read_org_tables": ".org.tables",
    # Excel
    "refresh_book": ".excel.addin",
}
_RENAMED = {"load_history": "load"}

__all__ = ["__version__", "main", *_EXPORTS]

if TYPE_CHECKING:
    from .core.findings import Code, ExitCode, Finding, Report, Severity
    from .core.models import UnitWorkbook
    from .excel.addin import refresh_book
    from .org.history import load as load_history
    from .org.merge import merge_files
    from .org.sync import read_org_profiles, sync_paths
    from .org.tables import read_org_tables
    from .unit.refresh import refresh_file
    from .unit.template import write_unit_workbook
    from .unit.validate import read_checked, validate_paths


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'xlkompetence' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name], __name__), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def main() -> None:
    """What the ribbon button of xlkompetence.xlam runs (``import xlkompetence; xlkompetence.main()``):
    refresh the workbook that called it."""
    from .excel.addin import main as refresh_calling_book

    refresh_calling_book()
