"""Who a unit workbook names as a person, the organisational texts that leave the unit with
those persons replaced, and the words in such a text that look like someone else's name. Pure.

Which texts leave at all is decided field by field (``core.disclosure``); this module only
replaces names in the organisational texts that do leave (strategy, goal, profile, activity,
the team's learning goal) and tells the leader where one names a person.

The persons are the ones the workbook itself names — the employees in bilag C, the people in
the plan's Medarbejdere and Ansvar, the leader on the Forside. A text is read as Unicode in
its composed form (NFKC), soft hyphens and zero-width characters taken out, and each person
is found as a whole name in any case, with its words joined by spaces or hyphens ("Anne-Marie"
and "Anne Marie"), and by each capitalised part of two or more letters of it — "Anne",
"Hansen" — in Danish genitive too ("Mettes", "Jensens", "Anne-Maries", "Bo's"). A word written
in lower case in the name ("i" in "Medarbejder i Team B", "de", "von") is never a name on its
own, and a part that is also a Danish word ("Bo", "Holm", "Skov") only where it is written
with its capital, as a name is. A part that is also a word of a team's name ("Hansen" for the
team "Team Hansen") is found only after the first name, never alone. Only the leader's text
passes through here: the tool's own messages never do.
"""

from __future__ import annotations

__all__ = [
    "Scrubber", "is_pseudonym", "normalise", "people_in", "plan_people", "team_words", "name_parts", "possible_names",
    "listed_names_in",
]

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet

from .labels import t
from .models import UnitWorkbook
from .pseudonyms import NOT_NAMES, Pseudonymizer
from .words import available as words_available
from .words import is_danish_word, is_known_name

# Characters that are not seen but split a name for a search: soft hyphen, zero-width space and
# joiners, word joiner, byte-order mark, Mongolian vowel separator.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"), None)
# A letter; a word is letters, joined by an apostrophe or a hyphen.
_L = r"[^\W\d_]"
_WORD = re.compile(rf"{_L}+(?:['’\-‐‑]{_L}+)*")
_JOIN = r"[\s\-‐‑_]+"
_BOUNDARY_BEFORE, _BOUNDARY_AFTER = r"(?<![^\W_])", r"(?![^\W_])"
_GENITIVE = r"(?P<gen>['’]s?|e?s)?"
# Words that join names in a name of their own, or stand before one, in lower case.
_PARTICLES = {"de", "da", "di", "du", "der", "den", "van", "von", "la", "le", "af", "i", "og", "til", "ten", "ter",
              "el", "al", "bin", "ibn", "zu", "dos", "das", "del"}
# Names that are also everyday Danish words the word list may lack in that form.
_EVERYDAY_WORDS = {
    "bo", "per", "skov", "lund", "holm", "dam", "bjerg", "strand", "dal", "mark", "vinter", "sommer",
    "ravn", "krog", "brink", "kok", "ask", "birk", "mose", "bonde", "smed", "fisker", "møller", "hjort",
    "storm", "sol", "ulv", "bak", "vang", "eng", "kær", "vest", "nord", "syd", "øst", "rask", "frost",
}
# Danish endings that make a team's name definite or genitive: Dagteam → Dagteamet(s).
_TEAM_ENDINGS = ("", "s", "et", "ets", "en", "ens", "ene", "enes")
# Where a sentence starts: a capital there is no sign of a name.
_SENTENCE_START = re.compile(r"(?:[.!?:;\n•▪–—-]\s*|\s[-–—]\s+)$")

_BEFORE, _AFTER = t("merge.pseudonym", code="\n").split("\n")
_PSEUDONYM = re.compile(re.escape(_BEFORE) + "[A-Z2-7]{6}" + re.escape(_AFTER))


def is_pseudonym(text: str) -> bool:
    """Whether ``text`` is a pseudonym, and nothing else."""
    return bool(_PSEUDONYM.fullmatch(text.strip()))


