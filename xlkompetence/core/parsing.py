"""Parse what leaders type: levels, Danish timelines, resources, dates and list choices. Pure.

Input is a cell value as a reader returns it (None, str, float, int, bool, date, datetime,
time, timedelta). Whatever cannot be used raises ``ValueProblem`` with a stable code and a
Danish explanation that quotes the value; nothing else is ever raised.
"""

from __future__ import annotations

__all__ = [
    "HOURS_PER_DAY", "HOURS_PER_WEEK", "EXCEL_MAX_SERIAL", "ValueProblem", "is_blank",
    "parse_level", "excel_serial_to_date", "date_to_excel_serial", "MONTHS", "SEASONS",
    "TIMELINE_EXAMPLES", "Timeline", "parse_timeline", "parse_date", "Resources",
    "RESOURCE_EXAMPLES", "UNCOUNTED_RESOURCES", "danish_number", "parse_resources", "parse_choice", "normalise_text",
    "is_yes",
]

import calendar
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .findings import Code
from .grid import is_blank
from .labels import t

HOURS_PER_DAY = 7.4  # a Danish full-time week is 37 hours over 5 days
HOURS_PER_WEEK = 37.0
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


class ValueProblem(ValueError):
    """A value that cannot be used; ``code`` is stable, ``message`` Danish and complete (the
    code's catalogue text, filled in with how the value looks to the person who typed it)."""

    def __init__(self, code: Code, message: str | None = None, **values: object):
        self.code = code
        self.message = message if message is not None else code.message(**values)
        super().__init__(code, self.message)


def _memo_text(parse):
    """Cache ``parse`` for text: the same texts recur row after row and unit after unit.
    Results are immutable; a problem is raised afresh each time."""

    @functools.lru_cache(maxsize=32768)
    def cached(text: str):
        try:
            return parse(text), None
        except ValueProblem as problem:
            return None, (problem.code, problem.message)

    @functools.wraps(parse)
    def wrapper(raw: object):
        if type(raw) is not str:
            return parse(raw)
        value, problem = cached(raw)
        if problem is not None:
            raise ValueProblem(*problem)
        return value

    return wrapper


def _shown(raw: object) -> str:
    if isinstance(raw, bool):
        return "SAND" if raw else "FALSK"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, float):
        return str(raw).replace(".", ",")
    text = str(raw).strip()
    return text if len(text) <= 80 else text[:79] + "…"


def _is_number(raw: object) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


# -- levels ----------------------------------------------------------------------------------

_LEVEL_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@_memo_text
def parse_level(raw: object) -> int | None:
    """A level 1–5. "3", " 4", 3.0 and "3,0" are levels; 0, 6, 3.5, "tre" are not.

    >>> [parse_level(v) for v in (3, 3.0, "3 ", " 4", "3,0")]
    [3, 3, 3, 4, 3]
    >>> print(parse_level(" "))  # blank: not assessed yet
    None
    >>> try:
    ...     parse_level("tre")
    ... except ValueProblem as problem:
    ...     print(problem.code, problem.message)
    level.not_number Niveauet skal være et helt tal fra 1 til 5 – "tre" er ikke et tal.
    >>> for raw in (0, 6, 3.5, "4-5"):
    ...     try: parse_level(raw)
    ...     except ValueProblem as problem: print(problem.code)
    level.out_of_range
    level.out_of_range
    level.not_whole
    level.not_number
    """
    if is_blank(raw):
        return None
    value: float | None = None
    if _is_number(raw):
        value = float(raw)  # type: ignore[arg-type]
    elif isinstance(raw, str):
        text = raw.replace("\xa0", " ").strip()
        if _LEVEL_TEXT.match(text):
            value = float(text.replace(",", "."))
    if value is None or not math.isfinite(value):
        raise ValueProblem(Code.LEVEL_NOT_NUMBER, shown=_shown(raw))
    if not value.is_integer():
        raise ValueProblem(Code.LEVEL_NOT_WHOLE, shown=_shown(value))
    if not 1 <= value <= 5:
        raise ValueProblem(Code.LEVEL_OUT_OF_RANGE, shown=_shown(value))
    return int(value)


# -- Excel serial dates ----------------------------------------------------------------------

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


_ITEMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Item]]] = [
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
    return ValueProblem(Code.TIMELINE_UNPARSED, shown=_shown(raw), why=detail, examples=TIMELINE_EXAMPLES)


def _bounds(item: _Item, year: int, raw: object) -> tuple[date, date]:
    try:
        return item.bounds(year)
    except ValueError:
        raise _unparsed(raw, "parse.why.no_such_date") from None


@_memo_text
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
    if isinstance(raw, datetime):
        return Timeline(raw.date(), raw.date())
    if isinstance(raw, date):
        return Timeline(raw, raw)
    if _is_number(raw):
        try:
            d = excel_serial_to_date(float(raw))  # type: ignore[arg-type]
        except (ValueError, OverflowError):
            raise _unparsed(raw) from None
        return Timeline(d, d)
    if not isinstance(raw, str):
        raise _unparsed(raw)
    text = _normal_timeline(raw)
    ongoing = _ONGOING.match(text)
    if ongoing:
        rest = text[ongoing.end():]
        if not rest:
            return Timeline(None, None)
        text = f"fra {rest}" if ongoing[1] == "fra" else rest
    onwards = _ONWARDS.search(text)
    if onwards and onwards.start() > 0:
        text = f"fra {text[:onwards.start()]}"
    opening = _OPEN.match(text)
    if opening:
        return _open_ended(text[opening.end():], opening[1] == "fra", raw)
    weeks = _WEEKS.fullmatch(text)
    if weeks:
        result = _weeks(weeks, raw)
    else:
        result = _range(text, raw)
    if result.start and result.end and result.end < result.start:
        raise ValueProblem(Code.TIMELINE_END_BEFORE_START, shown=_shown(raw),
                           end=f"{result.end:%d-%m-%Y}", start=f"{result.start:%d-%m-%Y}")
    return result


def _open_ended(text: str, from_start: bool, raw: object) -> Timeline:
    """"fra april 2026" (from its start, no end) or "senest juni 2026" (no start, by its end)."""
    item = _item(text)
    if item is None or item.year is None:
        raise _unparsed(raw)
    start, end = _bounds(item, item.year, raw)
    return Timeline(start, None) if from_start else Timeline(None, end)


def _weeks(m: re.Match[str], raw: object) -> Timeline:
    w0, y0, w1, y1 = int(m[1]), _year(m[2]), int(m[3]) if m[3] else None, _year(m[4])
    year_end = y1 or y0
    year_start = y0 or year_end
    if year_start is None:
        raise _unparsed(raw, "parse.why.year_missing")
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

@_memo_text
def parse_date(raw: object) -> date | None:
    """A date cell, an Excel serial, or text like "1/4-2025", "1.4.2025", "2025-04-01",
    "1. april 2025".

    >>> {parse_date(raw) for raw in ("1/4-2025", "1.4.2025", "2025-04-01", "1. april 2025", 45748)}  # all one day
    {datetime.date(2025, 4, 1)}
    >>> try:
    ...     parse_date("31/2-2025")
    ... except ValueProblem as problem:
    ...     print(problem.code, problem.message)
    date.invalid Datoen "31/2-2025" kan ikke læses. Skriv den som fx 15-03-2026.
    """
    if is_blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    problem = ValueProblem(Code.DATE_INVALID, shown=_shown(raw))
    if _is_number(raw):
        try:
            return excel_serial_to_date(float(raw))  # type: ignore[arg-type]
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


# -- resources -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Resources:
    """What a Ressourceforbrug text states: amounts for the whole row, amounts per person (a
    part followed by "pr. medarbejder": the row's participants multiply them), and resources it
    names without a quantity ("vikardækning"), which are not numbers and count in no total."""

    hours: float = 0.0
    kroner: float = 0.0
    hours_each: float = 0.0
    kroner_each: float = 0.0
    uncounted: tuple[str, ...] = ()

    @property
    def per_participant(self) -> bool:
        return bool(self.hours_each or self.kroner_each)

    def __repr__(self) -> str:
        extra = "".join(f", {name}={value!r}" for name, value in (
            ("hours_each", self.hours_each), ("kroner_each", self.kroner_each), ("uncounted", self.uncounted)) if value)
        return f"Resources(hours={self.hours!r}, kroner={self.kroner!r}{extra})"


RESOURCE_EXAMPLES = '"20 timer", "2 dage pr. medarbejder" eller "15.000 kr."'
_NOISE = re.compile(r"\b(?:ca\.?|cirka|omkring|i alt|inkl\.? moms)(?=\s|$)")
_CONNECTOR = re.compile(r"\s*(?:\+|,|;|/|\bog\b|\bsamt\b)\s*|\s+")
_NUMBER = r"-?\s*\d[\d.,]*"
_UNIT = (r"mio\.?\s*kr\.?|mio\.?|t\.\s*kr\.?|tkr\.?|[a-zæøå]*timer|[a-zæøå]*time|tim\.?|t\.?|"
         r"[a-zæøå]*dage|[a-zæøå]*dag|d\.?|[a-zæøå]*uger|[a-zæøå]*uge|minutter|min\.?|kroner|kr\.?|dkk")
_END = r"(?=$|[\s+,;/])"
_PART = re.compile(rf"(?P<pre>kr\.?|dkk)?\s*(?P<num>{_NUMBER})\s*(?P<unit>{_UNIT})?{_END}")
_PEOPLE = r"(?:medarbejdere|medarbejder|medarb\.?|deltagere|deltager|personer|person|pers\.?|ansatte|mand|gange)"
# "5 dage x 12 medarbejdere" (after a part) and "12 medarbejdere á 2 dage" (before one).
_TIMES_AFTER = re.compile(rf"\s*[x×*]\s*(\d+)(?:\s*{_PEOPLE})?{_END}")
_TIMES_BEFORE = re.compile(rf"(\d+)\s*(?:{_PEOPLE}\s*)?(?:[x×*]|á|à)\s+")
_PER_PERSON = re.compile(
    rf"\s*(?:pr\.?|per|for hver|til hver|hver)\s*(?:medarbejder|medarb\.?|deltager|person|pers\.?|mand|ansat){_END}")
_WORD_NUMBERS = {
    "en halv": 0.5, "et halvt": 0.5, "halvanden": 1.5, "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2,
    "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
}
_WORD_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + rf")\s+(?=(?:{_UNIT}){_END})")
# Resources people name without a quantity: not numbers, said once, counted nowhere.
UNCOUNTED_RESOURCES = frozenset({
    "vikardækning", "vikarer", "vikar", "vikartimer", "frikøb", "forplejning", "lokaler", "lokale",
    "materialer", "materiale", "kursusmateriale", "kørsel", "transport", "litteratur", "bøger",
})
_WORD = re.compile(r"[a-zæøå]+")
_UNITS: dict[str, tuple[str, float]] = {
    "timer": ("hours", 1), "time": ("hours", 1), "tim": ("hours", 1), "t": ("hours", 1),
    "dage": ("hours", HOURS_PER_DAY), "dag": ("hours", HOURS_PER_DAY), "d": ("hours", HOURS_PER_DAY),
    "uger": ("hours", HOURS_PER_WEEK), "uge": ("hours", HOURS_PER_WEEK),
    "minutter": ("hours", 1 / 60), "min": ("hours", 1 / 60),
    "kroner": ("kroner", 1), "kr": ("kroner", 1), "dkk": ("kroner", 1),
    "mio": ("kroner", 1_000_000), "tkr": ("kroner", 1000),
}


