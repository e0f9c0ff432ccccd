"""The year wheel (årshjul): the round's recurring dates on the Forside. Pure.

Vurdering af kompetencer, MUS/PUS, TUS, the plan and the follow-up meetings, each with a
date and a done-marker; a date passed without being marked done is overdue, like a plan row.
"""

from __future__ import annotations

__all__ = ["wheel_status", "wheel_states", "is_wheel_overdue", "next_wheel_date", "with_default_wheel",
           "ORG_WHEEL", "org_wheel_key", "event_key", "org_events", "with_org_wheel", "is_pending"]

from datetime import date

from .labels import t
from .models import UnitWorkbook, WheelEvent
from .schema import wheel_events


def is_wheel_overdue(event: WheelEvent, today: date) -> bool:
    return event.when is not None and event.when < today and not event.done


def wheel_states() -> frozenset[str]:
    """Every status ``wheel_status`` gives (and the live formula shows) but the blank one."""
    return frozenset((t("wheel.done_state"), t("wheel.overdue"), t("wheel.planned")))


def wheel_status(event: WheelEvent, today: date) -> str:
    """"Overskredet", "Udført", "Planlagt", or "" for an event without a date."""
    if event.done:
        return t("wheel.done_state")
    if event.when is None:
        return ""
    return t("wheel.overdue") if event.when < today else t("wheel.planned")


def next_wheel_date(unit: UnitWorkbook, today: date) -> WheelEvent | None:
    """The first event of the wheel dated today or later and not yet done (the earliest; ties
    in the Forside's order); None when there is none.

    >>> from xlkompetence.core.models import Cover
    >>> unit = UnitWorkbook(cover=Cover(wheel=(WheelEvent(event="MUS/PUS", when=date(2026, 3, 1)),
    ...                                        WheelEvent(event="TUS", when=date(2026, 1, 15)),
    ...                                        WheelEvent(event="Vurdering", when=date(2025, 11, 1)))))
    >>> next_wheel_date(unit, date(2025, 12, 1)).event
    'TUS'
    """
    upcoming = [(e.when, e) for e in unit.cover.wheel if e.when is not None and e.when >= today and not e.done]
    return min(upcoming, key=lambda dated: dated[0])[1] if upcoming else None


def with_default_wheel(unit: UnitWorkbook) -> UnitWorkbook:
    """``unit`` with the round's usual events (vurdering, MUS/PUS, TUS, plan, opfølgning) as
    its year wheel where it has none: what a new workbook's Forside offers to date."""
    if unit.cover.wheel:
        return unit
    wheel = tuple(WheelEvent(event=name) for name in wheel_events())
    return unit.model_copy(update={"cover": unit.cover.model_copy(update={"wheel": wheel})})


# The memory sheet's "sheet" for HR's dates as last written into the unit (``org_wheel_key``):
# "[" begins no sheet's name, so refresh keeps the entries as they are.
ORG_WHEEL = "[wheel]"


def event_key(name: str) -> str:
    """An event's name as compared: case and spacing do not count.

    >>> event_key(" Hoved-MED  evaluerer MUS ") == event_key("hoved-med evaluerer mus")
    True
    """
    return " ".join(name.casefold().split())


def org_wheel_key(name: str) -> tuple[str, str]:
    """The memory entry that holds the date HR last wrote for its event ``name``."""
    return ORG_WHEEL, event_key(name)


def is_pending(event: str) -> bool:
    """An event carried from an earlier round, not done there ("… (fra runde 2026)")."""
    return event.rstrip().endswith(")") and (t("wheel.pending_mark") in event)


def org_events(wheel: tuple[WheelEvent, ...]) -> tuple[WheelEvent, ...]:
    """HR's events from the organisation template's wheel: those it has dated (an event HR
    leaves without a date is the unit's to date), marked as HR's, one per name."""
    seen: set[str] = set()
    events = []
    for e in wheel:
        if e.when is not None and e.event.strip() and event_key(e.event) not in seen and not is_pending(e.event):
            seen.add(event_key(e.event))
            events.append(WheelEvent(event=e.event.strip(), when=e.when, org=True))
    return tuple(events)


def with_org_wheel(unit: UnitWorkbook, hr: tuple[WheelEvent, ...]) -> UnitWorkbook:
    """``unit`` with HR's events ``hr`` first in its year wheel, then the unit's own events
    (its usual ones where it has none) but those HR dates itself: what a unit rolled out from
    the organisation template gets.

    >>> from xlkompetence.core.models import Cover
    >>> hr = (WheelEvent(event="TUS", when=date(2026, 3, 1), org=True),)
    >>> [(e.event, e.org) for e in with_org_wheel(UnitWorkbook(), hr).cover.wheel][:3]
    [('TUS', True), ('Vurdering af kompetencer', False), ('MUS/PUS', False)]
    """
    if not hr:
        return unit
    taken = {event_key(e.event) for e in hr}
    own = tuple(e for e in with_default_wheel(unit).cover.wheel if event_key(e.event) not in taken)
    return unit.model_copy(update={"cover": unit.cover.model_copy(update={"wheel": (*hr, *own)})})
