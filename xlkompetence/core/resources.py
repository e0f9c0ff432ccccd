"""Parse Ressourceforbrug as leaders write it: hours, days, weeks and kroner, amounts per
person, a count of people, numbers in words, and resources named without a quantity. Pure.

Whatever cannot be used raises ``parsing.ValueProblem``, whose message quotes the value and
shows forms that work.
"""

from __future__ import annotations

__all__ = [
    "HOURS_PER_DAY", "HOURS_PER_WEEK", "Resources", "RESOURCE_EXAMPLES", "UNCOUNTED_RESOURCES", "danish_number",
    "parse_resources",
]

import math
import re
import unicodedata
from dataclasses import dataclass

from .findings import Code
from .grid import is_blank
from .parsing import ValueProblem, as_shown, cache_text, is_number

HOURS_PER_DAY = 7.4  # a Danish full-time week is 37 hours over 5 days
HOURS_PER_WEEK = 37.0


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


@cache_text
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
    unparsed = ValueProblem(Code.RESOURCES_UNPARSED, shown=as_shown(raw), examples=RESOURCE_EXAMPLES)
    if is_number(raw):
        if not math.isfinite(float(raw)):
            raise unparsed
        raise ValueProblem(Code.RESOURCES_NO_UNIT, shown=as_shown(raw))
    if not isinstance(raw, str):
        raise unparsed
    totals, counted, uncounted, bare = _resource_parts(_resource_text(raw), unparsed, raw)
    if bare:
        raise ValueProblem(Code.RESOURCES_NO_UNIT, shown=as_shown(raw)) if not counted else unparsed
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


def _resource_parts(text: str, unparsed: ValueProblem, raw: object) -> tuple[dict[str, float], int, list[str], int]:
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
            raise ValueProblem(Code.RESOURCES_NEGATIVE, shown=as_shown(raw))
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
