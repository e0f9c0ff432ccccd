"""Parse what leaders type: the problem a value can have, levels, list choices, yes/no, and
text for matching. Pure. Dates and timelines are ``dates``'; resources ``resources``'.

Input is a cell value as a reader returns it (None, str, float, int, bool, date, datetime,
time, timedelta). Whatever cannot be used raises ``ValueProblem`` with a stable code and a
Danish explanation that quotes the value; nothing else is ever raised.
"""

from __future__ import annotations

__all__ = [
    "ValueProblem", "cache_text", "as_shown", "is_number", "is_blank", "parse_level", "parse_choice",
    "normalise_text", "is_yes",
]

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeGuard, TypeVar

from .findings import Code
from .grid import is_blank


class ValueProblem(ValueError):
    """A value that cannot be used; ``code`` is stable, ``message`` Danish and complete (the
    code's catalogue text, filled in with how the value looks to the person who typed it)."""

    def __init__(self, code: Code, message: str | None = None, **values: object):
        self.code = code
        self.message = message if message is not None else code.message(**values)
        super().__init__(code, self.message)


_Parsed = TypeVar("_Parsed")


@dataclass(frozen=True)
class _Problem:
    """What a ``ValueProblem`` said, cached in its stead: one exception object raised again and
    again would carry every earlier traceback."""

    code: Code
    message: str


def cache_text(parse: Callable[[object], _Parsed]) -> Callable[[object], _Parsed]:
    """Cache ``parse`` (a value parser) for text: the same texts recur row after row and unit
    after unit. Results are immutable; a problem is raised afresh each time."""

    @functools.lru_cache(maxsize=32768)
    def cached(text: str) -> _Parsed | _Problem:
        try:
            return parse(text)
        except ValueProblem as problem:
            return _Problem(problem.code, problem.message)

    @functools.wraps(parse)
    def wrapper(raw: object) -> _Parsed:
        if type(raw) is not str:
            return parse(raw)
        value = cached(raw)
        if isinstance(value, _Problem):
            raise ValueProblem(value.code, value.message)
        return value

    return wrapper


def as_shown(raw: object) -> str:
    """A typed value as a problem's message quotes it: as the person sees it, cut at 80 characters."""
    if isinstance(raw, bool):
        return "SAND" if raw else "FALSK"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, float):
        return str(raw).replace(".", ",")
    text = str(raw).strip()
    return text if len(text) <= 80 else text[:79] + "…"


def is_number(raw: object) -> TypeGuard[int | float]:
    """Whether a cell holds a number (a boolean is not one)."""
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


# -- levels ----------------------------------------------------------------------------------

_LEVEL_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@cache_text
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
    level.not_number Niveauet skal være et helt tal fra 1 til 5; "tre" er ikke et tal.
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
    if is_number(raw):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.replace("\xa0", " ").strip()
        if _LEVEL_TEXT.match(text):
            value = float(text.replace(",", "."))
    if value is None or not math.isfinite(value):
        raise ValueProblem(Code.LEVEL_NOT_NUMBER, shown=as_shown(raw))
    if not value.is_integer():
        raise ValueProblem(Code.LEVEL_NOT_WHOLE, shown=as_shown(value))
    if not 1 <= value <= 5:
        raise ValueProblem(Code.LEVEL_OUT_OF_RANGE, shown=as_shown(value))
    return int(value)


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
    wanted = _fold(as_shown(raw)) if not isinstance(raw, str) else _fold(raw)
    for choice in choices:
        if _fold(choice) == wanted:
            return choice
    raise ValueProblem(Code.CHOICE_INVALID, field=field, shown=as_shown(raw), choices=", ".join(choices))


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
