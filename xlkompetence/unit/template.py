"""Write a new unit workbook with XlsxWriter: the appendix templates as Excel tables, with
Danish data validation, live gap formulas (with correct cached values), conditional
formatting, locked calculated cells, print setup, and the Overblik and Fejl og mangler sheets.
The sheets are put in order here; each is written by ``coversheets`` (Forside, Vejledning),
``appendixsheets`` (A–E) or ``ownedsheets`` (what refresh rewrites whole), with what
``templatewriter``, ``cellformats`` and ``datavalidation`` give them all.

XlsxWriter rather than openpyxl for new files: it writes cached results for formulas (so
previewers and Python readers see the right gaps), input messages, x14-free conditional
formats Excel and LibreOffice both read, and tables with header formats.
"""

from __future__ import annotations

__all__ = ["TemplateError", "write_unit_workbook"]

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.delivery import STAMP, fingerprint
from ..core.findings import Finding
from ..core.grid import Grid
from ..core.labels import conversation_named
from ..core.models import UnitWorkbook
from ..core.wheel import with_default_wheel
from ..core.schema import (
    ANCHORING,
    CATALOGUE,
    COMMITTEE,
    COVER,
    EMPLOYEES,
    FINDINGS,
    GUIDE,
    INDIVIDUAL,
    MEMORY,
    NEEDS,
    OVERVIEW,
    PLAN,
    SUGGESTIONS,
    PROFILES,
    validate_team_names,
)
from ..xlsx.files import write_atomic
from ..xlsx.loader import Source, Tables
from ..xlsx.written import fit_rows, formula_cells, read_grids
from .memory import NOTES, Memory, memory_rows
from .appendixsheets import AppendixWriter
from .coversheets import CoverWriter
from .ownedsheets import OwnedSheetsWriter
from .reader import is_read_sheet
from .validate import read_checked


class TemplateError(ValueError):
    """The options cannot make a workbook; the message is Danish."""


def write_unit_workbook(path: Path | str, unit: UnitWorkbook, *, today: date, issued: bool = False,
                        notes: Sequence[str] = ()) -> None:
    """Write ``unit`` as a new workbook at ``path`` (atomically: all or nothing), its Overblik
    and Fejl og mangler saying exactly what ``validate`` finds in it. ``issued``: the workbook
    goes out to a unit to be filled in (rollout, new, next-round), so it carries the stamp that
    tells later whether anyone typed in it (``core.delivery``). ``notes``: what the leader must
    be told of last round's workbook, kept in the workbook (its memory sheet) so that every
    refresh shows them again on Fejl og mangler."""
    problems = validate_team_names(unit.teams)
    if problems:
        raise TemplateError(" ".join(problems))
    path = Path(path)
    with conversation_named(unit.cover.conversation):  # every text names it as the organisation does
        unit = with_default_wheel(unit)
        # Decided per team, as the workbook holds it (and its stamp must say).
        unit = unit.model_copy(update={"decisions": unit.per_team_decisions()})

        def write_checked(tmp: Path) -> None:
            if _write(tmp, unit, today, issued, notes, label=path.name):
                return
            # A cell the workbook could not be read from before it was closed: its findings
            # are those of the file as written. The sheets that list them are not read, so
            # writing them in does not change what is found.
            findings = read_checked(tmp, today, label=path.name).findings
            if findings:
                _write(tmp, unit, today, issued, notes, findings=findings)

        write_atomic(path, write_checked)


def _write(tmp: Path, unit: UnitWorkbook, today: date, issued: bool, notes: Sequence[str], *,
           label: str | None = None, findings: list[Finding] | None = None) -> bool:
    """Write the workbook at ``tmp`` with ``findings``, or (with ``label``, its file's name) with
    the findings of the workbook as written; whether they are in it (False: the workbook could
    not be checked before it was closed, and says it has none)."""
    writer = _Writer(tmp, unit, today, findings or [])
    if issued:
        writer.written[STAMP] = fingerprint(unit)
    for i, note in enumerate(notes, start=1):
        writer.written[(NOTES, str(i))] = note
    return writer.write(label)


class _Writer(CoverWriter, AppendixWriter, OwnedSheetsWriter):
    """Every sheet's writer, on one workbook."""

    def write(self, label: str | None = None) -> bool:
        """Write every sheet and close the workbook; with ``label`` (its file's name), its
        Overblik and Fejl og mangler with what ``validate`` finds in it. Whether they are (False:
        a cell could not be read before the workbook was closed; they then say nothing)."""
        cover = self.wb.add_worksheet(COVER.name)
        guide = self.wb.add_worksheet(GUIDE.name)
        sheets = {s.id: self.wb.add_worksheet(s.name) for s in (PROFILES, NEEDS, INDIVIDUAL, PLAN, SUGGESTIONS,
                                                               ANCHORING, EMPLOYEES)}
        catalogue_ws = self.wb.add_worksheet(CATALOGUE.name)
        overview = self.wb.add_worksheet(OVERVIEW.name)
        committee = self.wb.add_worksheet(COMMITTEE.name)
        findings = self.wb.add_worksheet(FINDINGS.name)
        self.write_cover(cover)
        self.write_guide(guide)
        self.write_profiles(sheets["profiles"])
        self.write_needs(sheets["needs"])
        self.write_individual(sheets["individual"])
        self.write_plan(sheets["plan"])
        self.write_suggestions(sheets["suggestions"])
        self.write_anchoring(sheets["anchoring"])
        self.record_sheet(sheets["employees"], EMPLOYEES, list(self.unit.employees))
        self.write_catalogue(catalogue_ws)
        self.write_committee(committee)
        checked = label is not None and self.check(label)
        self.write_overview(overview)
        self.write_findings(findings)
        self.write_memory(self.wb.add_worksheet(MEMORY.name))
        cover.activate()
        # Each row as tall as its wrapped text, by the same model refresh lays rows out with.
        fit_rows(self.wb)
        self.wb.close()
        return checked

    def check(self, label: str) -> bool:
        """Find what ``validate`` finds in the workbook as written so far: every sheet it reads is
        written (its memory but for the number formats of the two sheets still to come, which
        no check looks at); those that list the findings are not read."""
        grids = read_grids(self.wb, is_read_sheet)
        if grids is None:
            return False
        grids[MEMORY.name] = memory_grid(self.written)
        self.findings = read_checked(self.path, self.today, label=label, source=Source(self.path, grids, Tables()),
                                     with_formula=lambda name: formula_cells(self.wb.get_worksheet_by_name(name))
                                     ).findings
        return True


def memory_grid(memory: Memory) -> Grid:
    """The memory sheet as ``write_memory`` writes it (every cell text), read as the loader would."""
    return Grid(MEMORY.name, [list(row) for row in memory_rows(memory)])
