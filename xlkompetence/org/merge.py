"""Consolidate many unit workbooks into one organisation plan, with provenance.

Each input is opened read-only, hashed, read and checked once; only the extracted rows are
kept, so memory grows with the rows merged, not with the files. Copies of the same file,
two files for the same unit, unreadable files and (with ``strict``) files with errors are
listed in Kilder with the reason, and the merge goes on.
"""

from __future__ import annotations

__all__ = [
    "MERGE_SUFFIXES", "PARALLEL_FROM", "MAX_JOBS", "MergeError", "collect_inputs", "read_input", "read_then",
    "default_jobs", "merge_inputs", "disclosed", "assemble", "merge_files", "listed_round",
    "org_lines",
]

import hashlib
from sys import intern
from collections import Counter
from functools import partial
from itertools import repeat
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from . import history
from ..core.findings import Code, Finding, Severity, finding
from ..core.committee import unit_figures
from ..core.compact import share_field_sets
from ..core.labels import count, t
from ..core.matching import Matcher, sort_key
from .orgbook import write_org_workbook
from .orgplan import GoalCount, InputFile, Level, Levels, OrgPlan, UnitSummary
from ..core.identity import unit_key
from ..core.parsing import normalise_text
from ..core.pseudonyms import Pseudonymizer
from .disclosure import Disclosure, disclose_entry, shown_paths
from .inputs import MERGE_SUFFIXES, MergeError, collect_inputs
from .parallel import MAX_JOBS, PARALLEL_FROM, default_jobs, in_processes
from .keyfile import default_key_file, read_or_make_key
from ..unit.issued import is_as_issued
from ..unit.validate import read_checked
from ..core.roster import Roster
from .rollout import read_roster_file
from .spill import SpillFolder, StoredInput
from .roundstatus import round_status


def read_input(path: Path, today: date, shown: str | None = None) -> InputFile:
    """One input read and checked; ``shown`` is how it is named (its findings' file)."""
    entry = InputFile(path=path, shown=shown or str(path))
    try:
        data = path.read_bytes()
        entry.sha256 = hashlib.sha256(data).hexdigest()
        entry.modified = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        pass
    report = read_checked(path, today, label=entry.shown)
    entry.findings = report.findings
    entry.readable = report.readable
    # Keep the models, drop the raw cell values: memory follows the rows kept.
    entry.unit = report.unit
    if report.result is not None:
        entry.unchanged = is_as_issued(report.result)
    if not entry.readable:
        refused = next((f for f in report.findings if f.code is Code.FILE_NOT_UNIT), None)
        entry.reason = refused.message if refused is not None else t("merge.reason.unreadable")
    return entry


def merge_inputs(paths: list[Path], today: date, *, jobs: int | None = None,
                 progress: Callable[[Path], None] | None = None, inputs: list[str | Path] | None = None,
                 then: Callable[[InputFile], InputFile] | None = None, spill: str | None = None) -> list[InputFile]:
    """Read every path (in ``jobs`` processes), each shown relative to the one of ``inputs``
    (the folders and files HR named) it came from; no input is written. ``then`` (picklable) is
    applied to each input where it was read: a process sends back only what it gives. With
    ``spill`` (a ``SpillFolder``'s path) each unit and its findings are kept there, not in memory."""
    shown = shown_paths(paths, inputs) if inputs else [str(p) for p in paths]
    entries = []
    for entry in in_processes(read_then, paths, repeat(today), shown, repeat(then), repeat(spill), n=len(paths),
                              jobs=jobs):
        entries.append(entry)
        if progress:
            progress(entry.path)
    return entries


def read_then(path: Path, today: date, shown: str, then: Callable[[InputFile], InputFile] | None,
              spill: str | None = None) -> InputFile:
    entry = read_input(path, today, shown)
    entry = then(entry) if then is not None else entry
    if entry.unit is not None:
        entry.summary = UnitSummary.of(entry.unit)
    # Sent to the writer, or read again by it: as small as its records can be.
    share_field_sets(entry)
    return StoredInput(entry, spill) if spill is not None else entry


def disclosed(entries: list[InputFile], pseudonyms: Pseudonymizer, disclosure: Disclosure, today: date, *,
              strict: bool = False, this_round: str | None = None) -> OrgPlan:
    """The organisation plan of inputs read, each disclosed first (``disclosure.disclose_entry``):
    nothing is added up from what may not leave its unit."""
    return assemble([disclose_entry(e, pseudonyms, disclosure, today) for e in entries], today, strict=strict,
                    this_round=this_round, disclosure=disclosure)


