"""A Microsoft Entra ID tenant made by the tests, on 127.0.0.1: signing keys the test made, their
public parts served as the tenant's key set, tokens signed as the tenant signs them, and the
sign-in endpoints (authorize, token) the task pane's dialog uses, checking PKCE as Entra ID
does. Nothing here reaches outside the machine."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from served import ORIGIN

TENANT = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f"
OTHER_TENANT = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a"
CLIENT_ID = "3b7e9c1d-2f4a-4e6b-8c0d-5a1f3e7b9d2c"
APP_ID_URI = f"api://{urlsplit(ORIGIN).netloc}/{CLIENT_ID}"
ISSUER_V2 = f"https://login.microsoftonline.com/{TENANT}/v2.0"
ISSUER_V1 = f"https://sts.windows.net/{TENANT}/"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Tenant:
    """The tenant's keys and endpoints, served from a thread until ``close``."""

    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.kid = self.add_key()
        self.key_set_requests = 0
        self.serve_keys = True
        self.key_set_body: bytes | None = None  # served instead of the key set when set
        self.codes: dict[str, dict[str, Any]] = {}
        self.redeemed: list[dict[str, str]] = []
        self.dialog_user: dict[str, Any] = {}
        tenant = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                tenant.get(self)

            def do_POST(self) -> None:
                tenant.post(self)

            def do_OPTIONS(self) -> None:
                tenant.answer(self, 204, b"")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- keys -------------------------------------------------------------------------------

    def add_key(self) -> str:
        kid = secrets.token_urlsafe(8)
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return kid

    def rotate(self) -> str:
        """A new signing key published and signed with; the old one withdrawn."""
        old = self.kid
        self.kid = self.add_key()
        del self.keys[old]
        return self.kid

    def key_set(self) -> dict[str, Any]:
        found = []
        for kid, key in self.keys.items():
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
            found.append({**public, "kid": kid, "use": "sig", "x5t": kid, "issuer": ISSUER_V2})
        return {"keys": found}

    @property
    def keys_url(self) -> str:
        return f"{self.url}/{TENANT}/discovery/v2.0/keys"

    # -- tokens -----------------------------------------------------------------------------

    def claims(self, oid: str, /, *, version: str = "2.0", groups: list[str] | None = None, upn: str = "",
               **override: Any) -> dict[str, Any]:
        """The claims of an access token for the add-in, as Entra ID issues it."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "aud": CLIENT_ID if version == "2.0" else APP_ID_URI,
            "iss": ISSUER_V2 if version == "2.0" else ISSUER_V1,
            "iat": now - 5, "nbf": now - 5, "exp": now + 3600, "tid": TENANT, "oid": oid, "sub": secrets.token_urlsafe(16),
            "scp": "access_as_user", "ver": version, "name": "Anne Testleder", "azp": "d3590ed6-52b3-4102-aeff-aad2292ab01c",
        }
        claims["preferred_username" if version == "2.0" else "upn"] = upn or "anne.testleder@kommune.example"
        if groups is not None:
            claims["groups"] = groups
        claims.update(override)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, oid: str, /, *, kid: str | None = None, key: rsa.RSAPrivateKey | None = None, **kw: Any) -> str:
        kid = kid or self.kid
        signer = key or self.keys[kid]
        return jwt.encode(self.claims(oid, **kw), signer, algorithm="RS256", headers={"kid": kid})

    # -- the endpoints ----------------------------------------------------------------------

    @staticmethod
    def answer(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
        handler.send_response(status)
        # The sign-in dialog redeems its code from the server's page, as a single-page app does.
        handler.send_header("Access-Control-Allow-Origin", "*")
        handler.send_header("Access-Control-Allow-Headers", "Content-Type")
        for name, value in {"Content-Type": "application/json", **headers}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def get(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path)
        if path.path == f"/{TENANT}/discovery/v2.0/keys":
            self.key_set_requests += 1
            if not self.serve_keys:
                self.answer(handler, 503, b"{}")
                return
            self.answer(handler, 200, self.key_set_body or json.dumps(self.key_set()).encode())
        elif path.path == f"/{TENANT}/oauth2/v2.0/authorize":
            self.authorize(handler, {k: v[0] for k, v in parse_qs(path.query).items()})
        else:
            self.answer(handler, 404, b"{}")

    def authorize(self, handler: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        """Signs the dialog's user in at once and sends them back with a code bound to the
        PKCE challenge, as Entra ID does after the person has typed their password."""
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code", query
        assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43, query
        assert f"{APP_ID_URI}/access_as_user" in query["scope"].split(), query
        code = secrets.token_urlsafe(24)
        self.codes[code] = {"challenge": query["code_challenge"], "redirect_uri": query["redirect_uri"]}
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        self.answer(handler, 302, b"", Location=target)

    def post(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(handler.rfile.read(length).decode()).items()}
        if urlsplit(handler.path).path != f"/{TENANT}/oauth2/v2.0/token":
            self.answer(handler, 404, b"{}")
            return
        issued = self.codes.pop(form.get("code", ""), None)
        challenge = b64(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if (issued is None or form.get("grant_type") != "authorization_code" or form.get("client_id") != CLIENT_ID
                or not hmac.compare_digest(challenge, issued["challenge"])
                or form.get("redirect_uri") != issued["redirect_uri"]):
            self.answer(handler, 400, json.dumps({"error": "invalid_grant"}).encode())
            return
        self.redeemed.append(form)
        user = dict(self.dialog_user)
        token = self.token(user.pop("oid"), **user)
        self.answer(handler, 200, json.dumps({"token_type": "Bearer", "access_token": token,
                                              "expires_in": 3600}).encode())


@pytest.fixture
def tenant() -> Iterator[Tenant]:
    """A tenant of the test's own, closed when the test ends (test files import this fixture)."""
    made = Tenant()
    yield made
    made.close()


def new_id() -> str:
    return str(uuid.uuid4())


def write_settings(path: Path, tmp: Path, tenant: Tenant, units: dict[str, list[str]], hr: list[str],
                   **entra: Any) -> Path:
    """A settings file for a server that signs people in with ``tenant``."""
    path.write_text(json.dumps({
        "public_url": ORIGIN, "store": str(tmp / "indsendt"), "output": str(tmp / "organisation.xlsx"),
        "rebuild_after_seconds": 0.2, "auth": "entra",
        "entra": {"tenant": TENANT, "client_id": CLIENT_ID, "jwks_url": tenant.keys_url, "authority": tenant.url,
                  "units": units, "hr": hr, **entra},
    }, ensure_ascii=False), encoding="utf-8")
    return path