def normalise(text: str) -> str:
    """``text`` composed (NFKC: a name pasted decomposed reads as typed) without the invisible
    characters that would split a name."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def team_words(unit: UnitWorkbook) -> frozenset[str]:
    """Casefolded words of the unit's team names (and the unit's own name): never persons alone."""
    words = {w.casefold() for team in unit.teams for w in _WORD.findall(normalise(team))}
    words |= {w.casefold() for w in _WORD.findall(normalise(unit.cover.unit))}
    return frozenset(words)


def _is_team_word(word: str, teams: AbstractSet[str]) -> bool:
    folded = word.casefold()
    return any(folded == team + ending for team in teams for ending in _TEAM_ENDINGS)


def _not_a_name(word: str, teams: AbstractSet[str]) -> bool:
    return word.casefold() in NOT_NAMES or _is_team_word(word, teams)


def name_parts(name: str, teams: AbstractSet[str] = frozenset()) -> list[str]:
    """The parts of a name that stand for the person alone: capitalised words of two or more
    letters (each half of a hyphenated one too), not a team's word nor a word such as
    "Medarbejder"; in a name typed all in lower case, every word that is not a particle.

    >>> name_parts("Anne-Marie de Vries"), name_parts("Medarbejder i Team B", {"team", "b"})
    (['Anne-Marie', 'Anne', 'Marie', 'Vries'], [])
    """
    words = _WORD.findall(normalise(name))
    capitalised = any(w[0].isupper() for w in words)
    parts: list[str] = []
    for word in words:
        pieces = [word, *re.split(r"[\-‐‑]", word)] if re.search(r"[\-‐‑]", word) else [word]
        for piece in pieces:
            if len(piece) < 2 or piece in parts or _not_a_name(piece, teams):
                continue
            if (capitalised and not piece[0].isupper()) or (not capitalised and piece in _PARTICLES):
                continue
            parts.append(piece)
    return parts


def people_in(unit: UnitWorkbook) -> set[str]:
    """Every person the workbook names: full names as written (composed, one space between
    words). A pseudonym is no one's name: a unit disclosed once and read again names nobody new."""
    teams = team_words(unit)
    found: set[str] = set()
    for goal in unit.individual_goals:
        found |= _whole_name(goal.employee, teams)
    for employee in unit.employees:
        found |= _whole_name(employee.name, teams)
    for row in unit.plan:
        found |= _names_in_list(row.employees, teams) | _names_in_list(row.responsible, teams)
    found |= _whole_name(unit.cover.leader, teams)
    return found


def plan_people(unit: UnitWorkbook) -> dict[str, str]:
    """The people the plan's Medarbejdere names, each with the team written after them, where
    one is: in "Hele Team B og Åse, Benny (Team C) og Karl (Team A)" Åse and Benny are in
    Team C (a team in brackets covers the names before it, back to the last "og")."""
    words = team_words(unit)
    canonical = {" ".join(team.split()).casefold(): team for team in unit.teams}
    found: dict[str, str] = {}
    # A plan names the same people on many rows: each text is read once.
    people_of: dict[str, list[tuple[str, str]]] = {}
    for row in unit.plan:
        people = people_of.get(row.employees)
        if people is None:
            people = people_of[row.employees] = _people_with_teams(row.employees, words, canonical)
        for name, team in people:
            if not found.get(name):
                found[name] = team
    return found


def _people_with_teams(text: str, words: frozenset[str], canonical: dict[str, str]) -> list[tuple[str, str]]:
    """``plan_people`` of one Medarbejdere text, in its order: each name and its team, or ""."""
    people = []
    for group in re.split(r"\s+og\s+|;|\n", text):
        m = re.search(r"\(([^()]*)\)", group)
        team = canonical.get(" ".join(m.group(1).split()).casefold(), "") if m else ""
        # A pseudonym (a copy that left a unit, read again) is a person, counted once.
        names = _names_in_list(re.sub(r"\([^()]*\)", " ", group), words, pseudonyms=True)
        people += [(name, team) for name in sorted(names, key=group.find)]
    return people


def _whole_name(text: str, teams: AbstractSet[str]) -> set[str]:
    """A cell that holds one name (an employee, the leader): that name, as written."""
    text = " ".join(_PSEUDONYM.sub(" ", normalise(text)).split())
    return {text} if _WORD.search(text) and (name_parts(text, teams) or not _not_a_name(text, teams)) else set()


