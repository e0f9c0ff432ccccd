"""Write the organisation workbook: Overblik, Kompetencematrix, Vurderinger, Teams, Læringsformer,
Ressourcepersoner, Plan, Læringsmål, Forankring, Behov uden aktivitet, Uden forankring, Kilder and
Fejl og mangler.

Every text from a unit workbook is written as a string, never as a formula, link or number:
a cell someone typed as ``=HYPERLINK(...)`` stays inert here.
"""

from __future__ import annotations

__all__ = ["TOP_GAPS", "write_org_workbook"]

import io
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from statistics import fmean
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..xlsx.bulkrows import Bulk, fill

from ..core.calculated import plan_row
from ..core.catalogue import catalogue, resource_persons
from ..core.schema import is_leader_team
from ..core.cells import quote_sheet
from ..xlsx.files import write_atomic
from ..core.findings import Severity
from ..core.committee import add_figures, unit_figures
from ..core.labels import t
from ..core.models import PlanRow
from .orgplan import OrgPlan
from ..core.gaps import deficit
from ..core.planning import follow_up_status, is_overdue, learning_form_mix, phase_split, status_counts, totals
from ..core.schema import ANCHORING, INDIVIDUAL, PHASES, PLAN, placed_columns
from ..xlsx.styles import CALC_FILL, HEADER_FILL, TABLE_STYLE, add_formats
from ..core import printing
from ..xlsx.pagesetup import apply_page_setup

TOP_GAPS = 20
DEFAULT_WIDTH = 8.43  # Excel's standard column width


def write_org_workbook(path: Path, org: OrgPlan) -> None:
    """Write ``org`` to ``path`` atomically. ``org`` must be disclosed (``disclosure.disclose``):
    what it carries of the units' personal data has been decided before anything is written."""
    if org.disclosure is None:
        raise ValueError("the organisation plan must be disclosed before it is written")
    write_atomic(Path(path), lambda tmp: _OrgWriter(org).write(tmp))


