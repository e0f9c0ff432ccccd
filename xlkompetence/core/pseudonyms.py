"""Stable pseudonyms for employee names, for organisation plans that travel further than HR.

A name becomes "Medarbejder" and a short code from an HMAC of (unit, name) under a secret key
that stays with whoever merges: the same person in the same unit gets the same pseudonym on
every run, and nobody without the key can test guessed names against the codes.
"""

from __future__ import annotations

__all__ = ["MIN_KEY_BYTES", "NOT_NAMES", "Pseudonymizer", "names_in"]

import base64
import hashlib
import hmac
import re

from .labels import t

# Capitalised words in Medarbejdere/Ansvar that are not names.
NOT_NAMES = {
    "hele", "alle", "team", "teamet", "teams", "og", "samt", "leder", "lederen", "ledelsen",
    "medarbejder", "medarbejdere", "medarbejderne", "afdeling", "afdelingen", "personale",
    "personalet", "nye", "nyansatte", "vikarer", "forstander", "forstanderen", "souschef",
    "teamleder", "teamlederen", "koordinator", "hr", "mus", "tus", "pus", "dag", "aften", "nat",
}
_WORD = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ-]+")


MIN_KEY_BYTES = 32


class Pseudonymizer:
    """Stable pseudonyms under a secret key of at least ``MIN_KEY_BYTES`` random bytes: a short
    or empty key would let anyone with a list of names test them against the codes."""

    def __init__(self, key: bytes):
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"a pseudonym key needs {MIN_KEY_BYTES} bytes, not {len(key)}")
        self.key = key

    def name(self, unit: str, name: str) -> str:
        digest = hmac.new(self.key, f"{unit}\0{' '.join(name.split()).casefold()}".encode(), hashlib.sha256).digest()
        code = base64.b32encode(digest[:5]).decode().rstrip("=")[:6]
        return t("merge.pseudonym", code=code)


def names_in(text: str, not_names: set[str]) -> set[str]:
    """Capitalised words in a Medarbejdere/Ansvar cell that are probably people."""
    return {w for w in _WORD.findall(text) if w.casefold() not in NOT_NAMES and w.casefold() not in not_names}
