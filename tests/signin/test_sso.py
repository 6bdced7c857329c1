"""Single sign-on end to end against a real OpenID Connect provider (node-oidc-provider, started
here on loopback): authorization code with PKCE, the NIP claim mapped to the person's own
account, and each refusal (unknown NIP, missing claim, a NIP of the wrong format, a wrong
audience, a replayed state) with its message and no account written."""

import json
import re
import shutil
import socket
import subprocess
import tempfile
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.test import Client
from time_machine import escape_hatch

from opd.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROVIDER = Path(__file__).with_name("oidc_provider.mjs")
CALLBACK = "http://testserver/sso/kembali/"
UNKNOWN_NIP = "198001012006041001"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider_of():
    """Start providers on demand (one per set of accounts), stop them all at the end."""
    if not shutil.which("node") or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.skip("node and npm's oidc-provider are needed (make install)")
    started = {}

    def start(accounts: dict) -> str:
        key = json.dumps(accounts, sort_keys=True)
        if key not in started:
            clients = [
                {
                    "client_id": cid,
                    "client_secret": f"rahasia-{cid}",
                    "redirect_uris": [CALLBACK],
                    "response_types": ["code"],
                    "grant_types": ["authorization_code"],
                    "token_endpoint_auth_method": "client_secret_post",
                }
                for cid in ("wfa", "lain")
            ]
            config = json.dumps({"accounts": accounts, "clients": clients})
            # The port is free when asked, not necessarily when node binds it (the other xdist
            # worker may take it in between): a provider that dies at its start is started again
            # on another port, twice at most; its error output is kept for the message.
            for _attempt in range(3):
                port = _free_port()
                errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (open while node runs)
                process = subprocess.Popen(
                    ["node", str(PROVIDER), str(port), config],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=errors,  # its warnings about development defaults, and any failure
                    text=True,
                )
                line = process.stdout.readline()  # "ready" once it listens, "" if it died
                if line.strip() == "ready":
                    break
                process.kill()
                process.wait(timeout=10)
                errors.seek(0)
                failure = errors.read()[-500:]
            else:
                raise AssertionError(f"the provider did not start: {line!r} {failure}")
            started[key] = (process, f"http://127.0.0.1:{port}")
        return started[key][1]

    yield start
    for process, _url in started.values():
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, provider_of, employee_a, time_machine):
    """SSO on, against a provider whose accounts carry these claims. The portal's clock follows
    the real one here: the provider signs its tokens at the real time (iat, exp)."""
    real_now = datetime.fromtimestamp(escape_hatch.time.time(), tz=UTC)
    time_machine.move_to(real_now, tick=True)

    def switch_on(client_id="wfa", audience="wfa", **accounts):
        issuer = provider_of(accounts or {"siti": {"name": "Siti", "nip": employee_a.nip}})
        settings.WFA_OIDC_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = client_id
        settings.OIDC_RP_CLIENT_SECRET = f"rahasia-{client_id}"
        settings.WFA_OIDC_AUDIENCE = audience
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/auth"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/me"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"
        settings.AUTHENTICATION_BACKENDS = [
            "axes.backends.AxesStandaloneBackend",
            "signin.oidc.NipBackend",
            "rules.permissions.ObjectPermissionBackend",
            "signin.backends.ModelBackend",
        ]
        settings.WFA_PASSWORD_LOGIN_ROLES = ["bkpsdm"]
        return issuer

    return switch_on


def _form(page: str, base: str) -> tuple[str, dict]:
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', page).group(1))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    return urljoin(base, action), fields


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Sign in at the provider as a person would (login form, then consent); returns the
    address it sends the browser back to."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=True, timeout=10)
    for prompt_fields in ({"login": login, "password": "apa saja"}, {}):
        url, fields = _form(response.text, response.url)
        response = browser.post(url, {**fields, **prompt_fields}, allow_redirects=False, timeout=10)
        while response.status_code in (302, 303) and not response.headers["Location"].startswith(
            CALLBACK
        ):
            response = browser.get(
                urljoin(url, response.headers["Location"]), allow_redirects=False
            )
        if response.status_code in (302, 303):
            return response.headers["Location"]
    raise AssertionError(f"no redirect back: {response.status_code} {response.text[:300]}")