def danish_number(text: str) -> float:
    """A number as Danes write it: a decimal comma, and full stops between groups of three
    digits; any other full stop is a decimal point.

    >>> [danish_number(text) for text in ("15.000", "2,5", "2.500,50", "1.5")]
    [15000.0, 2.5, 2500.5, 1.5]
    """
    text = text.replace(" ", "")
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text)


@_memo_text
def parse_resources(raw: object) -> Resources | None:
    """Ressourceforbrug as leaders write it: hours, days (7,4 hours), weeks (37 hours) and
    kroner, in several parts; amounts per person; a count of people; numbers in words.

    >>> parse_resources("40 timer + 18.000 kr.")
    Resources(hours=40.0, kroner=18000.0)
    >>> parse_resources("kr. 15.000,-"), parse_resources("15.000,- kr.")
    (Resources(hours=0.0, kroner=15000.0), Resources(hours=0.0, kroner=15000.0))
    >>> parse_resources("3 kursusdage")  # 7.4 hours a day
    Resources(hours=22.2, kroner=0.0)
    >>> parse_resources("2 dage pr. medarbejder + 15.000 kr.")  # the participants multiply the days
    Resources(hours=0.0, kroner=15000.0, hours_each=14.8)
    >>> parse_resources("5 dage x 12 medarbejdere")
    Resources(hours=444.0, kroner=0.0)
    >>> parse_resources("ca. en uge")  # 37 hours
    Resources(hours=37.0, kroner=0.0)
    >>> parse_resources("vikardækning")  # named, but not a number: counted nowhere
    Resources(hours=0.0, kroner=0.0, uncounted=('vikardækning',))
    >>> try:
    ...     parse_resources("20")
    ... except ValueProblem as problem:
    ...     print(problem.code, problem.message)
    resources.no_unit Ressourceforbruget "20" mangler en enhed. Skriv fx "20 timer" eller "20 kr.".
    """
    if is_blank(raw):
        return None
    unparsed = ValueProblem(Code.RESOURCES_UNPARSED, shown=_shown(raw), examples=RESOURCE_EXAMPLES)
    if _is_number(raw):
        if not math.isfinite(float(raw)):  # type: ignore[arg-type]
            raise unparsed
        raise ValueProblem(Code.RESOURCES_NO_UNIT, shown=_shown(raw))
    if not isinstance(raw, str):
        raise unparsed
    totals, counted, uncounted, bare = _resource_parts(_resource_text(raw), unparsed, raw)
    if bare:
        raise ValueProblem(Code.RESOURCES_NO_UNIT, shown=_shown(raw)) if not counted else unparsed
    if not counted and not uncounted:
        raise unparsed
    return Resources(hours=round(totals["hours"], 4), kroner=round(totals["kroner"], 2),
                     hours_each=round(totals["hours_each"], 4), kroner_each=round(totals["kroner_each"], 2),
                     uncounted=tuple(uncounted))


