"""Findings are data: a stable code, a severity, where, the offending value and a Danish message.

``Code`` is the catalogue: one member per code, each carrying its severity, its scope (what it
is about: the file, a sheet, a cell, a merge, a sync) and, through ``labels.FINDINGS``, its
Danish summary and message template. A misspelt code is an ``AttributeError`` at import and a
type error to a checker. The validator, refresh, the add-ins, merge, sync and the CLI all
produce and print the same ``Finding``; ``Report`` is how any of them is counted and mapped to
the documented exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from .labels import FINDINGS, t

__all__ = [
    "Code",
    "ExitCode",
    "Finding",
    "Report",
    "Scope",
    "Severity",
    "codes_table",
    "exit_code_of",
    "finding",
    "overall_exit_code",
]


class Severity(StrEnum):
    """How serious a finding is: an error makes the workbook invalid (exit code 1), a warning
    does not; information says something worth knowing that needs no correcting."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return t(f"severity.{self.value}")

    @property
    def rank(self) -> int:
        """Errors first, then warnings, then information (the order findings are listed in)."""
        return (Severity.ERROR, Severity.WARNING, Severity.INFO).index(self)


class Scope(StrEnum):
    """What a finding is about. FILE findings that are errors mean the file could not be read
    or written at all."""

    FILE = "file"
    SHEET = "sheet"
    CELL = "cell"
    MERGE = "merge"
    SYNC = "sync"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO


class Code(StrEnum):
    """Every code the package can report, with its severity and scope.

    The README's code table is generated from this catalogue, so a code cannot exist
    without being documented.
    """

    severity: Severity
    scope: Scope

    def __new__(cls, value: str, severity: Severity, scope: Scope) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.scope = scope
        return member

    FILE_NOT_FOUND = "file.not_found", _E, Scope.FILE
    FILE_UNREADABLE = "file.unreadable", _E, Scope.FILE
    FILE_ENCRYPTED = "file.encrypted", _E, Scope.FILE
    FILE_UNSUPPORTED = "file.unsupported", _E, Scope.FILE
    FILE_LOCKED = "file.locked", _E, Scope.FILE
    FILE_READ_ONLY = "file.read_only", _E, Scope.FILE
    FILE_WRITE_FAILED = "file.write_failed", _E, Scope.FILE
    FILE_CHANGED = "file.changed", _E, Scope.FILE
    FILE_NOT_UNIT = "file.not_unit", _E, Scope.FILE
    FILE_EXTERNAL_LINKS = "file.external_links", _W, Scope.FILE
    FINDINGS_MORE = "findings.more", _W, Scope.SHEET
    SHEET_MISSING = "sheet.missing", _E, Scope.SHEET
    COLUMN_MISSING = "column.missing", _E, Scope.SHEET
    COLUMN_RENAMED = "column.renamed", _W, Scope.SHEET
    COLUMN_DUPLICATE = "column.duplicate", _E, Scope.SHEET
    TEAM_NONE = "team.none", _E, Scope.SHEET
    TEAM_INCOMPLETE = "team.incomplete", _E, Scope.SHEET
    CELL_ERROR_VALUE = "cell.error_value", _E, Scope.CELL
    LEVEL_NOT_NUMBER = "level.not_number", _E, Scope.CELL
    LEVEL_NOT_WHOLE = "level.not_whole", _E, Scope.CELL
    LEVEL_OUT_OF_RANGE = "level.out_of_range", _E, Scope.CELL
    LEVEL_MISSING = "level.missing", _W, Scope.CELL
    TIMELINE_UNPARSED = "timeline.unparsed", _W, Scope.CELL
    TIMELINE_END_BEFORE_START = "timeline.end_before_start", _W, Scope.CELL
    RESOURCES_UNPARSED = "resources.unparsed", _W, Scope.CELL
    RESOURCES_NO_UNIT = "resources.no_unit", _W, Scope.CELL
    RESOURCES_NEGATIVE = "resources.negative", _E, Scope.CELL
    RESOURCES_NOT_COUNTED = "resources.not_counted", _I, Scope.CELL
    RESOURCES_PARTICIPANTS_UNKNOWN = "resources.participants_unknown", _W, Scope.CELL
    DATE_INVALID = "date.invalid", _E, Scope.CELL
    CHOICE_INVALID = "choice.invalid", _E, Scope.CELL
    TEMPLATE_OLDER = "template.older", _I, Scope.SHEET
    COVER_UNIT_MISSING = "cover.unit_missing", _W, Scope.CELL
    COVER_TEAM_SIZE_INVALID = "cover.team_size_invalid", _W, Scope.CELL
    PROFILE_ID_MISSING = "profile.id_missing", _W, Scope.CELL
    PROFILE_ID_DUPLICATE = "profile.id_duplicate", _E, Scope.CELL
    PROFILE_TEXT_MISSING = "profile.text_missing", _W, Scope.CELL
    PROFILE_GOAL_MISSING = "profile.goal_missing", _W, Scope.CELL
    PROFILE_STRATEGY_MISSING = "profile.strategy_missing", _W, Scope.CELL
    PROFILE_GOAL_INHERITED_APART = "profile.goal_inherited_apart", _W, Scope.CELL
    NEEDS_UNKNOWN_PROFILE = "needs.unknown_profile", _E, Scope.CELL
    NEEDS_DUPLICATE_PROFILE = "needs.duplicate_profile", _E, Scope.CELL
    NEEDS_PROFILE_NOT_LISTED = "needs.profile_not_listed", _W, Scope.CELL
    NEEDS_TEAM_GOAL_MISSING = "needs.team_goal_missing", _W, Scope.CELL
    NEEDS_REASON_MISSING = "needs.reason_missing", _W, Scope.CELL
    INDIVIDUAL_TEAM_UNKNOWN = "individual.team_unknown", _W, Scope.CELL
    PLAN_ACTIVITY_MISSING = "plan.activity_missing", _E, Scope.CELL
    PLAN_RESPONSIBLE_MISSING = "plan.responsible_missing", _E, Scope.CELL
    PLAN_STATUS_MISSING = "plan.status_missing", _W, Scope.CELL
    PLAN_OVERDUE = "plan.overdue", _W, Scope.CELL
    PLAN_LEARNING_FORM_UNKNOWN = "plan.learning_form_unknown", _W, Scope.CELL
    WHEEL_OVERDUE = "wheel.overdue", _W, Scope.CELL
    # An unreadable date is an error wherever it is typed (as ``date.invalid``).
    WHEEL_DATE_INVALID = "wheel.date_invalid", _E, Scope.CELL
    COMMITTEE_DATE_INVALID = "committee.date_invalid", _E, Scope.CELL
    ANCHORING_FOLLOW_UP_MISSING = "anchoring.follow_up_missing", _W, Scope.CELL
    ANCHORING_FOLLOW_UP_OVERDUE = "anchoring.follow_up_overdue", _W, Scope.CELL
    THREAD_NOT_STARTED = "thread.not_started", _I, Scope.SHEET
    THREAD_NEED_UNKNOWN = "thread.need_unknown", _E, Scope.CELL
    THREAD_NEED_UNLINKED = "thread.need_unlinked", _W, Scope.CELL
    THREAD_GAP_WITHOUT_ACTIVITY = "thread.gap_without_activity", _W, Scope.CELL
    THREAD_INDIVIDUAL_UNLINKED = "thread.individual_unlinked", _W, Scope.CELL
    THREAD_DONE_WITHOUT_ANCHORING = "thread.done_without_anchoring", _W, Scope.CELL
    MERGE_DUPLICATE_FILE = "merge.duplicate_file", _W, Scope.MERGE
    MERGE_DUPLICATE_UNIT = "merge.duplicate_unit", _W, Scope.MERGE
    MERGE_OTHER_ROUND = "merge.other_round", _W, Scope.MERGE
    MERGE_PROFILE_TEXT_DIFFERS = "merge.profile_text_differs", _W, Scope.MERGE
    MERGE_PROFILE_ID_CONFLICT = "merge.profile_id_conflict", _W, Scope.MERGE
    MERGE_PROFILES_LOOK_ALIKE = "merge.profiles_look_alike", _W, Scope.MERGE
    SYNC_ID_CONFLICT = "sync.id_conflict", _W, Scope.SYNC
    SYNC_WHEEL_KEPT = "sync.wheel_kept", _W, Scope.SYNC
    ROSTER_UNREADABLE = "roster.unreadable", _E, Scope.FILE
    ROSTER_NO_HEADER = "roster.no_header", _E, Scope.SHEET
    ROSTER_COLUMN_MISSING = "roster.column_missing", _E, Scope.SHEET
    ROSTER_EMPTY = "roster.empty", _E, Scope.SHEET
    ROSTER_UNIT_MISSING = "roster.unit_missing", _E, Scope.CELL
    ROSTER_UNIT_TWICE = "roster.unit_twice", _E, Scope.CELL
    ROSTER_TEAMS_MISSING = "roster.teams_missing", _E, Scope.CELL
    ROSTER_TEAM_INVALID = "roster.team_invalid", _E, Scope.CELL
    ROSTER_FILE_NAME_CLASH = "roster.file_name_clash", _E, Scope.CELL
    ROSTER_EXTRA_CELLS = "roster.extra_cells", _E, Scope.CELL
    ROLLOUT_EXISTS = "rollout.exists", _I, Scope.FILE
    ROUND_NOT_DELIVERED = "round.not_delivered", _W, Scope.MERGE
    ROUND_UNCHANGED = "round.unchanged", _W, Scope.MERGE
    ROUND_UNEXPECTED = "round.unexpected", _I, Scope.MERGE
    NEXT_TARGET_EXISTS = "next.target_exists", _E, Scope.FILE
    NEXT_FAILED = "next.failed", _E, Scope.FILE
    NEXT_LEFT_BEHIND = "next.left_behind", _I, Scope.SHEET
    CALC_TYPED_OVER = "calc.typed_over", _W, Scope.CELL
    CALC_DIFFERS = "calc.differs", _W, Scope.CELL
    # MUS/PUS: employees' sheets read back into bilag C (``xlkompetence mus hent``).
    MUS_CONFLICT = "mus.conflict", _W, Scope.CELL
    MUS_NOT_A_SHEET = "mus.not_a_sheet", _W, Scope.FILE
    MUS_OTHER_UNIT = "mus.other_unit", _W, Scope.FILE
    MUS_UNSIGNED = "mus.unsigned", _W, Scope.FILE
    MUS_EDITED = "mus.edited", _W, Scope.FILE
    MUS_COPIED = "mus.copied", _W, Scope.FILE
    MUS_OTHER_ROUND = "mus.other_round", _W, Scope.FILE
    MUS_VALUE_UNUSABLE = "mus.value_unusable", _W, Scope.CELL
    # Personal data: a text that leaves the unit names someone (``core.disclosure``).
    PRIVACY_NAMES_PERSON = "privacy.names_person", _W, Scope.CELL
    PRIVACY_MAYBE_NAME = "privacy.maybe_name", _I, Scope.CELL
    # Mail: the addresses on the round's list and on the employees' address list.
    ROSTER_EMAIL_INVALID = "roster.email_invalid", _W, Scope.CELL
    ADDRESS_UNREADABLE = "address.unreadable", _E, Scope.FILE
    ADDRESS_NO_HEADER = "address.no_header", _E, Scope.SHEET
    ADDRESS_EMAIL_INVALID = "address.email_invalid", _W, Scope.CELL
    ADDRESS_TWICE = "address.twice", _W, Scope.CELL
    # HR's employee list (rollout, sync) and the names a workbook resolves against its Medarbejdere.
    EMPLOYEES_UNREADABLE = "employees.unreadable", _E, Scope.FILE
    EMPLOYEES_NO_HEADER = "employees.no_header", _E, Scope.SHEET
    EMPLOYEES_COLUMN_MISSING = "employees.column_missing", _E, Scope.SHEET
    EMPLOYEES_NAME_MISSING = "employees.name_missing", _W, Scope.CELL
    EMPLOYEES_UNIT_MISSING = "employees.unit_missing", _W, Scope.CELL
    EMPLOYEES_UNIT_UNKNOWN = "employees.unit_unknown", _W, Scope.CELL
    EMPLOYEES_TEAM_MISSING = "employees.team_missing", _W, Scope.CELL
    EMPLOYEES_TEAM_UNKNOWN = "employees.team_unknown", _W, Scope.CELL
    EMPLOYEES_DATE_INVALID = "employees.date_invalid", _W, Scope.CELL
    EMPLOYEES_EMAIL_INVALID = "employees.email_invalid", _W, Scope.CELL
    EMPLOYEES_TWICE = "employees.twice", _W, Scope.CELL
    EMPLOYEE_TEAM_UNKNOWN = "employee.team_unknown", _W, Scope.CELL
    EMPLOYEE_NAME_UNKNOWN = "employee.name_unknown", _W, Scope.CELL
    EMPLOYEE_NAME_AMBIGUOUS = "employee.name_ambiguous", _W, Scope.CELL

    # Not ``title``: a code is a str, and str.title is a method every str must keep.
    @property
    def summary(self) -> str:
        """One Danish line saying what the code means (the README's table)."""
        return FINDINGS[self.value][0]

    def message(self, **values: object) -> str:
        """The Danish message with its ``{placeholders}`` filled in."""
        return FINDINGS[self.value][1].format(**values)

    @property
    def stops_the_file(self) -> bool:
        """The file could not be read, or not written back: exit code 2."""
        return self.scope is Scope.FILE and self.severity is Severity.ERROR


