"""Parse the dates leaders type: a day, and a plan's timeline in Danish ("april – oktober
2025", "uge 12–20 2025", "Løbende"), and Excel's serial dates. Pure.

Whatever cannot be used raises ``parsing.ValueProblem``, whose message quotes the value and
shows forms that work.
"""

from __future__ import annotations

__all__ = [
    "EXCEL_MAX_SERIAL", "excel_serial_to_date", "date_to_excel_serial", "MONTHS", "SEASONS", "TIMELINE_EXAMPLES",
    "Timeline", "parse_timeline", "parse_date",
]

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .findings import Code
from .grid import is_blank
from .labels import t
from .parsing import ValueProblem, as_shown, cache_text, is_number

EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


def excel_serial_to_date(n: float) -> date:
    """Excel's 1900 date system. Serial 60 is Excel's non-existent 29-02-1900; it is read
    as 28-02-1900."""
    days = int(n)
    if not 1 <= days <= EXCEL_MAX_SERIAL:
        raise ValueError(f"serial {n} outside Excel's dates")
    if days < 60:
        return date(1899, 12, 31) + timedelta(days=days)
    if days == 60:
        return date(1900, 2, 28)
    return date(1899, 12, 30) + timedelta(days=days)


def date_to_excel_serial(d: date) -> float:
    return float((d - date(1899, 12, 30)).days)


# -- timelines -------------------------------------------------------------------------------

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
SEASONS = {"forår": (3, 5), "sommer": (6, 8), "efterår": (9, 11), "vinter": (12, 2)}

TIMELINE_EXAMPLES = '"april – oktober 2025", "uge 12–20 2025" eller "1/4-2025 – 31/10-2025"'


@dataclass(frozen=True)
class Timeline:
    start: date | None
    end: date | None


@dataclass(frozen=True)
class _Item:
    """A period without its year, where the text left the year out (``year`` None)."""

    year: int | None
    bounds: Callable[[int], tuple[date, date]]
    is_day: bool = False


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    y = int(text)
    return 2000 + y if y < 100 else y


def _day(d: int, m: int) -> Callable[[int], tuple[date, date]]:
    def bounds(y: int) -> tuple[date, date]:
        day = date(y, m, d)
        return day, day
    return bounds


_THIRDS = ("primo", "medio", "ultimo")


def _third_of_month(third: int, m: int) -> Callable[[int], tuple[date, date]]:
    """Primo, medio and ultimo of a month: days 1–10, 11–20 and 21 to the month's end."""
    def bounds(y: int) -> tuple[date, date]:
        last = calendar.monthrange(y, m)[1]
        return date(y, m, 10 * third + 1), date(y, m, last if third == 2 else 10 * third + 10)
    return bounds


def _two_years(y0: int, yy: int) -> _Item | None:
    """"2026-27", "2026/2027": the whole of both years (None where the second is not a year
    after the first)."""
    y1 = yy if yy >= 100 else y0 // 100 * 100 + yy
    if not y0 < y1 <= y0 + 10:
        return None

    def bounds(y: int) -> tuple[date, date]:
        return date(y, 1, 1), date(y + y1 - y0, 12, 31)
    return _Item(y0, bounds)


def _months(m0: int, m1: int) -> Callable[[int], tuple[date, date]]:
    def bounds(y: int) -> tuple[date, date]:
        y1 = y + 1 if m1 < m0 else y
        return date(y, m0, 1), date(y1, m1, calendar.monthrange(y1, m1)[1])
    return bounds