@functools.lru_cache(maxsize=4096)  # a plan repeats its lists of people down thousands of rows
def _names_in_list(text: str, teams: frozenset[str], *, pseudonyms: bool = False) -> frozenset[str]:
    """Names in a cell that lists people ("Hele Team B og Åse, Benny (Team C)"): each run of
    capitalised words, less the words before and after it that are no one's name; a team's
    word stays in a name when it follows the first name ("Anne Hansen" beside "Team Hansen").
    A pseudonym is no one's name, unless ``pseudonyms`` asks for the people it stands for."""
    text = normalise(text)
    found = set(_PSEUDONYM.findall(text)) if pseudonyms else set()
    text = _PSEUDONYM.sub(" , ", text)
    for words in _capitalised_runs(text):
        while words and (len(words[0]) < 2 or _not_a_name(words[0], teams)):
            words.pop(0)
        while words and words[-1].casefold() in NOT_NAMES:
            words.pop()
        if words:
            found.add(" ".join(words))
    return frozenset(found)


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words with nothing but spaces between them."""
    return _runs(text, lambda m: m.group(0)[0].isupper())


def _runs(text: str, takes: Callable[[re.Match[str]], bool]) -> list[list[str]]:
    """Runs of the words of ``text`` that ``takes``, with nothing but spaces between them."""
    runs: list[list[str]] = []
    end = -1
    for m in _WORD.finditer(text):
        if not takes(m):
            end = -1
            continue
        if end >= 0 and text[end:m.start()].strip(" \t") == "":
            runs[-1].append(m.group(0))
        else:
            runs.append([m.group(0)])
        end = m.end()
    return runs


def _key(text: str) -> str:
    return " ".join(re.split(_JOIN, text)).casefold()


def _needs_capital(word: str) -> bool:
    """A name of one word that is also a Danish word is a name only with its capital."""
    folded = word.casefold()
    return folded in _EVERYDAY_WORDS or is_danish_word(folded)


def _as_pattern(name: str) -> str:
    """A name as a pattern: its words joined by any run of spaces or hyphens, in any case; a
    one-word name that is also a Danish word only with its capital."""
    words = [w for w in re.split(_JOIN, name) if w]
    if len(words) == 1 and _needs_capital(name):
        return re.escape(name[0].upper()) + "(?i:" + re.escape(name[1:]) + ")"
    return "(?i:" + _JOIN.join(re.escape(w) for w in words) + ")"


class Scrubber:
    """Replaces the persons of one unit in any text: with their pseudonyms where ``pseudonyms``
    is given, else with a neutral word (the unit's own MED-SU sheet)."""

    def __init__(self, unit_name: str, people: Iterable[str], pseudonyms: Pseudonymizer | None,
                 teams: AbstractSet[str] = frozenset()):
        self.unit = unit_name
        self.pseudonyms = pseudonyms
        people = {" ".join(normalise(p).split()) for p in people if p.strip()}
        self.people = people
        code: Callable[[str], str] = (lambda p: pseudonyms.name(unit_name, p)) if pseudonyms else (
            lambda p: t("privacy.someone"))
        replacement = {_key(p): code(p) for p in people}
        # A part alone stands for the one person whose name it is part of; where two people
        # share it, it becomes a neutral word rather than a guess.
        owners: dict[str, set[str]] = {}
        for person in people:
            for part in name_parts(person, teams):
                owners.setdefault(_key(part), set()).add(person)
        parts = {}
        for key, persons in owners.items():
            if key not in replacement:
                parts[key] = code(next(iter(persons))) if len(persons) == 1 else t("privacy.someone")
        self.replacement = {**parts, **replacement}
        spelled = {_key(p): p for p in people}
        spelled_parts = {_key(part): part for person in people for part in name_parts(person, teams)}
        alternatives = [(_as_pattern(spelled[k]), k) for k in replacement]
        alternatives += [(_as_pattern(spelled_parts[k]), k) for k in parts]
        # The longest first: "Anne Marie Hansen" before "Anne Marie" before "Anne".
        alternatives.sort(key=lambda a: len(a[1]), reverse=True)
        self.pattern = re.compile(
            _BOUNDARY_BEFORE + "(?P<name>" + "|".join(p for p, _ in alternatives) + ")" + _GENITIVE + _BOUNDARY_AFTER
        ) if alternatives else None

    def name(self, person: str) -> str:
        """The pseudonym of one person (an employee's name cell)."""
        person = " ".join(normalise(person).split())
        found = self.replacement.get(_key(person))
        if found:
            return found
        return self.pseudonyms.name(self.unit, person) if self.pseudonyms else t("privacy.someone")

    def text(self, text: str) -> str:
        """``text`` with every person of the unit replaced."""
        if not text:
            return text
        text = normalise(text)
        if self.pattern is None:
            return text
        return self.pattern.sub(self._replace, text)

    def _replace(self, m: re.Match[str]) -> str:
        shown = self.replacement.get(_key(m.group("name")), t("privacy.someone"))
        return shown + "'s" if m.group("gen") else shown

    def found(self, text: str) -> list[str]:
        """The persons' names as ``text`` writes them, each once, in order."""
        if not text or self.pattern is None:
            return []
        seen: list[str] = []
        for m in self.pattern.finditer(normalise(text)):
            if m.group(0) not in seen:
                seen.append(m.group(0))
        return seen


def listed_names_in(text: str, scrub: Scrubber) -> list[str]:
    """The unit's persons ``text`` names (as written)."""
    return scrub.found(text)


def possible_names(text: str, scrub: Scrubber, teams: AbstractSet[str]) -> list[str]:
    """Words in ``text`` that look like the name of someone the unit does not list: capitalised
    inside a sentence, not a Danish word, not a team's or the unit's word, not an abbreviation
    (consecutive ones together: "Jens Pedersen"). None where the word list is not at hand."""
    if not words_available():
        return []
    text = scrub.text(_PSEUDONYM.sub(" ", normalise(text))) if scrub.pattern is not None else normalise(text)
    # What stood for a listed person is no word: it neither starts a sentence nor joins a run.
    text = _PSEUDONYM.sub(" 0 ", text.replace(t("privacy.someone"), " 0 "))
    lead = len(text) - len(text.lstrip())

    def starts_sentence(at: int) -> bool:
        return at <= lead or bool(_SENTENCE_START.search(text, max(0, at - 8), at))

    return [" ".join(run) for run in _runs(text, lambda m: _looks_like_a_name(m.group(0), starts_sentence(m.start()),
                                                                               teams))]


def _looks_like_a_name(word: str, starts_sentence: bool, teams: AbstractSet[str]) -> bool:
    if len(word) < 2 or not word[0].isupper() or word.isupper() or not word[1:].replace("-", "").islower():
        return False
    if starts_sentence or _not_a_name(word, teams):
        return False
    forms = {w for w in (word, re.sub(r"(?:['’]s?|s)$", "", word)) if len(w) > 1}
    return any(is_known_name(w) for w in forms) or not any(is_danish_word(w.casefold()) for w in forms)
