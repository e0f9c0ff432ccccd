"""Learning forms (læringsformer) and the mix a plan makes of them. Pure.

Ten forms, each in one of the three rooms for learning the material describes: external
formal (courses, education, networks), internal formal (internal teaching, staff training)
and internal informal (learning beside a colleague, mentors, sparring, job exchange, learning
with the citizens). Fase 3 trin 1 asks when to choose which; the plan's mix of them
(``planning.learning_form_mix``) shows what was chosen.
"""

from __future__ import annotations

__all__ = [
    "LearningForm", "LEARNING_FORMS", "LEARNING_FORM_NAMES", "ROOMS", "STAFF_TRAINING",
    "learning_form", "parse_learning_form", "room_of", "form_in_text",
]

import re
from dataclasses import dataclass

from .labels import t

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


def learning_form(name: str | None) -> LearningForm | None:
    """The form of this name as the list spells it (None for a blank or unknown one)."""
    return _BY_NAME.get(name or "")


def room_of(form: str | None) -> str | None:
    """The room a form belongs to (None for a blank or unknown one)."""
    found = learning_form(form)
    return found.room if found else None


# Words in an activity's wording that give its form, most telling first: "Sidemandsoplæring i
# netværksmøder" is learning beside a colleague, "MI-kursus" a course. Parts of words count, as
# Danish writes compounds ("temadagen", "efteruddannelse").
_WORDING: tuple[tuple[str, str], ...] = (
    ("personaletræning", "staff_training"), ("sidemand", "side_by_side"),
    ("mentor", "mentor"), ("supervision", "peer_supervision"), ("sparring", "peer_supervision"),
    ("refleksion", "peer_supervision"), ("grus", "peer_supervision"), ("coaching", "peer_supervision"),
    ("jobbytte", "job_exchange"), ("rotation", "job_exchange"), ("besøg", "job_exchange"),
    ("borger", "with_citizens"), ("intern undervisning", "internal_teaching"), ("temadag", "internal_teaching"),
    ("oplæg", "internal_teaching"), ("workshop", "internal_teaching"), ("undervisning", "internal_teaching"),
    ("diplom", "long_education"), ("uddannelse", "long_education"), ("kursus", "short_course"),
    ("kurser", "short_course"), ("konference", "network"), ("netværk", "network"), ("erfa", "network"),
)


def form_in_text(text: str | None) -> str | None:
    """The learning form an activity's wording names, as the list spells it (None where it
    names none): what a blank Læringsform takes.

    >>> form_in_text("Sidemandsoplæring i netværksmøder"), form_in_text("Temadag om MI 12. marts 2026")
    ('Sidemandsoplæring', 'Intern undervisning')
    >>> form_in_text("Kursus i recovery"), form_in_text("Diplommodul i psykiatri"), form_in_text("Møde")
    ('Kortere kursus', 'Længerevarende uddannelse', None)
    """
    folded = " ".join((text or "").casefold().split())
    for word, key in _WORDING:
        if word in folded:
            return t(f"learning_form.{key}")
    return None