def _resource_text(raw: str) -> str:
    """The text folded for parsing: half signs and number words as numbers, "15.000,-" as
    "15.000", noise words gone."""
    # "1½ time", "½ dag": the half sign before NFKC turns it into "1⁄2".
    text = re.sub(r"(\d)\s*½", r"\1,5", raw).replace("½", "0,5")
    text = unicodedata.normalize("NFKC", text).replace("\xa0", " ").casefold().strip()
    text = re.sub(r"(\d),-+(?=\s|$)", r"\1", text)
    text = re.sub(r"\s+", " ", _NOISE.sub(" ", text)).strip()
    return _WORD_NUMBER.sub(lambda m: f"{_WORD_NUMBERS[m[1]]:g} ".replace(".", ","), text)


def _resource_parts(text: str, unparsed: ValueProblem, raw: object):
    """Walk the parts: (totals, parts counted, resources without a quantity, bare numbers).
    A count of people before or after a part multiplies it; "pr. medarbejder" after a part
    makes it an amount per participant. Raises what the value's problem is."""
    totals = {"hours": 0.0, "kroner": 0.0, "hours_each": 0.0, "kroner_each": 0.0}
    pos, counted, bare, times = 0, 0, 0, 1
    uncounted: list[str] = []
    while pos < len(text):
        sep = _CONNECTOR.match(text, pos)
        if sep and sep.end() > pos:
            pos = sep.end()
            continue
        before = _TIMES_BEFORE.match(text, pos)
        if before:
            times, pos = times * int(before[1]), before.end()
            continue
        m = _PART.match(text, pos)
        if not m or m.end() == pos:
            word = _WORD.match(text, pos)
            if word and word[0] in UNCOUNTED_RESOURCES:
                uncounted.append(word[0])
                pos = word.end()
                continue
            raise unparsed
        pos = m.end()
        after = _TIMES_AFTER.match(text, pos)
        if after:
            times, pos = times * int(after[1]), after.end()
        each = _PER_PERSON.match(text, pos)
        if each:
            pos = each.end()
        unit = _unit_of(m)
        if unit is None:
            bare += 1
            continue
        try:
            amount = danish_number(m["num"])
        except ValueError:
            raise unparsed from None
        if amount < 0:
            raise ValueProblem(Code.RESOURCES_NEGATIVE, shown=_shown(raw))
        kind, factor = _UNITS[unit]
        totals[f"{kind}_each" if each else kind] += amount * factor * times
        counted, times = counted + 1, 1
    return totals, counted, uncounted, bare


