"""Read a unit workbook's Forside: the unit, leader and period by their labels, each team's number
of employees, and the year wheel under its heading. Pure: works on ``core.grid.Grid``s."""

from __future__ import annotations

__all__ = ["COVER_SCAN_ROWS", "CoverReader", "wheel_heading_row", "wheel_header_row"]

import re

from ..core.dates import parse_date
from ..core.findings import Code
from ..core.grid import Grid
from ..core.labels import t
from ..core.models import CommitteeRecord, Cover, WheelEvent
from ..core.mus import TUS
from ..core.parsing import ValueProblem, is_blank, is_yes, normalise_text
from ..core.schema import COMMITTEE, COVER, COVER_FIELDS, ORG_ACTIVE, WHEEL_ORG_COL
from .sheettables import SheetReader, as_text

COVER_SCAN_ROWS = 200
# The MED record stands under the MED-SU sheet's title.
COMMITTEE_SCAN_ROWS = 20
_TEAM_SIZE = re.compile(rf"^{re.escape(t('cover.team_size', team='').rstrip(' –-:'))}\s*[–:-]?\s*(?P<team>.+)$",
                        re.IGNORECASE)


def wheel_heading_row(grid: Grid) -> int | None:
    """The Forside's row with the year wheel's heading; None where it has no wheel."""
    heading = normalise_text(t("wheel.title"))
    return next((r for r in range(1, min(grid.height, COVER_SCAN_ROWS) + 1)
                 if normalise_text(grid.get(r, 1)) == heading), None)


def wheel_header_row(grid: Grid) -> int | None:
    """The row of the year wheel's column headers (Begivenhed, Dato, …), just under its heading."""
    start = wheel_heading_row(grid)
    if start is None:
        return None
    return next((r for r in range(start + 1, min(start + 4, grid.height) + 1)
                 if normalise_text(grid.get(r, 1)) == normalise_text(t("wheel.event"))), None)


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
        if wheel_heading_row(grid) is None:
            self.older.append((COVER.name, t("wheel.title")))
            return ()
        # Refresh writes each event's status beside it: it needs the Forside's values.
        self.cover_grid = grid
        header = wheel_header_row(grid)
        if header is None:
            return ()
        # Template 5 marks HR's events in a column of their own; before it, every event is the unit's.
        marked = normalise_text(grid.get(header, WHEEL_ORG_COL)) == normalise_text(t("wheel.org"))
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
            org = marked and normalise_text(grid.get(row, WHEEL_ORG_COL)) == normalise_text(ORG_ACTIVE)
            events.append(WheelEvent(event=name, when=when, done=done, row=row, org=org))
        return tuple(events)

    def read_committee(self) -> CommitteeRecord:
        """The MED record on the MED-SU sheet, found by its labels (none in a workbook from
        before it): the date of the committee's discussion and its conclusions."""
        grid = self.grid_for(COMMITTEE)
        if grid is None:
            return CommitteeRecord()
        labels = {normalise_text(t(f"committee.{k}")): k for k in ("discussed", "conclusions")}
        found: dict[str, tuple[int, object]] = {}
        for row in range(1, min(grid.height, COMMITTEE_SCAN_ROWS) + 1):
            key = labels.get(normalise_text(grid.get(row, 1)))
            if key is not None and key not in found:
                found[key] = (row, grid.get(row, 2))
        row, raw = found.get("discussed", (0, None))
        discussed, typed = None, ""
        if not is_blank(raw):
            try:
                discussed = parse_date(raw)
            except ValueProblem:
                typed = as_text(raw)
                self.report(Code.COMMITTEE_DATE_INVALID, COMMITTEE.name, row, 2, value=typed)
        return CommitteeRecord(discussed=discussed, typed_date=typed,
                               conclusions=as_text(found.get("conclusions", (0, None))[1]))

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
