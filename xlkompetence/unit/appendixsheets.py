"""The appendix's templates A–E in a unit workbook: Mål og kompetenceprofil, Kompetencebehov (the
teams' levels with live gap formulas, each team's learning goal and TUS), Individuelle
læringsmål, the plan and Forankring, each an Excel table with its conditional formats."""

from __future__ import annotations

__all__ = ["AppendixWriter"]

from datetime import datetime
from typing import Any

from xlsxwriter.worksheet import Worksheet

from ..core import calculated, formulas
from ..core.cells import ref
from ..core.labels import t
from ..core.schema import (
    ANCHORING,
    INDIVIDUAL,
    NEEDS,
    NEEDS_GOAL_ROW,
    NEEDS_TEAM_ROW,
    NEEDS_TUS_DATE_ROW,
    NEEDS_TUS_ROW,
    NOT_RELEVANT,
    ORG_RETIRED,
    RETIRED_STATUS,
    PLAN,
    PROFILES,
    PlacedColumn,
    Sheet,
    Status,
    layout,
    placed_columns,
)
from .cellformats import AMBER, BLUE, GREEN, MISSING, RED, RETIRED
from .datavalidation import date_validation, input_message, input_title
from .templatewriter import TemplateWriter


class AppendixWriter(TemplateWriter):
    """Writes the sheets A–E."""

    def write_profiles(self, ws: Worksheet) -> None:
        placed = placed_columns(PROFILES)
        self.frame(ws, PROFILES, placed)
        last = self.table(ws, PROFILES, placed, len(self.unit.profiles) + PROFILES.spare_rows)
        first = layout(PROFILES).first_data_row
        previous = ("", "")
        for row in range(first, last + 1):
            i = row - first
            p = self.unit.profiles[i] if i < len(self.unit.profiles) else None
            values: dict[str, Any] = {}
            if p is not None:
                # Like the appendix: strategy and goal only where they change; the goal a row
                # inherits is shown, greyed, in the row.
                own_goal = (p.strategy, p.goal) != previous
                values = {
                    "id": p.id,
                    "strategy": p.strategy if p.strategy != previous[0] else None,
                    "goal": p.goal if own_goal else None,
                    "profile": p.text,
                    "org": p.org,
                    **calculated.profile_row(p.model_copy(update={"goal_from": None if own_goal else row - 1})),
                }
                previous = (p.strategy, p.goal)
            for c, pc in enumerate(placed, start=1):
                self.put(ws, row, c, values.get(pc.key), pc.column.kind, pc.column.calc)
        org = ref(first, self.cols[PROFILES.id]["org"], lock_col=True)
        self.cf(ws, first, 1, last, len(placed), f'={org}="{ORG_RETIRED}"', RETIRED)

    def write_needs(self, ws: Worksheet) -> None:
        placed = placed_columns(NEEDS, self.teams)
        # A first round has no earlier levels: their columns wait, hidden, for the next.
        first_round = not any(a.previous is not None for a in self.unit.assessments)
        hidden = frozenset(p.key for p in placed if p.column.id == "previous" and first_round)
        self.frame(ws, NEEDS, placed, help_row=False, hidden=hidden)
        n = len([p for p in self.unit.profiles if p.id])
        last = self.table(ws, NEEDS, placed, n + NEEDS.spare_rows)
        cols = self.cols[NEEDS.id]
        self.needs_labels(ws, cols)
        for team in self.teams:
            self.team_banner(ws, team, cols[f"desired@{team}"] - 1, cols[f"team_reason@{team}"] - 1)
        first = layout(NEEDS).first_data_row
        self.needs_rows(ws, placed, cols, first, last)
        self.needs_formats(ws, cols, first, last)

    def needs_labels(self, ws: Worksheet, cols: dict[str, int]) -> None:
        """The labels of the rows above and below the table: team names over each team's three
        columns, and each team's learning goal and TUS below."""
        ws.merge_range(NEEDS_TEAM_ROW - 1, 0, NEEDS_TEAM_ROW - 1, 1, t("needs.team"), self.fmt["banner_label"])
        ws.merge_range(NEEDS_GOAL_ROW - 1, 0, NEEDS_GOAL_ROW - 1, 1, t("needs.team_goal"), self.fmt["banner_label"])
        # Room to type (a merged cell does not grow as one types); taller where the goal is.
        ws.set_row(NEEDS_GOAL_ROW - 1, 45)
        ws.merge_range(NEEDS_TUS_DATE_ROW - 1, 0, NEEDS_TUS_DATE_ROW - 1, 1, t("needs.tus_date"), self.fmt["banner_label"])
        ws.merge_range(NEEDS_TUS_ROW - 1, 0, NEEDS_TUS_ROW - 1, 1, t("needs.tus_agreements"), self.fmt["banner_label"])
        ws.set_row(NEEDS_TUS_ROW - 1, 30)

    def team_banner(self, ws: Worksheet, team: str, c0: int, c1: int) -> None:
        """Across a team's columns ``c0``–``c1`` (0-based): its name, and below the table its
        learning goal, the date of its TUS and what it agreed there."""
        goal = self.unit.team_goal_of(team)
        ws.merge_range(NEEDS_TEAM_ROW - 1, c0, NEEDS_TEAM_ROW - 1, c1, team, self.fmt["banner"])
        ws.merge_range(NEEDS_GOAL_ROW - 1, c0, NEEDS_GOAL_ROW - 1, c1, goal.text, self.fmt["team_goal"])
        ws.data_validation(NEEDS_GOAL_ROW - 1, c0, NEEDS_GOAL_ROW - 1, c0, {
            "validate": "any", "input_title": input_title(t("needs.team_goal")),
            "input_message": input_message(t("help.needs.team_goal")),
        })
        when = goal.tus_date
        ws.merge_range(NEEDS_TUS_DATE_ROW - 1, c0, NEEDS_TUS_DATE_ROW - 1, c1, "", self.fmt["tus_date"])
        if when is not None:
            ws.write_datetime(NEEDS_TUS_DATE_ROW - 1, c0, datetime(when.year, when.month, when.day), self.fmt["tus_date"])
        ws.data_validation(NEEDS_TUS_DATE_ROW - 1, c0, NEEDS_TUS_DATE_ROW - 1, c0, {
            **date_validation(), "input_title": input_title(t("needs.tus_date")),
            "input_message": input_message(t("help.needs.tus_date")),
        })
        ws.merge_range(NEEDS_TUS_ROW - 1, c0, NEEDS_TUS_ROW - 1, c1, goal.tus_agreements, self.fmt["team_goal"])
        ws.data_validation(NEEDS_TUS_ROW - 1, c0, NEEDS_TUS_ROW - 1, c0, {
            "validate": "any", "input_title": input_title(t("needs.tus_agreements")),
            "input_message": input_message(t("help.needs.tus_agreements")),
        })

    def needs_rows(self, ws: Worksheet, placed: list[PlacedColumn], cols: dict[str, int], first: int,
                   last: int) -> None:
        """A row per numbered profile, rows ``first``–``last``: the leader's levels and decision,
        and the gaps and status as live formulas with their values."""
        by_profile = {(a.profile_id, a.team): a for a in self.unit.assessments}
        texts = calculated.profile_texts([(p.id, p.text) for p in self.unit.profiles])
        retired = {p.id.casefold() for p in self.unit.profiles if p.id and p.retired}
        profiles_cols = self.cols[PROFILES.id]
        ids = [p.id for p in self.unit.profiles if p.id]
        for row in range(first, last + 1):
            i = row - first
            values: dict[str, Any] = {"id": ids[i] if i < len(ids) else None}
            for team in self.teams:
                # The team's own decision; one an older template took for every team stands in each.
                decision = self.unit.decision(values["id"], team) if values["id"] else None
                if decision is not None:
                    values[f"team_priority@{team}"] = decision.priority
                    values[f"team_reason@{team}"] = decision.reason or None
                a = by_profile.get((values["id"], team))
                values[f"desired@{team}"] = NOT_RELEVANT if a and a.not_relevant else a.desired if a else None
                values[f"actual@{team}"] = NOT_RELEVANT if a and a.not_relevant else a.actual if a else None
                values[f"previous@{team}"] = a.previous if a else None
            derived = calculated.needs_row(values, self.teams, texts, retired)
            row_formulas = formulas.needs_row(row, cols, self.teams, profiles_cols)
            for c, pc in enumerate(placed, start=1):
                if pc.key in row_formulas:
                    self.put(ws, row, c, derived[pc.key], pc.column.kind, pc.column.calc, row_formulas[pc.key])
                else:
                    self.put(ws, row, c, values.get(pc.key), pc.column.kind, pc.column.calc)

    def needs_formats(self, ws: Worksheet, cols: dict[str, int], first: int, last: int) -> None:
        id_col = ref(first, cols["id"], lock_col=True)
        for team in self.teams:
            for which in ("desired", "actual"):
                c = cols[f"desired@{team}"] if which == "desired" else cols[f"actual@{team}"]
                cell = ref(first, c)
                self.cf(ws, first, c, last, c, f'=AND({id_col}<>"",TRIM({cell})="")', MISSING)
        for key in [f"gap@{team}" for team in self.teams] + ["max_gap"]:
            c = cols[key]
            cell = ref(first, c)
            for test, colours in ((">=2", RED), ("=1", AMBER), ("=0", GREEN), ("<0", BLUE)):
                self.cf(ws, first, c, last, c, f"=AND(ISNUMBER({cell}),{cell}{test})", colours)
        status_cell = ref(first, cols["status"], lock_col=True)
        self.cf(ws, first, 1, last, len(cols), f'={status_cell}="{RETIRED_STATUS}"', RETIRED)
        c = cols["status"]
        cell = ref(first, c)
        for status, colours in ((Status.GAP2, RED), (Status.MISSING, MISSING), (Status.GAP1, AMBER),
                                (Status.NONE, GREEN), (Status.ABOVE, BLUE)):
            self.cf(ws, first, c, last, c, f'={cell}="{status.label}"', colours)

    def record_sheet(self, ws: Worksheet, sheet: Sheet, records: list, derive=lambda rec: {}) -> tuple[dict[str, int], int, int]:
        """Frame, table and rows of a sheet with one record per row; its columns, first and last row."""
        placed = placed_columns(sheet)
        self.frame(ws, sheet, placed)
        last = self.table(ws, sheet, placed, len(records) + sheet.spare_rows)
        self.rows_from_records(ws, sheet, placed, records, last, derive)
        return self.cols[sheet.id], layout(sheet).first_data_row, last

    def write_individual(self, ws: Worksheet) -> None:
        self.record_sheet(ws, INDIVIDUAL, list(self.unit.individual_goals))

    def write_plan(self, ws: Worksheet) -> None:
        cols, first, last = self.record_sheet(ws, PLAN, list(self.unit.plan),
                                              lambda rec: calculated.plan_row(rec, self.today))
        end, status, overdue = (ref(first, cols[k], lock_col=True) for k in ("end", "status", "overdue"))
        closed = ",".join(f'TRIM({status})<>"{s}"' for s in (t("plan_status.done"), t("plan_status.anchored")))
        # Live in Excel as well: a passed end date shows before anyone refreshes.
        self.cf(ws, first, 1, last, len(cols),
                f'=OR({overdue}="{t("overdue.yes")}",AND(ISNUMBER({end}),{end}<TODAY(),{closed}))', RED)

    def write_anchoring(self, ws: Worksheet) -> None:
        cols, first, last = self.record_sheet(ws, ANCHORING, list(self.unit.anchoring),
                                              lambda rec: calculated.anchoring_row(rec, self.today))
        c = cols["next_follow_up"]
        when = ref(first, c)
        self.cf(ws, first, c, last, c, f"=AND(ISNUMBER({when}),{when}<TODAY())", AMBER)
        status_col = cols["follow_up_status"]
        status_cell = ref(first, status_col)
        self.cf(ws, first, status_col, last, status_col, f'={status_cell}="{t("follow_up.overdue")}"', RED)
        self.cf(ws, first, status_col, last, status_col, f'={status_cell}="{t("follow_up.missing")}"', MISSING)

    def rows_from_records(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn],
                          records: list, last: int, derive) -> None:
        first = layout(sheet).first_data_row
        for row in range(first, last + 1):
            i = row - first
            rec = records[i] if i < len(records) else None
            values = derive(rec) if rec is not None else {}
            if rec is not None:
                values.update({pc.key: getattr(rec, pc.column.id, None) for pc in placed if pc.column.is_input})
            for c, pc in enumerate(placed, start=1):
                self.put(ws, row, c, values.get(pc.key), pc.column.kind, pc.column.calc)
