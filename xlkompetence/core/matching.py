"""Match competence profiles across units. Pure.

Profiles are matched by their number (``Nr.``) first, then by normalised text. Texts that
look alike but differ (a typo, an extra word) are reported, never silently merged or split:

- same number, same text → one profile;
- same number, a similar text (a typo) → one profile (the number decides), reported;
- same number, a different text → two profiles (the number means different things in
  different units), reported;
- no number, same normalised text → one profile;
- no number or another number, a similar text → kept apart, reported.
"""

from __future__ import annotations

__all__ = ["SIMILAR", "OrgProfile", "Conflict", "Matcher", "sort_key"]

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from .findings import Code
from .parsing import normalise_text

SIMILAR = 0.85


@dataclass
class OrgProfile:
    """One row of the organisation's competence matrix."""

    key: str
    id: str | None
    texts: Counter = field(default_factory=Counter)
    strategies: Counter = field(default_factory=Counter)
    goals: Counter = field(default_factory=Counter)
    units: list[str] = field(default_factory=list)
    # The units already listed: a profile a thousand units share is not searched for each.
    _listed: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def text(self) -> str:
        return _most_common(self.texts)

    @property
    def strategy(self) -> str:
        return _most_common(self.strategies)

    @property
    def goal(self) -> str:
        return _most_common(self.goals)

    @property
    def label(self) -> str:
        return self.id or self.text[:40]


def _most_common(counter: Counter) -> str:
    # Ties go to the text seen first (a Counter keeps insertion order), whatever the hash order.
    best, best_n = "", 0
    for key, n in counter.items():
        if n > best_n:
            best, best_n = key, n
    return best


@dataclass(frozen=True)
class Conflict:
    """Two profiles that look alike but were not (or were only by number) matched."""

    code: Code
    profile: str
    other: str
    units: tuple[str, ...]
    detail: str


@dataclass
class Matcher:
    profiles: dict[str, OrgProfile] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def add(self, unit: str, pid: str | None, text: str, strategy: str = "", goal: str = "") -> str:
        """Place one unit's profile; returns the organisation key its levels go under."""
        norm = normalise_text(text)
        key = self._key(unit, pid, text, norm)
        profile = self.profiles.get(key)
        if profile is None:
            profile = self.profiles[key] = OrgProfile(key=key, id=pid)
        profile.texts[text] += 1
        if strategy:
            profile.strategies[strategy] += 1
        if goal:
            profile.goals[goal] += 1
        if unit not in profile._listed:
            profile._listed.add(unit)
            profile.units.append(unit)
        return key

    def _key(self, unit: str, pid: str | None, text: str, norm: str) -> str:
        if pid:
            key = f"id:{pid.casefold()}"
            existing = self.profiles.get(key)
            if existing is None:
                return key
            known = normalise_text(existing.text)
            if known == norm:
                return key
            ratio = _ratio(known, norm)
            if ratio >= SIMILAR:
                self.conflicts.append(Conflict(Code.MERGE_PROFILE_TEXT_DIFFERS, pid, existing.text,
                                               (unit, *existing.units), text))
                return key
            # The same number for something else: this unit's profile gets a row of its own.
            self.conflicts.append(Conflict(Code.MERGE_PROFILE_ID_CONFLICT, pid, existing.text,
                                           (unit, *existing.units), text))
            return f"id:{pid.casefold()}@{unit}"
        key = f"text:{norm}"
        if key not in self.profiles:
            for other in self.profiles.values():
                known = normalise_text(other.text)
                if _ratio(known, norm) >= SIMILAR:
                    self.conflicts.append(Conflict(Code.MERGE_PROFILES_LOOK_ALIKE, text[:60], other.text,
                                                   (unit, *other.units), other.label))
                    break
        return key


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def sort_key(profile: OrgProfile) -> tuple:
    """K1, K2, …, K10 in number order, then other numbers, then profiles without one."""
    if profile.id:
        m = re.fullmatch(r"([A-Za-z]*)(\d+)", profile.id.strip())
        if m:
            return (0, m.group(1).upper(), int(m.group(2)), profile.key)
        return (1, profile.id.casefold(), 0, profile.key)
    return (2, normalise_text(profile.text), 0, profile.key)
