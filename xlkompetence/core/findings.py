"""Findings are data: a stable code, a severity, where, the offending value and a Danish message.

The validator, refresh, the add-in and the CLI all produce and print the same ``Finding``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .labels import t


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return t(f"severity.{self.value}")


# Every code the package can report, with its severity. The README's table is generated
# from this mapping, so a code cannot exist without being documented.
CODES: dict[str, Severity] = {
    "file.not_found": Severity.ERROR,
    "file.unreadable": Severity.ERROR,
    "file.encrypted": Severity.ERROR,
    "file.unsupported": Severity.ERROR,
    "file.locked": Severity.ERROR,
    "file.read_only": Severity.ERROR,
    "file.write_failed": Severity.ERROR,
    "file.external_links": Severity.WARNING,
    "findings.more": Severity.WARNING,
    "sheet.missing": Severity.ERROR,
    "column.missing": Severity.ERROR,
    "column.renamed": Severity.WARNING,
    "column.duplicate": Severity.ERROR,
    "team.none": Severity.ERROR,
    "team.incomplete": Severity.ERROR,
    "cell.error_value": Severity.ERROR,
    "level.not_number": Severity.ERROR,
    "level.not_whole": Severity.ERROR,
    "level.out_of_range": Severity.ERROR,
    "level.missing": Severity.WARNING,
    "timeline.unparsed": Severity.WARNING,
    "timeline.end_before_start": Severity.WARNING,
    "resources.unparsed": Severity.WARNING,
    "resources.no_unit": Severity.WARNING,
    "resources.negative": Severity.ERROR,
    "date.invalid": Severity.ERROR,
    "choice.invalid": Severity.ERROR,
    "cover.unit_missing": Severity.WARNING,
    "profile.id_missing": Severity.WARNING,
    "profile.id_duplicate": Severity.ERROR,
    "profile.text_missing": Severity.WARNING,
    "profile.goal_missing": Severity.WARNING,
    "profile.strategy_missing": Severity.WARNING,
    "needs.unknown_profile": Severity.ERROR,
    "needs.duplicate_profile": Severity.ERROR,
    "needs.profile_not_listed": Severity.WARNING,
    "needs.team_goal_missing": Severity.WARNING,
    "individual.team_unknown": Severity.WARNING,
    "plan.activity_missing": Severity.ERROR,
    "plan.responsible_missing": Severity.ERROR,
    "plan.status_missing": Severity.WARNING,
    "plan.overdue": Severity.WARNING,
    "anchoring.follow_up_missing": Severity.WARNING,
    "anchoring.follow_up_overdue": Severity.WARNING,
    # Merge
    "merge.duplicate_file": Severity.WARNING,
    "merge.duplicate_unit": Severity.WARNING,
    "merge.profile_text_differs": Severity.WARNING,
    "merge.profile_id_conflict": Severity.WARNING,
    "merge.profiles_look_alike": Severity.WARNING,
    # Sync
    "sync.id_conflict": Severity.WARNING,
    "calc.typed_over": Severity.WARNING,
    "calc.differs": Severity.WARNING,
}


class Finding(BaseModel):
    """One thing wrong or missing, located as precisely as the input allows."""

    model_config = ConfigDict(frozen=True)

    code: str
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


def finding(code: str, *, file: str | None = None, sheet: str | None = None,
            cell: str | None = None, value: object = None, message: str | None = None,
            **params: object) -> Finding:
    """A finding with the catalogue's severity for ``code`` and its Danish message.

    ``message`` overrides the catalogue text (used for the value parsers' explanations);
    otherwise ``labels["msg.<code>"]`` is filled in with ``value`` and ``params``.
    """
    shown = None if value is None else _show(value)
    if message is None:
        message = t(f"msg.{code}", value=shown, sheet=sheet, cell=cell, **params)
    return Finding(code=code, severity=CODES[code], message=message, file=file, sheet=sheet,
                   cell=cell, value=shown)


def describe(code: str) -> str:
    """The catalogue's one-line Danish description of ``code``."""
    return t(f"code.{code}")


def _show(value: object) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def codes_table() -> str:
    """The finding codes as Markdown table rows (the README's table)."""
    return "\n".join(f"| `{code}` | {severity.value} | {describe(code)} |" for code, severity in CODES.items())