# Each makes the period its match names; None where it names none ("2026-15" spans no years).
_ITEMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Item | None]]] = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
     lambda m: _Item(int(m[1]), _day(int(m[3]), int(m[2])), True)),
    (re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[-./ ]\s*(\d{4}|\d{2}))?\.?"),
     lambda m: _Item(_year(m[3]), _day(int(m[1]), int(m[2])), True)),
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})"),
     lambda m: _Item(_year(m[3]), _day(int(m[1]), int(m[2])), True)),
    (re.compile(rf"(\d{{1,2}})\.?\s*{_MONTH}(?:\s+(\d{{4}}))?"),
     lambda m: _Item(_year(m[3]), _day(int(m[1]), MONTHS[m[2]]), True)),
    (re.compile(rf"{_MONTH}(?:\s+(\d{{4}}))?"),
     lambda m: _Item(_year(m[2]), _months(MONTHS[m[1]], MONTHS[m[1]]))),
    (re.compile(r"(\d{4})"), lambda m: _Item(int(m[1]), _months(1, 12))),
    (re.compile(r"(?:q([1-4])|([1-4])\.?\s*(?:kvartal|kvt)\.?)(?:\s+(\d{4}))?"),
     lambda m: _Item(_year(m[3]), _months(3 * int(m[1] or m[2]) - 2, 3 * int(m[1] or m[2])))),
    (re.compile(r"([12])\.?\s*halvår(?:\s+(\d{4}))?"),
     lambda m: _Item(_year(m[2]), _months(6 * int(m[1]) - 5, 6 * int(m[1])))),
    (re.compile(r"(forår|sommer|efterår|vinter)(?:et|en)?(?:\s+(\d{4}))?"),
     lambda m: _Item(_year(m[2]), _months(*SEASONS[m[1]]))),
    (re.compile(rf"(primo|medio|ultimo)\s+{_MONTH}(?:\s+(\d{{4}}))?"),
     lambda m: _Item(_year(m[3]), _third_of_month(_THIRDS.index(m[1]), MONTHS[m[2]]))),
    (re.compile(r"(primo|medio|ultimo)\s+(\d{4})"),
     lambda m: _Item(int(m[2]), _months(4 * _THIRDS.index(m[1]) + 1, 4 * _THIRDS.index(m[1]) + 4))),
    (re.compile(r"(\d{4})\s*[-/]\s*(\d{4}|\d{2})"), lambda m: _two_years(int(m[1]), int(m[2]))),
]
_WEEKS = re.compile(
    r"uge\s*(\d{1,2})(?:\s*,?\s*(\d{4}))?(?:\s*(?:-|til)\s*(?:uge\s*)?(\d{1,2})(?:\s*,?\s*(\d{4}))?)?"
)
_SEPARATOR = re.compile(r"\s*-\s*|\s+til\s+")
_OPEN = re.compile(r"^(fra|til|senest|inden)\s+")
# "april 2026 og frem": open-ended from the start of the period.
_ONWARDS = re.compile(r"\s*(?:og\s+)?(?:frem|fremefter|fremover|videre)$|\s*-$")
# "Løbende": an ongoing activity, valid without dates and never overdue by itself.
_ONGOING = re.compile(r"^løbende(?:\s+(fra|i))?\s*")


def _normal_timeline(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\xa0", " ").casefold()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^i\s+", "", text)  # "i efteråret 2026"
    return text.rstrip(".").strip()


def _item(text: str) -> _Item | None:
    for pattern, make in _ITEMS:
        m = pattern.fullmatch(text)
        if m:
            item = make(m)
            if item is not None:
                return item
    return None


def _unparsed(raw: object, why: str = "") -> ValueProblem:
    """``why``: a ``parse.why.*`` label saying what in particular is wrong."""
    detail = f" ({t(why)})" if why else ""
    return ValueProblem(Code.TIMELINE_UNPARSED, shown=as_shown(raw), why=detail, examples=TIMELINE_EXAMPLES)


def _bounds(item: _Item, year: int, raw: object) -> tuple[date, date]:
    try:
        return item.bounds(year)
    except ValueError:
        raise _unparsed(raw, "parse.why.no_such_date") from None