def assemble(entries: list[InputFile], today: date, *, strict: bool = False, this_round: str | None = None,
             disclosure: Disclosure | None = None) -> OrgPlan:
    """The organisation plan from inputs already read (and disclosed, for ``disclosure``):
    choose the inputs that count, gather their rows (each unit's profiles placed by the
    matcher), and add what the merge found. ``this_round``: the period the merge is of (the
    round's list says it); by default the period most of the inputs name."""
    merge_findings = choose_inputs(entries, strict=strict, this_round=this_round)
    matcher = Matcher()
    org = OrgPlan(entries, profiles=[], levels=Levels(), own_findings=merge_findings, today=today,
                  disclosure=disclosure)
    for entry in entries:
        if entry.included and entry.cover is not None:
            gather_unit(org, matcher, entry)
    for c in matcher.conflicts:
        merge_findings.append(finding(c.code, profile=c.profile, other=c.other, units=", ".join(c.units),
                                      detail=c.detail))
    org.profiles = sorted(matcher.profiles.values(), key=sort_key)
    return org


def choose_inputs(entries: list[InputFile], *, strict: bool = False, this_round: str | None = None) -> list[Finding]:
    """Mark which readable inputs go in and give every input its reason: a copy of a file
    already taken, (with ``strict``) a file with errors, the older of two versions of one
    unit, and a unit's workbook of another round than the merge's stay out. Returns the
    findings about copies, versions and rounds."""
    found: list[Finding] = []
    current = normalise_text(this_round) if this_round else _most_named_round(entries)
    by_hash: dict[str, InputFile] = {}
    by_unit: dict[tuple[str, str], InputFile] = {}
    for entry in entries:
        if not entry.readable:
            continue
        first = by_hash.get(entry.sha256)
        if first is not None:
            entry.reason = t("merge.reason.copy", other=first.shown)
            found.append(finding(Code.MERGE_DUPLICATE_FILE, file=entry.shown, other=first.shown))
            continue
        by_hash[entry.sha256] = entry
        if strict and entry.errors:
            entry.reason = t("merge.reason.strict", errors=count(entry.errors, "error"))
            continue
        entry.included = True
        cover = entry.cover
        if cover is not None and cover.unit:
            key = (normalise_text(cover.organisation), unit_key(cover.unit))
            other = by_unit.get(key)
            if other is not None:
                by_unit[key] = _keep_one(entry, other, current, found)
            else:
                by_unit[key] = entry
    for entry in entries:
        if entry.included:
            entry.reason = ""  # taken in: nothing to explain
    return found


def _most_named_round(entries: list[InputFile]) -> str:
    """The period most readable inputs name (normalised), "" when none names one."""
    periods = Counter(normalise_text(e.period) for e in entries if e.readable and e.period)
    return periods.most_common(1)[0][0] if periods else ""


def _keep_one(entry: InputFile, other: InputFile, current: str, found: list[Finding]) -> InputFile:
    """Two workbooks of one unit. Of two rounds, the merge's counts: next round's workbook
    is no newer version of this round's (it is made empty, after it). Of one round, the newer."""
    rounds = {normalise_text(entry.period), normalise_text(other.period)}
    if len(rounds) == 2 and current in rounds:
        kept, left = (entry, other) if normalise_text(entry.period) == current else (other, entry)
        left.included = False
        left.reason = t("merge.reason.other_round", period=left.period or "-", current=kept.period)
        found.append(finding(Code.MERGE_OTHER_ROUND, file=left.shown, name=left.shown, unit=left.name,
                             period=left.period or "-", current=kept.period))
        return kept
    return _keep_newer(entry, other, found)


def _keep_newer(entry: InputFile, other: InputFile, found: list[Finding]) -> InputFile:
    """Two versions of one unit: the newer counts, so no unit is counted twice. Returns it."""
    newer, older = (entry, other) if (entry.modified or datetime.min) > (other.modified or datetime.min) else (other, entry)
    older.included = False
    older.reason = t("merge.reason.older", other=newer.shown)
    found.append(finding(Code.MERGE_DUPLICATE_UNIT, file=older.shown, unit=older.name, other=newer.shown))
    return newer


def gather_unit(org: OrgPlan, matcher: Matcher, entry: InputFile) -> None:
    """Take ``entry`` into ``org`` under a name no other unit has: its levels under the
    organisation profile the matcher places each of its profiles in (retired profiles no longer
    count in the organisation's gaps), its bilag C counts, how many plan, goal and anchoring
    rows it has, and its committee figures (the entry's, counted before disclosure, where it
    has them). From its summary where it has one: a unit kept on disk is not read again."""
    name = _unique_name(entry.name, org.unit_names)
    summary, figures = entry.summary, entry.figures
    if summary is None or figures is None:
        unit = entry.unit
        assert unit is not None  # only inputs read are taken in
        summary = summary or UnitSummary.of(unit)
        figures = figures or unit_figures(name, unit, org.today)
    org.named.append((name, entry))
    org.unit_names.add(name)
    org.committee[name] = replace(figures, unit=name)
    org.goal_counts += [GoalCount(name, team, who, goals, activities) for team, who, goals, activities in summary.goal_counts]
    keys = {}
    for pid, text, strategy, goal in summary.profiles:
        # Kept to the end of the merge, unit by unit: one copy of each number and team name,
        # not one per unit read.
        number = intern(pid or text)
        keys[number] = org.keys[(name, number)] = matcher.add(name, pid, text, strategy, goal)
    teams: dict[str, str] = {}
    for pid, team, desired, actual, not_relevant in summary.levels:
        key = keys.get(pid)
        if key is not None:
            team = teams.setdefault(team, intern(team))
            org.levels.append(Level(name, team, key, desired, actual, not_relevant))
    for kind, n in summary.rows:
        org.row_counts[kind] = org.row_counts.get(kind, 0) + n


