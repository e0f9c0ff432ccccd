"""The unit workbook's Forside (the unit, its teams and their sizes, the year wheel) and
Vejledning (the guide, as wide as an A4 page prints)."""

from __future__ import annotations

__all__ = ["CoverWriter"]

from datetime import datetime

from xlsxwriter.worksheet import Worksheet

from ..core import formulas, printing
from ..core.cells import ref
from ..core.labels import conversation, t
from ..core.models import WheelEvent
from ..core.mus import TUS
from ..core.schema import COVER_FIELDS, ORG_ACTIVE, SCHEMA_VERSION, WHEEL_SPARE_ROWS, wheel_events
from ..core.wheel import org_wheel_key, wheel_status
from .cellformats import RED
from .memory import written_key
from .datavalidation import choice_error, date_validation, input_message, input_title
from .templatewriter import TemplateWriter, protect


class CoverWriter(TemplateWriter):
    """Writes Forside and Vejledning."""

    def write_cover(self, ws: Worksheet) -> None:
        # A portrait page wide, the year wheel's Udført and Status included.
        ws.set_column(0, 0, 30)
        # Narrower than the values want, so that HR's column of the wheel fits the page too.
        ws.set_column(1, 1, 34)
        ws.write(0, 0, t("title.cover"), self.fmt["title"])
        ws.merge_range(1, 0, 1, 1, t("cover.hint"), self.fmt["intro"])
        c = self.unit.cover
        values = {
            "organisation": c.organisation, "unit": c.unit, "leader": c.leader, "period": c.period,
            "teams": ", ".join(self.teams), "version": SCHEMA_VERSION, "conversation": conversation(),
        }
        for i, key in enumerate(COVER_FIELDS):
            row = 3 + i
            ws.write(row, 0, t(f"cover.{key}"), self.fmt["label"])
            locked = key in ("teams", "version", "conversation")  # the conversation's name is the organisation's
            ws.write_string(row, 1, values[key], self.fmt["cover_locked" if locked else "cover_input"])
        # The team sizes where they stood before the conversation's field took the empty row.
        sizes_row = 3 + len(COVER_FIELDS)
        self.write_team_sizes(ws, sizes_row)
        self.write_wheel(ws, sizes_row + 2 + len(self.teams) + 1)
        self.print(ws, printing.text_sheet())
        protect(ws)

    def write_team_sizes(self, ws: Worksheet, row: int) -> None:
        """A field per team for its number of employees (0-based ``row`` for the heading)."""
        ws.write(row, 0, t("cover.team_sizes"), self.fmt["section"])
        ws.merge_range(row + 1, 0, row + 1, 1, t("cover.team_sizes.hint"), self.fmt["help"])
        sizes = self.unit.cover.team_sizes
        for i, team in enumerate(self.teams):
            r = row + 2 + i
            ws.write(r, 0, t("cover.team_size", team=team), self.fmt["label"])
            if team in sizes:
                ws.write_number(r, 1, sizes[team], self.fmt["cover_input_int"])
            else:
                ws.write_blank(r, 1, None, self.fmt["cover_input_int"])
            ws.data_validation(r, 1, r, 1, {
                "validate": "integer", "criteria": ">=", "value": 0,
                "input_title": input_title(t("cover.team_size", team=team)), "input_message": input_message(t("cover.team_sizes.hint")),
                "error_title": t("dv.size.error_title"), "error_message": t("dv.size.error"),
            })
            self.write_team_form(ws, r, team)
        ws.write(row + 1, 2, t("cover.team_form"), self.fmt["help"])

    def write_team_form(self, ws: Worksheet, r: int, team: str) -> None:
        """Beside a team's size: whether its conversation this round is its TUS (blank: MUS/PUS)."""
        form = self.unit.cover.team_forms.get(team, "")
        if form:
            ws.write_string(r, 2, form, self.fmt["cover_input"])
        else:
            ws.write_blank(r, 2, None, self.fmt["cover_input"])
        ws.data_validation(r, 2, r, 2, {
            "validate": "list", "source": [TUS], "input_title": input_title(t("cover.team_form")),
            "input_message": input_message(t("cover.team_form.hint")),
        })

    def write_wheel(self, ws: Worksheet, row: int) -> None:
        """The year wheel (0-based ``row`` for its heading): the round's events pre-filled, a
        date and a done-marker to type, and the status refresh writes (overdue like the plan).
        HR's events (from the organisation template) are grey and locked, marked in the last
        column, and their dates remembered so that sync can tell HR's date from a leader's."""
        ws.set_column(2, 2, 10)
        ws.set_column(3, 3, 12)
        ws.set_column(4, 4, 7)
        ws.write(row, 0, t("wheel.title"), self.fmt["section"])
        ws.merge_range(row + 1, 0, row + 1, 4, t("wheel.hint"), self.fmt["help"])
        for c, key in enumerate(("wheel.event", "wheel.date", "wheel.done", "wheel.status", "wheel.org")):
            ws.write(row + 2, c, t(key), self.fmt["header"])
        events: list[WheelEvent | None] = list(self.unit.cover.wheel) or [WheelEvent(event=e) for e in wheel_events()]
        first = row + 3
        n = len(events) + WHEEL_SPARE_ROWS
        for i in range(n):
            self.write_wheel_row(ws, first + i, events[i] if i < len(events) else None)
        ws.data_validation(first, 1, first + n - 1, 1, {
            **date_validation(), "input_title": input_title(t("wheel.date")), "input_message": input_message(t("wheel.hint"))})
        ws.data_validation(first, 2, first + n - 1, 2, {
            "validate": "list", "source": [t("catalogue.yes"), t("catalogue.no")],
            "error_title": t("dv.choice.error_title"),
            "error_message": choice_error((t("catalogue.yes"), t("catalogue.no")))})
        status, when, done = ref(first + 1, 4), ref(first + 1, 2), ref(first + 1, 3)
        self.cf(ws, first + 1, 4, first + n, 4, f'={status}="{t("wheel.overdue")}"', RED)
        # Live in Excel as well, like the plan: a passed date not marked done shows at once.
        self.cf(ws, first + 1, 2, first + n, 2,
                f'=AND(ISNUMBER({when}),{when}<TODAY(),TRIM({done})<>"{t("catalogue.yes")}")', RED)

    def write_wheel_row(self, ws: Worksheet, r: int, event: WheelEvent | None) -> None:
        """One row of the wheel (0-based ``r``): an event, a spare row where ``event`` is None."""
        org = event is not None and event.org
        name_fmt, date_fmt = ("cover_locked", "cover_locked_date") if org else ("cover_input", "cover_date")
        if event is not None and event.event:
            ws.write_string(r, 0, event.event, self.fmt[name_fmt])
        else:
            ws.write_blank(r, 0, None, self.fmt[name_fmt])
        if event is not None and event.when is not None:
            ws.write_datetime(r, 1, datetime(event.when.year, event.when.month, event.when.day), self.fmt[date_fmt])
        else:
            ws.write_blank(r, 1, None, self.fmt[date_fmt])
        done = t("catalogue.yes") if event is not None and event.done else None
        ws.write(r, 2, done, self.fmt["cover_input"]) if done else ws.write_blank(r, 2, None, self.fmt["cover_input"])
        status = wheel_status(event, self.today) if event is not None else ""
        # Live and locked, like the gaps: Excel shows a passed date as overdue at once, and
        # refresh only keeps the cached value right for readers that do not calculate.
        ws.write_formula(r, 3, formulas.wheel_status(ref(r + 1, 2), ref(r + 1, 3)), self.fmt["cover_status"], status)
        if org:
            ws.write_string(r, 4, ORG_ACTIVE, self.fmt["cover_locked"])
        else:
            ws.write_blank(r, 4, None, self.fmt["cover_locked"])
        if org and event is not None:
            self.written[org_wheel_key(event.event)] = written_key(event.when)

    def write_guide(self, ws: Worksheet) -> None:
        # As wide as an A4 page prints whole, the text wrapped inside it.
        width = printing.guide_width()
        ws.set_column(0, 0, width)
        ws.write(0, 0, t("title.guide"), self.fmt["title"])
        row = 2
        for line in t("guide.text").splitlines():
            if line.startswith("# "):
                row += 1
                ws.write(row, 0, line[2:], self.fmt["section"])
            else:
                ws.write(row, 0, line, self.fmt["paragraph"])
            row += 1
        self.print(ws, printing.text_sheet())
        protect(ws)