@cache_text
def parse_timeline(raw: object) -> Timeline | None:
    """Tidsplan: a date cell, or Danish text such as "April – oktober 2021", "uge 12–20 2025",
    "1/4-2025 – 31/10-2025", "marts 2026", "Q2 2026", "efterår 2026", "fra 1/4-2025",
    "Løbende", "primo 2026", "april 2026 og frem", "2026-27".

    >>> parse_timeline("April – oktober 2021")
    Timeline(start=datetime.date(2021, 4, 1), end=datetime.date(2021, 10, 31))
    >>> parse_timeline("uge 12–20 2025")  # Monday of week 12 to Sunday of week 20
    Timeline(start=datetime.date(2025, 3, 17), end=datetime.date(2025, 5, 18))
    >>> parse_timeline("1/4-2025 – 31/10-2025")
    Timeline(start=datetime.date(2025, 4, 1), end=datetime.date(2025, 10, 31))
    >>> parse_timeline("marts 2026")
    Timeline(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
    >>> parse_timeline("Q2 2026")
    Timeline(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 6, 30))
    >>> parse_timeline("efterår 2026")
    Timeline(start=datetime.date(2026, 9, 1), end=datetime.date(2026, 11, 30))
    >>> parse_timeline("fra 1/4-2025")  # open-ended
    Timeline(start=datetime.date(2025, 4, 1), end=None)
    >>> parse_timeline("november – februar 2026")  # the start is in the year before
    Timeline(start=datetime.date(2025, 11, 1), end=datetime.date(2026, 2, 28))

    Open-ended and ongoing plans are valid, and never overdue by themselves:

    >>> parse_timeline("Løbende")
    Timeline(start=None, end=None)
    >>> parse_timeline("april 2026 og frem")
    Timeline(start=datetime.date(2026, 4, 1), end=None)

    Primo, medio and ultimo are the first, middle and last third (of a year: four months; of
    a month: days 1–10, 11–20, 21 to the end); seasons may be definite; years may pair up;
    week ranges may cross a year end:

    >>> parse_timeline("primo 2026"), parse_timeline("ultimo marts 2026")  # doctest: +NORMALIZE_WHITESPACE
    (Timeline(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 4, 30)),
     Timeline(start=datetime.date(2026, 3, 21), end=datetime.date(2026, 3, 31)))
    >>> parse_timeline("efteråret 2026")
    Timeline(start=datetime.date(2026, 9, 1), end=datetime.date(2026, 11, 30))
    >>> parse_timeline("2026-27")
    Timeline(start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31))
    >>> parse_timeline("uge 48–6 2027")  # week 48 of 2026 to week 6 of 2027
    Timeline(start=datetime.date(2026, 11, 23), end=datetime.date(2027, 2, 14))

    What cannot be read is a problem that quotes the value and shows forms that work:

    >>> try:
    ...     parse_timeline("marts")
    ... except ValueProblem as problem:
    ...     print(problem.code, problem.message)  # doctest: +NORMALIZE_WHITESPACE
    timeline.unparsed Tidsplanen "marts" kan ikke læses som datoer (året mangler).
    Skriv fx "april – oktober 2025", "uge 12–20 2025" eller "1/4-2025 – 31/10-2025".
    """
    if is_blank(raw):
        return None
    if isinstance(raw, str):
        return _text_timeline(raw)
    return _cell_timeline(raw)


def _cell_timeline(raw: object) -> Timeline:
    """A date cell or an Excel serial number: that one day."""
    if isinstance(raw, datetime):
        return Timeline(raw.date(), raw.date())
    if isinstance(raw, date):
        return Timeline(raw, raw)
    if is_number(raw):
        try:
            d = excel_serial_to_date(float(raw))
        except (ValueError, OverflowError):
            raise _unparsed(raw) from None
        return Timeline(d, d)
    raise _unparsed(raw)


def _text_timeline(raw: str) -> Timeline:
    """A timeline typed as text: open-ended, a range of weeks, or one period or two."""
    text = _as_open_ended(_normal_timeline(raw))
    if text is None:
        return Timeline(None, None)
    opening = _OPEN.match(text)
    if opening:
        return _open_ended(text[opening.end():], opening[1] == "fra", raw)
    weeks = _WEEKS.fullmatch(text)
    if weeks:
        result = _weeks(weeks, raw)
    else:
        result = _range(text, raw)
    if result.start and result.end and result.end < result.start:
        raise ValueProblem(Code.TIMELINE_END_BEFORE_START, shown=as_shown(raw),
                           end=f"{result.end:%d-%m-%Y}", start=f"{result.start:%d-%m-%Y}")
    return result