def _unique_name(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def merge_files(inputs: Iterable[str | Path], output: Path | str, today: date, *,
                disclosure: Disclosure = Disclosure(), strict: bool = False,
                key_file: Path | None = None, jobs: int | None = None, db: Path | None = None,
                expected: Path | None = None, progress: Callable[[Path], None] | None = None) -> OrgPlan:
    """Merge the unit workbooks found in ``inputs`` into the organisation workbook ``output``.

    Inputs are only read; the output is written atomically; with ``db`` the merge is recorded
    in the history. What leaves the units is what ``disclosure`` opens of ``core.disclosure``'s
    table, nothing more; the pseudonyms' key is ``key_file`` or the user's own. Raises
    ``MergeError`` when there is nothing to merge or the output is among the inputs, and
    ``KeyFileError`` for a key that cannot be used. With ``expected`` (the round's list, as
    ``rollout`` reads it) the plan carries the status of the round."""
    output, inputs = Path(output), list(inputs)
    roster = read_expected(expected) if expected is not None else None
    paths = collect_inputs(inputs, output, skip=[expected] if expected is not None else [])
    if not paths:
        raise MergeError(t("merge.none_found"))
    pseudonyms = Pseudonymizer(read_or_make_key(key_file or default_key_file()))
    this_round = listed_round(roster) if roster is not None else None
    # Each input is disclosed in the process that read it: what may not leave its unit never
    # crosses to the writer, and the work spreads over the cores. It is kept on disk there
    # (``spill``): the merge holds what it adds up, not every unit's rows.
    reveal = partial(disclose_entry, pseudonyms=pseudonyms, disclosure=disclosure, today=today)
    folder = SpillFolder()
    try:
        entries = merge_inputs(paths, today, jobs=jobs, progress=progress, inputs=list(inputs), then=reveal,
                               spill=folder.path)
    except BaseException:
        folder.close()
        raise
    org = assemble(entries, today, strict=strict, this_round=this_round, disclosure=disclosure)
    org.spill = folder
    if roster is not None:
        with_status(org, roster)
    org.output = output
    write_org_workbook(output, org)
    if db is not None:
        history.record(db, org, kind="merge", output=output)
    return org


def listed_round(roster: Roster) -> str | None:
    """The period the round's list gives every unit, where it gives one and the same."""
    periods = {normalise_text(e.period) for e in roster.entries if e.period.strip()}
    return periods.pop() if len(periods) == 1 else None


def read_expected(path: Path) -> Roster:
    """The round's list for the status; ``MergeError`` when it cannot be used as it is."""
    roster = read_roster_file(path)
    problems = [f for f in roster.findings if f.severity is Severity.ERROR]
    if problems:
        first = problems[0]
        where = ": ".join(p for p in (first.file, first.location) if p)
        more = f" (+{count(len(problems) - 1, 'more')})" if len(problems) > 1 else ""
        raise MergeError(t("round.expected_unreadable", path=path, reason=f"{where}: {first.message}{more}"))
    return roster


def with_status(org: OrgPlan, roster: Roster) -> OrgPlan:
    """``org`` with the status of the round from ``roster``, and its findings among the merge's."""
    org.round = round_status(org, roster)
    org.own_findings = [*org.own_findings, *org.round.findings]
    return org


def org_lines(org: OrgPlan, output: Path) -> list[str]:
    """The merge in a few Danish lines, for the terminal."""
    lines = [t("merge.done", output=output, units=count(len(org.named), "unit"), files=count(len(org.inputs), "file"),
               profiles=count(len(org.profiles), "profile"), rows=count(len(org.plan), "row"))]
    for e in org.inputs:
        if not e.included:
            lines.append(f"  {e.shown}: {e.reason}")
    errors, warnings = org.finding_counts()
    lines.append(t("merge.findings", errors=count(errors, "error"), warnings=count(warnings, "warning")))
    if org.round is not None:
        missing, unchanged = org.round.missing, org.round.unchanged
        lines.append(t("round.summary_unchanged" if unchanged else "round.summary",
                       delivered=len(org.round.expected) - len(missing), expected=len(org.round.expected),
                       missing=count(len(missing), "unit"), unchanged=len(unchanged)))
        if missing:
            lines.append(t("round.missing_line", units=", ".join(u.unit for u in missing)))
    return lines