def _unit_of(m: re.Match[str]) -> str | None:
    """The ``_UNITS`` key of a part's unit ("kursusdage" is days), or None for a bare number."""
    unit = (m["unit"] or "").replace(" ", "").replace(".", "")
    if m["pre"] and not unit:
        return "kr"
    if not unit:
        return None
    if unit.startswith("mio"):
        return "mio"
    if unit.startswith("tkr") or unit == "tkr":
        return "tkr"
    for suffix in ("timer", "time", "dage", "dag", "uger", "uge"):
        if unit.endswith(suffix) and unit not in _UNITS:
            return suffix
    return unit


# -- choices and matching text ---------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    text = " ".join(unicodedata.normalize("NFKC", text).replace("\xa0", " ").casefold().split())
    text = text.replace("å", "a").replace("æ", "a").replace("ø", "o")
    return text.replace("aa", "a").replace("ae", "a").replace("oe", "o")


def parse_choice(raw: object, choices: Sequence[str], *, field: str) -> str | None:
    """One of ``choices``, matched without regard to case, spacing or æ/ø/å spelled out.

    >>> statuses = ["Planlagt", "I gang", "Gennemført", "Forankret"]
    >>> parse_choice("i  GANG", statuses, field="Status"), parse_choice("gennemfoert", statuses, field="Status")
    ('I gang', 'Gennemført')
    >>> try:
    ...     parse_choice("Afsluttet", statuses, field="Status")
    ... except ValueProblem as problem:
    ...     print(problem.code, problem.message)  # doctest: +NORMALIZE_WHITESPACE
    choice.invalid Status "Afsluttet" er ikke en af de tilladte værdier: Planlagt, I gang, Gennemført,
    Forankret.
    """
    if is_blank(raw):
        return None
    wanted = _fold(_shown(raw)) if not isinstance(raw, str) else _fold(raw)
    for choice in choices:
        if _fold(choice) == wanted:
            return choice
    raise ValueProblem(Code.CHOICE_INVALID, field=field, shown=_shown(raw), choices=", ".join(choices))


# A word broken over a line, or pasted from one ("Kompetence-⏎udvikling", "red- skaber");
# not Danish's shared ending, "aften- og weekendteam", "social- eller sundhedsfaglig".
_HYPHENATION = re.compile(r"(?<=[a-zæøå])-\s+(?!(?:og|eller|samt|el|som|men|&)\b)(?=[a-zæøå])")


def normalise_text(raw: object) -> str:
    """For matching texts typed in different places: case, spacing, soft hyphens, a word
    hyphenated across a line break and a closing full stop do not count.

    >>> normalise_text("  Ønsket  NIVEAU (1-5) ")
    'ønsket niveau (1-5)'
    >>> normalise_text("Kompetence-\\nudvikling."), normalise_text("Lærings\\u00admål")
    ('kompetenceudvikling', 'læringsmål')
    >>> normalise_text("Aften- og  weekendteam")
    'aften- og weekendteam'
    >>> normalise_text(None)
    ''
    """
    if raw is None:
        return ""
    return _normalise(str(raw))


@functools.lru_cache(maxsize=65536)
def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").casefold()
    text = " ".join(text.split())
    text = _HYPHENATION.sub("", text)
    return text.rstrip(".…!").strip()


# What people type in a yes/no cell (Udført, Kan oplære andre) to say yes.
YES_WORDS = frozenset(("ja", "j", "x", "udført", "sand", "true", "1", "yes"))


def is_yes(raw: object) -> bool:
    """Whether a typed cell says yes.

    >>> is_yes(" Ja"), is_yes("x"), is_yes("Nej"), is_yes(None)
    (True, True, False, False)
    """
    return raw is not None and str(raw).strip().casefold() in YES_WORDS
