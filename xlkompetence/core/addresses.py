"""E-mail addresses and HR's employee list: the addresses one cell holds, the address book that
gives an employee's address by her name (and team and unit, where two people share a name), and
the employee list (name, unit, team, employment start and end, e-mail) the roll-out puts on each
unit's sheet Medarbejdere. Pure.

HR's list of the round may give each leader's address (column *E-mail*); an address list of
employees — a payroll export or a sheet the leader keeps, with *Navn*, *Team* and *E-mail* —
gives the employees'. A cell may hold several addresses (``a@x.dk; b@x.dk``) and names with
them (``Anne Holm <anne@x.dk>``). An address that cannot be used is reported at its cell and
left out: nobody is mailed at a guess.
"""

from __future__ import annotations

__all__ = ["parse_addresses", "AddressEntry", "AddressBook", "read_address_book", "has_address_header",
           "EmployeeEntry", "EmployeeList", "read_employee_list", "has_employee_header"]

import re
from dataclasses import dataclass, field
from datetime import date
from email.utils import getaddresses
from typing import Any

from .cells import ref
from .findings import Code, Finding, finding
from .grid import is_blank
from .identity import unit_key
from .dates import parse_date
from .labels import ADDRESS_HEADERS, count
from .models import Employee
from .parsing import ValueProblem, normalise_text
from .schema import EMPLOYEE_ACTIVE, EMPLOYEE_ENDED

# Rows searched for the header: room for a title and a note above it.
HEADER_SCAN_ROWS = 10
# local@domain.tld: what a mail server takes; no spaces, one @, a dot in the domain.
_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")


def parse_addresses(text: str) -> tuple[tuple[str, ...], list[str]]:
    """The addresses in ``text`` (each once, in their order) and the parts that are none.

    >>> parse_addresses("Anne Holm <anne.holm@kommune.dk>; bo@kommune.dk")
    (('anne.holm@kommune.dk', 'bo@kommune.dk'), [])
    >>> parse_addresses("anne.holm(at)kommune.dk")
    ((), ['anne.holm(at)kommune.dk'])
    >>> parse_addresses("")
    ((), [])
    """
    parts = [p.strip() for p in re.split(r"[;\n\r\t]", text or "") if p.strip()]
    found: list[str] = []
    bad: list[str] = []
    for part in parts:
        pairs = getaddresses([part])
        addresses = [address for _, address in pairs]
        if not addresses or not all(_ADDRESS.match(a) for a in addresses):
            bad.append(part)
            continue
        found += [a for a in addresses if a.casefold() not in {f.casefold() for f in found}]
    return tuple(found), bad


@dataclass(frozen=True)
class AddressEntry:
    """One person on an address list; ``row`` is her row in the list."""

    row: int
    name: str
    email: str
    team: str = ""
    unit: str = ""


