"""The live Excel formulas of the calculated columns, in plain A1 references.

A1 rather than structured table references: LibreOffice 7.4 cannot read the unqualified
``[[#This Row],[…]]`` form, and the workbook must work in Excel, LibreOffice and Excel on the
web alike. Each formula mirrors a function in ``gaps`` (same blanks, same edge cases) and a
test has LibreOffice recalculate them against the Python core.
"""

from __future__ import annotations

__all__ = [
    "UNKNOWN_PROFILE", "gap", "max_gap", "status", "retired_or", "profile_lookup", "hyperlink",
    "needs_row", "wheel_status", "MAX_FORMULA", "MAX_LITERAL", "text", "is_text",
]

import re

from .cells import col_letter, quote_sheet, ref
from .labels import t
from .parsing import YES_WORDS
from .schema import LEVEL_MAX, LEVEL_MIN, NOT_RELEVANT, PROFILES, RETIRED_STATUS, ORG_RETIRED, Status

UNKNOWN_PROFILE = "(ukendt nummer)"


def _valid_level(cell: str) -> str:
    # "3", " 4" and 3.0 count as levels in Excel too; 0, 6 and 3.5 do not.
    v = f"{cell}*1"
    return f"{v}>={LEVEL_MIN},{v}<={LEVEL_MAX},{v}=INT({v})"


def gap(desired: str, actual: str) -> str:
    # "Ikke relevant" in either level: the gap says so (Excel compares text without case).
    return (
        f'=IF(OR(TRIM({desired})="{NOT_RELEVANT}",TRIM({actual})="{NOT_RELEVANT}"),"{NOT_RELEVANT}",'
        f'IF(OR({desired}="",{actual}=""),"",'
        f'IFERROR(IF(AND({_valid_level(desired)},{_valid_level(actual)}),{desired}-{actual},""),"")))'
    )


def max_gap(gaps: list[str]) -> str:
    cells = ",".join(gaps)
    return f'=IF(COUNT({cells})=0,"",MAX({cells}))'


def status(id_cell: str, max_gap_cell: str, gaps: list[str]) -> str:
    """Most urgent team status first, as ``gaps.profile_status``."""
    n = len(gaps)
    cells = ",".join(gaps)
    # A team that answered "Ikke relevant" is not missing; a profile no team finds relevant says so.
    answered = "+".join([f"COUNT({cells})", *(f'({g}="{NOT_RELEVANT}")' for g in gaps)])
    return (
        f'=IF({id_cell}="","",'
        f'IF(N({max_gap_cell})>=2,"{Status.GAP2.label}",'
        f'IF({answered}<{n},"{Status.MISSING.label}",'
        f'IF(COUNT({cells})=0,"{Status.NOT_RELEVANT.label}",'
        f'IF({max_gap_cell}=1,"{Status.GAP1.label}",'
        f'IF({max_gap_cell}=0,"{Status.NONE.label}","{Status.ABOVE.label}"))))))'
    )


def retired_or(status_formula: str, id_cell: str, profiles_id_col: int, profiles_org_col: int) -> str:
    """``status_formula`` unless sheet A marks the profile as retired by the organisation."""
    sheet = quote_sheet(PROFILES.name)
    org = f"IFERROR(INDEX({sheet}!{_whole_col(profiles_org_col)},MATCH({id_cell},{sheet}!{_whole_col(profiles_id_col)},0)),\"\")"
    body = status_formula.removeprefix("=")
    return f'=IF({id_cell}="","",IF({org}="{ORG_RETIRED}","{RETIRED_STATUS}",{body}))'


def profile_lookup(id_cell: str, profiles_id_col: int, profiles_text_col: int) -> str:
    sheet = quote_sheet(PROFILES.name)
    ids = f"{sheet}!{_whole_col(profiles_id_col)}"
    texts = f"{sheet}!{_whole_col(profiles_text_col)}"
    return (
        f'=IF({id_cell}="","",'
        f'IFERROR(INDEX({texts},MATCH({id_cell},{ids},0))&"","{UNKNOWN_PROFILE}"))'
    )


def _whole_col(col: int) -> str:
    letter = col_letter(col)
    return f"${letter}:${letter}"


def hyperlink(sheet: str, cell: str) -> str:
    """A link to a cell in this workbook, shown as Sheet!Cell."""
    target = f"#{quote_sheet(sheet)}!{cell}".replace('"', '""')
    shown = f"{sheet}!{cell}".replace('"', '""')
    return f'=HYPERLINK("{target}","{shown}")'


