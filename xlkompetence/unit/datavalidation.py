"""Excel data validation of the unit workbook's input cells: the rule for each kind of column,
its Danish input message and its error alert, cut to what Excel holds.
"""

from __future__ import annotations

__all__ = ["TITLE_MAX", "INPUT_MAX", "ERROR_MAX", "LIST_MAX", "column_validation", "date_validation", "choice_error",
           "input_title", "input_message", "error_message"]

import unicodedata
from datetime import date
from typing import Any

from ..core.cells import quote_sheet, ref
from ..core.labels import LABELS, t
from ..core.schema import LEVEL_MAX, LEVEL_MIN, NEEDS, NOT_RELEVANT, OVERVIEW, PROFILES, Column, Kind, PlacedColumn, Sheet, layout
from .overview import team_rows

# What Excel holds of a data validation (characters): its titles, input message, error alert,
# and a list written into the rule itself. Longer ones make Excel repair or cut the file.
TITLE_MAX, INPUT_MAX, ERROR_MAX, LIST_MAX = 32, 255, 225, 255


def date_validation() -> dict[str, Any]:
    """A date between 2000 and 2100, with the error alert for any other."""
    return {"validate": "date", "criteria": "between", "minimum": date(2000, 1, 1), "maximum": date(2100, 12, 31),
            "error_title": t("dv.date.error_title"), "error_message": t("dv.date.error")}


def column_validation(sheet: Sheet, col: Column, placed: PlacedColumn, col_no: int, first: int, last: int,
                      teams: list[str], profiles_last_row: int) -> dict[str, Any]:
    """Excel data validation for one input column: rule, input message and error alert."""
    title = input_title(placed.header)
    base: dict[str, Any] = {"input_title": title, "input_message": input_message(col.help_text)} if col.help else {}
    if col.kind is Kind.LEVEL:
        # A list, so that "Ikke relevant" is offered beside the levels (a typed 3 is one of them).
        levels = [str(n) for n in range(LEVEL_MIN, LEVEL_MAX + 1)]
        return {**base, "validate": "list", "source": [*levels, NOT_RELEVANT],
                "error_title": t("dv.level.error_title"), "error_message": t("dv.level.error")}
    if col.kind is Kind.DATE:
        return {**base, **date_validation()}
    if col.kind is Kind.CHOICE:
        source = col.choices or tuple(teams)
        return {**base, "validate": "list", "source": list(source) if _fits_inline(source) else _team_cells(teams),
                "error_title": t("dv.choice.error_title"),
                "error_message": choice_error(source)}
    if col.kind is Kind.ID and sheet is PROFILES:
        letter = ref(first, col_no).rstrip("0123456789")
        rng = f"${letter}${first}:${letter}${last}"
        return {**base, "validate": "custom", "value": f"=COUNTIF({rng},{ref(first, col_no)})<=1",
                "error_title": t("dv.id.duplicate_title"),
                "error_message": error_message(LABELS["dv.id.duplicate"])}
    if col.kind is Kind.ID and sheet is NEEDS:
        return {**base, "validate": "list", "source": _profile_numbers(profiles_last_row),
                "error_title": t("dv.id.error_title"), "error_message": t("dv.id.error")}
    if col.kind is Kind.PROFILE_REF:
        # A drop-down of the numbers that still lets the appendix's way through: the profile's
        # text, or several numbers (an information alert, not a stop).
        return {**base, "validate": "list", "source": _profile_numbers(profiles_last_row), "error_type": "information",
                "error_title": t("dv.ref.error_title"), "error_message": t("dv.ref.error")}
    return {**base, "validate": "any"}


def _fits_inline(choices: tuple[str, ...]) -> bool:
    """Whether Excel's inline list can carry these choices whole: it splits at commas, has no
    escape for quotes or control characters, and holds 255 characters."""
    text = ",".join(choices)
    return len(text) <= LIST_MAX and not any(ch in ',"' or unicodedata.category(ch) == "Cc" for c in choices for ch in c)


def _team_cells(teams: list[str]) -> str:
    """The teams as Overblik lists them, one per cell: a list source for any name."""
    first, last = team_rows(len(teams))
    return f"={quote_sheet(OVERVIEW.name)}!$A${first}:$A${last}"


def _profile_numbers(profiles_last_row: int) -> str:
    first = layout(PROFILES).first_data_row
    return f"={quote_sheet(PROFILES.name)}!$A${first}:$A${profiles_last_row}"


def choice_error(choices: tuple[str, ...] | list[str]) -> str:
    """The error alert of a drop-down: its choices named where Excel's alert holds them all,
    otherwise a pointer to the list (a list cut short would mislead)."""
    full = t("dv.choice.error", choices=", ".join(choices))
    return full if len(full) <= ERROR_MAX else t("dv.choice.error_long")


def input_title(text: str) -> str:
    """An input message's title as Excel holds it: 32 characters at most."""
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


def input_message(text: str) -> str:
    """An input message as Excel holds it: 255 characters at most."""
    return text if len(text) <= INPUT_MAX else text[: INPUT_MAX - 1] + "…"


def error_message(text: str) -> str:
    """An error alert as Excel holds it: 225 characters at most."""
    return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"
