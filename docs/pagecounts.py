"""How many A4 pages each sheet prints on: the blank template, the concept's example (refreshed)
and the organisation's workbook of the demo units, printed by LibreOffice in a Danish locale with
the print areas' formulas evaluated as Excel evaluates them (``tests/printed.py``).

    python docs/pagecounts.py      # after ./setup.sh --test
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from xlkompetence.core import examples
from xlkompetence.unit.template import write_unit_workbook

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
import office  # noqa: E402
import printed  # noqa: E402

TODAY = date(2026, 11, 24)


def books(folder: Path) -> dict[str, Path]:
    blank = folder / "skabelon.xlsx"
    write_unit_workbook(blank, examples.blank("Enhed", ("Team A", "Team B")), today=TODAY)
    example, org = printed.demo_books(folder, TODAY)
    return {"skabelon": blank, "eksempel": example, "organisation": org}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, office.LibreOffice(office.uno_python(), Path(tmp) / "lo") as lo:
        for name, path in books(Path(tmp)).items():
            pdf = printed.pdf_of(path, lo, Path(tmp) / name)
            print(f"{name}: {printed.pdf_pages(pdf)} sider")
            for sheet, n in printed.pages_per_sheet(pdf, printed.visible_sheets(path)).items():
                print(f"  {n:3d}  {sheet}")


if __name__ == "__main__":
    main()
