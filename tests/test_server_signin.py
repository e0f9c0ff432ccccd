"""The task pane signing in, in headless Chromium: the real task pane from the real server, with
Microsoft's office.js replaced by a stub (tests/office_stub.js) that Chromium fetches from a
local HTTPS server in its place. Office's single sign-on gives a token, or fails with an error
code and the sign-in dialog signs in through the test's tenant with the authorization code flow
and PKCE; either way the token goes to the server as the bearer token. Nothing leaves the machine:
Chromium resolves no other name."""

from __future__ import annotations

import datetime
import json
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lxml import etree

from xlkompetence.core.labels import t
from xlkompetence.excel.server import ServerSettings

from conftest import xlwings_payload
from served import EXAMPLE_UNIT, Running
from tenant import Tenant, new_id, tenant, write_settings  # noqa: F401 - the fixture
from test_server_requests import chromium

OFFICE_HOST = "appsforoffice.microsoft.com"
STUB = Path(__file__).with_name("office_stub.js")
GROUP, ANNE, NOBODY = new_id(), new_id(), new_id()
SSO_OPTIONS = {"allowSignInPrompt": True, "allowConsentPrompt": True, "forMSGraphAccess": False}


class OfficeJs:
    """Serves the stub as office.js over HTTPS, with a certificate made here for Office's host."""

    def __init__(self, folder: Path) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, OFFICE_HOST)])
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(OFFICE_HOST)]), critical=False)
                .sign(key, hashes.SHA256()))
        (folder / "office.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "office.pem")
        self.script = b""
        office = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/javascript; charset=utf-8")
                self.send_header("Content-Length", str(len(office.script)))
                self.end_headers()
                self.wfile.write(office.script)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def serve(self, scenario: dict[str, Any]) -> None:
        self.script = STUB.read_text(encoding="utf-8").replace("/*SCENARIO*/null", json.dumps(scenario)).encode()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def office(tmp_path):
    served = OfficeJs(tmp_path)
    yield served
    served.close()


@pytest.fixture
def server(tmp_path, tenant):
    config = write_settings(tmp_path / "server.json", tmp_path, tenant, {EXAMPLE_UNIT: [GROUP]}, [])
    with Running(ServerSettings.load(config)) as running:
        yield running


def open_pane(server, office: OfficeJs, tmp_path: Path, scenario: dict[str, Any]) -> etree._Element:
    """The task pane after the stub has clicked ``scenario["click"]`` and all has settled."""
    exe = chromium()
    if exe is None:
        pytest.fail("Chromium mangler: kør ./setup.sh --test")
    office.serve(scenario)
    dom = subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--host-resolver-rules=MAP {OFFICE_HOST}:443 127.0.0.1:{office.port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--ignore-certificate-errors", f"--user-data-dir={tmp_path / 'chromium'}",
         "--virtual-time-budget=20000", "--dump-dom", server.url + "/taskpane.html"],
        capture_output=True, text=True, timeout=120).stdout
    return etree.HTML(dom)


def stub_record(pane: etree._Element) -> dict[str, Any]:
    return json.loads(pane.find(".//body").get("data-stub"))


def pane_status(pane: etree._Element) -> str:
    return "".join(pane.find(".//p[@id='status']").itertext())


def audit(server) -> list[tuple[str, str, str, int]]:
    lines = server.settings.audit_path.read_text(encoding="utf-8").splitlines()
    return [(a["who"], a["unit"], a["action"], a["status"]) for a in map(json.loads, lines)]


def summary(server, token: str, payload: dict) -> str:
    """The message a refresh of ``payload`` answers with, asked for directly."""
    actions = server.post("/api/refresh", payload, token).json()["actions"]
    return next(a["args"][0] for a in actions if a["func"] == "alert")


def test_single_sign_on_gives_the_token_the_refresh_is_sent_with(server, office, tenant, tmp_path, example_path):
    payload = xlwings_payload(example_path)
    token = tenant.token(ANNE, groups=[GROUP])
    pane = open_pane(server, office, tmp_path, {"sso": {"token": token}, "book": payload, "click": "refresh"})
    record = stub_record(pane)
    assert record["getAccessToken"] == [SSO_OPTIONS] and record["dialogs"] == []
    assert audit(server) == [(ANNE, EXAMPLE_UNIT, "refresh", 200)]
    assert record["written"] > 0
    assert pane_status(pane) == summary(server, token, payload)
    # Signed in with the work account: no key to paste.
    assert pane.find(".//details[@id='key']").get("hidden") is not None
    assert pane.find(".//p[@id='signin']").get("hidden") is None


def test_without_single_sign_on_the_dialog_signs_in_with_pkce(server, office, tenant, tmp_path, example_path):
    payload = xlwings_payload(example_path)
    tenant.dialog_user = {"oid": ANNE, "groups": [GROUP]}
    # 13012: Office cannot give a token this way here (a platform or version without it).
    sso_error = {"code": 13012, "name": "API Not Supported", "message": "Single sign-on is not supported."}
    pane = open_pane(server, office, tmp_path, {"sso": sso_error, "book": payload, "click": "refresh"})
    record = stub_record(pane)
    assert record["getAccessToken"] == [SSO_OPTIONS]
    assert record["dialogs"] == [server.url + "/signin.html"]
    (redeemed,) = tenant.redeemed  # the code, redeemed once with the verifier its challenge was made from
    assert redeemed["redirect_uri"] == server.url + "/signin.html" and len(redeemed["code_verifier"]) >= 43
    assert audit(server) == [(ANNE, EXAMPLE_UNIT, "refresh", 200)]
    assert pane_status(pane) == summary(server, tenant.token(ANNE, groups=[GROUP]), payload)


def test_the_servers_refusal_is_shown_in_danish(server, office, tenant, tmp_path, example_path):
    nobody = tenant.token(NOBODY, groups=[new_id()])
    pane = open_pane(server, office, tmp_path,
                     {"sso": {"token": nobody}, "book": xlwings_payload(example_path), "click": "submit"})
    assert pane_status(pane) == t("server.access.none")
    assert stub_record(pane)["written"] == 0
    assert audit(server) == [(NOBODY, "-", "submit", 403)]


def test_a_sign_in_the_person_breaks_off_is_said_so(server, office, tenant, tmp_path, example_path):
    # 13002: the person closed Office's sign-in or consent window.
    aborted = {"code": 13002, "name": "User canceled", "message": "The user aborted."}
    pane = open_pane(server, office, tmp_path, {"sso": aborted, "book": xlwings_payload(example_path),
                                                "click": "refresh"})
    assert pane_status(pane) == t("web.js.signin_aborted")
    assert stub_record(pane)["dialogs"] == [] and not server.settings.audit_path.exists()
