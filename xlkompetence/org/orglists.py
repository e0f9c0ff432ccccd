"""The organisation workbook's lists, one Excel table each: the round, Teams, Læringsformer,
Ressourcepersoner, Plan, Læringsmål, Forankring, Behov uden aktivitet, Uden forankring, MED-SU,
Kilder and Fejl og mangler."""

from __future__ import annotations

__all__ = ["ListWriter"]

from functools import cached_property
from typing import Any

from xlsxwriter.worksheet import Worksheet

from ..core.calculated import plan_row
from ..core.catalogue import catalogue, resource_persons
from ..core.committee import add_figures, unit_figures
from ..core.disclosure import Share
from ..core.labels import t
from ..core.committee import UnitFigures
from ..core.gaps import team_summaries
from ..core.models import CommitteeRecord, UnitWorkbook
from ..core.planning import LearningFormMix, follow_up_status, learning_form_mix
from ..core.schema import ANCHORING, INDIVIDUAL, PLAN, Kind, PlacedColumn, is_leader_team, placed_columns
from ..core.thread import threads, unanchored
from .orgplan import OrgPlan
from .orgwriter import OrgWriter, RowMaker


def column_format(placed: PlacedColumn) -> str:
    """The format of a unit workbook's column in HR's lists: dates as dates, amounts as numbers,
    text wrapped."""
    if placed.column.kind is Kind.DATE:
        return "date"
    return "amount" if placed.column.kind is Kind.NUMBER else "wrap"


def _mix_lines(name: str, mix: LearningFormMix) -> list[list[Any]]:
    return [[name, form, room or None, x.activities, x.hours, x.kroner] for form, room, x in mix.lines()]


def _committee_row(f: UnitFigures, r: CommitteeRecord) -> list[Any]:
    return [f.unit, f.profiles, f.gap2, f.mean_positive_gap, f.activities, f.closed, f.hours, f.kroner, f.employees,
            f.held_share, f.personal_share, f.group_share, r.discussed or r.typed_date or None, r.conclusions or None]