def needs_row(row: int, cols: dict[str, int], teams: list[str] | tuple[str, ...],
              profiles_cols: dict[str, int]) -> dict[str, str]:
    """The formulas of one Kompetencebehov row, keyed like ``PlacedColumn.key``.

    A formula whose cells are missing from the sheet (a column deleted) is left out.
    """
    at = lambda key: ref(row, cols[key])  # noqa: E731
    result: dict[str, str] = {}
    gap_cells = []
    for team in teams:
        desired, actual, gap_key = f"desired@{team}", f"actual@{team}", f"gap@{team}"
        if all(k in cols for k in (desired, actual, gap_key)):
            result[gap_key] = gap(at(desired), at(actual))
        if gap_key in cols:
            gap_cells.append(at(gap_key))
    if "max_gap" in cols and gap_cells:
        result["max_gap"] = max_gap(gap_cells)
        if "id" in cols and "status" in cols:
            id_cell = ref(row, cols["id"], lock_col=True)
            result["status"] = status(id_cell, at("max_gap"), gap_cells)
            if "id" in profiles_cols and "org" in profiles_cols:
                result["status"] = retired_or(result["status"], id_cell, profiles_cols["id"], profiles_cols["org"])
    if "id" in cols and "profile" in cols and "id" in profiles_cols and "profile" in profiles_cols:
        result["profile"] = profile_lookup(ref(row, cols["id"], lock_col=True),
                                           profiles_cols["id"], profiles_cols["profile"])
    return result


def wheel_status(when: str, done: str) -> str:
    """A year-wheel event's status, as ``wheel.wheel_status``: done (any of the yes-words, as
    ``parsing.is_yes``), otherwise overdue or planned by its date, blank without one. A date
    typed as text is read as Excel reads it (``DATEVALUE``); one Excel cannot read shows blank."""
    yes = ",".join(f'TRIM({done})="{word}"' for word in sorted(YES_WORDS))
    day = f'IF(ISNUMBER({when}),{when},IFERROR(DATEVALUE(TRIM({when})),""))'
    return (f'=IF(OR({yes}),"{t("wheel.done_state")}",IF(TRIM({when})="","",'
            f'IF({day}="","",IF({day}<TODAY(),"{t("wheel.overdue")}","{t("wheel.planned")}"))))')


# Excel's limits: a formula's length, and a text literal inside one.
MAX_FORMULA = 8192
MAX_LITERAL = 255
# Characters written as CHAR(n): the capital T (see ``text``) and the line breaks and tabs a
# literal is not to carry.
_AS_CODE = {"T": 84, "\n": 10, "\r": 13, "\t": 9}
_TEXT_FORMULA = re.compile(r'^=(?:"(?:[^"]|"")*"|CHAR\(\d{1,3}\))(?:&(?:"(?:[^"]|"")*"|CHAR\(\d{1,3}\)))*$')


def text(value: str) -> str | None:
    """A formula whose result is ``value`` and whose own text holds no capital "T" (that letter
    as ``CHAR(84)``), literals of at most 255 characters; None where it would pass Excel's
    formula length.

    xlwings' JavaScript client for a while read any written text longer than 18 characters
    that holds a "T" as a date where the browser's ``Date.parse`` accepts it ("Hele Team 1 (12
    medarbejdere)" became 1.1.2001): it never looks at this formula's text.

    >>> text("Hele Team 1")
    '="Hele "&CHAR(84)&"eam 1"'
    """
    parts: list[str] = []
    literal = ""
    for ch in value:
        if ch in _AS_CODE:
            if literal:
                parts.append(f'"{literal}"')
                literal = ""
            parts.append(f"CHAR({_AS_CODE[ch]})")
            continue
        escaped = '""' if ch == '"' else ch
        if len(literal) + len(escaped) > MAX_LITERAL:
            parts.append(f'"{literal}"')
            literal = ""
        literal += escaped
    if literal or not parts:
        parts.append(f'"{literal}"')
    formula = "=" + "&".join(parts)
    return formula if len(formula) <= MAX_FORMULA else None


def is_text(formula: str | None) -> bool:
    """Whether ``formula`` is only text (literals and character codes joined): what ``text``
    makes, never a person's calculation."""
    if not formula:
        return False
    return _TEXT_FORMULA.match(formula if formula.startswith("=") else "=" + formula) is not None
