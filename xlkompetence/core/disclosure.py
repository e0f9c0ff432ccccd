"""What of a unit workbook leaves the unit: one entry for every field, and the rule that reads it.

Data minimisation (GDPR art. 5(1)(c)) field by field, not a guess at names in free text: HR
receives the structured data and the organisational texts it needs (strategy, goal, profile,
activity, the team's learning goal), and the situational free texts the leader writes for the
unit — Begrundelse, the TUS agreements, Forankring's notes, bilag C, the logbook — stay there,
leaving as a count or a flag. Two explicit opt-ins, named in every output they shape, release
more: ``--med-navne`` (names: HR knows who) and ``--med-fritekst`` (the situational texts,
with names still replaced unless names were asked for too). The logbook never leaves.

``FIELDS`` is the one table: merge, watch, the server's store and plan, the history, every JSON
output and the MED-SU sheets apply it through ``org.disclosure``; the README's table
"Personoplysninger" is generated from it (``readme_table``), and a test fails for a schema
column without an entry. Pure.
"""

from __future__ import annotations

__all__ = ["OptIn", "Share", "Field", "Disclosure", "FIELDS", "FIELDS_BY_KEY", "field_of", "readme_table",
           "RECORDS", "disclose_unit"]

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from .labels import LABELS, t
from .models import (AnchoringRow, Assessment, CatalogueEntry, CommitteeRecord, Decision, Employee, IndividualGoal,
                     PlanRow, Profile, TeamGoal, UnitWorkbook, WheelEvent)
from .privacy import Scrubber, is_pseudonym
from .schema import (ANCHORING, CATALOGUE, EMPLOYEES, INDIVIDUAL, NEEDS, PLAN, PROFILES, SHEETS_BY_ID, SUGGESTIONS,
                     WHEEL_EVENTS)


class OptIn(StrEnum):
    """What HR may ask for explicitly, where it has a lawful basis (the option's name)."""

    NAMES = "names"
    FREE_TEXT = "free_text"

    @property
    def option(self) -> str:
        return t(f"disclosure.option.{self.value}")


class Share(StrEnum):
    """What of a field leaves the unit."""

    VALUE = "value"          # the value as typed (a level, a date, a choice, a team)
    TEXT = "text"            # the text, every person the unit lists replaced by a pseudonym
    PSEUDONYM = "pseudonym"  # a name: a stable pseudonym instead
    COUNT = "count"          # how many (agreements, persons), not what
    FLAG = "flag"            # whether it is filled in, not what it says
    KIND = "kind"            # a finding: its kind and cell, not the message that quotes cells
    NOTHING = "nothing"

    @property
    def label(self) -> str:
        return t(f"disclosure.share.{self.value}")


@dataclass(frozen=True)
class Field:
    """One field of a unit workbook: ``default`` leaves without opt-ins; with every opt-in in
    ``release`` the field leaves whole (its names replaced unless names were asked for too).
    ``names_expected``: a field that is a list of people (Medarbejdere, Ansvar), where a name
    is no slip the leader needs telling about."""

    sheet: str
    id: str
    default: Share
    release: frozenset[OptIn] = frozenset()
    never: bool = False
    names_expected: bool = False

    @property
    def key(self) -> str:
        return f"{self.sheet}.{self.id}"

    @property
    def label(self) -> str:
        return (LABELS.get(f"disclosure.field.{self.key}") or LABELS.get(f"{self.sheet}.{self.id}")
                or _column_label(self.sheet, self.id))

    def share(self, disclosure: Disclosure) -> Share:
        """What leaves under ``disclosure``."""
        released = bool(self.release) and self.release <= disclosure.opt_ins and not self.never
        if self.default is Share.VALUE or (not released and self.default is not Share.TEXT):
            return self.default
        # A text that leaves keeps its names only where names were asked for.
        return Share.VALUE if disclosure.names else Share.TEXT