class ExitCode(IntEnum):
    """The documented exit codes of every command that reads workbooks."""

    OK = 0
    ERRORS = 1
    UNREADABLE = 2


class Finding(BaseModel):
    """One thing wrong or missing, located as precisely as the input allows."""

    model_config = ConfigDict(frozen=True)

    code: Code
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None

    @property
    def location(self) -> str:
        """``Kompetencebehov!E7``, or as much of it as is known."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def text(self) -> str:
        where = ": ".join(p for p in (self.file, self.location) if p)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity.label}: {self.message} [{self.code}]"


def finding(code: Code, *, file: str | None = None, sheet: str | None = None,
            cell: str | None = None, value: object = None, message: str | None = None,
            **params: object) -> Finding:
    """A finding with the catalogue's severity for ``code`` and its Danish message.

    ``message`` is a message already made from the catalogue (the value parsers make their
    own, since they show the value their way); otherwise the code's template is filled in
    with ``value``, ``sheet``, ``cell`` and ``params``.
    """
    shown = None if value is None else _show(value)
    if message is None:
        message = code.message(value=shown, sheet=sheet, cell=cell, **params)
    return Finding(code=code, severity=code.severity, message=message, file=file, sheet=sheet,
                   cell=cell, value=shown)


def _show(value: object) -> str:
    """A value as a finding quotes it, the same from a file and from Excel: a number as a person
    sees it (Excel hands the add-ins 6.0 for a 6 and a file says 6), dates as ISO."""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, float):
        text = repr(value).replace(".", ",")
    else:
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def exit_code_of(findings: Iterable[Finding], *, readable: bool = True) -> ExitCode:
    """The one rule: 2 when the file could not be read or written, 1 when there are errors,
    0 otherwise."""
    if not readable:
        return ExitCode.UNREADABLE
    # One pass: a merge's findings are read input by input, never all held at once.
    code = ExitCode.OK
    for f in findings:
        if f.code.stops_the_file:
            return ExitCode.UNREADABLE
        if f.severity is Severity.ERROR:
            code = ExitCode.ERRORS
    return code


class Report:
    """What every report (a file validated, refreshed or synced; a merge) has in common.

    A report keeps its ``findings`` and says whether its input could be ``readable``; the
    counts, the exit code and the JSON form follow from them the same way everywhere.
    ``counted`` is what the exit code is taken from (a merge counts only the units it took
    in); ``details`` adds what is particular to the report to its JSON form.
    """

    if TYPE_CHECKING:
        # Read-only: most reports keep their findings in a field, some pass on another report's
        # (``AfterReading``). Declared for the checker alone, since a property here would
        # become the default value of those dataclass fields.
        @property
        def findings(self) -> list[Finding]: ...

    @property
    def readable(self) -> bool:
        return True

    @property
    def counted(self) -> Iterable[Finding]:
        return self.findings

    @property
    def errors(self) -> int:
        return sum(1 for f in self.counted if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.counted if f.severity is Severity.WARNING)

    @property
    def infos(self) -> int:
        return sum(1 for f in self.counted if f.severity is Severity.INFO)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code_of(self.counted, readable=self.readable)

    def details(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data: the same keys for every command's ``--format json``."""
        return {
            **self.details(),
            "readable": self.readable,
            "valid": self.exit_code is ExitCode.OK,
            "exit_code": int(self.exit_code),
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "findings": [f.model_dump(mode="json") for f in self.findings],
        }


def overall_exit_code(reports: Iterable[Report]) -> ExitCode:
    """The worst exit code of several reports (0 when there are none)."""
    return max((r.exit_code for r in reports), default=ExitCode.OK)


def codes_table() -> str:
    """The finding codes as Markdown table rows (the README's table)."""
    return "\n".join(f"| `{code}` | {code.severity.value} | {code.summary} |" for code in Code)
