"""The organisation workbook's Overblik: key figures, the plan's status (with a chart) beside the
30-30-40 split, the largest gaps, and the heat map of mean gaps per profile and unit."""

from __future__ import annotations

__all__ = ["TOP_GAPS", "OverviewWriter"]

import heapq
from collections import defaultdict
from collections.abc import Iterator
from statistics import fmean
from typing import Any

from xlsxwriter.worksheet import Worksheet

from ..core import printing
from ..core.cells import MAX_COLUMNS, quote_sheet
from ..core.gaps import deficit
from ..core.labels import count, t
from ..core.models import UnitWorkbook
from ..core.planning import PlanTotals
from ..core.schema import PHASES, is_leader_team
from ..xlsx.bulkrows import Bulk
from ..xlsx.styles import HEADER_FILL
from .orgplan import OrgPlan
from .orgwriter import OrgWriter

TOP_GAPS = 20
DEFAULT_WIDTH = 8.43  # Excel's standard column width


class OverviewWriter(OrgWriter):
    """Writes Overblik."""

    def __init__(self, org: OrgPlan):
        super().__init__(org)
        self.plan_totals = PlanTotals(org.today)
        # The levels the units' teams could give, each profile for each team.
        self.possible = 0

    def write_overview(self, ws: Worksheet) -> None:
        """Key figures; plan status (with its chart) and the 30-30-40 split side by side; the
        largest gaps; the heat map of mean gaps per profile and unit."""
        plan = self.plan_totals
        ws.write(0, 0, t("org.title"), self.f["title"])
        intro = t("org.intro", date=self.org.today.strftime("%d-%m-%Y"))
        row = self.write_key_figures(ws, 3, self.key_figures(plan))
        status_first, status_last = self.write_plan_status(ws, row, plan)
        self.write_split(ws, row, 3, plan)
        self.write_status_chart(ws, status_first, status_last)
        top_gaps = status_last + 3
        row = self.write_top_gaps(ws, top_gaps)
        self.write_heat_map(ws, row + 1)
        widths: list[float] = [40, 12, 12, 30, 11, 11, 11, 11]
        # The heat map's units beyond the fixed columns keep Excel's standard width.
        widths += [DEFAULT_WIDTH] * max(0, min(len(self.org.named) + 1, MAX_COLUMNS) - len(widths))
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
        self.print(ws, setup)

    def add_up(self, name: str, unit: UnitWorkbook) -> None:
        super().add_up(name, unit)
        for row in unit.plan:
            self.plan_totals.add(row)
        self.possible += len(unit.teams) * sum(1 for p in unit.profiles if not p.retired)

    def key_figures(self, plan: PlanTotals) -> list[tuple[str, Any, str]]:
        """(label key, value, format) of each key figure, in the order shown."""
        org = self.org
        hours, kroner = plan.totals()
        assessed = not_relevant = 0
        # The leader groups' own levels are not the staff's: kept out of the sums, shown apart.
        staff_gaps: list[int | None] = []
        leader_gaps: list[int | None] = []
        for lv in org.levels:
            assessed += lv.gap is not None
            not_relevant += lv.not_relevant
            (leader_gaps if is_leader_team(lv.team) else staff_gaps).append(lv.gap)
        possible = self.possible - not_relevant
        gaps, leaders = deficit(staff_gaps), deficit(leader_gaps)
        errors, warnings = org.finding_counts()
        expected = [] if org.round is None else [
            ("round.ov.expected", len(org.round.expected), "int"),
            ("round.ov.missing", len(org.round.missing), "int"),
        ]
        return expected + [
            ("org.ov.files", len(org.inputs), "int"),
            ("org.ov.units", len(org.named), "int"),
            ("org.ov.left_out", sum(1 for e in org.inputs if e.readable and not e.included), "int"),
            ("org.ov.unreadable", sum(1 for e in org.inputs if not e.readable), "int"),
            ("org.ov.teams", sum(len(e.teams) for _, e in org.named), "int"),
            ("org.ov.profiles", len(org.profiles), "int"),
            ("org.ov.assessed", assessed, "int"),
            ("org.ov.missing_share", (possible - assessed) / possible if possible else None, "pct"),
            ("org.ov.gap2", gaps.gap2, "int"),
            ("org.ov.mean_positive_gap", gaps.mean_positive, "dec"),
            ("org.ov.leaders_gap2", leaders.gap2, "int"),
            ("org.ov.leaders_mean", leaders.mean_positive, "dec"),
            ("org.ov.plan_rows", plan.rows, "int"),
            ("org.ov.overdue", plan.overdue, "int"),
            ("org.ov.hours", hours, "dec"),
            ("org.ov.leader_hours", plan.leader_hours(), "dec"),
            ("org.ov.kroner", kroner, "kr"),
            ("org.ov.no_activity", len(self.kept["unmet"]), "int"),
            ("org.ov.not_anchored", len(self.kept["unanchored"]), "int"),
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

    def write_plan_status(self, ws: Worksheet, row: int, plan: PlanTotals) -> tuple[int, int]:
        """Plan rows per status in columns A–B from ``row``; returns the first and last row of the
        counts (0-based), the chart's data."""
        counts = plan.status_counts()
        ws.write(row, 0, t("ov.plan_status"), self.f["section"])
        ws.write(row + 1, 0, t("ov.status"), self.f["header"])
        ws.write(row + 1, 1, t("ov.rows"), self.f["header"])
        for i, (status, n) in enumerate(counts.items()):
            self.cell(ws, row + 2 + i, 0, status)
            self.cell(ws, row + 2 + i, 1, n, "int")
        return row + 2, row + 1 + len(counts)

    def write_split(self, ws: Worksheet, row: int, col: int, plan: PlanTotals) -> None:
        """Hours before/during/after against the 30-30-40 rule, from ``row`` in column ``col`` on."""
        split = plan.phase_split()
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
        # Rows are counted in whole numbers: no axis in steps of 0,5.
        chart.set_x_axis({"min": 0, "major_unit": 1, "num_format": "0"})
        chart.set_size({"width": 480, "height": 260})
        # Beside the key figures, inside the page's width.
        ws.insert_chart(4, 3, chart)

    def write_top_gaps(self, ws: Worksheet, row: int) -> int:
        profiles = {p.key: p for p in self.org.profiles}
        top = heapq.nsmallest(TOP_GAPS, (lv for lv in self.org.levels if lv.gap is not None and lv.gap > 0),
                              key=lambda lv: (-(lv.gap or 0), lv.unit, lv.team, profiles[lv.key].label))
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

    def heat_rows(self, units: list[str]) -> Iterator[list[Any]]:
        """Each profile's label and its mean gap in each of ``units``."""
        for p in self.org.profiles:
            gaps: dict[str, list[int]] = defaultdict(list)
            for lv in self.levels_of(p.key):
                if lv.gap is not None:
                    gaps[lv.unit].append(lv.gap)
            label = f"{p.id} – {p.text}" if p.id else p.text
            yield [label, *(round(fmean(gaps[name]), 1) if name in gaps else None for name in units)]

    def write_heat_map(self, ws: Worksheet, row: int) -> None:
        """Mean gap per profile (rows) and unit (columns), coloured: the picture HR wants."""
        # A column per unit after the profile's, as many as Excel has.
        units = [name for name, _ in self.org.named][: MAX_COLUMNS - 1]
        cut = len(units) < len(self.org.named)
        ws.write(row, 0, t("org.ov.heat_map_cut", shown=len(units), units=count(len(self.org.named), "unit")) if cut
                 else t("org.ov.heat_map"), self.f["section"])
        ws.write(row + 1, 0, t("org.col.profile"), self.f["header"])
        for j, name in enumerate(units):
            ws.write_string(row + 1, 1 + j, name, self.f["header"])
        # A row per profile, a column per unit: made as the file is written, one row at a time.
        self.bulks.append(Bulk(ws.name, row + 3, self.heat_rows(units), [self.f["text"]] + [self.f["calc"]] * len(units),
                               len(self.org.profiles), blanks=True))
        if units and self.org.profiles:
            ws.conditional_format(row + 2, 1, row + 1 + len(self.org.profiles), len(units), self.gap_scale)

