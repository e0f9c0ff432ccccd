"""What of the unit workbooks leaves them: the organisation plan as HR may see it.

By default (``Disclosure.PSEUDONYMS``) no personal data leaves a unit: every person the unit
workbook names becomes a stable pseudonym in every free text (plan, anchoring, team goals,
findings' values and messages); the leader's name stays out; the personal learning goals
give way to counts (goal rows and activity rows per employee pseudonym and team); inputs are
shown as their unit and a hash, never a file name (``plan-anne-hansen.xlsx``). With
``Disclosure.NAMES``, asked for explicitly where HR has a lawful basis, names and personal
goals are kept. The logbook never leaves the unit, with or without names.

Every organisation workbook, history snapshot and JSON output is made from a disclosed plan:
``write_org_workbook`` and ``history.record`` refuse one that is not.
"""

from __future__ import annotations

__all__ = ["Disclosure", "disclose", "shown_as"]

from collections import defaultdict
from dataclasses import replace
from enum import StrEnum

from ..core.findings import Finding
from ..core.labels import t
from ..core.models import AnchoringRow, IndividualGoal, PlanRow, TeamGoal, UnitWorkbook
from ..core.privacy import Scrubber, people_in
from ..core.pseudonyms import Pseudonymizer
from .orgplan import GoalCount, InputFile, OrgPlan


class Disclosure(StrEnum):
    PSEUDONYMS = "pseudonyms"
    NAMES = "names"


def shown_as(entry: InputFile) -> str:
    """An input as it is shown outside the unit: its unit and the start of its hash."""
    unit = entry.unit.cover.unit if entry.unit and entry.unit.cover.unit else t("privacy.no_unit")
    return t("privacy.input", unit=unit, sha=(entry.sha256 or "")[:12])


def disclose(org: OrgPlan, pseudonyms: Pseudonymizer, disclosure: Disclosure = Disclosure.PSEUDONYMS) -> OrgPlan:
    """``org`` as it may leave the units (see the module's docstring). ``org`` is not changed."""
    disclosure = Disclosure(disclosure)
    keep_names = disclosure is Disclosure.NAMES
    renamed = {} if keep_names else _unit_names(org)
    scrubbers = {name: Scrubber(renamed.get(name, name), people_in(unit), pseudonyms) for name, unit in org.units}
    units = [(renamed.get(name, name), _unit(unit, scrubbers[name], keep_names)) for name, unit in org.units]
    # The same unit objects stand in the inputs: each gets its disclosed copy.
    disclosed = {id(unit): new for (_, unit), (_, new) in zip(org.units, units)}
    inputs = [_input(e, keep_names, disclosed, pseudonyms) for e in org.inputs]
    paths = {} if keep_names else {e.shown: shown_as(e) for e in org.inputs}
    everyone = list(scrubbers.values())
    findings = [_finding(f, paths, scrubbers, everyone, keep_names, org) for f in org.findings]
    for entry, old in zip(inputs, org.inputs):
        entry.findings = [_finding(f, paths, scrubbers, everyone, keep_names, org) for f in old.findings]
        entry.reason = _replace_paths(entry.reason, paths)
    return replace(
        org,
        inputs=inputs,
        units=units,
        levels=[replace(lv, unit=renamed.get(lv.unit, lv.unit)) for lv in org.levels],
        # Every place a unit's name stands takes the same new name: the matrix looks units up
        # by the names the profiles list.
        profiles=[replace(p, units=[renamed.get(u, u) for u in p.units]) for p in org.profiles],
        keys={(renamed.get(u, u), profile): key for (u, profile), key in org.keys.items()},
        plan=[(name, row) for name, unit in units for row in unit.plan],
        goals=[(name, row) for name, unit in units for row in unit.individual_goals] if keep_names else [],
        anchoring=[(name, row) for name, unit in units for row in unit.anchoring],
        findings=findings,
        goal_counts=_goal_counts(org, scrubbers, renamed, keep_names),
        committee={renamed.get(name, name): replace(f, unit=renamed.get(name, name)) for name, f in org.committee.items()},
        disclosure=str(disclosure),
    )


