"""Who is calling, and what they may do: a unit's leader refreshes and submits that unit's
workbook; HR reads the organisation plan and the round's status.

With the units' keys, a key's holder leads the key's unit. With Entra ID, the settings map
members — a group's object id, a user's object id, or a user principal name — to the units they
lead and to HR; a person may lead several units, and be HR too. Units are compared by the one
identity rule (``core.identity``): "Bostøtten Nord." in the settings is Bostøtten Nord.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...core.identity import same_unit, unit_key
from ...core.labels import t
from .settings import EntraSettings, TokenEntry, is_guid

__all__ = ["Caller", "caller_for_claims", "caller_for_key"]


@dataclass(frozen=True)
class Caller:
    """Whoever a request comes from. ``who`` is what the audit log names: a key's id or the
    token's object id, never a name or an e-mail address."""

    who: str
    units: tuple[str, ...] = ()
    hr: bool = False
    signed_in: bool = False
    # The token could not list the person's groups (too many of them): said in the refusal.
    groups_hidden: bool = False

    def unit_for(self, name: str) -> str | None:
        """The unit ``name`` names (in any spelling of it) when the caller leads it."""
        return next((unit for unit in self.units if same_unit(unit, name)), None)

    def units_text(self) -> str:
        return t("list.and").join(f'"{unit}"' for unit in self.units)


def caller_for_key(entry: TokenEntry, who: str) -> Caller:
    return Caller(who, (entry.unit,))


def caller_for_claims(claims: dict[str, Any], entra: EntraSettings) -> Caller:
    """The roles the settings give the person of a checked token."""
    groups = claims.get("groups")
    ids = {str(g).lower() for g in groups} if isinstance(groups, list) else set()
    ids.add(str(claims["oid"]).lower())
    # v2.0 tokens name the user in preferred_username, v1.0 tokens in upn.
    upn = str(claims.get("preferred_username") or claims.get("upn") or "").casefold()

    def member(of: list[str]) -> bool:
        return any(m.lower() in ids if is_guid(m) else bool(upn) and m.casefold() == upn for m in of)

    units: dict[str, str] = {}
    for unit, members in entra.units.items():
        if member(members):
            units.setdefault(unit_key(unit), unit)
    # Over 200 groups, a token carries a pointer to Microsoft Graph instead of the groups.
    pointers = claims.get("_claim_names")
    hidden = (isinstance(pointers, dict) and "groups" in pointers) or claims.get("hasgroups") is True
    return Caller(str(claims["oid"]), tuple(units.values()), member(entra.hr), signed_in=True, groups_hidden=hidden)