class ListWriter(OrgWriter):
    """Writes the sheets that are one table each."""

    def __init__(self, org: OrgPlan):
        super().__init__(org)
        self.total_mix = LearningFormMix()
        self.committee_figures: list[UnitFigures] = []

    def write_round(self, ws: Worksheet) -> None:
        """Every unit on the round's list, delivered or not; then those not on it."""
        status = self.org.round
        assert status is not None
        rows = ([u.unit, u.expected, u.delivered.label, u.modified, u.errors, u.warnings, u.typed_over, u.assessed,
                 u.plan_rows, u.overdue, u.mus_held, u.personal_goals, u.group_goals,
                 u.next_date, u.next_event, u.file]
                for u in status.units)
        self.table(ws, "tblRunden", [t(f"round.col.{k}") for k in (
            "unit", "expected", "delivered", "modified", "errors", "warnings", "typed_over", "assessed", "plan_rows",
            "overdue", "mus_held", "personal_goals", "group_goals", "next_date", "next_event", "file")], rows,
            len(status.units),
            ["text", "text", "text", "datetime", "int", "int", "int", "pct", "int", "int", "pct", "pct", "pct", "date",
             "text", "text"],
            [30, 9, 17, 17, 7, 10, 12, 10, 10, 12, 12, 12, 12, 12, 20, 40],
            intro=t("round.intro"))

    def unit_rows(self) -> dict[str, RowMaker]:
        names = self.shares(INDIVIDUAL.id, "personal_goal") is Share.VALUE
        return {**super().unit_rows(), "teams": self.team_rows, "mix": self.mix_rows,
                "resources": self.resource_rows, "plan": self.plan_rows, "anchoring": self.anchoring_rows,
                "unmet": self.unmet_rows, "unanchored": self.unanchored_rows, "committee": self.committee_rows,
                **({"goals": self.goal_rows} if names else {})}

    def add_up(self, name: str, unit: UnitWorkbook) -> None:
        super().add_up(name, unit)
        for row in unit.plan:
            self.total_mix.add(row)

    def added_up(self) -> None:
        super().added_up()
        self.kept["mix"].extend(_mix_lines(t("org.total"), self.total_mix))
        figures = add_figures(t("committee.total"), self.committee_figures)
        self.kept["committee"].extend([_committee_row(figures, CommitteeRecord())])

    def team_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        """Per team: size, assessments, gaps ≥2, the mean of the positive gaps, whether it is the
        leader group, and its learning goal beside what it agreed at its TUS."""
        goals = {g.team: g for g in unit.team_goals}
        rows = []
        for s in team_summaries(unit):
            goal = goals.get(s.team)
            rows.append([name, s.team, unit.cover.team_sizes.get(s.team), s.assessed, s.missing, s.gap2,
                         s.mean_positive_gap, s.mean_gap, is_leader_team(s.team), goal.tus_date if goal else None,
                         goal.tus_agreements if goal else None, goal.text if goal else None])
        return rows

    def write_teams(self, ws: Worksheet) -> None:
        rows = self.kept["teams"]
        self.table(ws, "tblTeams", [t(k) for k in ("org.col.unit", "org.col.team", "org.col.team_size",
                                                   "org.col.assessed", "org.col.missing", "org.col.gap2_count",
                                                   "org.col.mean_positive_gap", "org.col.mean_gap",
                                                   "org.col.leaders", "org.col.tus_date", "org.col.tus_agreements",
                                                   "org.col.team_goal")],
                   rows, len(rows),
                   ["text", "text", "int", "int", "int", "int", "dec", "dec", "text", "date", "wrap", "wrap"],
                   [28, 16, 12, 10, 10, 9, 12, 10, 12, 12, 40, 40], repeat=2)

    def mix_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        return _mix_lines(name, learning_form_mix(unit.plan))

    def write_mix(self, ws: Worksheet) -> None:
        """Learning forms per unit and in total: activities, hours, kroner (one row per form)."""
        rows = self.kept["mix"]
        self.table(ws, "tblLaeringsformer", [t(k) for k in ("org.col.unit", "org.col.learning_form", "org.col.room",
                                                            "org.col.activities", "org.col.hours", "org.col.kroner")],
                   rows, len(rows), ["text", "text", "text", "int", "dec", "amount"], [28, 30, 18, 12, 10, 12], repeat=2,
            intro=t("org.mix.intro"))

    def resource_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        """Resource persons per profile: their names only where names were asked for
        (--med-navne), otherwise how many."""
        names = self.shares("catalogue", "employees") is Share.VALUE
        return [[name, self.org.number(name, pid) if pid else None, len(persons), ", ".join(persons) if names else None]
                for pid, persons in resource_persons(catalogue(unit)).items()]

    def write_resources(self, ws: Worksheet) -> None:
        rows = self.kept["resources"]
        self.table(ws, "tblRessourcepersoner", [t(k) for k in ("org.col.unit", "org.col.id", "org.col.resource_count",
                                                               "org.col.resource_persons")],
                   rows, len(rows), ["text", "text", "int", "wrap"], [28, 10, 14, 60],
            intro=t("org.resources.intro"))

    @cached_property
    def plan_columns(self) -> list[PlacedColumn]:
        # The activity beside unit and row: printed wider than a page, the three repeat on every
        # page, so that each page says which activity its cells belong to.
        return sorted(placed_columns(PLAN), key=lambda p: p.column.id != "activity")

    def plan_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        rows = []
        for row in unit.plan:
            # The organisation's numbers, so HR can match activities to needs across units.
            derived = {**plan_row(row, self.org.today),
                       "profile_ids": ", ".join(self.org.number(name, pid) for pid in row.profile_ids) or None}
            rows.append([name, row.row, *(getattr(row, p.column.id) if p.column.is_input else derived[p.key]
                                          for p in self.plan_columns)])
        return rows

    def write_plan(self, ws: Worksheet) -> None:
        cols = self.plan_columns
        formats = ["text", "int"] + [column_format(p) for p in cols]
        widths = [24, 7] + [min(p.column.width, 30) for p in cols]
        rows = self.kept["plan"]
        self.table(ws, "tblPlan", [t("org.col.unit"), t("org.col.row"), *[p.header for p in cols]],
                   rows, len(rows), formats, widths, repeat=3)

    @cached_property
    def goal_columns(self) -> list[PlacedColumn]:
        return [p for p in placed_columns(INDIVIDUAL) if self.shares(INDIVIDUAL.id, p.column.id) is not Share.NOTHING]

    def goal_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        return [[name, goal.row, *(getattr(goal, p.column.id) for p in self.goal_columns)]
                for goal in unit.individual_goals]

    def write_goals(self, ws: Worksheet) -> None:
        """Bilag C across the units: its rows where its texts may leave (the columns that may);
        otherwise counts per employee (a pseudonym unless names were asked for) and team."""
        if "goals" in self.kept:
            cols, rows = self.goal_columns, self.kept["goals"]
            # Unit, row and employee on every page across: whose goals each page shows.
            self.table(ws, "tblLaeringsmaal", [t("org.col.unit"), t("org.col.row"), *[p.header for p in cols]],
                       rows, len(rows), ["text", "int"] + [column_format(p) for p in cols],
                       [24, 7] + [min(p.column.width, 40) for p in cols], repeat=3)
            return
        counts = self.org.goal_counts
        self.table(ws, "tblLaeringsmaal",
                   [t(f"org.goals.{k}") for k in ("unit", "team", "employee", "goals", "activities")],
                   ([c.unit, c.team, c.employee, c.goals, c.activities] for c in counts), len(counts),
                   ["text", "text", "text", "int", "int"], [28, 16, 22, 16, 16], repeat=3)

    def anchoring_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        today = self.org.today
        return [[name, row.row, *(getattr(row, p.column.id) if p.column.is_input else follow_up_status(row, today)
                                  for p in placed_columns(ANCHORING))] for row in unit.anchoring]

    def write_anchoring(self, ws: Worksheet) -> None:
        cols = placed_columns(ANCHORING)
        formats = ["text", "int"] + [column_format(p) for p in cols]
        rows = self.kept["anchoring"]
        self.table(ws, "tblForankring", [t("org.col.unit"), t("org.col.row"), *[p.header for p in cols]],
                   rows, len(rows), formats, [24, 7] + [min(p.column.width, 40) for p in cols],
                   repeat=2)

    def unmet_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        """Prioritised needs (gap ≥2, or the leader's kort/længere sigt) no activity covers ("ikke
        nu" left out)."""
        rows = []
        for x in threads(unit):
            for team in x.uncovered:
                decision = x.decisions.get(team)
                rows.append([name, team, self.org.number(name, x.profile_id), x.text, x.gaps.get(team),
                             x.priority_of(team), decision.reason if decision else ""])
        return rows

    def write_unmet(self, ws: Worksheet) -> None:
        """Prioritised needs no activity covers (HR's first list)."""
        rows = self.kept["unmet"]
        self.table(ws, "tblBehovUdenAktivitet", [t(k) for k in (
            "org.col.unit", "org.col.team", "org.col.id", "org.col.profile", "org.col.gap", "org.col.priority",
            "org.col.reason")], rows, len(rows), ["text", "text", "text", "wrap", "gap", "text", "wrap"],
            [28, 14, 8, 60, 7, 13, 40], repeat=3,
            intro=t("org.no_activity.intro"))

    def unanchored_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        return [[name, r.row, ", ".join(self.org.number(name, pid) for pid in r.profile_ids), r.activity, r.status,
                 r.end] for r in unanchored(unit)]

    def write_unanchored(self, ws: Worksheet) -> None:
        """Finished activities no anchoring row follows up (HR's second list). No names: the
        source row leads back to the plan."""
        rows = self.kept["unanchored"]
        self.table(ws, "tblUdenForankring", [t(k) for k in (
            "org.col.unit", "org.col.row", "org.col.id", "org.col.activity", "org.col.status", "org.col.end")],
            rows, len(rows), ["text", "int", "text", "wrap", "text", "date"], [28, 7, 10, 50, 13, 11], repeat=2,
            intro=t("org.not_anchored.intro"))

    def committee_rows(self, name: str, unit: UnitWorkbook) -> list[list[Any]]:
        figures = self.org.committee.get(name) or unit_figures(name, unit, self.org.today)
        self.committee_figures.append(figures)
        # The unit's MED record as it may leave the unit (the conclusions as text only when
        # asked for: ``core.disclosure``).
        return [_committee_row(figures, unit.committee)]

    def write_committee(self, ws: Worksheet) -> None:
        """For MED/SU and the top MED committee: per unit and in total, goals and needs, gaps,
        activities, resources and the share with MUS/PUS held and development goals. Counts
        only: nothing here names a person or shows a personal goal."""
        rows = self.kept["committee"]
        self.table(ws, "tblMEDSU", [t(k) for k in (
            "committee.org_unit", "committee.org_profiles", "committee.org_gap2", "committee.org_mean_gap",
            "committee.org_planned", "committee.org_closed", "committee.hours", "committee.kroner",
            "committee.org_employees", "committee.org_held_share", "committee.org_personal_share",
            "committee.org_group_share", "committee.org_discussed", "committee.org_conclusions")],
            rows, len(rows), ["text", "int", "int", "dec", "int", "int", "dec", "kr", "int", "pct", "pct", "pct", "date",
                              "wrap"],
            [24, 10, 10, 9, 9, 10, 8, 11, 11, 10, 11, 11, 11, 16],
            intro=t("committee.org_intro", date=self.org.today.strftime("%d-%m-%Y")))
        ws.write(0, 0, t("committee.org_title"), self.f["title"])

    def write_sources(self, ws: Worksheet) -> None:
        # Disclosed inputs show their unit and a hash, and no leader's name, unless names were asked for.
        rows = ([e.shown, e.cover.unit if e.cover else "", e.cover.leader if e.cover else "",
                 ", ".join(e.teams), e.sha256, e.modified, e.rows, e.errors,
                 e.warnings, e.included, e.reason] for e in self.org.inputs)
        self.table(ws, "tblKilder",
                   [t(f"org.src.{k}") for k in ("file", "unit", "leader", "teams", "sha256", "modified", "rows",
                                                 "errors", "warnings", "included", "reason")],
                   rows, len(self.org.inputs),
                   ["text", "text", "text", "text", "text", "datetime", "int", "int", "int", "text", "wrap"],
                   [40, 28, 20, 24, 20, 17, 9, 7, 10, 7, 50])

    def write_findings(self, ws: Worksheet) -> None:
        # The kind of finding in Danish (HR filters on it), never its English code.
        n = sum(n for _, _, _, n in self.findings_index)
        self.table(ws, "tblFejl", [t("fs.file"), t("fs.sheet"), t("fs.cell"), t("fs.severity"), t("fs.kind"),
                                   t("fs.value"), t("fs.message")],
                   self.finding_rows(), n, ["wrap", "wrap", "text", "text", "wrap", "wrap", "wrap"],
                   [30, 20, 8, 10, 30, 20, 60], repeat=3)