@dataclass(frozen=True)
class Disclosure:
    """The opt-ins one output was made under (none: the default)."""

    opt_ins: frozenset[OptIn] = frozenset()
    # The default, also by its old name, and names alone (set below the class).
    DEFAULT: ClassVar[Disclosure]
    PSEUDONYMS: ClassVar[Disclosure]
    NAMES: ClassVar[Disclosure]

    @classmethod
    def of(cls, *, names: bool = False, free_text: bool = False) -> Disclosure:
        return cls(frozenset(o for o, on in ((OptIn.NAMES, names), (OptIn.FREE_TEXT, free_text)) if on))

    @property
    def names(self) -> bool:
        return OptIn.NAMES in self.opt_ins

    @property
    def free_text(self) -> bool:
        return OptIn.FREE_TEXT in self.opt_ins

    def __str__(self) -> str:
        """As outputs name it: "pseudonyms" by default, else the opt-ins ("names+free_text")."""
        return "+".join(sorted(self.opt_ins)) or "pseudonyms"


Disclosure.DEFAULT = Disclosure.PSEUDONYMS = Disclosure()
Disclosure.NAMES = Disclosure(frozenset({OptIn.NAMES}))

_V, _T, _P, _C, _F, _N = Share.VALUE, Share.TEXT, Share.PSEUDONYM, Share.COUNT, Share.FLAG, Share.NOTHING
_K = Share.KIND
_NAMES = frozenset({OptIn.NAMES})
_FREE = frozenset({OptIn.FREE_TEXT})
_BOTH = _NAMES | _FREE


def _f(sheet: str, ids: str, default: Share, release: frozenset[OptIn] = frozenset(), *, never: bool = False,
       names_expected: bool = False) -> list[Field]:
    return [Field(sheet, i, default, release, never, names_expected) for i in ids.split()]


FIELDS: tuple[Field, ...] = tuple([
    # Forside: who the unit is; the leader's name only with names; the year wheel's dates, and
    # its events where they are the template's or HR's (a leader's own event is the leader's words).
    *_f("cover", "organisation unit period teams version team_sizes conversation team_forms", _V),
    *_f("cover", "leader", _N, _NAMES),
    *_f("cover", "wheel_event", _F, _FREE),
    *_f("cover", "wheel_date wheel_done wheel_org", _V),
    # MED-SU: when the committee discussed the unit's goals and needs; its conclusions are the
    # committee's words and may name people, so they leave as text only when asked for.
    *_f("committee", "discussed", _V),
    *_f("committee", "conclusions", _F, _FREE),
    # Mål og kompetenceprofil (bilag A): the organisation's own texts.
    *_f(PROFILES.id, "id org", _V),
    *_f(PROFILES.id, "strategy goal profile inherited_goal", _T),
    # Kompetencebehov (bilag B) and its rows per team: the learning goal leaves, the TUS's
    # agreements are counted.
    *_f(NEEDS.id, "id desired actual previous gap max_gap status priority team_priority", _V),
    *_f(NEEDS.id, "profile team_goal", _T),
    *_f(NEEDS.id, "reason team_reason", _F, _FREE),
    *_f(NEEDS.id, "tus_date", _V),
    *_f(NEEDS.id, "tus_agreements", _C, _FREE),
    # Individuelle læringsmål (bilag C): whose (a pseudonym), which team, whether there is a
    # goal and activities, and the conversation's date; the texts only with both opt-ins.
    *_f(INDIVIDUAL.id, "employee", _P, _NAMES, names_expected=True),
    *_f(INDIVIDUAL.id, "team mus_date", _V),
    *_f(INDIVIDUAL.id, "personal_goal activities", _F, _BOTH),
    *_f(INDIVIDUAL.id, "team_goal activity_goals next_follow_up", _N, _BOTH),
    *_f(INDIVIDUAL.id, "logbook", _N, never=True),
    # Plan for kompetenceudvikling (bilag D): the plan is the organisation's; its lists of
    # people keep their teams and lose their names.
    *_f(PLAN.id, "employees responsible", _T, _NAMES, names_expected=True),
    *_f(PLAN.id, "need activity follow_up goal timeline success resources effort_before effort_during "
                 "effort_after", _T),
    *_f(PLAN.id, "status phase learning_form start end overdue participants hours kroner profile_ids", _V),
    # Forankring (bilag E): what is followed up and when; what works, worries and was agreed
    # stays in the unit.
    *_f(ANCHORING.id, "need", _T),
    *_f(ANCHORING.id, "works worries agreements", _F, _FREE),
    *_f(ANCHORING.id, "next_follow_up profile_ref follow_up_status", _V),
    # Forslag: suggestions are no plan, and nothing of them leaves the unit (a taken one leaves as
    # its plan row).
    *_f(SUGGESTIONS.id, "take profile_id employees gap activity learning_form resources hours why", _N, never=True),
    # Medarbejdere: HR's own list, kept by the leader; who leaves as a pseudonym (as in bilag C),
    # the team and whether still employed as they are, the start and the address stay.
    *_f(EMPLOYEES.id, "name", _P, _NAMES, names_expected=True),
    *_f(EMPLOYEES.id, "team status", _V),
    *_f(EMPLOYEES.id, "start email", _N, _NAMES),
    # Kompetencekatalog: who completed what is counted (resource persons).
    *_f(CATALOGUE.id, "employees", _C, _NAMES, names_expected=True),
    *_f(CATALOGUE.id, "activity", _T),
    *_f(CATALOGUE.id, "learning_form year profile_ids plan_row can_teach", _V),
    # Fejl og mangler: where and what kind; the message quotes cells, so it leaves whole only
    # where everything it can quote may.
    *_f("findings", "message", _K, _BOTH),
])
FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}


