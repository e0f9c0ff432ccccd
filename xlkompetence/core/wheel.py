"""The year wheel (årshjul): the round's recurring dates on the Forside. Pure.

Vurdering af kompetencer, MUS/PUS, TUS, the plan and the follow-up meetings, each with a
date and a done-marker; a date passed without being marked done is overdue, like a plan row.
"""

from __future__ import annotations

__all__ = ["wheel_status", "wheel_states", "is_wheel_overdue", "next_wheel_date", "with_default_wheel"]

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
