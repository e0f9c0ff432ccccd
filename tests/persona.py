"""Where a leader types, found in a real workbook by its own labels, and what leaders of
different kinds type there: the cells of a round replayed.

A ``Layout`` reads a unit workbook once (calamine) and answers "which cell is Dagteam's
actual level of the second profile?" from the headers and labels on its sheets, as a person
finds them: no row or column number of the template is written into the tests.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from python_calamine import CalamineWorkbook

from xlkompetence.core.cells import ref

A, B, C, D, E, F = ("Mål og kompetenceprofil", "Kompetencebehov", "Individuelle læringsmål",
                    "Plan for kompetenceudvikling", "Forankring", "Forside")
# The first header of each table: the row it stands in is the table's header row.
FIRST_HEADER = {A: "Nr.", B: "Nr.", C: "Medarbejder", D: "Medarbejdere", E: "Kompetencebehov/formål"}

Cells = dict[str, dict[str, object]]


def fold(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).casefold().split())


class Layout:
    """The cells of one unit workbook, by label."""

    def __init__(self, path: Path):
        book = CalamineWorkbook.from_path(str(path))
        self.rows = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}

    def _row_where(self, sheet: str, col: int, label: str, after: int = 0) -> int:
        for i, row in enumerate(self.rows[sheet], start=1):
            if i > after and len(row) >= col and fold(row[col - 1]) == fold(label):
                return i
        raise KeyError(f"{sheet}: {label}")

    def header_row(self, sheet: str) -> int:
        return self._row_where(sheet, 1, FIRST_HEADER[sheet])

    def col(self, sheet: str, header: str) -> int:
        """The column whose header is ``header`` (or begins with it: "Dagteam: Ønsket niveau")."""
        row = self.rows[sheet][self.header_row(sheet) - 1]
        for c, value in enumerate(row, start=1):
            if fold(value) == fold(header):
                return c
        for c, value in enumerate(row, start=1):
            if fold(value).startswith(fold(header)):
                return c
        raise KeyError(f"{sheet}: {header}")

    def cell(self, sheet: str, header: str, n: int = 0) -> str:
        """The cell under ``header`` in the table's ``n``-th data row (0 is the first)."""
        return ref(self.header_row(sheet) + 1 + n, self.col(sheet, header))

    def level(self, team: str, which: str, n: int) -> str:
        """Kompetencebehov: ``which`` ("Ønsket", "Reelt") of ``team`` in the ``n``-th profile row."""
        return self.cell(B, f"{team}: {which} niveau", n)

    def team_cell(self, team: str, label: str) -> str:
        """Kompetencebehov: the row ``label`` ("Teamets læringsmål", "Drøftet på TUS (dato)") in
        ``team``'s columns above the table."""
        row = self._row_where(B, 1, label)
        return ref(row, self.col(B, f"{team}: Ønsket niveau"))

    def cover(self, label: str) -> str:
        return ref(self._row_where(F, 1, label), 2)

    def team_form(self, team: str) -> str:
        """The Forside's Samtaleform i runden beside the team's size."""
        return "C" + self.team_size(team)[1:]

    def person(self, name: str) -> int:
        """Individuelle læringsmål: the row the roll-out wrote for the employee ``name``, from 0."""
        return self._row_where(C, 1, name, after=self.header_row(C)) - self.header_row(C) - 1

    def team_size(self, team: str) -> str:
        start = self._row_where(F, 1, "Antal medarbejdere pr. team")
        return ref(self._row_where(F, 1, f"Antal medarbejdere – {team}", after=start), 2)

    def labelled(self, sheet: str, label: str, column: int = 2) -> str:
        """The cell beside the label ``label`` in the first column (the MED record on MED-SU)."""
        return ref(self._row_where(sheet, 1, label), column)

    def wheel(self, event: str, column: int = 2) -> str:
        """The year wheel's row of ``event``: its date (2), Udført (3) or Status (4)."""
        return ref(self._row_where(F, 1, event), column)

    def value(self, sheet: str, cell: str) -> object:
        from xlkompetence.core.cells import parse_ref

        r, c = parse_ref(cell)
        rows = self.rows[sheet]
        return rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else None


def merged(*parts: Mapping[str, Mapping[str, object]]) -> Cells:
    out: Cells = {}
    for part in parts:
        for sheet, cells in part.items():
            out.setdefault(sheet, {}).update(cells)
    return out


# -- what leaders type ------------------------------------------------------------------------

def profiles(layout: Layout, rows: list[tuple[str, str, str, str]]) -> Cells:
    """Sheet A: (Nr., Strategi, Mål, Kompetenceprofil) per row, below what is there."""
    start = sum(1 for r in layout.rows[A][layout.header_row(A):] if any(v not in ("", None) for v in r))
    cells: dict[str, object] = {}
    for n, (pid, strategy, goal, text) in enumerate(rows, start=start):
        for header, value in (("Nr.", pid), ("Strategi", strategy), ("Mål", goal), ("Kompetenceprofil", text)):
            if value:
                cells[layout.cell(A, header, n)] = value
    return {A: cells}


