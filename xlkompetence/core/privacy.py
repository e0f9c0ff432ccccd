"""Who a unit workbook names as a person, and text with those names replaced. Pure.

Names leave the unit workbook only when someone asks for them: the organisation plan, the
history and every JSON output carry stable pseudonyms instead. The persons are the ones the
workbook itself names — the employees in bilag C, the people in the plan's Medarbejdere and
Ansvar, the leader on the Forside — and each is replaced wherever it stands, as a whole word,
in any case, in every free text: "Bo Jensen er ofte syg" and "bo jensen" alike (a name that
is also an everyday word, like "bo", only with its capital when it stands alone). A first or
last name on its own becomes the pseudonym of the one person it belongs to (or a neutral word
where two people share it). Team names are never taken for persons, nor their definite forms
("Dagteamet" for the team "Dagteam").
"""

from __future__ import annotations

__all__ = ["Scrubber", "people_in", "plan_people", "team_words"]

import re
from collections.abc import Iterable

from .labels import t
from .models import UnitWorkbook
from .pseudonyms import Pseudonymizer, names_in

_LETTER = r"\wæøåÆØÅ"
# Names that are also everyday Danish words ("at bo i egen bolig", "en tur i skoven"): alone
# they are taken for a name only where written with a capital, as a name is.
_EVERYDAY_WORDS = {
    "bo", "per", "skov", "lund", "holm", "dam", "bjerg", "strand", "dal", "mark", "vinter", "sommer",
    "ravn", "krog", "brink", "kok", "ask", "birk", "mose", "bonde", "smed", "fisker", "møller", "hjort",
    "storm", "sol", "ulv", "bak", "vang", "eng", "kær", "vest", "nord", "syd", "øst", "rask", "frost",
}
# Danish endings that make a team's name definite or genitive: Dagteam → Dagteamet(s).
_TEAM_ENDINGS = ("", "s", "et", "ets", "en", "ens", "ene", "enes")


_BEFORE, _AFTER = t("merge.pseudonym", code="\n").split("\n")
_PSEUDONYM = re.compile(re.escape(_BEFORE) + "[A-Z2-7]{6}" + re.escape(_AFTER))


def team_words(unit: UnitWorkbook) -> set[str]:
    """Casefolded words of the unit's team names (and the unit's own name): never persons."""
    words = {w.casefold() for team in unit.teams for w in re.findall(rf"[{_LETTER}]+", team)}
    words |= {w.casefold() for w in re.findall(rf"[{_LETTER}]+", unit.cover.unit)}
    return words


def _is_team_word(word: str, teams: set[str]) -> bool:
    folded = word.casefold()
    return any(folded == team + ending for team in teams for ending in _TEAM_ENDINGS)


def people_in(unit: UnitWorkbook) -> set[str]:
    """Every person the workbook names: full names as written, one space between words. A
    pseudonym is no one's name: a unit disclosed once and read again names nobody new."""
    teams = team_words(unit)
    found: set[str] = set()
    for goal in unit.individual_goals:
        found |= _names_in_cell(goal.employee, teams, whole=True)
    for row in unit.plan:
        found |= _names_in_cell(row.employees, teams) | _names_in_cell(row.responsible, teams)
    found |= _names_in_cell(unit.cover.leader, teams, whole=True)
    return {n for n in found if n}


def plan_people(unit: UnitWorkbook) -> dict[str, str]:
    """The people the plan's Medarbejdere names, each with the team written after them, where
    one is: in "Hele Team B og Åse, Benny (Team C) og Karl (Team A)" Åse and Benny are in
    Team C (a team in brackets covers the names before it, back to the last "og")."""
    words = team_words(unit)
    canonical = {" ".join(team.split()).casefold(): team for team in unit.teams}
    found: dict[str, str] = {}
    for row in unit.plan:
        for group in re.split(r"\s+og\s+|;|\n", row.employees):
            m = re.search(r"\(([^()]*)\)", group)
            team = canonical.get(" ".join(m.group(1).split()).casefold(), "") if m else ""
            names = _names_in_cell(re.sub(r"\([^()]*\)", " ", group), words)
            longest = [n for n in names if not any(n != o and n in o.split() for o in names)]
            for name in sorted(longest, key=group.find):
                if not found.get(name):
                    found[name] = team
    return found


def _names_in_cell(text: str, teams: set[str], *, whole: bool = False) -> set[str]:
    """Names in a cell of names. A cell that holds one name (an employee, the leader) is that
    name; a list ("Hele Team B og Åse, Benny (Team C)") gives the capitalised words in it,
    with consecutive ones kept together ("Anne Marie Hansen")."""
    text = _PSEUDONYM.sub(" ", " ".join(text.split())).strip()
    if not text:
        return set()
    if whole:
        words = [w for w in re.findall(rf"[{_LETTER}][{_LETTER}'-]*", text) if not _is_team_word(w, teams)]
        return {" ".join(words)} if words else set()
    single = {w for w in names_in(text, teams) if not _is_team_word(w, teams)}
    runs = set()
    for run in re.findall(r"[A-ZÆØÅ][\wæøå'-]+(?:\s+[A-ZÆØÅ][\wæøå'-]+)+", text):
        words = [w for w in run.split() if w in single]
        if len(words) > 1:
            runs.add(" ".join(words))
    return single | runs


class Scrubber:
    """Replaces the persons of one unit with their pseudonyms in any text."""

    def __init__(self, unit_name: str, people: Iterable[str], pseudonyms: Pseudonymizer):
        self.unit = unit_name
        self.pseudonyms = pseudonyms
        people = {" ".join(p.split()) for p in people if p.strip()}
        code = {p: pseudonyms.name(unit_name, p) for p in people}
        whole = [p for p in people if " " in p]
        # A first or last name alone stands for the one person whose name it is part of; where
        # two people share it, it becomes a neutral word rather than a guess.
        owners: dict[str, set[str]] = {}
        for person in whole:
            for part in person.split():
                owners.setdefault(part.casefold(), set()).add(person)
        replacement = {p.casefold(): code[p] for p in whole}
        for part, persons in owners.items():
            replacement.setdefault(part, code[next(iter(persons))] if len(persons) == 1 else t("privacy.someone"))
        for person in people - set(whole):
            replacement.setdefault(person.casefold(), code[person])
        self.replacement = replacement
        names = sorted(replacement, key=len, reverse=True)  # "Anne Marie" before "Anne"
        self.pattern = re.compile(
            rf"(?<![{_LETTER}])(?:{'|'.join(_as_pattern(n) for n in names)})(?![{_LETTER}])",
        ) if names else None

    def name(self, person: str) -> str:
        """The pseudonym of one person (an employee's name cell)."""
        person = " ".join(person.split())
        return self.replacement.get(person.casefold()) or self.pseudonyms.name(self.unit, person)

    def text(self, text: str) -> str:
        """``text`` with every person of the unit replaced."""
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.replacement[" ".join(m.group(0).split()).casefold()], text)


def _as_pattern(name: str) -> str:
    """A name as a pattern: any case, any run of spaces between its words; a name that is also
    an everyday word only with its capital."""
    if name in _EVERYDAY_WORDS:
        return re.escape(name[0].upper()) + "(?i:" + re.escape(name[1:]) + ")"
    return "(?i:" + r"\s+".join(re.escape(part) for part in name.split()) + ")"