def _as_open_ended(text: str) -> str | None:
    """"Løbende fra april 2026" and "april 2026 og frem" written as "fra april 2026"; None for
    "Løbende" alone, ongoing without dates."""
    ongoing = _ONGOING.match(text)
    if ongoing:
        rest = text[ongoing.end():]
        if not rest:
            return None
        text = f"fra {rest}" if ongoing[1] == "fra" else rest
    onwards = _ONWARDS.search(text)
    if onwards and onwards.start() > 0:
        text = f"fra {text[:onwards.start()]}"
    return text


def _open_ended(text: str, from_start: bool, raw: object) -> Timeline:
    """"fra april 2026" (from its start, no end) or "senest juni 2026" (no start, by its end)."""
    item = _item(text)
    if item is None or item.year is None:
        raise _unparsed(raw)
    start, end = _bounds(item, item.year, raw)
    return Timeline(start, None) if from_start else Timeline(None, end)


def _weeks(m: re.Match[str], raw: object) -> Timeline:
    w0, y0, w1, y1 = int(m[1]), _year(m[2]), int(m[3]) if m[3] else None, _year(m[4])
    year_start = y0 or y1
    if year_start is None:
        raise _unparsed(raw, "parse.why.year_missing")
    year_end = y1 or year_start
    if y0 is None and w1 is not None and w1 < w0:
        year_start -= 1  # "uge 48–6 2027": the first week is in the year before
    if w1 is None:
        w1, year_end = w0, year_start
    try:
        return Timeline(date.fromisocalendar(year_start, w0, 1), date.fromisocalendar(year_end, w1, 7))
    except ValueError:
        raise _unparsed(raw, "parse.why.no_such_week") from None


def _range(text: str, raw: object) -> Timeline:
    single = _item(text)
    if single is not None:
        if single.year is None:
            raise _unparsed(raw, "parse.why.year_missing")
        start, end = _bounds(single, single.year, raw)
        return Timeline(start, end)
    for sep in _SEPARATOR.finditer(text):
        left, right = _item(text[: sep.start()]), _item(text[sep.end():])
        if left is None or right is None:
            continue
        y1 = right.year or left.year
        if y1 is None:
            raise _unparsed(raw, "parse.why.year_missing")
        y0 = left.year or y1
        start = _bounds(left, y0, raw)[0]
        end = _bounds(right, y1, raw)[1]
        if left.year is None and start > end:
            # "november – februar 2026": the start is in the year before.
            start = _bounds(left, y0 - 1, raw)[0]
        return Timeline(start, end)
    raise _unparsed(raw)


# -- dates -----------------------------------------------------------------------------------

@cache_text
def parse_date(raw: object) -> date | None:
    """A date cell, an Excel serial, or text like "1/4-2025", "1.4.2025", "2025-04-01",
    "1. april 2025".

    >>> {parse_date(raw) for raw in ("1/4-2025", "1.4.2025", "2025-04-01", "1. april 2025", 45748)}  # all one day
    {datetime.date(2025, 4, 1)}
    >>> try:
    ...     parse_date("31/2-2025")
    ... except ValueProblem as problem:
    ...     print(problem.code, problem.message)
    date.invalid Datoen "31/2-2025" kan ikke læses. Skriv den som dd-mm-åååå, fx 15-03-2026.
    """
    if is_blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    problem = ValueProblem(Code.DATE_INVALID, shown=as_shown(raw))
    if is_number(raw):
        try:
            return excel_serial_to_date(float(raw))
        except (ValueError, OverflowError):
            raise problem from None
    if not isinstance(raw, str):
        raise problem
    item = _item(_normal_timeline(raw))
    if item is None or not item.is_day or item.year is None:
        raise problem
    try:
        return item.bounds(item.year)[0]
    except ValueError:
        raise problem from None