def levels(layout: Layout, rows: list[tuple[str, dict[str, tuple[object, object]]]]) -> Cells:
    """Sheet B: per profile row, its Nr. and per team (desired, actual); None leaves a cell."""
    cells: dict[str, object] = {}
    for n, (pid, teams) in enumerate(rows):
        cells[layout.cell(B, "Nr.", n)] = pid
        for team, (desired, actual) in teams.items():
            if desired is not None:
                cells[layout.level(team, "Ønsket", n)] = desired
            if actual is not None:
                cells[layout.level(team, "Reelt", n)] = actual
    return {B: cells}


def plan(layout: Layout, rows: list[dict[str, object]]) -> Cells:
    """Sheet D: one dict of header → value per row."""
    return {D: {layout.cell(D, header, n): value for n, row in enumerate(rows) for header, value in row.items()}}


def individual(layout: Layout, rows: list[dict[str, object]]) -> Cells:
    return {C: {layout.cell(C, header, n): value for n, row in enumerate(rows) for header, value in row.items()}}


def individual_of(layout: Layout, rows: dict[str, dict[str, object]]) -> Cells:
    """Sheet C typed into each employee's own row (the roll-out wrote one for everyone on HR's list)."""
    return {C: {layout.cell(C, header, layout.person(name)): value for name, row in rows.items()
                for header, value in row.items()}}


def anchoring(layout: Layout, rows: list[dict[str, object]]) -> Cells:
    return {E: {layout.cell(E, header, n): value for n, row in enumerate(rows) for header, value in row.items()}}


def wheel_dates(layout: Layout, dates: dict[str, date], done: tuple[str, ...] = ()) -> Cells:
    cells: dict[str, object] = {layout.wheel(event): when for event, when in dates.items()}
    cells.update({layout.wheel(event, 3): "Ja" for event in done})
    return {F: cells}


# -- the careful leader's round with four teams, written twice (suggestions and derived columns) --

CAREFUL_TEAMS = {"Dagteam": 10, "Aftenteam": 8, "Weekendteam": 6, "Ledergruppen": 3}
CAREFUL_PROFILES = [(f"K{i}", text) for i, text in enumerate((
    "Vi skal kunne føre motiverende samtaler (MI).",
    "Vi skal kunne inddrage borgerens netværk.",
    "Vi skal kunne arbejde recoveryorienteret.",
    "Vi skal kunne dokumentere i det nye system.",
    "Vi skal kunne forebygge og håndtere konflikter.",
    "Vi skal kunne lede faglig sparring."), start=1)]
# (desired, actual) per team and profile; Prioritet per profile for each team with a gap (template
# 5 asks it per team), and Begrundelse once, beside the first of them.
CAREFUL_LEVELS = [
    ("K1", {"Dagteam": (5, 3), "Aftenteam": (4, 3), "Weekendteam": (4, 2), "Ledergruppen": (4, 4)}),
    ("K2", {"Dagteam": (4, 2), "Aftenteam": (4, 2), "Weekendteam": (3, 3), "Ledergruppen": (3, 3)}),
    ("K3", {"Dagteam": (4, 4), "Aftenteam": (4, 3), "Weekendteam": (4, 2), "Ledergruppen": (4, 4)}),
    ("K4", {"Dagteam": (4, 2), "Aftenteam": (4, 2), "Weekendteam": (4, 2), "Ledergruppen": (3, 3)}),
    ("K5", {"Dagteam": (3, 3), "Aftenteam": (3, 3), "Weekendteam": (5, 3), "Ledergruppen": (4, 3)}),
    ("K6", {"Dagteam": (3, 3), "Aftenteam": (3, 3), "Weekendteam": (3, 3), "Ledergruppen": (5, 3)}),
]
CAREFUL_DECISIONS = {"K1": ("Kort sigt", ""), "K2": ("Kort sigt", ""), "K4": ("Længere sigt", "Systemet kommer i 2027."),
                     "K5": ("Kort sigt", ""), "K6": ("Ikke nu", "Ledergruppen har sparring i netværket.")}
CAREFUL_GOALS = {"Dagteam": "Vi vil føre åbne samtaler med MI.", "Aftenteam": "Vi vil bruge netværket omkring borgeren.",
                 "Weekendteam": "Vi vil forebygge konflikter i weekenden.", "Ledergruppen": "Vi vil lede fagligt."}
_APPENDIX = ("Medarbejdere", "Kompetencebehov", "Læringsaktivitet", "Opfølgningsaktivitet", "Læringsmål", "Tidsplan",
             "Ansvar", "Succeskriterier og evaluering", "Ressourceforbrug", "Status")


def _row(employees: str, need: str, activity: str, timeline: str, resources: str, status: str, **more: str) -> dict:
    return {"Medarbejdere": employees, "Kompetencebehov": need, "Læringsaktivitet": activity, "Tidsplan": timeline,
            "Ansvar": "Anne Holm", "Ressourceforbrug": resources, "Status": status,
            "Opfølgningsaktivitet": more.get("follow_up", "Erfaringer på teammødet"),
            "Læringsmål": more.get("goal", "Vi bruger det lærte i hverdagen"),
            "Succeskriterier og evaluering": more.get("success", "Drøftet på TUS")}