def _unit_names(org: OrgPlan) -> dict[str, str]:
    """Units that have no name on their Forside are known by their file's name, which may be a
    person's: they are shown by unit label and hash instead."""
    renamed: dict[str, str] = {}
    taken = {name for name, _ in org.units}
    for entry in org.inputs:
        if entry.included and entry.unit is not None and not entry.unit.cover.unit:
            for name, unit in org.units:
                if unit is entry.unit and name not in renamed:
                    label = shown_as(entry)
                    renamed[name] = label if label not in taken else f"{label} ({len(renamed) + 2})"
    return renamed


def _unit(unit: UnitWorkbook, scrub: Scrubber, keep_names: bool) -> UnitWorkbook:
    if keep_names:
        goals = tuple(g.model_copy(update={"logbook": ""}) for g in unit.individual_goals)
        return unit.model_copy(update={"individual_goals": goals})
    return unit.model_copy(update={
        "cover": unit.cover.model_copy(update={"leader": ""}),
        "plan": tuple(_texts(row, scrub) for row in unit.plan),
        "anchoring": tuple(_texts(row, scrub) for row in unit.anchoring),
        "team_goals": tuple(TeamGoal(team=g.team, text=scrub.text(g.text), tus_date=g.tus_date,
                                     tus_agreements=scrub.text(g.tus_agreements)) for g in unit.team_goals),
        # Who completed what stays in the unit: the organisation counts resource persons.
        "catalogue": tuple(e.model_copy(update={"employees": scrub.text(e.employees)}) for e in unit.catalogue),
        # What stays of a personal goal row: whose (a pseudonym), which team, whether it had a
        # goal and activities, so a disclosed unit still counts as the original,
        # and the date of its MUS/PUS, so the share of employees with one held this round adds up.
        "individual_goals": tuple(IndividualGoal(row=g.row, team=g.team, employee=scrub.name(g.employee) if g.employee else "",
                                                 personal_goal=_withheld(g.personal_goal),
                                                 activities=_withheld(g.activities), mus_date=g.mus_date)
                                  for g in unit.individual_goals),
    })


def _withheld(text: str) -> str:
    return t("privacy.withheld") if text.strip() else ""


def _texts(row: PlanRow | AnchoringRow, scrub: Scrubber) -> PlanRow | AnchoringRow:
    """Every text field of a row with the unit's persons replaced."""
    return row.model_copy(update={k: scrub.text(v) for k, v in row if isinstance(v, str)})


def _input(entry: InputFile, keep_names: bool, disclosed: dict[int, UnitWorkbook],
           pseudonyms: Pseudonymizer) -> InputFile:
    copy = replace(entry, findings=list(entry.findings))
    if entry.unit is not None:
        copy.unit = disclosed.get(id(entry.unit)) or _unit(
            entry.unit, Scrubber(entry.name, people_in(entry.unit), pseudonyms), keep_names)
    if not keep_names:
        copy.shown = shown_as(entry)
    return copy


def _finding(f: Finding, paths: dict[str, str], scrubbers: dict[str, Scrubber], everyone: list[Scrubber],
             keep_names: bool, org: OrgPlan) -> Finding:
    if keep_names:
        return f
    unit = next((e.name for e in org.inputs if e.shown == f.file and e.unit is not None), None)
    scrubs = [scrubbers[unit]] if unit in scrubbers else everyone

    def clean(text: str | None) -> str | None:
        if text is None:
            return None
        text = _replace_paths(text, paths)
        for scrub in scrubs:
            text = scrub.text(text)
        return text

    return f.model_copy(update={"file": paths.get(f.file or "", f.file), "message": clean(f.message),
                                "value": clean(f.value)})


def _replace_paths(text: str, paths: dict[str, str]) -> str:
    for path in sorted(paths, key=len, reverse=True):
        if path:
            text = text.replace(path, paths[path])
    return text


def _goal_counts(org: OrgPlan, scrubbers: dict[str, Scrubber], renamed: dict[str, str],
                 keep_names: bool) -> list[GoalCount]:
    """Per unit, team and employee (a pseudonym unless names are kept): rows with a personal
    goal and rows with learning activities — what HR may know of bilag C by default."""
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for name, unit in org.units:
        for g in unit.individual_goals:
            who = g.employee if keep_names else scrubbers[name].name(g.employee) if g.employee else ""
            c = counts[(renamed.get(name, name), g.team, who)]
            c[0] += bool(g.personal_goal.strip())
            c[1] += bool(g.activities.strip())
    return [GoalCount(unit, team, who, goals, activities) for (unit, team, who), (goals, activities) in counts.items()]
