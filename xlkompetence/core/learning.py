"""Learning forms (læringsformer) and the mix a plan makes of them. Pure.

Ten forms, each in one of the three rooms for learning the material describes: external
formal (courses, education, networks), internal formal (internal teaching, staff training)
and internal informal (learning beside a colleague, mentors, sparring, job exchange, learning
with the citizens). Fase 3 trin 1 asks when to choose which; the mix shows what was chosen.

``learning_form_mix`` is the one function that adds a plan up by form and by room; Overblik,
the organisation plan and any summary for the MED/SU committee use it.
"""

from __future__ import annotations

__all__ = [
    "LearningForm", "LEARNING_FORMS", "LEARNING_FORM_NAMES", "ROOMS", "STAFF_TRAINING",
    "MixLine", "LearningFormMix", "learning_form_mix", "parse_learning_form", "room_of",
]

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .labels import t

if TYPE_CHECKING:  # the schema imports this module, and the models import the schema
    from .models import PlanRow

ROOMS: tuple[str, ...] = tuple(t(f"learning_room.{k}") for k in ("external_formal", "internal_formal",
                                                                  "internal_informal"))
_EXTERNAL_FORMAL, _INTERNAL_FORMAL, _INTERNAL_INFORMAL = ROOMS


@dataclass(frozen=True)
class LearningForm:
    key: str
    name: str
    room: str

    @property
    def formal(self) -> bool:
        return self.room != _INTERNAL_INFORMAL

    @property
    def internal(self) -> bool:
        return self.room != _EXTERNAL_FORMAL


def _form(key: str, room: str) -> LearningForm:
    return LearningForm(key, t(f"learning_form.{key}"), room)


LEARNING_FORMS: tuple[LearningForm, ...] = (
    _form("long_education", _EXTERNAL_FORMAL),
    _form("short_course", _EXTERNAL_FORMAL),
    _form("network", _EXTERNAL_FORMAL),
    _form("internal_teaching", _INTERNAL_FORMAL),
    _form("staff_training", _INTERNAL_FORMAL),
    _form("side_by_side", _INTERNAL_INFORMAL),
    _form("mentor", _INTERNAL_INFORMAL),
    _form("peer_supervision", _INTERNAL_INFORMAL),
    _form("job_exchange", _INTERNAL_INFORMAL),
    _form("with_citizens", _INTERNAL_INFORMAL),
)
LEARNING_FORM_NAMES: tuple[str, ...] = tuple(f.name for f in LEARNING_FORMS)
STAFF_TRAINING: str = t("learning_form.staff_training")
_BY_NAME = {f.name: f for f in LEARNING_FORMS}


def _fold(text: str) -> str:
    text = text.casefold().replace("aa", "å").replace("oe", "ø").replace("ae", "æ")
    return re.sub(r"[^0-9a-zæøå]+", "", text)


# What people write for a form besides its name (folded): the seeds' and the guide's words.
_ALIASES: dict[str, str] = {
    **{_fold(f.name): f.name for f in LEARNING_FORMS},
    **{_fold(alias): t(f"learning_form.{key}") for alias, key in (
        ("uddannelse", "long_education"), ("længerevarende", "long_education"), ("diplom", "long_education"),
        ("kursus", "short_course"), ("kurser", "short_course"), ("kortere kurser", "short_course"),
        ("intern undervisning", "internal_teaching"), ("temadag", "internal_teaching"),
        ("sidemand", "side_by_side"), ("mentor", "mentor"), ("mentorforløb", "mentor"),
        ("mentorordninger", "mentor"), ("supervision", "peer_supervision"),
        ("kollegial sparring", "peer_supervision"), ("sparring", "peer_supervision"),
        ("netværk", "network"), ("netværksgruppe", "network"), ("ledernetværk", "network"),
        ("jobbytte", "job_exchange"), ("besøg", "job_exchange"), ("rotation", "job_exchange"),
        ("personaletræning", "staff_training"), ("læring med borgerne", "with_citizens"),
        ("læring sammen med borgere", "with_citizens"),
    )},
}


def parse_learning_form(raw: str | None) -> str | None:
    """The form's name as the list spells it; None for a blank; raises ``KeyError`` for a
    text that names no form.

    >>> parse_learning_form("kortere kursus"), parse_learning_form("Supervision"), parse_learning_form("")
    ('Kortere kursus', 'Kollegial sparring/supervision', None)
    """
    if raw is None or not str(raw).strip():
        return None
    return _ALIASES[_fold(str(raw))]


def room_of(form: str | None) -> str | None:
    """The room a form belongs to (None for a blank or unknown one)."""
    found = _BY_NAME.get(form or "")
    return found.room if found else None


@dataclass
class MixLine:
    """Activities, staff hours and kroner of one learning form or room."""

    activities: int = 0
    hours: float = 0.0
    kroner: float = 0.0

    def add(self, row: PlanRow) -> None:
        self.activities += 1
        self.hours = round(self.hours + (row.hours or 0.0), 2)
        self.kroner = round(self.kroner + (row.kroner or 0.0), 2)


@dataclass
class LearningFormMix:
    """A plan added up by learning form (every form listed, in list order), by room, for rows
    without a form, and in total."""

    forms: dict[str, MixLine] = field(default_factory=lambda: {f.name: MixLine() for f in LEARNING_FORMS})
    rooms: dict[str, MixLine] = field(default_factory=lambda: {room: MixLine() for room in ROOMS})
    unstated: MixLine = field(default_factory=MixLine)
    total: MixLine = field(default_factory=MixLine)

    def add(self, row: PlanRow) -> None:
        form = _BY_NAME.get(row.learning_form or "")
        if form is None:
            self.unstated.add(row)
        else:
            self.forms[form.name].add(row)
            self.rooms[form.room].add(row)
        self.total.add(row)

    def lines(self) -> list[tuple[str, str, MixLine]]:
        """(form, room, line) for each form, then the rows without a form."""
        return [(f.name, f.room, self.forms[f.name]) for f in LEARNING_FORMS] + [
            (t("learning_form.none"), "", self.unstated)]


def learning_form_mix(rows: Iterable[PlanRow]) -> LearningFormMix:
    """Plan rows added up by learning form and by room for learning: activities (rows), staff
    hours and kroner, as the rows state them (a row without hours or kroner counts as an
    activity only). Any list of plan rows will do: one unit's, a team's, an organisation's.

    >>> from xlkompetence.core.models import PlanRow
    >>> mix = learning_form_mix([PlanRow(activity="ÅD", learning_form="Kortere kursus", hours=20, kroner=8000),
    ...                          PlanRow(activity="Sidemand", learning_form="Sidemandsoplæring", hours=6)])
    >>> mix.forms["Kortere kursus"], mix.rooms["Intern uformel"].hours, mix.total.activities
    (MixLine(activities=1, hours=20.0, kroner=8000.0), 6.0, 2)
    """
    mix = LearningFormMix()
    for row in rows:
        mix.add(row)
    return mix
