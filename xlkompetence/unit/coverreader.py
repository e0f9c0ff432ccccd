"""Read a unit workbook's Forside: the unit, leader and period by their labels, each team's number
of employees, and the year wheel under its heading. Pure: works on ``core.grid.Grid``s."""

from __future__ import annotations

__all__ = ["COVER_SCAN_ROWS", "CoverReader"]

import re

from ..core.dates import parse_date
from ..core.findings import Code
from ..core.grid import Grid
from ..core.labels import t
from ..core.models import Cover, WheelEvent
from ..core.mus import TUS
from ..core.parsing import ValueProblem, is_blank, is_yes, normalise_text
from ..core.schema import COVER, COVER_FIELDS
from .sheettables import SheetReader, as_text

COVER_SCAN_ROWS = 200
_TEAM_SIZE = re.compile(rf"^{re.escape(t('cover.team_size', team='').rstrip(' –-:'))}\s*[–:-]?\s*(?P<team>.+)$",
                        re.IGNORECASE)


class CoverReader(SheetReader):
    """Reads the Forside; where it found the template's version, and its values where it has a
    year wheel, are kept for the rest of the reading."""

    def __init__(self, grids: dict[str, Grid], file: str, table_last_rows: dict[str, int] | None = None):
        super().__init__(grids, file, table_last_rows)
        self.version_cell: tuple[int, int] | None = None
        self.cover_grid: Grid | None = None

    def read_cover(self) -> Cover:
        grid = self.grid_for(COVER)
        values: dict[str, str] = {}
        sizes: dict[str, int] = {}
        forms: dict[str, str] = {}
        if grid is None:
            return Cover()
        labels = {normalise_text(t(f"cover.{f}")): f for f in COVER_FIELDS}
        for row in range(1, min(grid.height, COVER_SCAN_ROWS) + 1):
            label = as_text(grid.get(row, 1))
            key = labels.get(normalise_text(label))
            if key:
                values[key] = as_text(grid.get(row, 2))
                if key == "version":
                    self.version_cell = (row, 2)
            elif (team := _TEAM_SIZE.match(" ".join(label.split()))) is not None:
                self.read_team_size(grid, row, team.group("team"), sizes)
                if normalise_text(grid.get(row, 3)) == normalise_text(TUS):
                    forms[team.group("team")] = TUS
        teams = tuple(x.strip() for x in values.pop("teams", "").split(",") if x.strip())
        cover = Cover(teams=teams, team_sizes=sizes, team_forms=forms, wheel=self.read_wheel(grid), **values)
        if not cover.unit:
            self.report(Code.COVER_UNIT_MISSING, COVER.name, name=t("cover.unit"))
        return cover

    def read_wheel(self, grid: Grid) -> tuple[WheelEvent, ...]:
        """The year wheel under its heading on the Forside: one event per row until a blank
        row; nothing (and an older template, said once) where the Forside has none."""
        heading = normalise_text(t("wheel.title"))
        start = next((r for r in range(1, min(grid.height, COVER_SCAN_ROWS) + 1)
                      if normalise_text(grid.get(r, 1)) == heading), None)
        if start is None:
            self.older.append((COVER.name, t("wheel.title")))
            return ()
        # Refresh writes each event's status beside it: it needs the Forside's values.
        self.cover_grid = grid
        header = next((r for r in range(start + 1, min(start + 4, grid.height) + 1)
                       if normalise_text(grid.get(r, 1)) == normalise_text(t("wheel.event"))), None)
        if header is None:
            return ()
        events = []
        for row in range(header + 1, grid.height + 1):
            name = as_text(grid.get(row, 1))
            raw_date, raw_done = grid.get(row, 2), grid.get(row, 3)
            if not name and is_blank(raw_date):
                if is_blank(grid.get(row + 1, 1)):
                    break
                continue
            when = None
            if not is_blank(raw_date):
                try:
                    when = parse_date(raw_date)
                except ValueProblem:
                    self.report(Code.WHEEL_DATE_INVALID, COVER.name, row, 2, value=as_text(raw_date),
                                event=name or t("wheel.event").lower())
            done = is_yes(as_text(raw_done))
            events.append(WheelEvent(event=name, when=when, done=done, row=row))
        return tuple(events)

    def read_team_size(self, grid: Grid, row: int, team: str, sizes: dict[str, int]) -> None:
        """One "Antal medarbejdere – Team A" field: a whole number, or a finding."""
        raw = grid.get(row, 2)
        if is_blank(raw):
            return
        text = as_text(raw)
        m = re.fullmatch(r"(\d+)(?:\s*(?:medarbejdere|personer|ansatte))?", text.casefold())
        if m is None or isinstance(raw, bool):
            self.report(Code.COVER_TEAM_SIZE_INVALID, COVER.name, row, 2, value=text, team=team)
            return
        sizes[team] = int(m.group(1))
