"""Progress over time: a snapshot per unit, round, team and profile in SQLite.

Every merge (``merge`` or ``watch``) records, for each unit in it, its levels and gaps and its
plan rows by status, tagged with the round from the unit's Forside (Periode/runde) or, where
that is empty, the date. A unit merged again in the same round replaces its snapshot for that
round, so re-running a merge never counts twice. ``history`` then shows how the gaps moved
from round to round: the effect measurement the concept says is usually missing.
"""

from __future__ import annotations

__all__ = ["SCHEMA", "default_db", "connect", "record", "Point", "History", "load", "chronological"]

import re
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import fmean

from ..core.identity import unit_key
from .orgplan import Level, OrgPlan
from ..core.mus import period_round
from ..core.planning import status_counts

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    output TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS levels (
    unit TEXT NOT NULL,
    round TEXT NOT NULL,
    team TEXT NOT NULL,
    profile TEXT NOT NULL,
    profile_id TEXT,
    profile_text TEXT NOT NULL,
    desired INTEGER,
    actual INTEGER,
    gap INTEGER,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    PRIMARY KEY (unit, round, team, profile)
);
CREATE TABLE IF NOT EXISTS plan_status (
    unit TEXT NOT NULL,
    round TEXT NOT NULL,
    status TEXT NOT NULL,
    rows INTEGER NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    PRIMARY KEY (unit, round, status)
);
CREATE TABLE IF NOT EXISTS rounds (
    unit TEXT NOT NULL,
    round TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (unit, round)
);
"""


def default_db(output: Path) -> Path:
    """The history beside the organisation workbook: ``organisation-historik.sqlite``."""
    return output.with_name(f"{output.stem}-historik.sqlite")


def connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, timeout=30)
    con.execute("PRAGMA journal_mode=WAL")  # a reader (history) never blocks the watcher
    con.executescript(SCHEMA)
    return con


def record(db: Path, org: OrgPlan, *, kind: str, output: Path, at: datetime | None = None) -> int:
    """Store a snapshot of every unit in ``org``; returns the run's id. ``org`` must be
    made of disclosed inputs (``merge.disclosed``): the history keeps no personal data."""
    if org.disclosure is None:
        raise ValueError("the organisation plan must be disclosed before it is recorded")
    at_text = (at or datetime.now()).isoformat(timespec="seconds")
    profiles = {p.key: p for p in org.profiles}
    by_unit: dict[str, list[Level]] = defaultdict(list)
    for lv in org.levels:
        by_unit[lv.unit].append(lv)
    with closing(connect(db)) as con, con:
        run = con.execute("INSERT INTO runs (at, kind, output) VALUES (?, ?, ?)", (at_text, kind, str(output))).lastrowid
        assert run is not None  # an INSERT sets it
        spelt = _spellings(con)
        for shown, unit in org.units:
            # One unit, one name in the history however this merge's Forside spells it: the
            # name it was first recorded under. Every spelling's snapshot of this round gives
            # way to the new one, so a unit is never counted twice.
            key = unit_key(shown)
            name = spelt.setdefault(key, [shown])[0]
            round_ = unit.cover.period.strip() or org.today.isoformat()
            for old in spelt[key]:
                con.execute("DELETE FROM levels WHERE unit = ? AND round = ?", (old, round_))
                con.execute("DELETE FROM plan_status WHERE unit = ? AND round = ?", (old, round_))
            con.execute("INSERT OR IGNORE INTO rounds (unit, round, first_seen) VALUES (?, ?, ?)", (name, round_, at_text))
            con.executemany(
                "INSERT INTO levels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(name, round_, lv.team, lv.key, profiles[lv.key].id, profiles[lv.key].text, lv.desired, lv.actual,
                  lv.gap, run) for lv in by_unit.get(shown, [])],
            )
            # The unit's own plan, read as the unit is: a merge's units are not all held at once.
            con.executemany("INSERT INTO plan_status VALUES (?, ?, ?, ?, ?)",
                            [(name, round_, status, n, run) for status, n in status_counts(unit.plan).items()])
        return run


def _spellings(con: sqlite3.Connection) -> dict[str, list[str]]:
    """Every unit's names in the history by ``unit_key``, the first recorded first."""
    spelt: dict[str, list[str]] = {}
    for (name,) in con.execute("SELECT unit FROM rounds GROUP BY unit ORDER BY MIN(first_seen), MIN(rowid)"):
        spelt.setdefault(unit_key(name), []).append(name)
    return spelt


@dataclass(frozen=True)
class Point:
    profile: str
    profile_id: str | None
    text: str
    round: str
    mean_gap: float | None
    assessed: int
    gap2: int


@dataclass
class History:
    rounds: list[str]
    profiles: list[tuple[str, str | None, str]]  # key, id, text
    points: dict[tuple[str, str], Point]

    def series(self, key: str) -> list[float | None]:
        return [self.points[(key, r)].mean_gap if (key, r) in self.points else None for r in self.rounds]


def load(db: Path, units: list[str] | None = None) -> History:
    """Mean gap per profile and round, over the units asked for (all by default)."""
    if not db.exists():
        return History([], [], {})
    with closing(connect(db)) as con:
        where, args = "", []
        if units:
            # The units asked for in any spelling of their names.
            wanted = {unit_key(u) for u in units}
            args = [name for names in _spellings(con).values() for name in names if unit_key(name) in wanted] or [""]
            where = f"WHERE unit IN ({','.join('?' * len(args))})"
        seen = [r for (r,) in con.execute(
            f"SELECT round FROM rounds {where} GROUP BY round ORDER BY MIN(first_seen), round", args)]
        rows = con.execute(f"SELECT profile, profile_id, profile_text, round, gap FROM levels {where}", args).fetchall()
    gaps: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[str, tuple[str | None, str]] = {}
    for profile, pid, text, round_, gap in rows:
        names.setdefault(profile, (pid, text))
        values = gaps[(profile, round_)]  # a round with no levels yet still has its point
        if gap is not None:
            values.append(gap)
    points = {}
    for (profile, round_), values in gaps.items():
        pid, text = names[profile]
        points[(profile, round_)] = Point(profile, pid, text, round_, round(fmean(values), 2) if values else None,
                                          len(values), sum(1 for g in values if g >= 2))
    order = sorted(names, key=lambda k: _natural(names[k][0] or names[k][1]))
    return History(chronological(seen), [(k, *names[k]) for k in order], points)


def chronological(rounds: list[str]) -> list[str]:
    """Rounds by the days their period names (``core.mus.period_round``), earliest first: the
    order they were merged in says nothing, as a unit's old round may come in late. Rounds that
    name no year come after them, in the order ``rounds`` has them."""
    def key(i: int) -> tuple:
        span = period_round(rounds[i])
        return (0, span.start, span.end, i) if span else (1, i)

    return [rounds[i] for i in sorted(range(len(rounds)), key=key)]


def _natural(label: str) -> tuple:
    m = re.fullmatch(r"([A-Za-z]*)(\d+)", label or "")
    return (0, m.group(1), int(m.group(2))) if m else (1, label, 0)
