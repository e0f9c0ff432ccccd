"""Turn a workbook's cell values into models and findings, sheet by sheet of the appendix, then
the links between them. Pure: works on ``core.grid.Grid``s.

Reads what leaders actually send: sheets in any order, extra sheets and columns, levels typed
as text, strategy and goal written once above the profiles that share them. The Forside is
read by ``coverreader``, sheet B by ``needsreader``, the rest here; finding each sheet's table
(headers misspelt, columns reordered, blank rows) is ``sheettables``'.
"""

from __future__ import annotations

__all__ = ["ReadResult", "is_read_sheet", "read", "Reader", "next_free_id"]

import re
from collections.abc import Iterable, Sequence, Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.calculated import derive_anchoring_row, derive_plan_row, quietly
from ..core.cells import ref
from ..core.dates import parse_date, parse_timeline
from ..core.effort import EFFORT_COLUMNS, row_effort
from ..core.findings import Code, Finding, finding
from ..core.grid import Grid
from ..core.labels import conversation_named, count, t
from ..core.learning import LEARNING_FORM_NAMES, parse_learning_form
from ..core.plandefaults import DERIVED_COLUMNS
from ..core.models import AnchoringRow, CatalogueEntry, Cover, IndividualGoal, PlanRow, Profile, UnitWorkbook
from ..core.parsing import is_blank, normalise_text
from ..core.resources import parse_resources
from ..core.schema import (
    ANCHORING,
    CATALOGUE,
    COMMITTEE,
    COVER,
    EMPLOYEES,
    FIRST_VERSION,
    INDIVIDUAL,
    MEMORY,
    NEEDS,
    PLAN,
    SUGGESTIONS,
    PROFILES,
    Kind,
    placed_columns,
)
from ..core.thread import ProfileIndex
from .coverreader import CoverReader
from .links import link_findings
from .namechecks import name_findings
from .memory import Memory, derived_written, notes_of, read_memory, written_key
from .needsreader import NeedsReader
from .peoplereader import PeopleReader, people_findings
from .sheettables import HEADER_SCAN_ROWS, SheetData, as_text, chooser

if TYPE_CHECKING:
    from ..xlsx.loader import Source


@dataclass
class ReadResult:
    unit: UnitWorkbook
    findings: list[Finding]
    sheets: dict[str, SheetData]
    file: str = ""
    # What refresh wrote into calculated value columns; None for a workbook from before that.
    memory: Memory | None = None
    # The Forside's values, where it has a year wheel (whose statuses refresh writes).
    cover_grid: Grid | None = None
    # What it was read from: every grid, where each sheet's Excel tables end, and the file's
    # notes (links to other files), so that refresh can read the workbook again as it leaves it.
    grids: dict[str, Grid] = field(default_factory=dict)
    table_last_rows: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


_READ_SHEETS = {normalise_text(s.name) for s in (COVER, PROFILES, NEEDS, INDIVIDUAL, PLAN, SUGGESTIONS, ANCHORING,
                                                   EMPLOYEES, CATALOGUE, COMMITTEE, MEMORY)}


def is_read_sheet(name: str) -> bool:
    """Whether the reader looks at a sheet of this name (a leader's own sheets it skips)."""
    return normalise_text(name) in _READ_SHEETS


def read(source: Source, file: str | None = None) -> ReadResult:
    """Models and findings for the workbook behind ``source``."""
    reader = Reader(source.grids, file if file is not None else source.path.name,
                    table_last_rows={n: source.tables.last_row(n) for n in source.grids})
    return reader.read(source.notes)


