"""The organisation workbook's Kompetencematrix (every profile against every unit's teams, with the
gaps added up) and Vurderinger (the same levels in long form, for pivot tables)."""

from __future__ import annotations

__all__ = ["MAX_COLUMNS", "MatrixWriter"]

from collections.abc import Iterator
from itertools import groupby
from statistics import fmean
from typing import Any

from xlsxwriter.worksheet import Worksheet

from ..core import printing
from ..core.gaps import deficit
from ..core.cells import MAX_COLUMNS, col_letter
from ..core.labels import t
from ..core.schema import NOT_RELEVANT, is_leader_team
from ..xlsx.bulkrows import Bulk
from .orgplan import InputFile
from .orgwriter import OrgWriter


# The profile's columns before the teams'.
FIXED = ("org.col.id", "org.col.profile", "org.col.goal", "org.col.mean_gap", "org.col.mean_positive_gap",
         "org.col.gap2", "org.col.not_assessed")


def _team_room() -> int:
    """How many teams a matrix sheet has columns for: three each, after the profile's."""
    return (MAX_COLUMNS - len(FIXED)) // 3


class MatrixWriter(OrgWriter):
    """Writes Kompetencematrix and Vurderinger."""

    def matrix_groups(self) -> list[list[tuple[str, InputFile]]]:
        """The units taken in, in order, in groups whose teams fit one sheet's columns after
        the profile columns: Excel has no more than ``MAX_COLUMNS``. At least one group."""
        room = _team_room()
        groups: list[list[tuple[str, InputFile]]] = [[]]
        used = 0
        for name, entry in self.org.named:
            if groups[-1] and used + len(entry.teams) > room:
                groups.append([])
                used = 0
            groups[-1].append((name, entry))
            used += len(entry.teams)
        return groups

    def write_matrices(self) -> None:
        """Kompetencematrix, and as many more as the units' teams need."""
        for k, group in enumerate(self.matrix_groups(), 1):
            name = t("org.sheet.matrix") if k == 1 else t("org.sheet.matrix_more", n=k)
            self.write_matrix(self.wb.add_worksheet(name), group)

    def write_matrix(self, ws: Worksheet, units: list[tuple[str, InputFile]]) -> None:
        fixed = [t(k) for k in FIXED]
        # A unit with more teams than a sheet has columns shows those that fit.
        teams = [(name, team) for name, entry in units for team in entry.teams][: _team_room()]
        first_col = len(fixed)
        header_row = 4
        self.write_matrix_headers(ws, fixed, header_row, teams)
        data = self.matrix_rows(teams)
        n_rows = len(self.org.profiles)
        styles = [self.f[n] for n in ("label", "wrap", "wrap", "calc", "calc", "int", "int")]
        styles += [self.f[n] for _ in teams for n in ("level", "level", "gap")]

        widths = [8, 50, 30, 11, 11, 11, 11] + [7] * (3 * len(teams))
        self.bulks.append(Bulk(ws.name, header_row + 2, data, styles, n_rows,
                               self.row_height(["label", "wrap", "wrap"], widths)))
        last = header_row + max(n_rows, 1)
        if teams:
            # Every team's gap column in one rule: thousands of units, one colour scale.
            gap_columns = [col_letter(first_col + 3 * k + 3) for k in range(len(teams))]
            ws.conditional_format(header_row + 1, first_col + 2, last, first_col + 2, {
                **self.gap_scale, "multi_range": " ".join(f"{c}{header_row + 2}:{c}{last + 1}" for c in gap_columns)})
        ws.conditional_format(header_row + 1, 3, last, 4, self.gap_scale)
        for j, width in enumerate(widths):
            ws.set_column(j, j, width, styles[j])
        ws.freeze_panes(header_row + 1, 2)
        # Many units do not fit one page's width: pages break between units, and every page
        # carries the number and profile and the unit and team banners.
        groups = [("column", j) for j in range(first_col)] + [("unit", unit) for unit, _ in teams for _ in range(3)]
        self.print(ws, printing.table_sheet(widths, header_rows=(header_row - 2, header_row), repeat=(0, 1),
                                            groups=groups))

    def write_matrix_headers(self, ws: Worksheet, fixed: list[str], header_row: int,
                             teams: list[tuple[str, str]]) -> None:
        """Title and introduction; the profile columns' headers, and for each unit a banner over
        its teams, each team a banner over its desired, actual and gap columns."""
        ws.write(0, 0, ws.name, self.f["title"])
        # Across the profile columns, so that it prints whole on the first page.
        # Over the number and profile, which every page repeats: whole on every page.
        ws.merge_range(1, 0, 1, 1, t("org.matrix.intro"), self.f["intro"])
        for j, h in enumerate(fixed):
            ws.write(header_row, j, h, self.f["header"])
        col = len(fixed)
        for unit_name, unit_teams in groupby(teams, key=lambda x: x[0]):
            names = [team for _, team in unit_teams]
            self._banner(ws, header_row - 2, col, col + 3 * len(names) - 1, unit_name)
            for team in names:
                self._banner(ws, header_row - 1, col, col + 2, team)
                for k, h in enumerate((t("org.col.desired"), t("org.col.actual"), t("org.col.gap"))):
                    ws.write(header_row, col + k, h, self.f["header"])
                col += 3

    def matrix_rows(self, teams: list[tuple[str, str]]) -> Iterator[list[Any]]:
        """Per profile: number, text, goal, mean gap, mean of the positive gaps, gaps ≥2 and teams
        not assessed across the units that have it, then desired, actual and gap for every
        (unit, team) in ``teams``. Made as the file is written, one profile at a time."""
        units_of = {name: set(entry.teams) for name, entry in self.org.named}
        for p in self.org.profiles:
            by = {(lv.unit, lv.team): lv for lv in self.levels_of(p.key)}
            gaps, not_assessed = [], 0
            for unit_name in p.units:
                # The staff teams' means: a leader group's levels stand in its own columns.
                for team in (x for x in units_of[unit_name] if not is_leader_team(x)):
                    lv = by.get((unit_name, team))
                    if lv is not None and lv.not_relevant:
                        continue
                    if lv is None or lv.gap is None:
                        not_assessed += 1
                    else:
                        gaps.append(lv.gap)
            d = deficit(gaps)
            row = [p.id or "", p.text, p.goal, round(fmean(gaps), 2) if gaps else None, d.mean_positive,
                   d.gap2, not_assessed]
            for unit_name, team in teams:
                lv = by.get((unit_name, team))
                if lv is not None and lv.not_relevant:
                    row += [NOT_RELEVANT, None, None]
                else:
                    row += [lv.desired, lv.actual, lv.gap] if lv else [None, None, None]
            yield row

    def _banner(self, ws: Worksheet, row: int, c0: int, c1: int, text: str) -> None:
        if c1 > c0:
            ws.merge_range(row, c0, row, c1, text, self.f["banner"])
        else:
            ws.write_string(row, c0, text, self.f["banner"])

    def write_levels(self, ws: Worksheet) -> None:
        profiles = {p.key: p for p in self.org.profiles}
        levels = self.org.levels
        # A profile that is not relevant for a team says so in a column of its own: the level
        # columns stay numbers, as a pivot table needs them.
        rows = ([lv.unit, lv.team, profiles[lv.key].id or "", profiles[lv.key].text, lv.desired, lv.actual, lv.gap,
                 t("org.yes") if lv.not_relevant else t("org.no")] for lv in levels)
        self.table(ws, "tblVurderinger",
                   [t("org.col.unit"), t("org.col.team"), t("org.col.id"), t("org.col.profile"),
                    t("org.col.desired"), t("org.col.actual"), t("org.col.gap"), t("org.col.not_relevant")],
                   rows, len(levels), ["text", "text", "text", "text", "level", "level", "gap", "text"],
                   [28, 14, 8, 60, 9, 9, 9, 10])
        if levels:
            ws.conditional_format(3, 6, 2 + len(levels), 6, self.gap_scale)
