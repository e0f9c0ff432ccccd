"""Every unit workbook the tool writes says on its Fejl og mangler (and in Overblik's counts)
exactly what ``validate`` reports for it: made new, rolled out, the shipped examples, the demo,
synced, carried into the next round, and refreshed after ``mus hent``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlkompetence.cli import cli
from xlkompetence.core import examples
from xlkompetence.core.findings import Severity
from xlkompetence.org.keyfile import default_key_file, read_or_make_key
from xlkompetence.unit.conversation import write_conversations
from xlkompetence.unit.template import write_unit_workbook
from xlkompetence.unit.validate import read_checked
from xlkompetence.xlsx import loader

from conftest import TODAY, copy_of, finding_rows, findings_sheet, set_cells


def run(*args: str) -> None:
    result = CliRunner().invoke(cli, [*args, "--today", TODAY.isoformat()])
    assert result.exit_code in (0, 1), result.output


def made_new(folder: Path) -> list[Path]:
    run("new", str(folder / "ny.xlsx"), "--unit", "Solhjem", "--team", "Team A", "--team", "Team B")
    return [folder / "ny.xlsx"]


def rolled_out(folder: Path) -> list[Path]:
    wb = openpyxl.Workbook()
    for row in (["Enhed", "Leder", "Teams", "Periode"], ["Bostøtten Nord", "Anne Holm", "Dagteam (10); Aftenteam", "2026"],
                ["Værestedet Syd", "", "Hele huset", "2026"]):
        wb.active.append(row)
    wb.save(folder / "liste.xlsx")
    run("rollout", str(folder / "liste.xlsx"), "--out", str(folder / "runde"))
    return sorted((folder / "runde").glob("*.xlsx"))


def shipped_examples(folder: Path) -> list[Path]:
    run("examples", str(folder / "workbooks"))
    return sorted((folder / "workbooks").glob("*.xlsx"))


def demo(folder: Path) -> list[Path]:
    run("demo", str(folder / "demo"))
    # The templates and the units' workbooks; organisation.xlsx is the organisation's plan.
    return [folder / "demo" / "skabelon.xlsx", folder / "demo" / "eksempel.xlsx",
            *sorted((folder / "demo" / "enheder").glob("*.xlsx"))]


def synced(folder: Path, example: Path) -> list[Path]:
    org = folder / "org-skabelon.xlsx"
    unit = examples.concept_example()
    write_unit_workbook(org, unit.model_copy(update={"profiles": unit.profiles[:2], "teams": ("Organisation",),
                                                     "assessments": ()}), today=TODAY)
    blank = folder / "enhed.xlsx"
    write_unit_workbook(blank, examples.blank("Solhjem", ("Team A",)), today=TODAY)
    run("sync", str(org), str(blank), str(example))
    return [blank, example]


def next_round(folder: Path, example: Path) -> list[Path]:
    run("next-round", str(example), "--out", str(folder / "næste"))
    return sorted((folder / "næste").glob("*.xlsx"))


def fetched(folder: Path, example: Path) -> list[Path]:
    out = folder / "mus"
    write_conversations(example, out, TODAY, key=read_or_make_key(default_key_file()))
    rows = openpyxl.load_workbook(out / "MUS-PUS Karl.xlsx")["MUS-PUS"]
    labels = {str(rows.cell(r, 1).value): r for r in range(1, rows.max_row + 1)}
    set_cells(out / "MUS-PUS Karl.xlsx", {("MUS-PUS", f"B{labels['Personlige læringsmål']}"): "Bruge MI",
                                          ("MUS-PUS", f"B{labels['Aftalt ved MUS/PUS (dato)']}"): date(2026, 3, 2)})
    run("mus", "hent", str(example), str(out))
    return [example]


KINDS: dict[str, Callable[..., list[Path]]] = {
    "new": made_new, "rollout": rolled_out, "examples": shipped_examples, "demo": demo,
    "sync": synced, "next-round": next_round, "mus hent": fetched,
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_written_workbook_carries_the_findings_validate_reports(kind, tmp_path, written):
    make = KINDS[kind]
    example = copy_of(written["eksempel.xlsx"], tmp_path / "eksempel.xlsx")
    paths = make(tmp_path) if make.__code__.co_argcount == 1 else make(tmp_path, example)
    assert paths
    for path in paths:
        found = read_checked(path, TODAY).findings
        assert found, (kind, path.name)  # a new workbook has things to fill in: a list to compare
        assert findings_sheet(path) == finding_rows(found), (kind, path.name)
        overview = loader.load(path).grids["Overblik"]
        figures = {overview.get(r, 1): overview.get(r, 2) for r in range(1, overview.height + 1)}
        errors = sum(1 for f in found if f.severity is Severity.ERROR)
        warnings = sum(1 for f in found if f.severity is Severity.WARNING)
        assert (figures["Fejl"], figures["Advarsler"]) == (errors, warnings), (kind, path.name)
