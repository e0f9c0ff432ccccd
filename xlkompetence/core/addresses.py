"""E-mail addresses: the addresses one cell holds, and the address book that gives an employee's
address by her name (and team and unit, where two people share a name). Pure.

HR's list of the round may give each leader's address (column *E-mail*); an address list of
employees — a payroll export or a sheet the leader keeps, with *Navn*, *Team* and *E-mail* —
gives the employees'. A cell may hold several addresses (``a@x.dk; b@x.dk``) and names with
them (``Anne Holm <anne@x.dk>``). An address that cannot be used is reported at its cell and
left out: nobody is mailed at a guess.
"""

from __future__ import annotations

__all__ = ["parse_addresses", "AddressEntry", "AddressBook", "read_address_book", "has_address_header"]

import re
from dataclasses import dataclass, field
from email.utils import getaddresses
from typing import Any

from .cells import ref
from .findings import Code, Finding, finding
from .grid import is_blank
from .identity import unit_key
from .labels import ADDRESS_HEADERS, count
from .parsing import normalise_text

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


def _find_header(rows: list[list[Any]]) -> tuple[int | None, dict[str, int]]:
    """The first row among the first few with a name and an e-mail header, and each column's place."""
    names = {cid: {normalise_text(h) for h in headers} for cid, headers in ADDRESS_HEADERS.items()}
    for row in range(1, min(len(rows), HEADER_SCAN_ROWS) + 1):
        cols: dict[str, int] = {}
        for col, value in enumerate(rows[row - 1], start=1):
            text = "" if is_blank(value) else normalise_text(value)
            for cid, words in names.items():
                if text in words and cid not in cols:
                    cols[cid] = col
        if "name" in cols and "email" in cols:
            return row, cols
    return None, {}
