"""Write a new unit workbook with XlsxWriter: the appendix templates as Excel tables, with
Danish data validation, live gap formulas (with correct cached values), conditional
formatting, locked calculated cells, print setup, and the Overblik and Fejl og mangler sheets.
Each sheet is written here; the cell formats are ``cellformats``', the validation rules
``datavalidation``'.

XlsxWriter rather than openpyxl for new files: it writes cached results for formulas (so
previewers and Python readers see the right gaps), input messages, x14-free conditional
formats Excel and LibreOffice both read, and tables with header formats.
"""

from __future__ import annotations

__all__ = ["TemplateError", "write_unit_workbook"]

from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core import calculated, formulas, printing
from ..core.catalogue import catalogue
from ..core.wheel import wheel_status
from ..core.calculated import Cell
from ..core.cells import quote_sheet, ref
from ..xlsx.files import write_atomic
from ..xlsx.pagesetup import apply_page_setup
from ..core.findings import Finding
from ..core.labels import t
from ..core.models import UnitWorkbook
from .cellformats import AMBER, BLUE, GREEN, MISSING, RED, RETIRED, Formats
from .datavalidation import column_validation, date_validation, input_message, input_title
from .memory import Memory, memory_cells, written_key
from .overview import (
    CHART_CELL,
    TEXT_COL,
    Cells,
    catalogue_cells,
    committee_cells,
    findings_cells,
    overview_cells,
    summarise,
    team_rows,
)
from ..xlsx.styles import TABLE_STYLE
from ..core.schema import (
    ANCHORING,
    CATALOGUE,
    COMMITTEE,
    COVER,
    COVER_FIELDS,
    FINDINGS,
    GUIDE,
    INDIVIDUAL,
    LEVEL_MAX,
    MEMORY,
    NEEDS,
    NEEDS_GOAL_ROW,
    NEEDS_TEAM_ROW,
    NEEDS_TUS_DATE_ROW,
    NEEDS_TUS_ROW,
    ORG_RETIRED,
    OVERVIEW,
    RETIRED_STATUS,
    PLAN,
    PROFILES,
    SCHEMA_VERSION,
    WHEEL_EVENTS,
    WHEEL_SPARE_ROWS,
    Calc,
    Kind,
    PlacedColumn,
    Sheet,
    Status,
    layout,
    placed_columns,
    validate_team_names,
)

class TemplateError(ValueError):
    """The options cannot make a workbook; the message is Danish."""


def write_unit_workbook(path: Path | str, unit: UnitWorkbook, *, today: date,
                        findings: list[Finding] | None = None) -> None:
    """Write ``unit`` as a new workbook at ``path`` (atomically: all or nothing)."""
    problems = validate_team_names(unit.teams)
    if problems:
        raise TemplateError(" ".join(problems))
    path = Path(path)
    write_atomic(path, lambda tmp: _Writer(tmp, unit, today, findings or []).write())


