"""Read a unit workbook's sheet B, Kompetencebehov: each team's desired and actual level of each
profile, the leader's priority and reason, and each team's learning goal and TUS, found by
their labels above or under the table (the appendix puts the goal in the last row). Pure."""

from __future__ import annotations

__all__ = ["NeedsReader"]

from typing import Any

from ..core.dates import parse_date
from ..core.findings import Code
from ..core.grid import Grid
from ..core.labels import t
from ..core.models import Assessment, Decision, Profile, TeamGoal
from ..core.parsing import is_blank, normalise_text, parse_level
from ..core.schema import NEEDS, PROFILES, is_not_relevant, placed_columns
from .sheettables import SheetData, SheetReader, as_text, chooser, find_team_header


class NeedsReader(SheetReader):
    """Reads sheet B; where each team's learning goal stands is kept for what is reported of it."""

    def __init__(self, grids: dict[str, Grid], file: str, table_last_rows: dict[str, int] | None = None):
        super().__init__(grids, file, table_last_rows)
        self.goal_cells: dict[str, tuple[int, int]] = {}

    def read_needs(self, profiles: list[Profile]) -> tuple[list[str], list[Assessment], list[Decision], list[TeamGoal]]:
        located = self.locate_needs()
        if located is None:
            return [], [], [], []
        grid, data, teams = located
        goal_label = normalise_text(t("needs.team_goal"))

        def is_goal_row(row: int) -> bool:
            return any(normalise_text(grid.get(row, c)) == goal_label for c in (1, 2, data.cols.get("id", 1)))

        self.collect_rows(data, grid, placed_columns(NEEDS, teams, older=True), stop=is_goal_row)
        team_goals = self.read_team_goals(grid, data, teams, goal_label)
        assessments, decisions, listed = self.read_assessments(data, teams, profiles)
        self.report_profiles_not_listed(profiles, listed)
        self.report_team_goals_missing(team_goals, assessments, profiles)
        return teams, assessments, decisions, team_goals

    def report_team_goals_missing(self, goals: list[TeamGoal], assessments: list[Assessment],
                                  profiles: list[Profile]) -> None:
        """A team with a gap (on a profile the organisation has not retired) and no learning goal."""
        retired = {p.id for p in profiles if p.retired}
        gaps: dict[str, list[str]] = {}
        for a in assessments:
            if a.desired is not None and a.actual is not None and a.desired > a.actual and a.profile_id not in retired:
                gaps.setdefault(a.team, []).append(a.profile_id)
        for goal in goals:
            if goal.team in gaps and not goal.text:
                row, col = self.goal_cells.get(goal.team, (None, None))
                self.report(Code.NEEDS_TEAM_GOAL_MISSING, NEEDS.name, row, col, team=goal.team,
                            profiles=", ".join(gaps[goal.team]))

    def locate_needs(self) -> tuple[Grid, SheetData, list[str]] | None:
        """Sheet B's grid, its table and its teams in column order; None (reported) when the
        sheet or its team headers are missing. A team lacking a level column is reported."""
        grid = self.grid_for(NEEDS)
        if grid is None:
            self.report(Code.SHEET_MISSING, NEEDS.name, name=NEEDS.name)
            return None
        header_row, teams, team_cols = find_team_header(grid)
        if header_row is None:
            self.report(Code.TEAM_NONE, NEEDS.name)
            return None
        data = self.map_columns(NEEDS, grid, header_row, placed_columns(NEEDS, teams, older=True), preset=team_cols)
        for team in teams:
            for which in ("desired", "actual"):
                if f"{which}@{team}" not in data.cols:
                    self.report(Code.TEAM_INCOMPLETE, NEEDS.name, team=team,
                                name=NEEDS.column(which).header(team))
        return grid, data, teams

    def read_assessments(self, data: SheetData, teams: list[str],
                         profiles: list[Profile]) -> tuple[list[Assessment], list[Decision], dict[str, int]]:
        """Every team's levels of every profile listed in sheet B, the leader's decisions on
        them, and the row each profile is listed in (by its casefolded number)."""
        known = {p.id.casefold(): (p.id, p) for p in profiles if p.id}
        assessments: list[Assessment] = []
        decisions: list[Decision] = []
        listed: dict[str, int] = {}
        for row, values in data.rows.items():
            found = self.needs_profile(data, row, values, known, listed)
            if found is None:
                continue
            pid, profile = found
            assessments += [self.assess(data, row, values, pid, profile, team) for team in teams]
            for team in (None, *teams):
                decision = self.decide(data, row, values, pid, team)
                if decision is not None:
                    decisions.append(decision)
        return assessments, decisions, listed

    def decide(self, data: SheetData, row: int, values: dict[str, Any], pid: str,
               team: str | None) -> Decision | None:
        """The leader's Prioritet and Begrundelse on a row of sheet B for the profile numbered
        ``pid``, where there are any: ``team``'s, or (None) the one for every team that
        templates 2–4 have."""
        priority_key, reason_key = ("priority", "reason") if team is None else (f"team_priority@{team}",
                                                                                f"team_reason@{team}")
        priority = self.parse(chooser(NEEDS.column("priority")), values.get(priority_key), NEEDS.name, row,
                              data.cols.get(priority_key))
        reason = as_text(values.get(reason_key))
        if priority is None and not reason:
            return None
        return Decision(row=row, profile_id=pid, priority=priority, reason=reason, team=team)

    def needs_profile(self, data: SheetData, row: int, values: dict[str, Any], known: dict[str, tuple[str, Profile]],
                      listed: dict[str, int]) -> tuple[str, Profile] | None:
        """The profile a row of sheet B assesses and its number as sheet A spells it (``known``
        holds both by the casefolded number), entered in ``listed``; None for a row without a
        number, and (reported) for an unknown number or one listed before."""
        typed = as_text(values.get("id"))
        if not typed:
            return None
        key = typed.casefold()
        found = known.get(key)
        if found is None:
            self.report(Code.NEEDS_UNKNOWN_PROFILE, NEEDS.name, row, data.cols.get("id"), value=typed)
            return None
        if key in listed:
            self.report(Code.NEEDS_DUPLICATE_PROFILE, NEEDS.name, row, data.cols.get("id"),
                        value=typed, other=listed[key])
            return None
        listed[key] = row
        return found

    def assess(self, data: SheetData, row: int, values: dict[str, Any], pid: str, profile: Profile,
               team: str) -> Assessment:
        """One team's desired and actual level of ``profile``, numbered ``pid``; a blank level is
        reported, unless the organisation retired the profile (nobody needs to assess it any more).
        "Ikke relevant" in either level is the leader's answer: no level, nothing missing."""
        if any(is_not_relevant(values.get(f"{which}@{team}")) for which in ("desired", "actual")):
            return Assessment(row=row, profile_id=pid, team=team, not_relevant=True)
        levels = {}
        for which in ("desired", "actual"):
            key = f"{which}@{team}"
            levels[which] = self.parse(parse_level, values.get(key), NEEDS.name, row, data.cols.get(key))
        blank = [w for w in ("desired", "actual") if is_blank(values.get(f"{w}@{team}"))]
        if blank and not profile.retired:
            self.report(Code.LEVEL_MISSING, NEEDS.name, row, data.cols.get(f"{blank[0]}@{team}"),
                        team=team, profile=pid,
                        which=t("list.and").join(t(f"which.{w}") for w in blank))
        previous = values.get(f"previous@{team}")
        if not is_blank(previous):
            levels["previous"] = self.parse(parse_level, previous, NEEDS.name, row, data.cols.get(f"previous@{team}"))
        return Assessment(row=row, profile_id=pid, team=team, **levels)

    def report_profiles_not_listed(self, profiles: list[Profile], listed: dict[str, int]) -> None:
        """A profile of sheet A that sheet B does not list (retired ones need not be)."""
        id_col = self.sheets[PROFILES.id].cols.get("id") if PROFILES.id in self.sheets else None
        for p in profiles:
            if p.id and p.id.casefold() not in listed and not p.retired:
                self.report(Code.NEEDS_PROFILE_NOT_LISTED, PROFILES.name, p.row, id_col, value=p.id)

    def read_team_goals(self, grid: Grid, data: SheetData, teams: list[str], label: str) -> list[TeamGoal]:
        """Each team's learning goal, and what it agreed at its TUS and when: rows found by
        their label (above the table, or under it as in the appendix), never by number."""
        rows_around = list(range(1, data.header_row)) + list(range(data.first_data_row, grid.height + 1))

        def labelled(wanted: str) -> int | None:
            return next((row for row in rows_around
                         if any(normalise_text(grid.get(row, c)) == wanted for c in (1, 2))), None)

        goal_row = labelled(label)
        tus_date_row = labelled(normalise_text(t("needs.tus_date")))
        tus_row = labelled(normalise_text(t("needs.tus_agreements")))
        if tus_date_row is None and tus_row is None:
            self.older.append((NEEDS.name, t("needs.tus_date")))
        goals = []
        for team in teams:
            span = sorted(data.cols[k] for k in (f"desired@{team}", f"actual@{team}", f"gap@{team}",
                                                 f"team_priority@{team}", f"team_reason@{team}") if k in data.cols)
            if goal_row is not None and span:
                self.goal_cells[team] = (goal_row, span[0])
            text = self.span_value(grid, goal_row, span)
            agreements = self.span_value(grid, tus_row, span)
            when = None
            if tus_date_row is not None and span:
                raw = next((grid.get(tus_date_row, c) for c in span if not is_blank(grid.get(tus_date_row, c))), None)
                when = self.parse(parse_date, raw, NEEDS.name, tus_date_row, span[0])
            goals.append(TeamGoal(team=team, text=as_text(text), tus_date=when, tus_agreements=as_text(agreements)))
        return goals

    @staticmethod
    def span_value(grid: Grid, row: int | None, span: list[int]) -> Any:
        """The first value in ``row`` across a team's columns (its cells are merged)."""
        if row is None:
            return None
        return next((grid.get(row, c) for c in span if not is_blank(grid.get(row, c))), None)