@dataclass
class AddressBook:
    """Employees' addresses by name. Two rows with one name and different addresses in the
    same team and unit give no address for either: which is meant is a guess."""

    entries: list[AddressEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def from_mapping(cls, addresses: dict[str, str]) -> AddressBook:
        """A book from name → address (what any employee list can give).

        >>> AddressBook.from_mapping({"Pia Holm": "pia@kommune.dk"}).lookup("PIA  HOLM")
        'pia@kommune.dk'
        """
        return cls([AddressEntry(0, name, email) for name, email in addresses.items()])

    def lookup(self, name: str, team: str = "", unit: str = "") -> str | None:
        """The address of ``name`` (of ``team`` in ``unit``, where the list says), or None."""
        key = normalise_text(name)
        mine = [e for e in self.entries if normalise_text(e.name) == key
                and (not e.unit or not unit or unit_key(e.unit) == unit_key(unit))]
        if team and len(mine) > 1:
            same_team = [e for e in mine if normalise_text(e.team) == normalise_text(team)]
            mine = same_team or mine
        addresses = {e.email.casefold() for e in mine}
        return mine[0].email if len(addresses) == 1 else None


def read_address_book(rows: list[list[Any]], *, file: str = "", sheet: str | None = None) -> AddressBook:
    """The people in ``rows`` (a sheet's cells, first row first) with a usable address; what is
    wrong with the rest is a finding at its cell."""
    book = AddressBook()
    header_row, cols = _find_header(rows)
    if header_row is None:
        book.findings.append(finding(Code.ADDRESS_NO_HEADER, file=file, sheet=sheet, name=ADDRESS_HEADERS["name"][0],
                                     email=ADDRESS_HEADERS["email"][0], rows=count(HEADER_SCAN_ROWS, "row")))
        return book
    seen: dict[tuple[str, str, str], AddressEntry] = {}
    for row in range(header_row + 1, len(rows) + 1):
        line = rows[row - 1]

        def cell(cid: str) -> str:
            c = cols.get(cid)
            value = line[c - 1] if c and c - 1 < len(line) else None
            return "" if is_blank(value) else " ".join(str(value).split())

        name, text = cell("name"), cell("email")
        if not name or not text:
            continue
        addresses, bad = parse_addresses(text)
        if bad or len(addresses) != 1:
            book.findings.append(finding(Code.ADDRESS_EMAIL_INVALID, file=file, sheet=sheet,
                                         cell=ref(row, cols["email"]), value=text))
            continue
        entry = AddressEntry(row, name, addresses[0], cell("team"), cell("unit"))
        key = (normalise_text(name), normalise_text(entry.team), unit_key(entry.unit))
        first = seen.setdefault(key, entry)
        if first is not entry and first.email.casefold() != entry.email.casefold():
            book.findings.append(finding(Code.ADDRESS_TWICE, file=file, sheet=sheet, cell=ref(row, cols["name"]),
                                         name=name, other=first.row))
        book.entries.append(entry)
    return book


def has_address_header(rows: list[list[Any]]) -> bool:
    """Whether ``rows`` (a sheet) has an address list's header near its top."""
    return _find_header(rows)[0] is not None


def _find_header(rows: list[list[Any]], needed: tuple[str, ...] = ("name", "email")) -> tuple[int | None, dict[str, int]]:
    """The first row among the first few with the ``needed`` headers (a name may stand as a
    first and a last name apart), and each column's place."""
    names = {cid: {normalise_text(h) for h in headers} for cid, headers in ADDRESS_HEADERS.items()}
    for row in range(1, min(len(rows), HEADER_SCAN_ROWS) + 1):
        cols: dict[str, int] = {}
        for col, value in enumerate(rows[row - 1], start=1):
            text = "" if is_blank(value) else normalise_text(value)
            cid = next((c for c, words in names.items() if text in words and c not in cols), None)
            if cid is not None:
                cols[cid] = col
        has = set(cols) | ({"name"} if {"first_name", "last_name"} <= set(cols) else set())
        if all(n in has for n in needed):
            return row, cols
    return None, {}


@dataclass(frozen=True)
class EmployeeEntry:
    """One person on HR's employee list; ``row`` is her row in the list."""

    row: int
    name: str
    unit: str
    team: str = ""
    start: date | None = None
    email: str = ""
    ended: bool = False


@dataclass
class EmployeeList:
    """HR's employee list as read: the people that can be placed, and what is wrong with the rest."""

    entries: list[EmployeeEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    file: str = ""
    sheet: str | None = None
    # Where each column stands (for findings made later, at a person's cell).
    cols: dict[str, int] = field(default_factory=dict)

    def of_unit(self, unit: str) -> list[EmployeeEntry]:
        key = unit_key(unit)
        return [e for e in self.entries if unit_key(e.unit) == key]

    def address_book(self) -> AddressBook:
        """The employees' addresses, for the mail to each one."""
        return AddressBook([AddressEntry(e.row, e.name, e.email, e.team, e.unit) for e in self.entries if e.email])

    def place(self, unit: str, teams: tuple[str, ...] | list[str]) -> list[Employee]:
        """The unit's people as its sheet Medarbejdere lists them, teams spelt as the unit's; a
        team the unit does not have is a finding, and the person comes without one for the
        leader to choose."""
        known = {normalise_text(team): team for team in teams}
        placed = []
        for e in self.of_unit(unit):
            team = known.get(normalise_text(e.team), "")
            if e.team and not team:
                self.report(Code.EMPLOYEES_TEAM_UNKNOWN, e.row, "team", value=e.team, unit=unit,
                            teams=", ".join(teams), name=e.name)
            placed.append(Employee(name=e.name, team=team, start=e.start, email=e.email,
                                   status=EMPLOYEE_ENDED if e.ended else EMPLOYEE_ACTIVE))
        return placed

    def report(self, code: Code, row: int, column: str, **params: Any) -> None:
        """A finding at the person's cell in ``column`` (at her name where the list has no such column)."""
        col = self.cols.get(column) or self.cols.get("name") or self.cols.get("first_name")
        self.findings.append(finding(code, file=self.file, sheet=self.sheet, cell=ref(row, col) if col else None,
                                     **params))


def has_employee_header(rows: list[list[Any]]) -> bool:
    """Whether ``rows`` (a sheet) has an employee list's header near its top."""
    return _find_header(rows, ("name", "unit"))[0] is not None


def read_employee_list(rows: list[list[Any]], *, file: str = "", sheet: str | None = None) -> EmployeeList:
    """The people in ``rows`` (a payroll export's cells, first row first); what cannot be used is
    a finding at its cell. A list without a name or a unit column places nobody (an error); a
    missing team column is said once, and the leaders choose the teams."""
    header_row, cols = _find_header(rows, ("name", "unit"))
    result = EmployeeList(file=file, sheet=sheet, cols=cols)
    if header_row is None:
        result.findings.append(finding(Code.EMPLOYEES_NO_HEADER, file=file, sheet=sheet,
                                       name=ADDRESS_HEADERS["name"][0], unit=ADDRESS_HEADERS["unit"][0],
                                       rows=count(HEADER_SCAN_ROWS, "row")))
        return result
    if "team" not in cols:
        result.findings.append(finding(Code.EMPLOYEES_COLUMN_MISSING, file=file, sheet=sheet,
                                       column=ADDRESS_HEADERS["team"][0]))
    seen: dict[tuple[str, str, str], int] = {}
    for row in range(header_row + 1, len(rows) + 1):
        entry = _employee(result, row, rows[row - 1])
        if entry is None:
            continue
        key = (normalise_text(entry.name), unit_key(entry.unit), normalise_text(entry.team))
        if key in seen:
            result.report(Code.EMPLOYEES_TWICE, row, "name", name=entry.name, other=seen[key])
            continue
        seen[key] = row
        result.entries.append(entry)
    return result


def _employee(result: EmployeeList, row: int, line: list[Any]) -> EmployeeEntry | None:
    """The person on one row of the list (None for a blank row or one that places nobody)."""
    cols = result.cols

    def raw(cid: str) -> Any:
        c = cols.get(cid)
        return line[c - 1] if c and c - 1 < len(line) else None

    def text(cid: str) -> str:
        value = raw(cid)
        return "" if is_blank(value) else " ".join(str(value).split())

    if all(is_blank(raw(c)) for c in cols):
        return None
    name = text("name") or " ".join(x for x in (text("first_name"), text("last_name")) if x)
    if not name:
        result.report(Code.EMPLOYEES_NAME_MISSING, row, "name")
        return None
    unit = text("unit")
    if not unit:
        result.report(Code.EMPLOYEES_UNIT_MISSING, row, "unit", name=name)
        return None
    team = text("team")
    if not team and "team" in cols:
        result.report(Code.EMPLOYEES_TEAM_MISSING, row, "team", name=name)
    start, end = _employee_date(result, row, "start", raw("start")), _employee_date(result, row, "end", raw("end"))
    email = ""
    if text("email"):
        addresses, bad = parse_addresses(text("email"))
        if bad or len(addresses) != 1:
            result.report(Code.EMPLOYEES_EMAIL_INVALID, row, "email", value=text("email"))
        else:
            email = addresses[0]
    return EmployeeEntry(row, name, unit, team, start, email, ended=end is not None)


def _employee_date(result: EmployeeList, row: int, column: str, raw: Any) -> date | None:
    try:
        return parse_date(raw)
    except ValueProblem:
        result.report(Code.EMPLOYEES_DATE_INVALID, row, column, value=raw)
        return None
