"""Signing in with Microsoft Entra ID: the server checks each token against a tenant the test
made (its signing keys served from 127.0.0.1, tokens signed here), maps the person's groups to
what they may do, and writes one audit line per request. Refusals need no remote engine; the
requests that pass post an empty body (400: the token was accepted and the body looked at) or,
where the answer itself matters, a real unit workbook."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from lxml import etree

from xlkompetence.core.labels import t
from xlkompetence.excel.server import ServerSettings
from xlkompetence.excel.server.settings import SettingsError

from conftest import xlwings_payload
from served import EXAMPLE_UNIT, ORIGIN, TOKENS, Running, make_settings
from tenant import (APP_ID_URI, CLIENT_ID, ISSUER_V1, OTHER_TENANT, TENANT, Tenant, b64, new_id, tenant,  # noqa: F401
                    unb64, write_settings)
from test_server_requests import danish

NORD = "Bostøtten Nord"
EXAMPLE_GROUP, NORD_GROUP, HR_GROUP, OTHER_GROUP = new_id(), new_id(), new_id(), new_id()
ANNE, BO, HANNE, NOBODY = new_id(), new_id(), new_id(), new_id()  # object ids of four people
ACCEPTED = 400  # an empty body, looked at only once the token is accepted


@pytest.fixture
def config(tmp_path, tenant) -> Path:
    return write_settings(tmp_path / "server.json", tmp_path, tenant,
                          {EXAMPLE_UNIT: [EXAMPLE_GROUP], NORD: [NORD_GROUP, "bo.nord@kommune.example"]}, [HR_GROUP])


@pytest.fixture
def server(config):
    with Running(ServerSettings.load(config)) as running:
        yield running


def leader_token(tenant: Tenant, **kw) -> str:
    return tenant.token(ANNE, groups=[OTHER_GROUP, EXAMPLE_GROUP], **kw)


def get(server, path: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(server.url + path, headers=headers, timeout=60)


def audit(server) -> list[dict]:
    path = server.settings.audit_path
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def refused(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert words in danish(response), response.json()["detail"]
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_leader_refreshes_and_submits_their_own_unit(server, tenant, example_path):
    token = leader_token(tenant)
    payload = xlwings_payload(example_path)
    assert server.post("/api/refresh", payload, token).status_code == 200
    response = server.post("/api/submit", payload, token)
    assert response.status_code == 200, response.text
    (kept,) = server.settings.store.glob("*.xlsx")
    assert kept.exists()
    lines = audit(server)
    assert [(a["who"], a["unit"], a["action"], a["status"]) for a in lines] == [
        (ANNE, EXAMPLE_UNIT, "refresh", 200), (ANNE, EXAMPLE_UNIT, "submit", 200)]
    # Who, never a name or an e-mail address; nothing of the workbook.
    text = server.settings.audit_path.read_text(encoding="utf-8")
    assert "Testleder" not in text and "@" not in text and "Jette" not in text
    assert oct(server.settings.audit_path.stat().st_mode & 0o777) == "0o600"


def test_another_units_workbook_is_refused_and_nothing_is_stored(server, tenant, example_path):
    bo = tenant.token(BO, groups=[NORD_GROUP])
    payload = xlwings_payload(example_path)  # the example unit's workbook
    for path, nothing in (("/api/refresh", "Intet i projektmappen er ændret"), ("/api/submit", "Intet er gemt")):
        response = server.post(path, payload, bo)
        refused(response, 403, f'men du er leder af "{NORD}". {nothing}')
    assert not server.settings.store.exists()
    assert [(a["who"], a["unit"], a["status"]) for a in audit(server)] == [(BO, NORD, 403)] * 2


@pytest.mark.parametrize("case, claims, words", [
    ("expired", {"exp": -120}, "udløbet"),
    ("not yet valid", {"nbf": 600}, "gælder ikke endnu"),
    ("issued in the future", {"iat": 600, "nbf": -5}, "gælder ikke endnu"),
    ("wrong audience", {"aud": new_id()}, "et andet program"),
    ("another add-in's app id uri", {"aud": f"api://andet.example/{new_id()}"}, "et andet program"),
    ("another tenant's issuer", {"iss": f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0"}, "ikke udstedt af"),
    ("a v1 issuer on a v2 token", {"iss": ISSUER_V1}, "ikke udstedt af"),
    ("another tenant's id", {"tid": OTHER_TENANT}, "ikke udstedt af"),
    ("no version", {"ver": None}, "ikke udstedt af"),
    ("an application's own token", {"scp": None, "roles": ["Task.Write"]}, "ikke en persons log-ind"),
    ("another scope", {"scp": "User.Read"}, "ikke en persons log-ind"),
    ("no object id", {"oid": None}, "ikke en persons log-ind"),
    ("an object id that is none", {"oid": "anne"}, "ikke en persons log-ind"),
    ("no expiry", {"exp": None}, "ikke en persons log-ind"),
    ("an expiry that is no time", {"exp": "snart"}, "kan ikke læses"),
])
def test_a_token_that_fails_a_check_is_401_with_the_reason(server, tenant, case, claims, words):
    now = int(time.time())
    claims = {k: now + v if k in ("exp", "nbf", "iat") and isinstance(v, int) else v for k, v in claims.items()}
    refused(server.post("/api/submit", b"{}", leader_token(tenant, **claims)), 401, words)
    assert not server.settings.store.exists()
    assert [(a["who"], a["status"]) for a in audit(server)] == [("-", 401)]


def test_clock_skew_within_the_leeway_is_accepted(server, tenant):
    now = int(time.time())
    for claims in ({"exp": now - 30}, {"nbf": now + 30, "iat": now + 30}):
        assert server.post("/api/submit", b"{}", leader_token(tenant, **claims)).status_code == ACCEPTED


def test_a_v1_token_for_the_app_id_uri_is_accepted(server, tenant):
    # What Office's single sign-on gives unless the registration asks for v2.0 tokens.
    token = tenant.token(ANNE, version="1.0", groups=[EXAMPLE_GROUP])
    assert jwt.decode(token, options={"verify_signature": False})["aud"] == APP_ID_URI
    assert server.post("/api/submit", b"{}", token).status_code == ACCEPTED


def test_a_workbook_whose_forside_names_no_unit_is_refreshed_not_submitted(server, tenant, example_path):
    payload = xlwings_payload(example_path)
    forside = next(sheet for sheet in payload["sheets"] if sheet["name"] == "Forside")
    (row,) = [r for r in forside["values"] if r[0] == t("cover.unit")]
    row[1] = ""
    assert server.post("/api/refresh", payload, leader_token(tenant)).status_code == 200
    refused(server.post("/api/submit", payload, leader_token(tenant)), 422, "intet enhedsnavn")


def test_forged_tokens_are_refused(server, tenant):
    claims = tenant.claims(ANNE, groups=[EXAMPLE_GROUP])
    body = b64(json.dumps(claims).encode())
    unsigned = b64(json.dumps({"alg": "none", "typ": "JWT", "kid": tenant.kid}).encode()) + "." + body + "."
    # The tenant's public key used as an HMAC secret: a library that trusts the header's alg accepts it.
    secret = tenant.keys[tenant.kid].public_key().public_bytes(serialization.Encoding.PEM,
                                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": tenant.kid}).encode())
    hs = f"{head}.{body}.{b64(hmac.new(secret, f'{head}.{body}'.encode(), hashlib.sha256).digest())}"
    # A valid token whose payload is changed afterwards: HR's group added.
    valid = leader_token(tenant)
    h, p, s = valid.split(".")
    tampered_claims = json.loads(unb64(p)) | {"groups": [EXAMPLE_GROUP, HR_GROUP]}
    tampered = f"{h}.{b64(json.dumps(tampered_claims).encode())}.{s}"
    # Signed by a key the tenant never published, under a key id it does publish.
    stranger = Tenant()
    try:
        foreign = stranger.token(ANNE, kid=tenant.kid, key=stranger.keys[stranger.kid], groups=[EXAMPLE_GROUP])
    finally:
        stranger.close()
    for forged in (unsigned, hs, tampered, foreign):
        refused(server.post("/api/submit", b"{}", forged), 401, "underskriften passer ikke")
    refused(get(server, "/api/status", tampered), 401, "underskriften passer ikke")
    assert server.post("/api/submit", b"{}", valid).status_code == ACCEPTED


def test_unknown_key_ids_are_refused_and_cannot_make_the_server_hammer_the_tenant(server, tenant):
    assert server.post("/api/submit", b"{}", leader_token(tenant)).status_code == ACCEPTED
    assert tenant.key_set_requests == 1
    stranger = Tenant()
    try:
        unknown = [stranger.token(ANNE, kid=f"{stranger.kid}-{i}", key=stranger.keys[stranger.kid],
                                  groups=[EXAMPLE_GROUP]) for i in range(20)]
    finally:
        stranger.close()
    for token in unknown:
        refused(server.post("/api/submit", b"{}", token), 401, "ikke har udgivet")
    # Fetched again at most once a minute (refetch_seconds), however many key ids are made up.
    assert tenant.key_set_requests == 1


def test_a_rotated_signing_key_is_picked_up(tmp_path, tenant):
    config = write_settings(tmp_path / "server.json", tmp_path, tenant, {EXAMPLE_UNIT: [EXAMPLE_GROUP]}, [],
                            refetch_seconds=0)
    with Running(ServerSettings.load(config)) as server:
        before = leader_token(tenant)
        assert server.post("/api/submit", b"{}", before).status_code == ACCEPTED
        tenant.rotate()
        after = leader_token(tenant)
        # A key id the server has not seen: the key set is fetched again, and the new key found.
        assert server.post("/api/submit", b"{}", after).status_code == ACCEPTED
        assert tenant.key_set_requests == 2
        # The withdrawn key signs nothing any more.
        refused(server.post("/api/submit", b"{}", before), 401, "ikke har udgivet")
        assert tenant.key_set_requests == 3


def test_keys_that_cannot_be_fetched_are_a_503_not_a_500(server, tenant):
    tenant.serve_keys = False
    response = server.post("/api/submit", b"{}", leader_token(tenant))
    assert response.status_code == 503 and response.headers["retry-after"]
    assert "Microsofts nøgler" in danish(response)


def test_a_key_set_that_is_none_is_a_503_until_a_real_one_comes(tmp_path, tenant):
    config = write_settings(tmp_path / "server.json", tmp_path, tenant, {EXAMPLE_UNIT: [EXAMPLE_GROUP]}, [],
                            refetch_seconds=0)
    junk = [b"not json", b"[]", b'{"keys": 5}', b'{"keys": ["x", 1, null]}', b'{"keys": []}',
            b'{"keys": [{"kty": "RSA", "kid": "k", "n": "!!", "e": "AQAB"}]}',
            b'{"keys": [{"kty": "oct", "kid": "k", "k": "c2VjcmV0"}]}',
            json.dumps({"keys": [k | {"use": "enc"} for k in tenant.key_set()["keys"]]}).encode(),
            b"{" * 100_000, b"[" * 100_000]
    with Running(ServerSettings.load(config)) as server:
        for body in junk:
            tenant.key_set_body = body
            response = server.post("/api/submit", b"{}", leader_token(tenant))
            assert response.status_code == 503, (body[:40], response.text)
        tenant.key_set_body = None
        assert server.post("/api/submit", b"{}", leader_token(tenant)).status_code == ACCEPTED


def test_a_person_in_no_group_is_403_and_a_missing_token_401(server, tenant):
    nobody = tenant.token(NOBODY, groups=[OTHER_GROUP], upn="nogen@kommune.example")
    for path in ("/api/refresh", "/api/submit"):
        refused(server.post(path, b"{}", nobody), 403, "ikke i nogen af de grupper")
    refused(get(server, "/api/status", nobody), 403, "ikke i nogen af de grupper")
    many = tenant.token(NOBODY, _claim_names={"groups": "src1"}, _claim_sources={"src1": {"endpoint": "x"}})
    refused(server.post("/api/submit", b"{}", many), 403, "så mange grupper")
    for header in ({}, {"Authorization": "Bearer"}, {"Authorization": f"Basic {leader_token(tenant)}"}):
        response = httpx.post(server.url + "/api/submit", content=b"{}", headers=header)
        refused(response, 401, "ikke logget ind")
    assert {(a["who"], a["status"]) for a in audit(server)} == {(NOBODY, 403), ("-", 401)}


def test_garbage_for_a_token_is_401_never_500(server, tenant):
    valid = leader_token(tenant)
    h, p, s = valid.split(".")
    garbage = ["x", "a.b.c", "....", valid + "x", f"{h}.{p}", f"{b64(b'[1, 2]')}.{p}.{s}", f"{b64(b'{')}.{p}.{s}",
               f"{b64(json.dumps({'alg': 'RS256', 'kid': 7}).encode())}.{p}.{s}", "é" * 50, "a" * 20_000,
               f"{h}.{b64(b'[]')}.{s}", f"{h}.{p}.{s}!", f"{b64(b'[' * 5000)}.{p}.{s}",
               f"{b64(json.dumps({'alg': 'RS256', 'kid': tenant.kid, 'x': [[[]]] * 3}).encode())}.{p}.{s}"]
    for token in garbage:
        response = httpx.post(server.url + "/api/submit", content=b"{}",
                              headers={"Authorization": f"Bearer {token}".encode("utf-8")})
        assert response.status_code == 401, (token[:40], response.text)
        danish(response)


def test_a_user_principal_name_maps_too(server, tenant):
    bo = tenant.token(BO, groups=[], upn="Bo.Nord@Kommune.example")
    assert server.post("/api/submit", b"{}", bo).status_code == ACCEPTED


def rewrite(config: Path, raw: dict) -> None:
    """The settings file replaced whole, as an editor saves it: a new file each time."""
    tmp = config.with_suffix(".tmp")
    tmp.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    tmp.replace(config)


def test_the_mapping_changes_without_a_restart(server, tenant, config, example_path):
    anne = leader_token(tenant)
    assert server.post("/api/submit", b"{}", anne).status_code == ACCEPTED
    raw = json.loads(config.read_text(encoding="utf-8"))
    raw["entra"]["units"] = {NORD: [EXAMPLE_GROUP]}  # Anne's group now leads Bostøtten Nord instead
    rewrite(config, raw)
    refused(server.post("/api/refresh", xlwings_payload(example_path), anne), 403, f'du er leder af "{NORD}"')
    raw["entra"]["units"] = {NORD: [NORD_GROUP]}
    rewrite(config, raw)
    refused(server.post("/api/submit", b"{}", anne), 403, "ikke i nogen af de grupper")
    raw["entra"]["hr"] = [EXAMPLE_GROUP]
    rewrite(config, raw)
    assert get(server, "/api/status", anne).status_code == 200
    config.write_text('{"entra": {', encoding="utf-8")  # half-saved: nobody is let in
    refused(get(server, "/api/status", anne), 403, "ikke i nogen af de grupper")
    rewrite(config, raw)
    assert get(server, "/api/status", anne).status_code == 200


def test_hr_reads_the_plan_and_the_status_and_leaders_do_not(server, tenant, example_path):
    hanne = tenant.token(HANNE, groups=[HR_GROUP])
    anne = leader_token(tenant)
    status = get(server, "/api/status", hanne)
    assert status.status_code == 200 and status.json() == {"built": None, "units": [], "round": None}
    refused(get(server, "/api/plan", hanne), 404, "ikke lavet endnu")
    assert server.post("/api/submit", xlwings_payload(example_path), anne).status_code == 200
    deadline = time.monotonic() + 30
    while get(server, "/api/status", hanne).json()["built"] is None:
        assert time.monotonic() < deadline, "the plan was not rebuilt"
        time.sleep(0.1)
    assert get(server, "/api/status", hanne).json()["units"] == [EXAMPLE_UNIT]
    plan = get(server, "/api/plan", hanne)
    assert plan.status_code == 200 and plan.content == server.settings.output.read_bytes()
    assert plan.content.startswith(b"PK")
    for path in ("/api/plan", "/api/status"):
        refused(get(server, path, anne), 403, "kun hentes af HR")
    refused(server.post("/api/submit", b"{}", hanne), 403, "Kun en enheds leder")
    actions = [(a["who"], a["action"], a["status"]) for a in audit(server)]
    assert (HANNE, "plan", 200) in actions and (ANNE, "status", 403) in actions and (HANNE, "submit", 403) in actions


def test_hr_reads_the_rounds_status_from_the_list(tmp_path, tenant, example_path):
    expected = tmp_path / "runde.csv"
    expected.write_text(f"Enhed;Teams\n{EXAMPLE_UNIT};Team A\n{NORD};Team A\n", encoding="utf-8")
    config = write_settings(tmp_path / "server.json", tmp_path, tenant, {EXAMPLE_UNIT: [EXAMPLE_GROUP]}, [HR_GROUP])
    raw = json.loads(config.read_text(encoding="utf-8")) | {"expected": str(expected)}
    config.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with Running(ServerSettings.load(config)) as server:
        assert server.post("/api/submit", xlwings_payload(example_path), leader_token(tenant)).status_code == 200
        hanne = tenant.token(HANNE, groups=[HR_GROUP])
        deadline = time.monotonic() + 30
        while (round_ := get(server, "/api/status", hanne).json()["round"]) is None:
            assert time.monotonic() < deadline, "the plan was not rebuilt"
            time.sleep(0.1)
    assert round_["expected"] == 2 and round_["delivered"] == 1 and round_["missing"] == [NORD]


def test_with_keys_the_audit_names_the_key_and_hr_reading_is_refused(tmp_path):
    with Running(make_settings(tmp_path)) as server:
        token = TOKENS[EXAMPLE_UNIT]
        assert server.post("/api/submit", b"{}", token).status_code == ACCEPTED
        refused(get(server, "/api/status", token), 403, "kun hentes af HR")
        assert server.post("/api/submit", b"{}", "forkert").status_code == 401
        assert httpx.get(server.url + "/api/findes-ikke").status_code == 404
    key = "key:" + hashlib.sha256(token.encode()).hexdigest()[:12]
    assert [(a["who"], a["unit"], a["action"], a["status"]) for a in audit(server)] == [
        (key, EXAMPLE_UNIT, "submit", ACCEPTED), (key, EXAMPLE_UNIT, "status", 403), ("-", "-", "submit", 401),
        ("-", "-", "-", 404)]
    assert token not in server.settings.audit_path.read_text(encoding="utf-8")


NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}


def test_the_manifest_names_the_registration_when_people_sign_in(server, tmp_path):
    root = etree.fromstring(httpx.get(server.url + "/manifest.xml").content)
    overrides = root.find("v:VersionOverrides", NS)
    info = overrides[-1]  # Office requires it as the last child
    assert etree.QName(info).localname == "WebApplicationInfo"
    assert info.find("v:Id", NS).text == CLIENT_ID and info.find("v:Resource", NS).text == APP_ID_URI
    assert [s.text for s in info.iterfind("v:Scopes/v:Scope", NS)] == ["openid", "profile"]
    assert APP_ID_URI.startswith(f"api://{ORIGIN.removeprefix('https://')}/")
    pane = httpx.get(server.url + "/taskpane.html").text
    assert '"auth": "entra"' in pane and f'"scope": "{APP_ID_URI}/access_as_user"' in pane
    assert httpx.get(server.url + "/signin.html").status_code == 200
    with Running(make_settings(tmp_path / "keys")) as keys:
        assert b"WebApplicationInfo" not in httpx.get(keys.url + "/manifest.xml").content
        assert httpx.get(keys.url + "/signin.html").status_code == 404
        assert '"auth": "keys"' in httpx.get(keys.url + "/taskpane.html").text


def test_entra_settings_are_checked_when_read(tmp_path, tenant, monkeypatch):
    config = tmp_path / "server.json"
    cases = [({"auth": "entra"}, "entra"),
             ({"auth": "entra", "entra": {"tenant": "kommune.dk", "client_id": CLIENT_ID}}, "tenant"),
             ({"auth": "entra", "entra": {"tenant": TENANT, "client_id": CLIENT_ID, "units": {"A": ["Anne"]}}}, "units"),
             ({"auth": "entra", "entra": {"tenant": TENANT, "client_id": CLIENT_ID, "hr": ["x@"]}}, "hr"),
             ({"auth": "saml"}, "auth")]
    for raw, field in cases:
        config.write_text(json.dumps(raw), encoding="utf-8")
        with pytest.raises(SettingsError, match=f"server.json kan ikke bruges: .*{field}"):
            ServerSettings.load(config)
    good = write_settings(config, tmp_path, tenant, {EXAMPLE_UNIT: [EXAMPLE_GROUP, "anne@kommune.example"]}, [])
    settings = ServerSettings.load(good)
    assert settings.sso == (CLIENT_ID, APP_ID_URI)
    assert settings.audit_path == tmp_path / "adgang.log"
    monkeypatch.setenv("XLKOMPETENCE_ENTRA", json.dumps({"tenant": TENANT, "client_id": CLIENT_ID, "hr": [HR_GROUP],
                                                         "app_id_uri": "api://andet.example/x"}))
    from_env = ServerSettings.load(good)
    assert from_env.entra.hr == [HR_GROUP] and from_env.sso == (CLIENT_ID, "api://andet.example/x")
