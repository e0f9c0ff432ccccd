"""The next round for unit workbooks: round N read, round N+1 written beside it in another folder.

Round N's file is only read. Every value a person typed in it is accounted for (``Fate``):
kept in the new workbook where it was, carried to another place (last round's actual level
beside the new assessment, an unfinished plan row), or archived: left in round N's file,
which stays as the round's record (a finished activity, a row the reader could not use, a
value typed over a calculated cell).
"""

from __future__ import annotations

__all__ = ["NextRoundError", "NextRoundReport", "account", "next_round_file", "next_round"]

import os
from collections.abc import Iterable
from itertools import repeat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.cells import parse_ref
from ..core.findings import Code, Finding, Report, finding
from ..core.labels import t
from ..core.grid import is_blank
from ..core.models import UnitWorkbook
from ..core.nextround import ARCHIVED, CARRIED, KEPT, Fate, carry_forward, is_finished
from ..core.schema import (ANCHORING, CATALOGUE, COMMITTEE, COVER, EMPLOYEES, INDIVIDUAL, NEEDS, PLAN, PROFILES, Sheet,
                           placed_columns)
from ..unit.reader import ReadResult
from ..unit.refreshplan import RefreshPlan, plan_refresh
from ..unit.template import write_unit_workbook
from ..unit.validate import read_checked
from ..xlsx.files import is_taken
from .leftbehind import left_behind
from .merge import collect_inputs
from .parallel import in_processes


@dataclass
class NextRoundReport(Report):
    """One unit carried into the next round: where it went and what became of its values."""

    source: Path
    target: Path
    findings: list[Finding] = field(default_factory=list)
    fates: list[Fate] = field(default_factory=list)
    written: bool = False
    opened: bool = True
    period: str = ""
    # Found in a folder and no unit's workbook (the round's list, the organisation's plan):
    # passed over, said so, and no reason for the command to fail.
    passed_over: bool = False

    @property
    def readable(self) -> bool:
        return self.opened or self.passed_over

    @property
    def counted(self) -> list[Finding]:
        return [] if self.passed_over else self.findings

    def count(self, fate: str) -> int:
        return sum(1 for f in self.fates if f.fate == fate)

    def details(self) -> dict[str, Any]:
        return {"file": str(self.source), "target": str(self.target), "written": self.written,
                "period": self.period, "passed_over": self.passed_over, "kept": self.count(KEPT),
                "carried": self.count(CARRIED), "archived": self.count(ARCHIVED),
                "values": [f.to_dict() for f in self.fates]}


class NextRoundError(ValueError):
    """The next round cannot start (its folder lies inside round N's); the message is Danish."""


def next_round(inputs: Iterable[str | Path], out: Path | str, today: date) -> list[NextRoundReport]:
    """Every unit workbook in ``inputs`` (files, folders, patterns) carried into ``out``.

    Raises ``NextRoundError`` when ``out`` lies inside a folder among the inputs: round N+1's
    workbooks would be taken for round N's by the next merge and the next next-round. A unit
    that cannot be carried is a finding in its report; the others are carried all the same."""
    out = Path(out)
    _refuse_out_among_inputs(inputs, out)
    paths = collect_inputs(inputs, None)
    if not paths:
        return []
    # Sub-folders kept as they are below the inputs' common folder: two units' plan.xlsx in
    # nord/ and syd/ stay two files.
    base = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    named = {Path(item).resolve() for item in inputs if Path(item).is_file()}
    targets = [out / path.resolve().relative_to(base) for path in paths]
    # Each unit is carried by itself, in processes where there are enough of them.
    reports = list(in_processes(_carried_or_failed, paths, repeat(out), repeat(today), targets, n=len(paths)))
    for report in reports:
        report.passed_over = (report.source.resolve() not in named
                              and any(f.code is Code.FILE_NOT_UNIT for f in report.findings))
    return reports


def _refuse_out_among_inputs(inputs: Iterable[str | Path], out: Path) -> None:
    where = out.resolve()
    for item in inputs:
        folder = Path(item)
        if folder.is_dir() and where.is_relative_to(folder.resolve()):
            raise NextRoundError(t("next.out_among_inputs", out=out, folder=folder))


def _carried_or_failed(path: Path, out: Path, today: date, target: Path) -> NextRoundReport:
    try:
        return next_round_file(path, out, today, target=target)
    except Exception as exc:  # noqa: BLE001 - one unit that cannot be carried never stops the others
        report = NextRoundReport(path, target)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        report.findings.append(finding(Code.NEXT_FAILED, file=str(path), reason=reason))
        return report


def next_round_file(path: Path, out: Path, today: date, *, target: Path | None = None) -> NextRoundReport:
    """Round N+1 of the workbook at ``path``, written as ``target`` (``out/<same name>``); never
    over a file (or a link) that is there already, and round N's file only read."""
    target = target or out / path.name
    report = NextRoundReport(path, target)
    if is_taken(target) or target.resolve() == path.resolve():
        report.findings.append(finding(Code.NEXT_TARGET_EXISTS, file=str(target), name=target))
        return report
    read = read_checked(path, today)
    if not read.readable or read.result is None:
        report.opened = False
        report.findings = [f for f in read.findings if f.code.stops_the_file] or read.findings
        return report
    carried = carry_forward(read.result.unit)
    behind = left_behind(path, read.result, read.result.unit.cover.period)
    report.fates = account(read.result, today, period_moved=carried.period_moved, plan=read.plan)
    report.fates += [Fate(b.sheet, None, b.key, None, ARCHIVED) for b in behind]
    report.period = carried.unit.cover.period
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written in one pass: its Overblik and Fejl og mangler are those of the workbook as written
    # (``write_unit_workbook`` checks its sheets before it closes it), what the new round lacks.
    write_unit_workbook(target, carried.unit, today=today, issued=True, notes=[b.note for b in behind])
    report.written = True
    return report


