"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd): STARTTLS with a self-signed
certificate made here (cryptography), AUTH LOGIN and PLAIN with one user, and the messages
it received kept as the bytes that arrived."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER = "hr-robot"
PASSWORD = "rigtig-adgangskode"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (as its IP address) and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "relay.pem", folder / "relay.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=default)  # type: ignore[return-value]


@dataclass
class Inbox:
    """The handler: every message the server accepted, and each login tried."""

    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str, bool]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content
                                      or envelope.content))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism: str, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            USER.encode(), PASSWORD.encode())
        self.logins.append((mechanism, auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "", ok))
        return AuthResult(success=ok, handled=False)


class Relay(Controller):
    """The server on a port the system chooses (Controller itself wants a fixed one)."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def start_relay(folder: Path, *, mechanisms: tuple[str, ...] = ("LOGIN", "PLAIN")) -> tuple[Relay, Inbox, Path]:
    """A started relay that demands STARTTLS before AUTH and MAIL; its inbox and certificate."""
    cert, key = self_signed(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    relay = Relay(inbox, hostname="127.0.0.1", port=0, tls_context=context, require_starttls=True,
                  auth_required=True, auth_require_tls=True, authenticator=inbox.authenticate,
                  auth_exclude_mechanism=[m for m in ("LOGIN", "PLAIN") if m not in mechanisms])
    relay.start()
    return relay, inbox, cert