def _start(client: Client) -> str:
    response = client.get("/sso/masuk/?next=/periode/")
    assert response.status_code == 302
    return response["Location"]


def test_a_person_signs_in_with_the_provider_and_lands_on_their_account(sso, employee_user):
    issuer = sso()
    client = Client()
    authorize = _start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{issuer}/auth?")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    back = sign_in_at_provider(authorize, "siti")
    users = User.objects.count()
    response = client.get(back.replace("http://testserver", ""))
    assert response.status_code == 302 and response["Location"] == "/periode/"
    assert int(client.session["_auth_user_id"]) == employee_user.pk
    assert User.objects.count() == users

    # The same answer again: its state was used up, so it is refused and signs nobody in.
    replay = Client()
    replay.get("/sso/masuk/")
    assert replay.get(back.replace("http://testserver", "")).status_code == 400
    assert "_auth_user_id" not in replay.session


def test_the_provider_refuses_an_authorization_without_pkce(sso):
    issuer = sso()
    url = f"{issuer}/auth?client_id=wfa&response_type=code&scope=openid&redirect_uri={CALLBACK}"
    response = requests.get(url, allow_redirects=False, timeout=10)
    location = response.headers.get("Location", "")
    assert "error=invalid_request" in location and "PKCE" in location


@pytest.mark.parametrize(
    "claims, message",
    [
        ({"name": "Orang lain", "nip": UNKNOWN_NIP}, f"NIP {UNKNOWN_NIP} belum terhubung"),
        ({"name": "Tanpa NIP"}, "tidak mengirim NIP"),
        ({"name": "NIP aneh", "nip": "19800101-2006"}, "tidak berformat 18 angka"),
    ],
)
def test_a_refused_person_is_told_why_and_no_account_is_made(sso, claims, message):
    sso(orang=claims)
    client = Client()
    back = sign_in_at_provider(_start(client), "orang")
    users = User.objects.count()
    response = client.get(back.replace("http://testserver", ""), follow=True)
    assert message in response.content.decode()
    assert response.redirect_chain[-1][0] == "/masuk/"
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users


def test_a_token_for_another_audience_is_refused(sso, employee_user):
    sso(client_id="lain", audience="wfa")  # the provider issues for "lain"; we expect "wfa"
    client = Client()
    back = sign_in_at_provider(_start(client), "siti")
    response = client.get(back.replace("http://testserver", ""), follow=True)
    assert "audience salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_stay_only_for_the_break_glass_roles(sso, employee_user, bkpsdm, client):
    sso()
    employee_user.set_password("sandi-panjang-sekali-123")
    employee_user.save()
    bkpsdm.set_password("sandi-panjang-sekali-123")
    bkpsdm.save()
    page = client.get("/masuk/").content.decode()
    assert "Masuk dengan ASN Digital" in page
    refused = client.post(
        "/masuk/", {"username": employee_user.username, "password": "sandi-panjang-sekali-123"}
    )
    assert "masuk lewat ASN Digital" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    allowed = client.post("/masuk/", {"username": "bkpsdm", "password": "sandi-panjang-sekali-123"})
    assert allowed.status_code == 302


def test_sso_is_off_without_an_issuer(client):
    assert client.get("/sso/masuk/").status_code == 404
    assert "Masuk dengan" not in client.get("/masuk/").content.decode()


@pytest.mark.lockout
def test_failed_sso_sign_ins_count_toward_the_lockout(sso, settings):
    settings.AXES_FAILURE_LIMIT = 2
    sso(orang={"name": "Orang lain", "nip": UNKNOWN_NIP})
    statuses = []
    for _ in range(3):
        client = Client()
        back = sign_in_at_provider(_start(client), "orang")
        statuses.append(client.get(back.replace("http://testserver", "")).status_code)
    assert statuses == [302, 429, 429]  # the second failure reaches the limit: locked