def account(result: ReadResult, today: date, *, period_moved: bool, plan: RefreshPlan | None = None) -> list[Fate]:
    """The fate of every value typed in round N's workbook (``result``); ``period_moved``:
    whether the next round's period is this one's a year on (``Carried.period_moved``);
    ``plan``: the refresh planned for it while checking it, where there is one."""
    unit = result.unit
    fates = _cover_fates(unit, period_moved)
    for g in unit.team_goals:
        # The goal goes on; its TUS (when, and what was agreed) belongs to this round.
        for key, value, fate in (("team_goal", g.text, KEPT), ("tus_date", g.tus_date, ARCHIVED),
                                 ("tus_agreements", g.tus_agreements, ARCHIVED)):
            if value:
                fates.append(Fate(NEEDS.name, None, f"{key}@{g.team}", value, fate))
    rules = {PROFILES.id: _kept_if({p.row for p in unit.profiles}),
             NEEDS.id: _needs_rule({a.row for a in unit.assessments} | {d.row for d in unit.decisions}),
             INDIVIDUAL.id: _kept_if({g.row for g in unit.individual_goals}),
             PLAN.id: _plan_rule({r.row: is_finished(r) for r in unit.plan}),
             ANCHORING.id: _kept_if({a.row for a in unit.anchoring}),
             CATALOGUE.id: _kept_if({e.row for e in unit.catalogue}),
             EMPLOYEES.id: _kept_if({e.row for e in unit.employees})}
    for sheet in (PROFILES, NEEDS, INDIVIDUAL, PLAN, ANCHORING, CATALOGUE, EMPLOYEES):
        data = result.sheets.get(sheet.id)
        if data is None:
            continue
        inputs = _input_keys(sheet, unit.teams)
        for row, values in sorted(data.rows.items()):
            for key, value in values.items():
                if key in inputs and not is_blank(value):
                    fate, to = rules[sheet.id](row, key)
                    fates.append(Fate(sheet.name, row, key, value, fate, to))
    # Values typed over calculated cells: the new round calculates them again.
    keys = {(s.name, c): k for s in (PROFILES, NEEDS, PLAN, ANCHORING) if (d := result.sheets.get(s.id))
            for k, c in d.cols.items()}
    for skipped in (plan or plan_refresh(result, today)).typed:
        row, col = parse_ref(skipped.cell)
        fates.append(Fate(skipped.sheet, row, keys.get((skipped.sheet, col), skipped.cell), skipped.value, ARCHIVED))
    return fates


def _cover_fates(unit: UnitWorkbook, period_moved: bool) -> list[Fate]:
    cover = unit.cover
    fates = [Fate(COVER.name, None, k, getattr(cover, k), KEPT)
             for k in ("organisation", "unit", "leader", "conversation") if getattr(cover, k)]
    fates += [Fate(COVER.name, None, f"team@{team}", team, KEPT) for team in cover.teams]
    fates += [Fate(COVER.name, None, f"size@{team}", n, KEPT) for team, n in cover.team_sizes.items()]
    for event in cover.wheel:
        fates.append(Fate(COVER.name, event.row, "wheel_event", event.event, KEPT))
        if event.when is not None:
            fates.append(Fate(COVER.name, event.row, "wheel_date", event.when, CARRIED, "wheel_date"))
        if event.done:
            fates.append(Fate(COVER.name, event.row, "wheel_done", event.done, ARCHIVED))
    if cover.period:
        fates.append(Fate(COVER.name, None, "period", cover.period, CARRIED if period_moved else KEPT, "period"))
    # The MED record belongs to its round, like the TUS: it stays in round N's workbook.
    record = unit.committee
    for key, value in (("discussed", record.discussed or record.typed_date), ("conclusions", record.conclusions)):
        if value:
            fates.append(Fate(COMMITTEE.name, None, key, value, ARCHIVED))
    return fates


def _input_keys(sheet: Sheet, teams: tuple[str, ...]) -> set[str]:
    return {p.key for p in placed_columns(sheet, teams, older=True) if p.column.is_input}


def _kept_if(rows: set[int | None]):
    return lambda row, key: (KEPT, "") if row in rows else (ARCHIVED, "")


def _needs_rule(rows: set[int | None]):
    def rule(row: int, key: str) -> tuple[str, str]:
        if row not in rows:
            return ARCHIVED, ""
        if key.startswith("actual@"):
            return CARRIED, "previous@" + key.split("@", 1)[1]
        return KEPT, ""
    return rule


# What of a finished plan row the competence catalogue carries on.
_CATALOGUED = {"employees": "employees", "activity": "activity", "learning_form": "learning_form",
               "need": "profile_ids"}


def _plan_rule(rows: dict[int | None, bool]):
    def rule(row: int, key: str) -> tuple[str, str]:
        if row not in rows:
            return ARCHIVED, ""
        if rows[row]:
            return (CARRIED, f"{CATALOGUE.name}:{_CATALOGUED[key]}") if key in _CATALOGUED else (ARCHIVED, "")
        return CARRIED, ""
    return rule