class Reader(CoverReader, NeedsReader, PeopleReader):
    """The models and findings of one workbook's grids (sheet name → values)."""

    # -- whole workbook ------------------------------------------------------------------
    def read(self, notes: Sequence[str] = ()) -> ReadResult:
        """Every sheet in the order of the phases, then the links between them; ``notes`` are
        the loader's on the file (``external_links:N``)."""
        for note in notes:
            kind, _, n = note.partition(":")
            if kind == "external_links":
                self.report(Code.FILE_EXTERNAL_LINKS, count=count(int(n), "link"))
        cover = self.read_cover()
        with conversation_named(cover.conversation):  # the findings name it as the workbook does
            return self.read_sheets(cover, tuple(notes))

    def read_sheets(self, cover: Cover, notes: tuple[str, ...] = ()) -> ReadResult:
        """The sheets after the Forside, in the order of the phases, then the links between them."""
        memory = read_memory(self.grid_for(MEMORY))
        self.derived_written = derived_written(memory)
        profiles = self.read_profiles()
        teams, assessments, decisions, team_goals = self.read_needs(profiles)
        cover = cover.model_copy(update={"team_sizes": _by_team(cover.team_sizes, teams),
                                         "team_forms": _by_team(cover.team_forms, teams)})
        index = ProfileIndex(profiles)
        employees = self.read_employees(teams)
        individual = self.read_individual(teams)
        plan = self.read_plan(index, teams, cover.team_sizes)
        anchoring = self.read_anchoring(index)
        catalogue = self.read_catalogue()
        unit = UnitWorkbook(
            cover=cover,
            teams=tuple(teams),
            profiles=tuple(profiles),
            assessments=tuple(assessments),
            decisions=tuple(decisions),
            team_goals=tuple(team_goals),
            individual_goals=tuple(individual),
            plan=tuple(plan),
            anchoring=tuple(anchoring),
            catalogue=tuple(catalogue),
            employees=tuple(employees),
            committee=self.read_committee(),
        )
        self.report_older(cover)
        self.findings += link_findings(unit, self.sheets, index, self.file, self.keeps)
        self.findings += name_findings(unit, self.sheets, self.goal_cells, self.file, self.keeps)
        self.findings += people_findings(unit, self.sheets, self.file, self.keeps)
        self.report_beyond_cap()
        # What next-round could not bring from last round's workbook, said to the leader here.
        self.findings += [finding(Code.NEXT_LEFT_BEHIND, file=self.file, message=note) for note in notes_of(memory)]
        return ReadResult(unit, self.findings, self.sheets, self.file, memory, self.cover_grid, self.grids,
                          self.table_last_rows, notes)

    def report_older(self, cover: Cover) -> None:
        """A workbook from an older template lacks the columns added since: said once, as
        information (everything else reads as before)."""
        if not self.older:
            return
        by_sheet: dict[str, list[str]] = {}
        for sheet, header in self.older:
            by_sheet.setdefault(sheet, []).append(f"\"{header}\"")
        columns = "; ".join(f"{', '.join(headers)} ({sheet})" for sheet, headers in by_sheet.items())
        row, col = self.version_cell or (None, None)
        self.report(Code.TEMPLATE_OLDER, COVER.name, row, col, version=cover.version or FIRST_VERSION,
                    columns=columns)


    # -- Mål og kompetenceprofil (A) -------------------------------------------------------
    def read_profiles(self) -> list[Profile]:
        strategy = goal = ""
        seen: dict[str, int] = {}
        suggested: set[str] = set()
        # Where the goal in force was written, whether that row came from the organisation,
        # and the row read last: inheritance across a gap or across origins is reported.
        goal_row: int | None = None
        goal_org = False
        last_row = 0

        def profile(data: SheetData, row: int, values: dict[str, Any]) -> Profile | None:
            nonlocal strategy, goal, goal_row, goal_org, last_row
            org = quietly(chooser(PROFILES.column("org")), values.get("org"))
            # Strategy and goal written once above the profiles that share them are inherited.
            if not is_blank(values.get("strategy")):
                strategy, goal, goal_row = as_text(values["strategy"]), "", None
            if not is_blank(values.get("goal")):
                goal, goal_row, goal_org = as_text(values["goal"]), row, org is not None
            after, last_row = last_row, row
            text = as_text(values.get("profile"))
            pid = as_text(values.get("id")) or None
            if not text:
                if pid or not is_blank(values.get("goal")):
                    self.report(Code.PROFILE_TEXT_MISSING, data.name, row, data.cols.get("profile"))
                return None
            label = pid or text[:40]
            if pid is None:
                suggestion = next_free_id(data.rows.values(), taken=suggested)
                suggested.add(suggestion)
                self.report(Code.PROFILE_ID_MISSING, data.name, row, data.cols.get("id"), suggestion=suggestion)
            elif pid.casefold() in seen:
                self.report(Code.PROFILE_ID_DUPLICATE, data.name, row, data.cols.get("id"),
                            value=pid, other=seen[pid.casefold()])
                return None
            else:
                seen[pid.casefold()] = row
            if not goal:
                self.report(Code.PROFILE_GOAL_MISSING, data.name, row, data.cols.get("goal"), profile=label)
            if not strategy:
                self.report(Code.PROFILE_STRATEGY_MISSING, data.name, row, data.cols.get("strategy"), profile=label)
            inherited = goal_row if goal and goal_row != row else None
            if inherited is not None:
                # The whole profile, quoted: the leader must see which one is meant.
                whole = f'{pid} ("{text}")' if pid else f'"{text}"'
                self.check_inherited(data, row, whole, goal, inherited,
                                     apart=row - after > 1, other_origin=(org is not None) != goal_org)
            return Profile(row=row, id=pid, strategy=strategy, goal=goal, text=text, org=org, goal_from=inherited)

        return self.read_records(PROFILES, profile)

    def check_inherited(self, data: SheetData, row: int, label: str, goal: str, goal_row: int, *,
                        apart: bool, other_origin: bool) -> None:
        """A goal inherited across empty rows, or between a row from the organisation and one of
        the unit's own, may belong to another profile: said, never silent."""
        why = "reason.inherit_apart" if apart else "reason.inherit_origin" if other_origin else None
        if why:
            self.report(Code.PROFILE_GOAL_INHERITED_APART, data.name, row, data.cols.get("goal"), profile=label,
                        other=goal_row, why=t(why), goal=goal)


    # -- Individuelle læringsmål (C) -------------------------------------------------------
    def read_individual(self, teams: list[str]) -> list[IndividualGoal]:
        placed = placed_columns(INDIVIDUAL)
        known = {normalise_text(x): x for x in teams}

        dates = [p for p in placed if p.column.kind is Kind.DATE]

        def goal(data: SheetData, row: int, values: dict[str, Any]) -> IndividualGoal:
            fields: dict[str, Any] = {p.column.id: as_text(values.get(p.key)) for p in placed if p not in dates}
            for p in dates:
                fields[p.column.id] = self.parse(parse_date, values.get(p.key), data.name, row, data.cols.get(p.key))
            if fields["team"]:
                canonical = known.get(normalise_text(fields["team"]))
                if canonical is None and teams:
                    self.report(Code.INDIVIDUAL_TEAM_UNKNOWN, data.name, row, data.cols.get("team"),
                                value=fields["team"], teams=", ".join(teams))
                fields["team"] = canonical or fields["team"]
            return IndividualGoal(row=row, **fields)

        return self.read_records(INDIVIDUAL, goal)

    # -- Plan for kompetenceudvikling (D) --------------------------------------------------
    def read_plan(self, index: ProfileIndex, teams: list[str], sizes: dict[str, int]) -> list[PlanRow]:
        """The plan's rows, with the profiles each names, its participants and staff time."""
        # Each text column's field and key, and PlanRow's fields among them, worked out once for
        # all rows (a placed column's key is made anew on each call; PlanRow's field map is slow).
        texts = [(p.column.id, p.key) for p in placed_columns(PLAN)
                 if p.column.is_input and p.column.kind not in (Kind.CHOICE,)]
        fields = set(PlanRow.model_fields) & {field for field, _ in texts}
        status_of, phase_of = chooser(PLAN.column("status")), chooser(PLAN.column("phase"))
        uncounted: dict[str, list[str]] = {}

        def plan_row(data: SheetData, row: int, values: dict[str, Any]) -> PlanRow:
            at = lambda key: data.cols.get(key)  # noqa: E731
            values = self.typed_only(data, row, values)
            text = {field: as_text(values.get(key)) for field, key in texts}
            timeline = self.parse(parse_timeline, values.get("timeline"), data.name, row, at("timeline"))
            for key in ("resources", *EFFORT_COLUMNS):
                self.parse(parse_resources, values.get(key), data.name, row, at(key))
            status = self.parse(status_of, values.get("status"), data.name, row, at("status"))
            phase = self.parse(phase_of, values.get("phase"), data.name, row, at("phase"))
            form = self.learning_form(values.get("learning_form"), data.name, row, at("learning_form"))
            if not text["activity"]:
                self.report(Code.PLAN_ACTIVITY_MISSING, data.name, row, at("activity"))
            if not text["responsible"]:
                self.report(Code.PLAN_RESPONSIBLE_MISSING, data.name, row, at("responsible"))
            if status is None and is_blank(values.get("status")):
                self.report(Code.PLAN_STATUS_MISSING, data.name, row, at("status"))
            # The text columns' ids name their fields: validated as a dict, not passed as keywords.
            record = PlanRow.model_validate({
                **{k: v for k, v in text.items() if k in fields},
                "row": row, "status": status, "phase": phase, "learning_form": form,
                "start": timeline.start if timeline else None, "end": timeline.end if timeline else None})
            effort = row_effort(record, teams, sizes)
            self.check_effort(data, record, effort, uncounted)
            return derive_plan_row(record, index, teams, sizes, effort)

        plan = self.read_records(PLAN, plan_row)
        self.report_uncounted(uncounted)
        return plan

    def typed_only(self, data: SheetData, row: int, values: dict[str, Any]) -> dict[str, Any]:
        """The row's values with what refresh filled into a blank derived column (Fase,
        Læringsform, Indsats) taken out: that is the tool's, derived again from what was typed."""
        written = getattr(self, "derived_written", {})
        if not written:
            return values
        ours = {key for key in DERIVED_COLUMNS if key in data.cols and not is_blank(values.get(key))
                and written.get((data.name, ref(row, data.cols[key]))) == written_key(values.get(key))}
        return {k: v for k, v in values.items() if k not in ours}

    def learning_form(self, raw: Any, sheet: str, row: int, col: int | None) -> str | None:
        """The row's learning form as the list spells it; a text naming none is a warning
        (the row counts without a form)."""
        if is_blank(raw):
            return None
        try:
            return parse_learning_form(as_text(raw))
        except KeyError:
            self.report(Code.PLAN_LEARNING_FORM_UNKNOWN, sheet, row, col, value=as_text(raw),
                        choices=", ".join(LEARNING_FORM_NAMES))
            return None

    def check_effort(self, data: SheetData, record: PlanRow, effort, uncounted: dict[str, list[str]]) -> None:
        """A per-person amount without a count of people; resources named without a quantity
        (gathered, to be said once)."""
        col = data.cols.get("resources")
        if effort.per_person_unknown:
            missing = effort.participants.missing_sizes
            why = t("reason.sizes_missing", teams=", ".join(missing)) if missing else ""
            self.report(Code.RESOURCES_PARTICIPANTS_UNKNOWN, data.name, record.row, col,
                        employees=record.employees, why=why)
        for word in effort.uncounted:
            uncounted.setdefault(word, []).append(ref(record.row, col) if record.row and col else "")

    def report_uncounted(self, uncounted: dict[str, list[str]]) -> None:
        """Resources named without a quantity ("vikardækning"): one piece of information for the
        whole plan, at the first cell."""
        if not uncounted:
            return
        cells = list(dict.fromkeys(c for found in uncounted.values() for c in found if c))
        what = t("list.and").join(f"\"{word}\"" for word in uncounted)
        first = cells[0] if cells else None
        self.findings.append(finding(Code.RESOURCES_NOT_COUNTED, file=self.file, sheet=PLAN.name, cell=first,
                                     value=", ".join(uncounted), what=what, rows=count(len(cells), "row"), cells=", ".join(cells)))

    # -- Forankring (E) ----------------------------------------------------------------------
    def read_anchoring(self, index: ProfileIndex) -> list[AnchoringRow]:
        texts = [p for p in placed_columns(ANCHORING)
                 if p.column.is_input and p.column.kind in (Kind.LONG_TEXT, Kind.PROFILE_REF)]

        def anchoring_row(data: SheetData, row: int, values: dict[str, Any]) -> AnchoringRow:
            text = {p.column.id: as_text(values.get(p.key)) for p in texts}
            when = self.parse(parse_date, values.get("next_follow_up"), data.name, row,
                              data.cols.get("next_follow_up"))
            record = AnchoringRow.model_validate({**text, "row": row, "next_follow_up": when})
            return derive_anchoring_row(record, index)

        return self.read_records(ANCHORING, anchoring_row)

    # -- Kompetencekatalog -------------------------------------------------------------------
    def read_catalogue(self) -> list[CatalogueEntry]:
        """The catalogue's lines as last written, with what the leader typed in Kan oplære
        andre. A workbook from before the catalogue has none (said once, as an older template)."""
        grid = self.grid_for(CATALOGUE)
        if grid is None:
            self.older.append((CATALOGUE.name, CATALOGUE.name))
            return []
        placed = placed_columns(CATALOGUE)
        expected = {normalise_text(p.header) for p in placed}
        header = next((r for r in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1)
                       if sum(normalise_text(v) in expected for v in grid.rows[r - 1]) >= 2), None)
        if header is None:
            return []  # a sheet of the leader's own that bears the name: not the catalogue
        data = self.map_columns(CATALOGUE, grid, header, placed)
        # Every line counts: a line carried from an earlier round holds no typed value.
        self.collect_rows(data, grid, placed, any_value=True)
        entries = []
        for row, values in data.rows.items():
            year = values.get("year")
            entries.append(CatalogueEntry(
                row=row, employees=as_text(values.get("employees")), activity=as_text(values.get("activity")),
                learning_form=as_text(values.get("learning_form")) or None,
                year=int(year) if isinstance(year, (int, float)) and not isinstance(year, bool) else None,
                profile_ids=tuple(x.strip() for x in as_text(values.get("profile_ids")).split(",") if x.strip()),
                can_teach=as_text(values.get("can_teach")), earlier=_earlier(values.get("plan_row"))))
        return entries

def _earlier(plan_row: Any) -> str:
    """The round a catalogue line came from, where its Række i planen names one."""
    text = as_text(plan_row)
    return text if normalise_text(text).startswith(normalise_text(t("catalogue.earlier", period=""))) else ""


def _by_team(sizes: dict[str, Any], teams: list[str]) -> dict[str, Any]:
    """The Forside's team sizes under the team names sheet B uses (the labels are matched
    without regard to case and spacing)."""
    wanted = {normalise_text(team): team for team in teams}
    return {wanted.get(normalise_text(name), name): n for name, n in sizes.items()}


def next_free_id(rows: Iterable[dict[str, Any]], taken: AbstractSet[str] = frozenset()) -> str:
    """The lowest "K<n>" used neither in sheet A's rows nor in ``taken``."""
    used = {int(x[1:]) for x in taken}
    for values in rows:
        m = re.fullmatch(r"[Kk](\d+)", as_text(values.get("id")))
        if m:
            used.add(int(m.group(1)))
    n = 1
    while n in used:
        n += 1
    return f"K{n}"