class _Writer:
    def __init__(self, path: Path, unit: UnitWorkbook, today: date, findings: list[Finding]):
        self.unit = calculated.derived_unit(unit)
        self.today = today
        self.findings = findings
        # Text from people stays text: never turned into a formula, link or number.
        self.wb: Workbook = xlsxwriter.Workbook(str(path), {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.wb.set_properties({
            "title": f"{t('title.cover')} – {unit.cover.unit}".rstrip(" –"),
            "subject": t("title.cover"),
            "created": datetime(today.year, today.month, today.day),
            "comments": f"xlkompetence skabelonversion {SCHEMA_VERSION}",
        })
        self.wb.set_size(1600, 1000)
        self.fmt = Formats(self.wb)
        self.teams = list(unit.teams)
        self.cols: dict[str, dict[str, int]] = {}
        self.written: Memory = {}

    # -- whole workbook ------------------------------------------------------------------
    def write(self) -> None:
        cover = self.wb.add_worksheet(COVER.name)
        guide = self.wb.add_worksheet(GUIDE.name)
        sheets = {s.id: self.wb.add_worksheet(s.name) for s in (PROFILES, NEEDS, INDIVIDUAL, PLAN, ANCHORING)}
        catalogue_ws = self.wb.add_worksheet(CATALOGUE.name)
        overview = self.wb.add_worksheet(OVERVIEW.name)
        committee = self.wb.add_worksheet(COMMITTEE.name)
        findings = self.wb.add_worksheet(FINDINGS.name)
        self.write_cover(cover)
        self.write_guide(guide)
        self.write_profiles(sheets["profiles"])
        self.write_needs(sheets["needs"])
        self.write_individual(sheets["individual"])
        self.write_plan(sheets["plan"])
        self.write_anchoring(sheets["anchoring"])
        self.write_catalogue(catalogue_ws)
        self.write_overview(overview)
        self.write_committee(committee)
        self.write_findings(findings)
        self.write_memory(self.wb.add_worksheet(MEMORY.name))
        cover.activate()
        self.wb.close()

    # -- shared sheet furniture ------------------------------------------------------------
    def frame(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn], *, help_row: bool = True) -> None:
        """Title, intro, guiding questions, widths, print setup and protection."""
        lay = layout(sheet)
        keys = [p.key for p in placed]
        setup = printing.table_sheet(
            [p.column.width for p in placed], header_rows=(lay.header_row - 1, lay.header_row - 1),
            repeat=printing.repeat_columns(sheet.id, keys), last_col=printing.last_printed(sheet.id, keys),
            groups=[("team", p.team) if p.team else ("column", p.key) for p in placed])
        ws.write(0, 0, sheet.title, self.fmt["title"])
        ws.set_row(0, 24)
        widths = [p.column.width for p in placed]
        self.intro(ws, sheet.intro, widths[: setup.whole_on_every_page(len(placed))])
        for c, p in enumerate(placed):
            ws.set_column(c, c, p.column.width)
            if help_row and p.column.help:
                ws.write(2, c, p.column.help, self.fmt["help"])
        if help_row:
            ws.set_row(2, 64)
        ws.set_row(lay.header_row - 1, 46)
        ws.freeze_panes(lay.header_row, 2 if sheet is NEEDS else 0)
        self.print(ws, setup)
        _protect(ws)

    def intro(self, ws: Worksheet, text: str, widths: list[float]) -> None:
        """The intro in row 2 across the columns of ``widths``, which print whole on every page,
        as tall as its wrapped lines."""
        if len(widths) > 1:
            ws.merge_range(1, 0, 1, len(widths) - 1, text, self.fmt["intro"])
        else:
            ws.write(1, 0, text, self.fmt["intro"])
        ws.set_row(1, 15 * printing.wrapped_lines(text, sum(widths)) + 4)

    def print(self, ws: Worksheet, setup: printing.PageSetup) -> None:
        apply_page_setup(ws, setup, self.unit.cover.unit)

    def table(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn], n_rows: int) -> int:
        """The Excel table; returns its last row (1-based)."""
        lay = layout(sheet)
        last_row = lay.header_row + n_rows
        ws.add_table(lay.header_row - 1, 0, last_row - 1, len(placed) - 1, {
            "name": sheet.table,
            "style": TABLE_STYLE,
            "autofilter": True,
            "columns": [{"header": p.header, "header_format": self.fmt["header"]} for p in placed],
        })
        self.cols[sheet.id] = {p.key: i + 1 for i, p in enumerate(placed)}
        self.validations(ws, sheet, placed, lay.first_data_row, last_row)
        return last_row

    def put(self, ws: Worksheet, row: int, col: int, value: Any, kind: Kind, calc: Calc,
            formula: str | None = None) -> None:
        """One data cell, 1-based, formatted by its column's kind and who fills it."""
        fmt = self.fmt.cell(kind, calc)
        r, c = row - 1, col - 1
        if calc is Calc.VALUE and written_key(value):
            self.written[(ws.name, ref(row, col))] = written_key(value)
        if formula is not None:
            ws.write_formula(r, c, formula, fmt, "" if value is None else value)
        elif value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, (date, datetime)):
            ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fmt)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)

    def fit_row(self, ws: Worksheet, row: int, placed: list[PlacedColumn], values: dict[str, Any]) -> None:
        """Give a filled row the height its wrapped text needs: a file carries no
        auto-fit, and LibreOffice and previewers show a fixed height."""
        lines = 1
        for p in placed:
            text = values.get(p.key)
            if isinstance(text, str) and text:
                per_line = max(1.0, p.column.width * 1.1)
                lines = max(lines, sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n")))
        if lines > 1:
            ws.set_row(row - 1, min(409, 15 * lines + 2))

    def validations(self, ws: Worksheet, sheet: Sheet, placed: list[PlacedColumn], first: int, last: int) -> None:
        for i, p in enumerate(placed):
            col = p.column
            if not col.is_input:
                continue
            options = column_validation(sheet, col, p, i + 1, first, last, self.teams, self.profiles_last_row)
            ws.data_validation(first - 1, i, last - 1, i, options)

    @property
    def profiles_last_row(self) -> int:
        return layout(PROFILES).header_row + len(self.unit.profiles) + PROFILES.spare_rows

    # -- Forside -----------------------------------------------------------------------------
    def write_cover(self, ws: Worksheet) -> None:
        # A portrait page wide, the year wheel's Udført and Status included.
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 40)
        ws.write(0, 0, t("title.cover"), self.fmt["title"])
        ws.merge_range(1, 0, 1, 1, t("cover.hint"), self.fmt["intro"])
        ws.set_row(1, 36)
        c = self.unit.cover
        values = {
            "organisation": c.organisation, "unit": c.unit, "leader": c.leader, "period": c.period,
            "teams": ", ".join(self.teams), "version": SCHEMA_VERSION,
        }
        for i, key in enumerate(COVER_FIELDS):
            row = 3 + i
            ws.write(row, 0, t(f"cover.{key}"), self.fmt["label"])
            locked = key in ("teams", "version")
            ws.write_string(row, 1, values[key], self.fmt["cover_locked" if locked else "cover_input"])
        sizes_row = 3 + len(COVER_FIELDS) + 1
        self.write_team_sizes(ws, sizes_row)
        self.write_wheel(ws, sizes_row + 2 + len(self.teams) + 1)
        self.print(ws, printing.text_sheet())
        _protect(ws)

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

    def write_wheel(self, ws: Worksheet, row: int) -> None:
        """The year wheel (0-based ``row`` for its heading): the round's events pre-filled, a
        date and a done-marker to type, and the status refresh writes (overdue like the plan)."""
        ws.set_column(2, 2, 10)
        ws.set_column(3, 3, 12)
        ws.write(row, 0, t("wheel.title"), self.fmt["section"])
        ws.merge_range(row + 1, 0, row + 1, 3, t("wheel.hint"), self.fmt["help"])
        ws.set_row(row + 1, 45)
        for c, key in enumerate(("wheel.event", "wheel.date", "wheel.done", "wheel.status")):
            ws.write(row + 2, c, t(key), self.fmt["header"])
        events = list(self.unit.cover.wheel)
        names = [e.event for e in events] if events else list(WHEEL_EVENTS)
        first = row + 3
        n = len(names) + WHEEL_SPARE_ROWS
        for i in range(n):
            r = first + i
            event = events[i] if i < len(events) else None
            name = names[i] if i < len(names) else ""
            ws.write_string(r, 0, name, self.fmt["cover_input"]) if name else ws.write_blank(r, 0, None, self.fmt["cover_input"])
            if event is not None and event.when is not None:
                ws.write_datetime(r, 1, datetime(event.when.year, event.when.month, event.when.day), self.fmt["cover_date"])
            else:
                ws.write_blank(r, 1, None, self.fmt["cover_date"])
            done = t("catalogue.yes") if event is not None and event.done else None
            ws.write(r, 2, done, self.fmt["cover_input"]) if done else ws.write_blank(r, 2, None, self.fmt["cover_input"])
            status = wheel_status(event, self.today) if event is not None else ""
            self.written_cover(ws, r, status)
        ws.data_validation(first, 1, first + n - 1, 1, {
            **date_validation(), "input_title": input_title(t("wheel.date")), "input_message": input_message(t("wheel.hint"))})
        ws.data_validation(first, 2, first + n - 1, 2, {
            "validate": "list", "source": [t("catalogue.yes"), t("catalogue.no")],
            "error_title": t("dv.choice.error_title"),
            "error_message": input_message(t("dv.choice.error", choices=f"{t('catalogue.yes')}, {t('catalogue.no')}"))})
        status, when, done = ref(first + 1, 4), ref(first + 1, 2), ref(first + 1, 3)
        self.cf(ws, first + 1, 4, first + n, 4, f'={status}="{t("wheel.overdue")}"', RED)
        # Live in Excel as well, like the plan: a passed date not marked done shows at once.
        self.cf(ws, first + 1, 2, first + n, 2,
                f'=AND(ISNUMBER({when}),{when}<TODAY(),TRIM({done})<>"{t("catalogue.yes")}")', RED)

    def written_cover(self, ws: Worksheet, r: int, status: str) -> None:
        """A year-wheel status cell (0-based row): grey, unlocked for the add-ins, remembered."""
        if status:
            self.written[(ws.name, ref(r + 1, 4))] = status
            ws.write_string(r, 3, status, self.fmt["cover_status"])
        else:
            ws.write_blank(r, 3, None, self.fmt["cover_status"])

    # -- Vejledning --------------------------------------------------------------------------
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
                ws.set_row(row, 15 * printing.wrapped_lines(line, width) + 2)
            row += 1
        self.print(ws, printing.text_sheet())
        _protect(ws)

    # -- A ------------------------------------------------------------------------------------
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
                self.fit_row(ws, row, placed, values)
            for c, pc in enumerate(placed, start=1):
                self.put(ws, row, c, values.get(pc.key), pc.column.kind, pc.column.calc)
        org = ref(first, self.cols[PROFILES.id]["org"], lock_col=True)
        self.cf(ws, first, 1, last, len(placed), f'={org}="{ORG_RETIRED}"', RETIRED)

    # -- B ------------------------------------------------------------------------------------
    def write_needs(self, ws: Worksheet) -> None:
        placed = placed_columns(NEEDS, self.teams)
        self.frame(ws, NEEDS, placed, help_row=False)
        n = len([p for p in self.unit.profiles if p.id])
        last = self.table(ws, NEEDS, placed, n + NEEDS.spare_rows)
        cols = self.cols[NEEDS.id]
        self.needs_labels(ws, cols)
        for team in self.teams:
            self.team_banner(ws, team, cols[f"desired@{team}"] - 1, cols[f"gap@{team}"] - 1)
        first = layout(NEEDS).first_data_row
        self.needs_rows(ws, placed, cols, first, last)
        self.needs_formats(ws, cols, first, last)

    def needs_labels(self, ws: Worksheet, cols: dict[str, int]) -> None:
        """The labels of the rows above and below the table: team names over each team's three
        columns, and each team's learning goal and TUS below."""
        ws.merge_range(NEEDS_TEAM_ROW - 1, 0, NEEDS_TEAM_ROW - 1, 1, t("needs.team"), self.fmt["banner_label"])
        ws.merge_range(NEEDS_GOAL_ROW - 1, 0, NEEDS_GOAL_ROW - 1, 1, t("needs.team_goal"), self.fmt["banner_label"])
        ws.set_row(NEEDS_GOAL_ROW - 1, 75)
        ws.merge_range(NEEDS_TUS_DATE_ROW - 1, 0, NEEDS_TUS_DATE_ROW - 1, 1, t("needs.tus_date"), self.fmt["banner_label"])
        ws.merge_range(NEEDS_TUS_ROW - 1, 0, NEEDS_TUS_ROW - 1, 1, t("needs.tus_agreements"), self.fmt["banner_label"])
        ws.set_row(NEEDS_TUS_ROW - 1, 45)
        if not any(a.previous is not None for a in self.unit.assessments):
            # A first round has no earlier levels: their columns wait, hidden, for the next.
            for team in self.teams:
                c = cols[f"previous@{team}"] - 1
                ws.set_column(c, c, NEEDS.column("previous").width, None, {"hidden": True})

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
            decision = self.unit.decision(values["id"]) if values["id"] else None
            if decision is not None:
                values.update(priority=decision.priority, reason=decision.reason or None)
            for team in self.teams:
                a = by_profile.get((values["id"], team))
                values[f"desired@{team}"] = a.desired if a else None
                values[f"actual@{team}"] = a.actual if a else None
                values[f"previous@{team}"] = a.previous if a else None
            derived = calculated.needs_row(values, self.teams, texts, retired)
            self.fit_row(ws, row, placed, {**derived, "reason": values.get("reason")})
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

    def cf(self, ws: Worksheet, r0: int, c0: int, r1: int, c1: int, formula: str,
           colours: tuple[str, str]) -> None:
        ws.conditional_format(r0 - 1, c0 - 1, r1 - 1, c1 - 1, {
            "type": "formula", "criteria": formula, "format": self.fmt.highlight(colours),
        })

    # -- C, D, E: one record per row ----------------------------------------------------------
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
                self.fit_row(ws, row, placed, values)
            for c, pc in enumerate(placed, start=1):
                self.put(ws, row, c, values.get(pc.key), pc.column.kind, pc.column.calc)

    # -- Kompetencekatalog -------------------------------------------------------------------
    def write_catalogue(self, ws: Worksheet) -> None:
        """The catalogue as refresh writes it, its Kan oplære andre column white and with a
        drop-down for the rows it has and rows to come. Not protected, as Overblik: refresh
        rewrites it whole, in the file and in Excel."""
        placed = placed_columns(CATALOGUE)
        for c, p in enumerate(placed):
            ws.set_column(c, c, p.column.width)
        cells = catalogue_cells(catalogue(self.unit))
        self.write_cells(ws, cells)
        ws.merge_range(1, 0, 1, len(placed) - 1, cells[(2, 1)].value, self.fmt["intro"])
        ws.set_row(1, 48)
        header = layout(CATALOGUE).header_row
        ws.set_row(header - 1, 30)
        col = next(i for i, p in enumerate(placed) if p.column.is_input)
        last = max(r for (r, c) in cells if c == col + 1)
        ws.data_validation(header, col, last - 1, col, column_validation(CATALOGUE, placed[col].column, placed[col], col + 1,
                                                                   header + 1, last, self.teams, self.profiles_last_row))
        ws.freeze_panes(header, 0)
        self.print(ws, printing.table_sheet([p.column.width for p in placed], header_rows=(header - 1, header - 1)))

    # -- Overblik ----------------------------------------------------------------------------
    def write_overview(self, ws: Worksheet) -> None:
        summary = summarise(self.unit, self.findings, self.today)
        cells = overview_cells(summary, self.teams)
        ws.set_column(0, 0, 36)
        ws.set_column(1, TEXT_COL - 2, 12)
        ws.set_column(TEXT_COL - 1, TEXT_COL - 1, 70)
        ws.set_column(TEXT_COL, TEXT_COL, 40)
        self.write_cells(ws, cells)
        widths = [36] + [12] * (TEXT_COL - 2) + [70, 40]
        setup = printing.table_sheet(widths, repeat=(0, 0))
        self.intro(ws, cells[(2, 1)].value, widths[: setup.whole_on_every_page(len(widths))])
        first, last = team_rows(len(self.teams))
        self.fit_overview_rows(ws, cells, last + 1)
        sheet = quote_sheet(OVERVIEW.name)
        chart = self.wb.add_chart({"type": "column"})
        for col, name in ((1, t("ov.chart_desired")), (2, t("ov.chart_actual"))):
            chart.add_series({
                "name": name,
                "categories": f"={sheet}!$A${first}:$A${last}",
                "values": f"={sheet}!${'ABC'[col]}${first}:${'ABC'[col]}${last}",
                "data_labels": {"value": True, "num_format": "0.0"},
            })
        chart.set_title({"name": t("ov.chart_title"), "name_font": {"size": 12}})
        chart.set_y_axis({"min": 0, "max": LEVEL_MAX, "major_unit": 1})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 350, "height": 280})
        ws.insert_chart(CHART_CELL, chart)
        self.print(ws, setup)
        # Not protected: the add-ins rewrite the whole sheet, and Excel refuses writes into
        # locked cells of a protected sheet (xlwings has no way to lift the protection).

    def fit_overview_rows(self, ws: Worksheet, cells: Cells, hint_row: int) -> None:
        """Header rows tall enough for two lines, and the note under the per-team table across
        the table's width (a file carries no auto-fit)."""
        for row in sorted({r for (r, _), c in cells.items() if c.style == "header"}):
            ws.set_row(row - 1, 30)
        ws.merge_range(hint_row - 1, 0, hint_row - 1, TEXT_COL - 2, cells[(hint_row, 1)].value, self.fmt["intro"])
        ws.set_row(hint_row - 1, 30)

    def write_committee(self, ws: Worksheet) -> None:
        """MED-SU: printed A4 portrait, one page wide, for the committee's meeting."""
        cells = committee_cells(self.unit, self.today)
        widths = (18, 11, 11, 11, 11, 11, 34, 44)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        self.write_cells(ws, cells)
        ws.merge_range(1, 0, 1, len(widths) - 1, cells[(2, 1)].value, self.fmt["intro"])
        ws.set_row(1, 46)
        for (row, col), cell in sorted(cells.items()):
            if cell.style == "header" and col == 1:
                ws.set_row(row - 1, 45)
            elif cell.style == "intro" and row > 2:
                ws.merge_range(row - 1, 0, row - 1, len(widths) - 1, cell.value, self.fmt["intro"])
                ws.set_row(row - 1, 30)
            elif cell.style == "wrap" and isinstance(cell.value, str):
                lines = max(-(-len(str(v.value)) // int(widths[c - 1] * 1.1))
                            for (r, c), v in cells.items() if r == row and v.style == "wrap")
                ws.set_row(row - 1, 15 * max(1, lines) + 2)
        self.print(ws, printing.table_sheet(widths))  # not protected, as Overblik

    def write_findings(self, ws: Worksheet) -> None:
        widths = (10, 26, 34, 24, 70, 24)
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        cells = findings_cells(self.findings)
        self.write_cells(ws, cells)
        ws.merge_range(1, 0, 1, len(widths) - 1, cells[(2, 1)].value, self.fmt["intro"])
        ws.set_row(1, 30)
        # Each message as tall as its wrapped lines need.
        for (row, col), cell in cells.items():
            if col == len(widths) and cell.style == "wrap" and isinstance(cell.value, str):
                lines = -(-len(cell.value) // int(widths[-1] * 1.1))
                if lines > 1:
                    ws.set_row(row - 1, 15 * lines + 2)
        ws.freeze_panes(4, 0)
        self.print(ws, printing.table_sheet(widths, header_rows=(3, 3)))  # not protected, as Overblik

    def write_memory(self, ws: Worksheet) -> None:
        """The values written into calculated value columns, so refresh knows them for its own."""
        for (row, col), cell in sorted(memory_cells(self.written).items()):
            ws.write_string(row - 1, col - 1, str(cell.value))
        ws.very_hidden()

    def write_cells(self, ws: Worksheet, cells: Cells) -> None:
        for (row, col), cell in sorted(cells.items()):
            self.write_cell(ws, row, col, cell)

    def write_cell(self, ws: Worksheet, row: int, col: int, cell: Cell) -> None:
        fmt = self.fmt[cell.style or "text"]
        r, c = row - 1, col - 1
        v = cell.value
        if cell.formula:
            ws.write_formula(r, c, cell.formula, fmt, "" if v is None else v)
        elif v is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(v, date):
            ws.write_datetime(r, c, datetime(v.year, v.month, v.day), fmt)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            ws.write_number(r, c, v, fmt)
        else:
            ws.write_string(r, c, str(v), fmt)


def _protect(ws: Worksheet) -> None:
    # No password: the protection keeps formulas safe from slips, it is not a security measure.
    ws.protect("", {
        "format_cells": False,
        "format_columns": True,
        "format_rows": True,
        "autofilter": True,
        "sort": True,
        "select_locked_cells": True,
        "select_unlocked_cells": True,
    })
