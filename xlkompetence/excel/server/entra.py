"""Microsoft Entra ID access tokens, checked against what the tenant publishes.

A token is accepted when it is signed with RS256 by one of the tenant's published keys, issued
by the configured tenant (a v2.0 token by ``login.microsoftonline.com/{tenant}/v2.0``, a v1.0
token — what Office's single sign-on gives unless the registration asks for v2.0 — by
``sts.windows.net/{tenant}/``), for this add-in (its client id or its Application ID URI),
within its ``exp`` and ``nbf`` (with a small leeway), and a person's delegated sign-in: an
object id, and the add-in's scope among its scopes. Anything else is refused with the reason;
nothing of the token is logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
import urllib.request
from dataclasses import dataclass
from typing import Any

import jwt

from .settings import EntraSettings, is_guid

__all__ = ["KeysUnavailable", "SigningKeys", "TokenRefused", "verify_token"]

log = logging.getLogger(__name__)
MAX_KEY_SET = 1024 * 1024
FETCH_SECONDS = 10
RETRY_WITHOUT_KEYS = 5


@dataclass
class TokenRefused(Exception):
    """The token is not accepted; ``reason`` is the key of the Danish text that says why."""

    reason: str


class KeysUnavailable(Exception):
    """The tenant's signing keys cannot be had: no token can be checked until they can."""


class SigningKeys:
    """The tenant's signing keys, from its key set URL: kept for ``max_age`` seconds, and fetched
    again when a token names a key id not among them (Entra ID rolls its keys over), at most
    once every ``refetch`` seconds. A fetch that fails keeps the keys there were."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fetches = 0
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched = -math.inf  # when the keys were last fetched
        self._tried = -math.inf  # when a fetch was last tried
        self._lock = asyncio.Lock()

    async def key(self, kid: str, max_age: float, refetch: float) -> jwt.PyJWK | None:
        """The key ``kid``, or None when the tenant does not publish it."""
        if self._due(kid, max_age, refetch):
            async with self._lock:
                if self._due(kid, max_age, refetch):  # another request may have fetched meanwhile
                    await self._fetch()
        if not self._keys:
            raise KeysUnavailable
        return self._keys.get(kid)

    def _due(self, kid: str, max_age: float, refetch: float) -> bool:
        now = time.monotonic()
        stale = now - self._fetched > max_age or kid not in self._keys
        # Without any key nothing can be checked: try again sooner, but not at every request.
        wait = refetch if self._keys else min(refetch, RETRY_WITHOUT_KEYS)
        return stale and now - self._tried >= wait

    async def _fetch(self) -> None:
        self._tried = time.monotonic()
        self.fetches += 1
        try:
            # A thread of its own: the workers may all be busy with workbooks.
            keys = parse_key_set(await asyncio.to_thread(_download, self.url))
        except (OSError, ValueError, RecursionError) as exc:  # unreachable, or not a key set
            log.warning("the signing keys could not be fetched from %s: %s", self.url, type(exc).__name__)
            return
        self._keys, self._fetched = keys, time.monotonic()
        log.info("signing keys fetched from %s: %d", self.url, len(keys))


def _download(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=FETCH_SECONDS) as response:  # noqa: S310 - the URL is IT's setting
        body = response.read(MAX_KEY_SET + 1)
    if len(body) > MAX_KEY_SET:
        raise ValueError("the key set is larger than a key set is")
    return json.loads(body)


def parse_key_set(data: Any) -> dict[str, jwt.PyJWK]:
    """The RSA signing keys of a JSON Web Key Set, by key id; ValueError when it has none."""
    found = {}
    keys = data.get("keys") if isinstance(data, dict) else None
    for key in keys if isinstance(keys, list) else []:
        if not isinstance(key, dict) or key.get("kty") != "RSA" or key.get("use", "sig") != "sig":
            continue
        kid = key.get("kid")
        try:
            if isinstance(kid, str):
                found[kid] = jwt.PyJWK(key, algorithm="RS256")
        except (jwt.PyJWTError, ValueError, TypeError):  # a key that is not one: the others still count
            continue
    if not found:
        raise ValueError("the key set holds no RSA signing key")
    return found


# What each of PyJWT's refusals means to the person signing in.
_REFUSALS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "server.signin.expired"),
    (jwt.ImmatureSignatureError, "server.signin.not_yet"),
    (jwt.InvalidIssuedAtError, "server.signin.not_yet"),
    (jwt.InvalidAudienceError, "server.signin.audience"),
    (jwt.InvalidIssuerError, "server.signin.issuer"),
    (jwt.MissingRequiredClaimError, "server.signin.not_user"),
    (jwt.InvalidSignatureError, "server.signin.signature"),
    (jwt.DecodeError, "server.signin.malformed"),
    (jwt.PyJWTError, "server.signin.signature"),
)


async def verify_token(token: str, entra: EntraSettings, public_url: str, keys: SigningKeys) -> dict[str, Any]:
    """The claims of ``token`` once it has passed every check; ``TokenRefused`` otherwise, and
    ``KeysUnavailable`` when the tenant's keys cannot be fetched."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise TokenRefused("server.signin.malformed") from None
    # Only what Entra ID signs with: "none" and the HMAC algorithms (a public key used as a
    # shared secret) are refused before any key is looked at.
    kid = header.get("kid")
    if header.get("alg") != "RS256" or not isinstance(kid, str):
        raise TokenRefused("server.signin.signature")
    key = await keys.key(kid, entra.keys_max_age_seconds, entra.refetch_seconds)
    if key is None:
        raise TokenRefused("server.signin.unknown_key")
    try:
        claims = jwt.decode(token, key, algorithms=["RS256"], audience=[entra.client_id, entra.resource(public_url)],
                            issuer=list(entra.issuers.values()), leeway=entra.leeway_seconds,
                            options={"require": ["exp", "nbf", "iss", "aud", "tid", "oid"]})
    except jwt.PyJWTError as exc:
        raise TokenRefused(next(reason for kind, reason in _REFUSALS if isinstance(exc, kind))) from None
    check_person(claims, entra)
    return claims


def check_person(claims: dict[str, Any], entra: EntraSettings) -> None:
    """The claims signing and PyJWT do not check: a token of this tenant in the form of its
    version, and a person's sign-in to this add-in (not an application's own token)."""
    if entra.issuers.get(str(claims.get("ver"))) != claims["iss"] or str(claims["tid"]).lower() != entra.tenant.lower():
        raise TokenRefused("server.signin.issuer")
    scopes = claims.get("scp")
    if not isinstance(scopes, str) or entra.scope not in scopes.split() or not is_guid(str(claims["oid"])):
        raise TokenRefused("server.signin.not_user")
