"""HR's year wheel in a unit workbook: the dates the organisation template sets, brought into
the unit's Årshjul on the Forside by rollout (``core.wheel.with_org_wheel``) and by sync (here).

HR's events stand grey and locked in the unit, marked *Fra HR*; the unit's own
events stand beside them. Sync adds HR's new events (in a row of the unit's that names the same
event without a date, else in the first free row), moves a date HR moved, and hands an event HR
dropped to the unit (*Udgået*, unlocked, kept with its date). A date is moved only where the
unit still shows the date HR wrote last (remembered in the memory sheet): a date someone typed
there is kept and reported. Pure: the plan is cell edits, like sync's.
"""

from __future__ import annotations

__all__ = ["WheelPlan", "plan_wheel_sync"]

from dataclasses import dataclass, field
from datetime import date

from ..core.cells import ref
from ..core.edits import CellWrite, Mode
from ..core.findings import Code, Finding, finding
from ..core.grid import Grid
from ..core.models import WheelEvent
from ..core.parsing import is_blank, normalise_text
from ..core.schema import ORG_ACTIVE, ORG_RETIRED, WHEEL_ORG_COL
from ..core.labels import t
from ..core.wheel import event_key, is_pending, org_wheel_key
from ..unit.coverreader import wheel_header_row
from ..unit.memory import Memory, written_key
from ..unit.reader import ReadResult


@dataclass
class WheelPlan:
    """What bringing HR's wheel into one unit writes: Forside cells, the dates remembered as
    HR's, the changes (kind, event, date text) and what was left alone."""

    cells: dict[tuple[int, int], CellWrite] = field(default_factory=dict)
    remembered: Memory = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def hr_row(self, row: int, event: WheelEvent) -> None:
        """``row`` becomes HR's ``event``: its name and date locked, the row marked."""
        self.cells[(row, 1)] = CellWrite(event.event, Mode.OWNED, style="cover_locked")
        self.date(row, event)
        self.cells[(row, WHEEL_ORG_COL)] = CellWrite(ORG_ACTIVE, Mode.OWNED, style="cover_locked")

    def date(self, row: int, event: WheelEvent) -> None:
        self.cells[(row, 2)] = CellWrite(event.when, Mode.OWNED, style="cover_locked_date")
        self.remembered[org_wheel_key(event.event)] = written_key(event.when)


def plan_wheel_sync(hr: tuple[WheelEvent, ...], result: ReadResult) -> WheelPlan:
    """The Forside's edits that bring HR's events ``hr`` (``core.wheel.org_events``) into the
    unit read as ``result``. Nothing where the workbook has no year wheel (template 1)."""
    plan = WheelPlan()
    grid = result.cover_grid
    header = wheel_header_row(grid) if grid is not None else None
    if grid is None or header is None or not _org_column_free(grid, header):
        return plan
    wheel = result.unit.cover.wheel
    mine = {event_key(e.event): e for e in wheel if e.org and e.row is not None and not is_pending(e.event)}
    wanted = {event_key(e.event) for e in hr}
    free = _free_rows(grid, header, {e.row for e in wheel if e.row is not None})
    # The unit's rows with nothing in the HR column: one of them may become HR's.
    unmarked = {e.row for e in wheel if e.row is not None and is_blank(grid.get(e.row, WHEEL_ORG_COL))}
    for event in hr:
        found = mine.get(event_key(event.event))
        if found is None:
            _add(plan, event, wheel, free, unmarked)
        elif found.when != event.when and found.row is not None:
            _move(plan, event, found, found.row, result)
    for key, gone in mine.items():
        if key not in wanted and gone.row is not None:
            plan.cells[(gone.row, 1)] = CellWrite(gone.event, Mode.OWNED, style="cover_input")
            plan.cells[(gone.row, 2)] = CellWrite(gone.when, Mode.OWNED, style="cover_date")
            plan.cells[(gone.row, WHEEL_ORG_COL)] = CellWrite(ORG_RETIRED, Mode.OWNED, style="cover_locked")
            plan.changes.append(("wheel_retire", gone.event, _day(gone.when)))
    if plan.cells and is_blank(grid.get(header, WHEEL_ORG_COL)):
        plan.cells[(header, WHEEL_ORG_COL)] = CellWrite(t("wheel.org"), Mode.OWNED, style="header")
    return plan


def _org_column_free(grid: Grid, header: int) -> bool:
    """Whether the wheel's HR column is there (template 5) or free to add (a workbook from before
    it, where nobody typed beside the wheel's header): never over something a person wrote."""
    shown = grid.get(header, WHEEL_ORG_COL)
    return is_blank(shown) or normalise_text(shown) == normalise_text(t("wheel.org"))


def _add(plan: WheelPlan, event: WheelEvent, wheel: tuple[WheelEvent, ...], free: list[int],
         unmarked: set[int]) -> None:
    """HR's new event: in the unit's row of the same name where it has no date yet (the usual
    event the template offered), else in the first free row."""
    own = next((e.row for e in wheel if not e.org and e.row is not None and e.when is None and not e.done
                and event_key(e.event) == event_key(event.event) and e.row in unmarked), None)
    row = own if own is not None else free.pop(0)
    plan.hr_row(row, event)
    plan.changes.append(("wheel_add", event.event, _day(event.when)))


def _move(plan: WheelPlan, event: WheelEvent, found: WheelEvent, row: int, result: ReadResult) -> None:
    """HR moved its date: moved in the unit where the unit still shows what HR wrote last."""
    remembered = (result.memory or {}).get(org_wheel_key(event.event))
    if remembered is not None and remembered != written_key(found.when):
        plan.findings.append(finding(Code.SYNC_WHEEL_KEPT, file=result.file, sheet=result.cover_grid.name
                                     if result.cover_grid is not None else None, cell=ref(row, 2),
                                     value=_day(found.when), event=event.event, date=_day(event.when)))
        return
    plan.date(row, event)
    plan.changes.append(("wheel_move", event.event, _day(event.when)))


def _free_rows(grid: Grid, header: int, taken: set[int]) -> list[int]:
    """Rows below the wheel's header with nothing in them, in order; as many as HR could need."""
    rows: list[int] = []
    row = header + 1
    while len(rows) < 500:
        if row not in taken and all(is_blank(grid.get(row, c)) for c in range(1, WHEEL_ORG_COL + 1)):
            rows.append(row)
        row += 1
    return rows


def _day(when: date | None) -> str:
    return when.strftime("%d-%m-%Y") if when is not None else ""