def field_of(sheet: str, field_id: str) -> Field:
    """The table's entry for a field (``KeyError`` for a field the table does not know)."""
    return FIELDS_BY_KEY[f"{sheet}.{field_id}"]


def _column_label(sheet: str, field_id: str) -> str:
    schema = SHEETS_BY_ID.get(sheet)
    if schema is not None and any(c.id == field_id for c in schema.columns):
        return schema.column(field_id).header(t("disclosure.team"))
    return field_id


def readme_table() -> str:
    """The table as Markdown (the README's "Personoplysninger"): every field, what leaves by
    default, with each opt-in and with both."""
    choices = (Disclosure(), Disclosure(_NAMES), Disclosure(_FREE), Disclosure(_BOTH))
    head = [t("disclosure.col.sheet"), t("disclosure.col.field"), t("disclosure.col.default"),
            OptIn.NAMES.option, OptIn.FREE_TEXT.option, f"{OptIn.NAMES.option} {OptIn.FREE_TEXT.option}"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for f in FIELDS:
        shares = [f.share(d).label for d in choices]
        lines.append(f"| {SHEETS_BY_ID[f.sheet].name} | {f.label} | " + " | ".join(shares) + " |")
    return "\n".join(lines)


# -- applying the table to a unit ---------------------------------------------------------------

# Each record's fields → the table's (sheet, field); a field named None is the tool's own
# bookkeeping (the row it was read from, what it derives), which leaves with its record.
RECORDS: dict[type, tuple[str, dict[str, str | None]]] = {
    CommitteeRecord: ("committee", {"typed_date": "discussed"}),
    WheelEvent: ("cover", {"event": "wheel_event", "when": "wheel_date", "done": "wheel_done", "org": "wheel_org",
                         "row": None}),
    Profile: (PROFILES.id, {"text": "profile", "goal_from": None}),
    Assessment: (NEEDS.id, {"profile_id": "id", "team": None, "not_relevant": "desired"}),
    Decision: (NEEDS.id, {"profile_id": "id", "team": None}),
    TeamGoal: (NEEDS.id, {"text": "team_goal", "team": None}),
    IndividualGoal: (INDIVIDUAL.id, {}),
    PlanRow: (PLAN.id, {"phase_hours": None, "leader_hours": None, "derived": None}),
    AnchoringRow: (ANCHORING.id, {"profile_ids": None}),
    CatalogueEntry: (CATALOGUE.id, {"earlier": None}),
    Employee: (EMPLOYEES.id, {}),
}


_COUNT = re.compile(re.escape(t("privacy.count", n="NUMBER")).replace("NUMBER", r"\d+"))


def is_shared(value: str) -> bool:
    """Whether ``value`` is what a field leaves as already: a flag, a count, a pseudonym."""
    return value == t("privacy.flag") or bool(_COUNT.fullmatch(value)) or is_pseudonym(value)


# What separates the items of a list a leader writes: lines, semicolons, commas, "og".
_ITEMS = re.compile(r"\n|;|,|\s+og\s+")


_TABLES = ("profiles", "assessments", "decisions", "team_goals", "individual_goals", "plan", "anchoring", "catalogue",
           "employees")


def disclose_unit(unit: UnitWorkbook, scrub: Scrubber, disclosure: Disclosure = Disclosure(), *,
                  tables: tuple[str, ...] = _TABLES) -> UnitWorkbook:
    """``unit`` as it may leave the unit under ``disclosure``, field by field as ``FIELDS``
    says; ``scrub`` replaces the unit's persons in the texts that leave. ``tables``: the only
    tables a caller shows (the rest are left out, not disclosed)."""
    teams = set(unit.teams)

    def cover_value(name: str, value: object) -> object:
        return _shared(value, field_of("cover", name).share(disclosure), scrub)

    cover = unit.cover.model_copy(update={
        **{k: cover_value(k, v) for k, v in unit.cover if k != "wheel"},
        "wheel": tuple(_record(e, disclosure, scrub, teams) for e in unit.cover.wheel),
    })
    return unit.model_copy(update={
        "cover": cover,
        **{name: tuple(_record(r, disclosure, scrub, teams) for r in getattr(unit, name)) if name in tables else ()
           for name in _TABLES},
        "committee": _record(unit.committee, disclosure, scrub, teams),
    })


def _record(record: Any, disclosure: Disclosure, scrub: Scrubber, teams: set[str]) -> Any:
    sheet, names = RECORDS[type(record)]
    update = {}
    for name, value in record:
        field_id = names.get(name, name)
        if name == "row" or field_id is None:
            continue
        share = field_of(sheet, field_id).share(disclosure)
        if name == "team" and share is Share.VALUE and value and value not in teams:
            share = Share.TEXT  # typed where a team is chosen: the leader's words, not a team
        if name == "event" and (value in WHEEL_EVENTS or getattr(record, "org", False)):
            share = Share.VALUE  # the template's own words, or HR's
        update[name] = _shared(value, share, scrub)
    return record.model_copy(update=update)


def _shared(value: Any, share: Share, scrub: Scrubber) -> Any:
    """What of ``value`` leaves as ``share``."""
    if share is Share.VALUE or value is None or not isinstance(value, str | tuple):
        return value if share is not Share.NOTHING else None
    if isinstance(value, tuple):
        return tuple(_shared(v, share, scrub) for v in value)
    if not value.strip() or (share is not Share.TEXT and is_shared(value)):
        return value  # what left a unit once (the server's copy, read again) leaves as it is
    if share is Share.TEXT:
        return scrub.text(value)
    if share is Share.PSEUDONYM:
        return scrub.name(value)
    if share is Share.COUNT:
        return t("privacy.count", n=len([x for x in _ITEMS.split(value) if x.strip()]))
    if share is Share.FLAG:
        return t("privacy.flag")
    return ""