class _OrgWriter:
    def __init__(self, org: OrgPlan):
        self.org = org
        self.layout = io.BytesIO()
        self.bulks: list[Bulk] = []
        self.wb = xlsxwriter.Workbook(self.layout, {
            "in_memory": True,
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        })
        self.wb.set_properties({"title": t("org.title"), "created": datetime(org.today.year, org.today.month, org.today.day)})
        self.f = add_formats(self.wb, {
            "datetime": {"num_format": "dd-mm-yyyy hh:mm", "align": "left"},
            "level": {"align": "center", "num_format": "0"},
            "gap": {"align": "center", "num_format": "0", "bold": True},
            "calc": {"bg_color": CALC_FILL, "align": "center", "num_format": "0.0#"},
        })
        self.gap_scale = {"type": "3_color_scale", "min_type": "num", "min_value": -2, "min_color": "#9BC2E6",
                          "mid_type": "num", "mid_value": 0, "mid_color": "#FFFFFF",
                          "max_type": "num", "max_value": 3, "max_color": "#F8696B"}

    def write(self, dest: Path) -> None:
        overview = self.wb.add_worksheet(t("org.sheet.overview"))
        if self.org.round is not None:
            self.write_round(self.wb.add_worksheet(t("round.sheet")))
        self.write_matrix(self.wb.add_worksheet(t("org.sheet.matrix")))
        self.write_levels(self.wb.add_worksheet(t("org.sheet.levels")))
        self.write_teams(self.wb.add_worksheet(t("org.sheet.teams")))
        self.write_mix(self.wb.add_worksheet(t("org.sheet.mix")))
        self.write_resources(self.wb.add_worksheet(t("org.sheet.resources")))
        self.write_plan(self.wb.add_worksheet(t("org.sheet.plan")))
        self.write_goals(self.wb.add_worksheet(t("org.sheet.goals")))
        self.write_anchoring(self.wb.add_worksheet(t("org.sheet.anchoring")))
        self.write_unmet(self.wb.add_worksheet(t("org.sheet.no_activity")))
        self.write_unanchored(self.wb.add_worksheet(t("org.sheet.not_anchored")))
        self.write_committee(self.wb.add_worksheet(t("org.sheet.committee")))
        self.write_sources(self.wb.add_worksheet(t("org.sheet.sources")))
        self.write_findings(self.wb.add_worksheet(t("org.sheet.findings")))
        self.write_overview(overview)
        overview.activate()
        self.wb.close()
        fill(self.layout.getvalue(), dest, self.bulks)

    # -- helpers -----------------------------------------------------------------------------
    def cell(self, ws: Worksheet, r: int, c: int, value: Any, fmt: str = "text") -> None:
        f = self.f[fmt]
        if value is None or value == "":
            ws.write_blank(r, c, None, f)
        elif isinstance(value, bool):
            ws.write_string(r, c, t("org.yes") if value else t("org.no"), f)
        elif isinstance(value, datetime):
            ws.write_datetime(r, c, value, self.f["datetime"])
        elif hasattr(value, "isoformat"):
            ws.write_datetime(r, c, datetime(value.year, value.month, value.day), self.f["date"])
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, f)
        else:
            ws.write_string(r, c, str(value), f)

    def print(self, ws: Worksheet, setup: printing.PageSetup) -> None:
        apply_page_setup(ws, setup, self.header_name)

    @property
    def header_name(self) -> str:
        """The name in every page's header: the organisation the units name, when they agree."""
        names = {unit.cover.organisation.strip() for _, unit in self.org.units} - {""}
        return names.pop() if len(names) == 1 else t("org.title")

    def table(self, ws: Worksheet, name: str, headers: list[str], rows: Iterable[list[Any]], n_rows: int,
              formats: list[str], widths: list[float], first_row: int = 2, repeat: int = 1) -> None:
        """An Excel table from ``first_row`` (0-based) with a title above; its ``n_rows`` rows
        are streamed in when the workbook is written. Printed wider than a page, its first
        ``repeat`` columns repeat on every page."""
        ws.write(0, 0, ws.name, self.f["title"])
        ws.add_table(first_row, 0, first_row + 1, len(headers) - 1, {
            "name": name, "style": TABLE_STYLE, "autofilter": True,
            "columns": [{"header": h, "header_format": self.f["header"]} for h in headers],
        })
        styles = [self.f[f] for f in formats]
        for j, width in enumerate(widths):
            ws.set_column(j, j, width, styles[j])
        self.bulks.append(Bulk(ws.name, first_row + 2, ([_plain(v) for v in r] for r in rows), styles, n_rows,
                               table=name))
        ws.freeze_panes(first_row + 1, 0)
        ws.set_row(first_row, 32)
        self.print(ws, printing.table_sheet(widths, header_rows=(first_row, first_row), repeat=(0, repeat - 1)))

    # -- Kompetencematrix --------------------------------------------------------------------
    def team_columns(self) -> list[tuple[str, str]]:
        return [(name, team) for name, unit in self.org.units for team in unit.teams]

    def write_matrix(self, ws: Worksheet) -> None:
        fixed = [t("org.col.id"), t("org.col.profile"), t("org.col.goal"), t("org.col.mean_gap"),
                 t("org.col.mean_positive_gap"), t("org.col.gap2"), t("org.col.not_assessed")]
        teams = self.team_columns()
        first_col = len(fixed)
        header_row = 4
        self.write_matrix_headers(ws, fixed, header_row)
        data = self.matrix_rows(teams)
        styles = [self.f[n] for n in ("label", "wrap", "wrap", "calc", "calc", "int", "int")]
        styles += [self.f[n] for _ in teams for n in ("level", "level", "gap")]

        def height(row: list) -> float:
            return 15 * max(1, -(-len(row[1]) // 55), -(-len(row[2] or "") // 33)) + 2

        self.bulks.append(Bulk(ws.name, header_row + 2, data, styles, len(data), height))
        last = header_row + max(len(self.org.profiles), 1)
        for k in range(len(teams)):
            c = first_col + 3 * k + 2
            ws.conditional_format(header_row + 1, c, last, c, self.gap_scale)
        ws.conditional_format(header_row + 1, 3, last, 4, self.gap_scale)
        widths = [8, 50, 30, 11, 11, 11, 11] + [7] * (3 * len(teams))
        for j, width in enumerate(widths):
            ws.set_column(j, j, width, styles[j])
        ws.set_row(header_row, 45)
        ws.freeze_panes(header_row + 1, 2)
        # Many units do not fit one page's width: pages break between units, and every page
        # carries the number and profile and the unit and team banners.
        groups = [("column", j) for j in range(first_col)] + [("unit", unit) for unit, _ in teams for _ in range(3)]
        self.print(ws, printing.table_sheet(widths, header_rows=(header_row - 2, header_row), repeat=(0, 1),
                                            groups=groups))

    def write_matrix_headers(self, ws: Worksheet, fixed: list[str], header_row: int) -> None:
        """Title and introduction; the profile columns' headers, and for each unit a banner over
        its teams, each team a banner over its desired, actual and gap columns."""
        ws.write(0, 0, t("org.sheet.matrix"), self.f["title"])
        # Across the profile columns, so that it prints whole on the first page.
        # Over the number and profile, which every page repeats: whole on every page.
        ws.merge_range(1, 0, 1, 1, t("org.matrix.intro"), self.f["intro"])
        ws.set_row(1, 15 * printing.wrapped_lines(t("org.matrix.intro"), 58) + 4)
        for j, h in enumerate(fixed):
            ws.write(header_row, j, h, self.f["header"])
        col = len(fixed)
        for unit_name, unit in self.org.units:
            span = 3 * len(unit.teams)
            self._banner(ws, header_row - 2, col, col + span - 1, unit_name)
            for team in unit.teams:
                self._banner(ws, header_row - 1, col, col + 2, team)
                for k, h in enumerate((t("org.col.desired"), t("org.col.actual"), t("org.col.gap"))):
                    ws.write(header_row, col + k, h, self.f["header"])
                col += 3

    def matrix_rows(self, teams: list[tuple[str, str]]) -> list[list[Any]]:
        """Per profile: number, text, goal, mean gap, mean of the positive gaps, gaps ≥2 and teams
        not assessed across the units that have it, then desired, actual and gap for every
        (unit, team) in ``teams``."""
        by = {(lv.unit, lv.team, lv.key): lv for lv in self.org.levels}
        units_of = {name: set(unit.teams) for name, unit in self.org.units}
        data = []
        for p in self.org.profiles:
            gaps, not_assessed = [], 0
            for unit_name in p.units:
                # The staff teams' means: a leader group's levels stand in its own columns.
                for team in (x for x in units_of[unit_name] if not is_leader_team(x)):
                    lv = by.get((unit_name, team, p.key))
                    if lv is None or lv.gap is None:
                        not_assessed += 1
                    else:
                        gaps.append(lv.gap)
            d = deficit(gaps)
            row = [p.id or "", p.text, p.goal, round(fmean(gaps), 2) if gaps else None, d.mean_positive,
                   d.gap2, not_assessed]
            for unit_name, team in teams:
                lv = by.get((unit_name, team, p.key))
                row += [lv.desired, lv.actual, lv.gap] if lv else [None, None, None]
            data.append(row)
        return data

    def _banner(self, ws: Worksheet, row: int, c0: int, c1: int, text: str) -> None:
        if c1 > c0:
            ws.merge_range(row, c0, row, c1, text, self.f["banner"])
        else:
            ws.write_string(row, c0, text, self.f["banner"])

    # -- Vurderinger (long form, for pivot tables) -------------------------------------------
    def write_levels(self, ws: Worksheet) -> None:
        profiles = {p.key: p for p in self.org.profiles}
        levels = self.org.levels
        rows = ([lv.unit, lv.team, profiles[lv.key].id or "", profiles[lv.key].text, lv.desired, lv.actual, lv.gap]
                for lv in levels)
        self.table(ws, "tblVurderinger",
                   [t("org.col.unit"), t("org.col.team"), t("org.col.id"), t("org.col.profile"),
                    t("org.col.desired"), t("org.col.actual"), t("org.col.gap")],
                   rows, len(levels), ["text", "text", "text", "text", "level", "level", "gap"], [28, 14, 8, 60, 9, 9, 9])
        if levels:
            ws.conditional_format(3, 6, 2 + len(levels), 6, self.gap_scale)

    # -- Plan, Læringsmål, Forankring ----------------------------------------------------------
    def write_plan(self, ws: Worksheet) -> None:
        # The activity beside unit and row: printed wider than a page, the three repeat on every
        # page, so that each page says which activity its cells belong to.
        cols = sorted(placed_columns(PLAN), key=lambda p: p.column.id != "activity")
        today = self.org.today

        def rows():
            for unit, row in self.org.plan:
                # The organisation's numbers, so HR can match activities to needs across units.
                derived = {**plan_row(row, today),
                           "profile_ids": ", ".join(self.org.number(unit, pid) for pid in row.profile_ids) or None}
                values = [unit, row.row]
                for p in cols:
                    values.append(getattr(row, p.column.id) if p.column.is_input else derived[p.key])
                yield values

        formats = ["text", "int"] + [("date" if p.column.kind.value == "date" else
                                      "amount" if p.column.kind.value == "number" else "wrap") for p in cols]
        widths = [24, 7] + [min(p.column.width, 30) for p in cols]
        self.table(ws, "tblPlan", [t("org.col.unit"), t("org.col.row"), *[p.header for p in cols]],
                   rows(), len(self.org.plan), formats, widths, repeat=3)

    def write_goals(self, ws: Worksheet) -> None:
        """Bilag C across the units: with names where they were asked for (never the logbook);
        otherwise what may be known without them, counts per employee pseudonym and team."""
        if self.org.disclosure == "names":
            cols = [p for p in placed_columns(INDIVIDUAL) if p.column.id != "logbook"]
            rows = ([unit, goal.row, *(getattr(goal, p.column.id) for p in cols)] for unit, goal in self.org.goals)
            self.table(ws, "tblLaeringsmaal", [t("org.col.unit"), t("org.col.row"), *[p.header for p in cols]],
                       rows, len(self.org.goals), ["text", "int"] + ["wrap"] * len(cols),
                       [24, 7] + [min(p.column.width, 40) for p in cols], repeat=2)
            return
        counts = self.org.goal_counts
        self.table(ws, "tblLaeringsmaal",
                   [t(f"org.goals.{k}") for k in ("unit", "team", "employee", "goals", "activities")],
                   ([c.unit, c.team, c.employee, c.goals, c.activities] for c in counts), len(counts),
                   ["text", "text", "text", "int", "int"], [28, 16, 22, 16, 16])

    def write_anchoring(self, ws: Worksheet) -> None:
        cols = placed_columns(ANCHORING)
        today = self.org.today
        rows = ([unit, row.row, *(getattr(row, p.column.id) if p.column.is_input else follow_up_status(row, today)
                                  for p in cols)] for unit, row in self.org.anchoring)
        formats = ["text", "int"] + ["date" if p.column.kind.value == "date" else "wrap" for p in cols]
        self.table(ws, "tblForankring", [t("org.col.unit"), t("org.col.row"), *[p.header for p in cols]],
                   rows, len(self.org.anchoring), formats, [24, 7] + [min(p.column.width, 40) for p in cols],
                   repeat=2)

    # -- Teams, and the two lists of missing links ---------------------------------------------
    def write_teams(self, ws: Worksheet) -> None:
        """Per unit and team: size, assessments, gaps ≥2, the mean of the positive gaps, whether
        it is the leader group, and its learning goal beside what it agreed at its TUS."""
        teams = self.org.team_rows()
        goals = {(name, g.team): g for name, unit in self.org.units for g in unit.team_goals}

        def row(x) -> list[Any]:
            goal = goals.get((x.unit, x.team))
            return [x.unit, x.team, x.size, x.assessed, x.missing, x.gap2, x.mean_positive_gap, x.mean_gap,
                    is_leader_team(x.team), goal.tus_date if goal else None, goal.tus_agreements if goal else None,
                    goal.text if goal else None]

        self.table(ws, "tblTeams", [t(k) for k in ("org.col.unit", "org.col.team", "org.col.team_size",
                                                   "org.col.assessed", "org.col.missing", "org.col.gap2_count",
                                                   "org.col.mean_positive_gap", "org.col.mean_gap",
                                                   "org.col.leaders", "org.col.tus_date", "org.col.tus_agreements",
                                                   "org.col.team_goal")],
                   (row(x) for x in teams), len(teams),
                   ["text", "text", "int", "int", "int", "int", "dec", "dec", "text", "date", "wrap", "wrap"],
                   [28, 16, 12, 10, 10, 9, 12, 10, 12, 12, 40, 40])

    def write_mix(self, ws: Worksheet) -> None:
        """Learning forms per unit and in total: activities, hours, kroner (one row per form)."""
        self.intro(ws, t("org.mix.intro"), 6)
        rows: list[list[Any]] = []
        mixes = [(name, learning_form_mix(unit.plan)) for name, unit in self.org.units]
        mixes.append((t("org.total"), learning_form_mix(row for _, row in self.org.plan)))
        for name, mix in mixes:
            rows += [[name, form, room or None, x.activities, x.hours, x.kroner] for form, room, x in mix.lines()]
        self.table(ws, "tblLaeringsformer", [t(k) for k in ("org.col.unit", "org.col.learning_form", "org.col.room",
                                                            "org.col.activities", "org.col.hours", "org.col.kroner")],
                   rows, len(rows), ["text", "text", "text", "int", "dec", "amount"], [28, 30, 18, 12, 10, 12])

    def write_resources(self, ws: Worksheet) -> None:
        """Resource persons per profile and unit: their names only where names were asked
        for (--med-navne), otherwise how many."""
        self.intro(ws, t("org.resources.intro"), 4)
        names = self.org.disclosure == "names"
        rows = []
        for unit_name, unit in self.org.units:
            for pid, persons in resource_persons(catalogue(unit)).items():
                rows.append([unit_name, self.org.number(unit_name, pid) if pid else None, len(persons),
                             ", ".join(persons) if names else None])
        self.table(ws, "tblRessourcepersoner", [t(k) for k in ("org.col.unit", "org.col.id", "org.col.resource_count",
                                                               "org.col.resource_persons")],
                   rows, len(rows), ["text", "text", "int", "wrap"], [28, 10, 14, 60])

    def write_unmet(self, ws: Worksheet) -> None:
        """Prioritised needs no activity covers (HR's first list)."""
        unmet = self.org.unmet_needs
        self.intro(ws, t("org.no_activity.intro"), 7)
        rows = ([x.unit, x.team, x.profile, x.text, x.gap, x.priority, x.reason] for x in unmet)
        self.table(ws, "tblBehovUdenAktivitet", [t(k) for k in (
            "org.col.unit", "org.col.team", "org.col.id", "org.col.profile", "org.col.gap", "org.col.priority",
            "org.col.reason")], rows, len(unmet), ["text", "text", "text", "wrap", "gap", "text", "wrap"],
            [28, 14, 8, 60, 7, 13, 40])

    def write_unanchored(self, ws: Worksheet) -> None:
        """Finished activities no anchoring row follows up (HR's second list). No names: the
        source row leads back to the plan."""
        rows_ = self.org.unanchored
        self.intro(ws, t("org.not_anchored.intro"), 6)
        rows = ([x.unit, x.row, x.profiles, x.activity, x.status, x.end] for x in rows_)
        self.table(ws, "tblUdenForankring", [t(k) for k in (
            "org.col.unit", "org.col.row", "org.col.id", "org.col.activity", "org.col.status", "org.col.end")],
            rows, len(rows_), ["text", "int", "text", "wrap", "text", "date"], [28, 7, 10, 50, 13, 11])

    def write_committee(self, ws: Worksheet) -> None:
        """For MED/SU and the top MED committee: per unit and in total, goals and needs, gaps,
        activities, resources and the share with MUS/PUS held and development goals. Counts
        only: nothing here names a person or shows a personal goal."""
        figures = [self.org.committee.get(name) or unit_figures(name, unit, self.org.today)
                   for name, unit in self.org.units]
        figures.append(add_figures(t("committee.total"), figures))
        self.intro(ws, t("committee.org_intro", date=self.org.today.strftime("%d-%m-%Y")), 11)
        rows = ([f.unit, f.profiles, f.gap2, f.mean_positive_gap, f.activities, f.closed, f.hours, f.kroner,
                 f.employees, f.held_share, f.goals_share] for f in figures)
        self.table(ws, "tblMEDSU", [t(k) for k in (
            "committee.org_unit", "committee.org_profiles", "committee.org_gap2", "committee.org_mean_gap",
            "committee.org_planned", "committee.org_closed", "committee.hours", "committee.kroner",
            "committee.org_employees", "committee.org_held_share", "committee.org_goals_share")],
            rows, len(figures), ["text", "int", "int", "dec", "int", "int", "dec", "kr", "int", "pct", "pct"],
            [26, 12, 11, 10, 10, 11, 9, 12, 12, 10, 12])
        ws.write(0, 0, t("committee.org_title"), self.f["title"])

    def intro(self, ws: Worksheet, text: str, width: int) -> None:
        """What a sheet's list holds, under its title and across its table."""
        ws.merge_range(1, 0, 1, width - 1, text, self.f["intro"])
        ws.set_row(1, 30)

    def write_round(self, ws: Worksheet) -> None:
        """Every unit on the round's list, delivered or not; then those not on it."""
        status = self.org.round
        assert status is not None
        self.intro(ws, t("round.intro"), 14)
        rows = ([u.unit, u.expected, u.delivered.label, u.modified, u.errors, u.warnings, u.assessed, u.plan_rows,
                 u.overdue, u.mus_held, u.with_goals, u.next_date, u.next_event, u.file] for u in status.units)
        self.table(ws, "tblRunden", [t(f"round.col.{k}") for k in (
            "unit", "expected", "delivered", "modified", "errors", "warnings", "assessed", "plan_rows", "overdue",
            "mus_held", "with_goals", "next_date", "next_event", "file")], rows, len(status.units),
            ["text", "text", "text", "datetime", "int", "int", "pct", "int", "int", "pct", "pct", "date", "text", "text"],
            [30, 9, 13, 17, 7, 10, 10, 10, 12, 12, 12, 12, 20, 40])

    # -- Kilder, Fejl og mangler ---------------------------------------------------------------
    def write_sources(self, ws: Worksheet) -> None:
        # Disclosed inputs show their unit and a hash, and no leader's name, unless names were asked for.
        rows = ([e.shown, e.unit.cover.unit if e.unit else "", e.unit.cover.leader if e.unit else "",
                 ", ".join(e.unit.teams) if e.unit else "", e.sha256, e.modified, e.rows, e.errors,
                 e.warnings, e.included, e.reason] for e in self.org.inputs)
        self.table(ws, "tblKilder",
                   [t(f"org.src.{k}") for k in ("file", "unit", "leader", "teams", "sha256", "modified", "rows",
                                                 "errors", "warnings", "included", "reason")],
                   rows, len(self.org.inputs),
                   ["text", "text", "text", "text", "text", "datetime", "int", "int", "int", "text", "wrap"],
                   [40, 28, 20, 24, 20, 17, 9, 7, 10, 7, 50])

    def write_findings(self, ws: Worksheet) -> None:
        ordered = sorted(self.org.findings, key=lambda f: (f.file or "", f.severity.rank))
        rows = ([f.file, f.sheet, f.cell, f.severity.label, f.value, f.message, f.code] for f in ordered)
        self.table(ws, "tblFejl", [t("fs.file"), t("fs.sheet"), t("fs.cell"), t("fs.severity"), t("fs.value"),
                                   t("fs.message"), t("fs.code")],
                   rows, len(ordered), ["text", "text", "text", "text", "text", "wrap", "text"],
                   [40, 24, 8, 9, 24, 80, 26])

    # -- Overblik ------------------------------------------------------------------------------
    def write_overview(self, ws: Worksheet) -> None:
        """Key figures; plan status (with its chart) and the 30-30-40 split side by side; the
        largest gaps; the heat map of mean gaps per profile and unit."""
        plan_rows = [row for _, row in self.org.plan]
        ws.write(0, 0, t("org.title"), self.f["title"])
        intro = t("org.intro", date=self.org.today.strftime("%d-%m-%Y"))
        row = self.write_key_figures(ws, 3, self.key_figures(plan_rows))
        status_first, status_last = self.write_plan_status(ws, row, plan_rows)
        self.write_split(ws, row, 3, plan_rows)
        self.write_status_chart(ws, status_first, status_last)
        top_gaps = status_last + 3
        row = self.write_top_gaps(ws, top_gaps)
        self.write_heat_map(ws, row + 1)
        widths = [40, 12, 12, 30, 11, 11, 11, 11]
        # The heat map's units beyond the fixed columns keep Excel's standard width.
        widths += [DEFAULT_WIDTH] * max(0, len(self.org.units) + 1 - len(widths))
        for j, width in enumerate(widths[:8]):
            ws.set_column(j, j, width)
        # A4 across at full size while the heat map's units fit; a new page for each section
        # rather than smaller type.
        setup = printing.table_sheet(widths, repeat=(0, 0), row_breaks=(top_gaps, row + 1))
        shown = widths[: setup.whole_on_every_page(len(widths))]
        if len(shown) > 1:
            ws.merge_range(1, 0, 1, len(shown) - 1, intro, self.f["intro"])
        else:
            ws.write(1, 0, intro, self.f["intro"])
        ws.set_row(1, 15 * printing.wrapped_lines(intro, sum(shown)) + 4)
        self.print(ws, setup)

    def key_figures(self, plan_rows: list[PlanRow]) -> list[tuple[str, Any, str]]:
        """(label key, value, format) of each key figure, in the order shown."""
        org = self.org
        hours, kroner = totals(plan_rows)
        assessed = sum(1 for lv in org.levels if lv.gap is not None)
        possible = sum(len(u.teams) * sum(1 for p in u.profiles if not p.retired) for _, u in org.units)
        errors = sum(1 for f in org.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in org.findings if f.severity is Severity.WARNING)
        # The leader groups' own levels are not the staff's: kept out of the sums, shown apart.
        gaps = deficit(lv.gap for lv in org.levels if not is_leader_team(lv.team))
        leaders = deficit(lv.gap for lv in org.levels if is_leader_team(lv.team))
        expected = [] if org.round is None else [
            ("round.ov.expected", len(org.round.expected), "int"),
            ("round.ov.missing", len(org.round.missing), "int"),
        ]
        return expected + [
            ("org.ov.files", len(org.inputs), "int"),
            ("org.ov.units", len(org.units), "int"),
            ("org.ov.left_out", sum(1 for e in org.inputs if e.readable and not e.included), "int"),
            ("org.ov.unreadable", sum(1 for e in org.inputs if not e.readable), "int"),
            ("org.ov.teams", sum(len(u.teams) for _, u in org.units), "int"),
            ("org.ov.profiles", len(org.profiles), "int"),
            ("org.ov.assessed", assessed, "int"),
            ("org.ov.missing_share", (possible - assessed) / possible if possible else None, "pct"),
            ("org.ov.gap2", gaps.gap2, "int"),
            ("org.ov.mean_positive_gap", gaps.mean_positive, "dec"),
            ("org.ov.leaders_gap2", leaders.gap2, "int"),
            ("org.ov.leaders_mean", leaders.mean_positive, "dec"),
            ("org.ov.plan_rows", len(plan_rows), "int"),
            ("org.ov.overdue", sum(1 for r in plan_rows if is_overdue(r, org.today)), "int"),
            ("org.ov.hours", hours, "dec"),
            ("org.ov.kroner", kroner, "kr"),
            ("org.ov.no_activity", len(org.unmet_needs), "int"),
            ("org.ov.not_anchored", len(org.unanchored), "int"),
            ("org.ov.errors", errors, "int"),
            ("org.ov.warnings", warnings, "int"),
        ]

    def write_key_figures(self, ws: Worksheet, row: int, figures: list[tuple[str, Any, str]]) -> int:
        """The figures under a section title in ``row``; returns the row the next section starts in."""
        ws.write(row, 0, t("ov.key_figures"), self.f["section"])
        for i, (key, value, fmt) in enumerate(figures):
            ws.write(row + 1 + i, 0, t(key), self.f["label"])
            self.cell(ws, row + 1 + i, 1, value, fmt)
        return row + 1 + len(figures) + 1

    def write_plan_status(self, ws: Worksheet, row: int, plan_rows: list[PlanRow]) -> tuple[int, int]:
        """Plan rows per status in columns A–B from ``row``; returns the first and last row of the
        counts (0-based), the chart's data."""
        counts = status_counts(plan_rows)
        ws.write(row, 0, t("ov.plan_status"), self.f["section"])
        ws.write(row + 1, 0, t("ov.status"), self.f["header"])
        ws.write(row + 1, 1, t("ov.rows"), self.f["header"])
        for i, (status, n) in enumerate(counts.items()):
            self.cell(ws, row + 2 + i, 0, status)
            self.cell(ws, row + 2 + i, 1, n, "int")
        return row + 2, row + 1 + len(counts)

    def write_split(self, ws: Worksheet, row: int, col: int, plan_rows: list[PlanRow]) -> None:
        """Hours before/during/after against the 30-30-40 rule, from ``row`` in column ``col`` on."""
        split = phase_split(plan_rows)
        ws.write(row, col, t("ov.split"), self.f["section"])
        for j, key in enumerate(("ov.phase", "ov.phase_hours", "ov.phase_share", "ov.phase_target")):
            ws.write(row + 1, col + j, t(key), self.f["header"])
        for i, phase in enumerate(PHASES):
            self.cell(ws, row + 2 + i, col, phase)
            self.cell(ws, row + 2 + i, col + 1, split.hours[phase], "dec")
            self.cell(ws, row + 2 + i, col + 2, split.share(phase), "pct")
            self.cell(ws, row + 2 + i, col + 3, split.target(phase), "pct")
        self.cell(ws, row + 2 + len(PHASES), col, t("ov.phase_missing"))
        self.cell(ws, row + 2 + len(PHASES), col + 1, split.unphased_hours, "dec")

    def write_status_chart(self, ws: Worksheet, first: int, last: int) -> None:
        """A bar chart of the plan status counts in rows ``first``–``last`` (0-based) of A–B."""
        sheet = quote_sheet(ws.name)
        chart = self.wb.add_chart({"type": "bar"})
        chart.add_series({"name": t("ov.plan_status"), "categories": f"={sheet}!$A${first + 1}:$A${last + 1}",
                          "values": f"={sheet}!$B${first + 1}:$B${last + 1}", "fill": {"color": HEADER_FILL}})
        chart.set_title({"name": t("ov.plan_status"), "name_font": {"size": 11}})
        chart.set_legend({"none": True})
        chart.set_size({"width": 480, "height": 260})
        # Beside the key figures, inside the page's width.
        ws.insert_chart(4, 3, chart)

    def write_top_gaps(self, ws: Worksheet, row: int) -> int:
        profiles = {p.key: p for p in self.org.profiles}
        top = sorted((lv for lv in self.org.levels if lv.gap is not None and lv.gap > 0),
                     key=lambda lv: (-lv.gap, lv.unit, lv.team, profiles[lv.key].label))[:TOP_GAPS]
        ws.write(row, 0, t("org.ov.top_gaps", n=TOP_GAPS), self.f["section"])
        headers = [t("org.col.unit"), t("org.col.team"), t("org.col.id"), t("org.col.profile"),
                   t("org.col.desired"), t("org.col.actual"), t("org.col.gap")]
        for j, h in enumerate(headers):
            ws.write(row + 1, j, h, self.f["header"])
        for i, lv in enumerate(top):
            p = profiles[lv.key]
            for j, (v, fmt) in enumerate(zip((lv.unit, lv.team, p.id or "", p.text, lv.desired, lv.actual, lv.gap),
                                             ("text", "text", "text", "text", "level", "level", "gap"))):
                self.cell(ws, row + 2 + i, j, v, fmt)
        if top:
            ws.conditional_format(row + 2, 6, row + 1 + len(top), 6, self.gap_scale)
        return row + 2 + max(len(top), 1)

    def write_heat_map(self, ws: Worksheet, row: int) -> None:
        """Mean gap per profile (rows) and unit (columns), coloured: the picture HR wants."""
        ws.write(row, 0, t("org.ov.heat_map"), self.f["section"])
        gaps: dict[tuple[str, str], list[int]] = defaultdict(list)
        for lv in self.org.levels:
            if lv.gap is not None:
                gaps[(lv.key, lv.unit)].append(lv.gap)
        units = [name for name, _ in self.org.units]
        ws.write(row + 1, 0, t("org.col.profile"), self.f["header"])
        for j, name in enumerate(units):
            ws.write_string(row + 1, 1 + j, name, self.f["header"])
        for i, p in enumerate(self.org.profiles):
            label = f"{p.id} – {p.text}" if p.id else p.text
            ws.write_string(row + 2 + i, 0, label, self.f["text"])
            for j, name in enumerate(units):
                values = gaps.get((p.key, name))
                self.cell(ws, row + 2 + i, 1 + j, round(fmean(values), 1) if values else None, "calc")
        if units and self.org.profiles:
            ws.conditional_format(row + 2, 1, row + 1 + len(self.org.profiles), len(units), self.gap_scale)
        ws.set_row(row + 1, 60)



def _plain(value: Any) -> Any:
    """A value as the streamed cell holds it: yes/no in Danish, dates as dates."""
    if isinstance(value, bool):
        return t("org.yes") if value else t("org.no")
    return value