# The leader's own four rows; then the three rows the suggestions make (the same text either way).
CAREFUL_OWN = [
    _row("Alle medarbejdere og ledelsen", "K1", "Temadag om MI", "marts 2026", "6 timer pr. medarbejder", "Gennemført"),
    _row("Hele Aftenteam", "K2", "Sidemandsoplæring i netværksmøder", "2026", "2 timer pr. medarbejder", "Gennemført"),
    _row("Hele Weekendteam", "K5", "Kursus i konflikthåndtering", "maj 2026", "2 dage pr. medarbejder", "I gang"),
    _row("Hele Dagteam", "K3", "Kollegial supervision om recovery", "2026", "1 time pr. medarbejder", "I gang"),
]
CAREFUL_SUGGESTED = [
    _row("Hele Dagteam", "K2", "Sidemandsoplæring i K2 ved en kollega i Bostøtten Nord, der kan oplære andre",
         "2026", "4 timer pr. medarbejder", "Ikke startet"),
    _row("Hele Weekendteam", "K3", "Kursus i K3", "2026", "14,8 timer pr. medarbejder", "Ikke startet"),
    _row("Hele Ledergruppen", "K5", "Kursus i K5", "2026", "14,8 timer pr. medarbejder", "Ikke startet"),
]
CAREFUL_INDIVIDUAL = [
    {"Medarbejder": name, "Team": team, "Teamets læringsmål": CAREFUL_GOALS[team], "Personlige læringsmål": goal,
     "Læringsaktiviteter": activity, "Aktivitetsspecifikke læringsmål": "Bruge det i to samtaler om ugen",
     "Aftalt ved MUS/PUS (dato)": when}
    for name, team, goal, activity, when in (
        ("Pia Holm", "Dagteam", "Blive tryg i MI-samtaler", "Temadag om MI", date(2026, 9, 15)),
        ("Ole Berg", "Aftenteam", "Lede netværksmøder", "Sidemandsoplæring", date(2026, 10, 1)),
        ("Sara Lund", "Weekendteam", "Nedtrappe konflikter", "Kursus", date(2026, 10, 8)))]
CAREFUL_ANCHORING = [
    {"Kompetencebehov/formål": purpose, "Fungerer": works, "Bekymrer": worries, "Aftaler/løsninger": agreed,
     "Næste opfølgning": when, "Profilnr.": pid}
    for purpose, works, worries, agreed, when, pid in (
        ("MI i hverdagen", "Samtalerne er roligere", "Nye kolleger", "MI på hvert teammøde", date(2027, 1, 15), "K1"),
        ("Netværksmøder", "Flere netværksmøder", "Tiden", "Et møde pr. borger pr. kvartal", date(2027, 2, 1), "K2"))]


def careful_needs(layout: Layout) -> Cells:
    """Kompetencebehov as the careful leader fills it: levels, priorities, reasons, team goals."""
    cells = levels(layout, CAREFUL_LEVELS)
    for n, (pid, _) in enumerate(CAREFUL_LEVELS):
        cells[B].pop(layout.cell(B, "Nr.", n))  # the numbers come with the workbook
        priority, reason = CAREFUL_DECISIONS.get(pid, ("", ""))
        gapped = [team for team, (desired, actual) in dict(CAREFUL_LEVELS)[pid].items() if desired > actual]
        for i, team in enumerate(gapped if priority else ()):
            cells[B][layout.cell(B, f"{team}: Prioritet", n)] = priority
            if reason and i == 0:
                cells[B][layout.cell(B, f"{team}: Begrundelse", n)] = reason
    cells[B].update({layout.team_cell(team, "Teamets læringsmål"): goal for team, goal in CAREFUL_GOALS.items()})
    return merged(cells, individual(layout, CAREFUL_INDIVIDUAL), anchoring(layout, CAREFUL_ANCHORING))


def careful_plan_rows(rows: list[dict], *, every_column: bool, hours: list[float] = (),
                      forms: list[str] = (), phases: list[str] = ()) -> list[dict]:
    """The plan rows as typed: the appendix's ten columns, or (``every_column``) all fifteen, with
    Fase, Læringsform and the 30-30-40 split typed by hand (``hours`` and ``forms`` per row)."""
    typed = []
    for i, row in enumerate(rows):
        line = {k: row[k] for k in _APPENDIX}
        if every_column:
            before, during = round(hours[i] * 0.3, 2), round(hours[i] * 0.3, 2)
            after = round(hours[i] - before - during, 4)
            line.update({"Fase": phases[i], "Læringsform": forms[i],
                         **{f"Indsats {p}": f"{h:g} timer".replace(".", ",")
                            for p, h in zip(("før", "under", "efter"), (before, during, after))}})
        typed.append(line)
    return typed
