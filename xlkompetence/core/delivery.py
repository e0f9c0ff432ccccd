"""Whether a unit has delivered: its typed content compared with what it was issued with. Pure.

A workbook HR rolls out (or carries into the next round, or makes with ``new``) carries a
stamp in its memory sheet: a fingerprint of everything a person types in it, as issued. A
leader who never opens it, or opens it, presses refresh and saves without typing, leaves the
fingerprint as it was: the unit has not delivered, whatever the file's date says. A typed
level, goal, plan row or anchoring note changes it.

The fingerprint is taken over the models the reader makes (``UnitWorkbook``), not over bytes
or cell positions: Excel and LibreOffice rewrite a file on every save, and a row moved or a
blank row left between two rows is no new content. What refresh writes (gaps, hours, the
catalogue's lines) is left out; so is the previous round's level, which next-round writes.
"""

from __future__ import annotations

__all__ = ["STAMP", "fingerprint", "stamp_of", "is_unchanged"]

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from .models import UnitWorkbook

# The memory sheet's (sheet, cell) key for the stamp, the same in every language: "[" cannot
# be in a sheet's name, so no cell of the workbook can take this place.
STAMP = ("[issued]", "fingerprint")
_VERSION = "v1"

# The fields of each record a person types; what refresh derives is left out.
_TYPED = {
    "profiles": ("id", "strategy", "goal", "text", "org"),
    "assessments": ("profile_id", "team", "desired", "actual", "not_relevant"),
    "decisions": ("profile_id", "priority", "reason", "team"),
    "team_goals": ("team", "text", "tus_date", "tus_agreements"),
    "individual_goals": ("employee", "team", "team_goal", "personal_goal", "activities", "activity_goals",
                         "logbook", "mus_date", "next_follow_up"),
    "plan": ("employees", "need", "activity", "follow_up", "goal", "timeline", "responsible", "success",
             "resources", "status", "phase", "learning_form", "effort_before", "effort_during", "effort_after"),
    "anchoring": ("need", "works", "worries", "agreements", "next_follow_up", "profile_ref"),
}


def fingerprint(unit: UnitWorkbook) -> str:
    """The typed content of ``unit`` as a short text (``v1:`` and a hash): equal for two
    workbooks that say the same, whatever their rows, spacing and number formats."""
    content = {"cover": _cover(unit), **{name: _records(name, getattr(unit, name)) for name in _TYPED},
               "catalogue": _sorted([list(e.key), _text(e.can_teach)] for e in unit.catalogue if _text(e.can_teach))}
    record = unit.committee
    if record.discussed or record.typed_date or record.conclusions:
        # The MED record (template 5); absent where empty, so that older stamps still match.
        content["committee"] = [_value(record.discussed), _text(record.typed_date), _text(record.conclusions)]
    data = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{_VERSION}:{hashlib.sha256(data.encode()).hexdigest()[:32]}"


def stamp_of(memory: dict[tuple[str, str], str] | None) -> str | None:
    """The stamp a workbook was issued with, or None (made before stamps, or by hand)."""
    if not memory:
        return None
    return memory.get(STAMP) or None


def is_unchanged(unit: UnitWorkbook, memory: dict[tuple[str, str], str] | None) -> bool:
    """Whether nobody has typed anything that counts since the workbook was issued (False
    for a workbook without a stamp: nothing is known, so it counts as delivered)."""
    stamp = stamp_of(memory)
    return stamp is not None and stamp == fingerprint(unit)


def _cover(unit: UnitWorkbook) -> dict[str, Any]:
    cover = unit.cover
    return {"organisation": _text(cover.organisation), "unit": _text(cover.unit), "leader": _text(cover.leader),
            "period": _text(cover.period), "teams": [_text(x) for x in unit.teams or cover.teams],
            "sizes": _sorted([_text(k), v] for k, v in cover.team_sizes.items()),
            "wheel": _sorted([_text(e.event), _value(e.when), e.done] for e in cover.wheel
                             if _text(e.event) or e.when is not None or e.done)}


# Fields that only say where a record belongs: a record with nothing else is no content (the
# template writes a row per profile and team in Kompetencebehov before anyone assesses).
_WHERE = {"assessments": 2, "decisions": 1}


# Fields a later template added whose empty value says what an older one meant (a decision for
# every team, a team that assesses the profile): left out where empty, so a stamp made before
# them still matches.
_LATER = frozenset({"team", "not_relevant"})


def _records(name: str, records: tuple[Any, ...]) -> list[list[Any]]:
    fields, where = _TYPED[name], _WHERE.get(name, 0)
    rows = [[_value(getattr(r, f)) for f in fields if f not in _LATER or getattr(r, f) not in (None, False)]
            for r in records]
    return _sorted(r for r in rows if any(v not in ("", None) for v in r[where:]))


def _sorted(rows: Iterable[list[Any]]) -> list[list[Any]]:
    """Rows in one order whatever order they were typed in (None and numbers sort as text)."""
    return sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False, default=str))


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())
