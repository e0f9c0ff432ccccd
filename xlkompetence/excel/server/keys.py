"""The units' keys: whose key a bearer token is, by its SHA-256."""

from __future__ import annotations

import hmac

from .settings import TokenEntry, hash_token

__all__ = ["key_holder", "key_id"]


def key_holder(tokens: dict[str, TokenEntry], token: str) -> TokenEntry | None:
    """Whose key ``token`` is, or None; every stored hash compared in constant time."""
    digest = hash_token(token)
    found = None
    for known, entry in tokens.items():
        if hmac.compare_digest(known, digest):
            found = entry
    return found


def key_id(token: str) -> str:
    """Which key, for the audit log: the start of its hash (the settings file's key), never the key."""
    return "key:" + hash_token(token)[:12]
