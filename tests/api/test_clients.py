"""BKPSDM's pages for partner systems: a client, its token shown once, revoked at once."""

import pytest

from api.models import ApiClient, ApiToken
from opd.models import Role, User
from tests.api.conftest import ApiCaller

pytestmark = pytest.mark.django_db


def _secret(page: str) -> str:
    start = page.index("wfa_")
    return page[start : start + 47]


def test_bkpsdm_creates_a_client_issues_a_token_and_revokes_it(login, bkpsdm, opd_a):
    client = login(bkpsdm)
    response = client.post(
        "/klien-api/baru/",
        {"name": "e-Presensi Dinkes", "contact": "Bidang TI", "role": Role.HEAD, "opd": opd_a.pk},
    )
    api_client = ApiClient.objects.get()
    assert response["Location"] == f"/klien-api/{api_client.pk}/"
    account = api_client.account
    assert (account.role, account.opd, account.has_usable_password()) == (Role.HEAD, opd_a, False)

    issued = client.post(f"/klien-api/{api_client.pk}/token/", {"label": "server", "days": 30})
    assert issued.status_code == 200
    assert "no-store" in issued["Cache-Control"]
    page = issued.content.decode()
    assert "hanya ditampilkan sekali" in page
    secret = _secret(page)
    assert ApiCaller(secret).get("/api/v1/opds/").json()["results"][0]["code"] == "dinkes"
    # Shown once: the client's page never shows it again, the database holds only its hash.
    assert secret not in client.get(f"/klien-api/{api_client.pk}/").content.decode()
    token = ApiToken.objects.get()
    assert token.token_hash == ApiToken.digest(secret) and token.prefix == secret[:12]

    revoked = client.post(f"/klien-api/{api_client.pk}/token/{token.pk}/cabut/", follow=True)
    assert "dicabut" in revoked.content.decode()
    token.refresh_from_db()
    assert token.revoked_by == bkpsdm
    assert ApiCaller(secret).get("/api/v1/opds/").status_code == 401
    again = client.post(f"/klien-api/{api_client.pk}/token/{token.pk}/cabut/", follow=True)
    assert "sudah dicabut sebelumnya" in again.content.decode()


def test_the_client_cannot_sign_in_to_the_pages(login, bkpsdm, client):
    login(bkpsdm).post("/klien-api/baru/", {"name": "Gudang data", "role": Role.MAYOR})
    account = ApiClient.objects.get().account
    client.logout()
    response = client.post("/masuk/", {"username": account.username, "password": ""})
    assert "_auth_user_id" not in client.session and response.status_code == 200


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "Sistem OPD", "role": Role.HEAD}, "Pilih OPD"),
        ({"name": "Sistem pegawai", "role": Role.EMPLOYEE}, "bukan salah satu dari pilihan"),
        ({"name": "", "role": Role.MAYOR}, "tidak boleh kosong"),
    ],
)
def test_a_bad_client_form_says_why_and_creates_nothing(login, bkpsdm, data, field):
    users = User.objects.count()
    response = login(bkpsdm).post("/klien-api/baru/", data)
    assert response.status_code == 200 and field in response.content.decode()
    assert not ApiClient.objects.exists() and User.objects.count() == users


def test_a_second_client_of_the_same_name_is_refused(login, bkpsdm):
    client = login(bkpsdm)
    client.post("/klien-api/baru/", {"name": "Gudang data", "role": Role.MAYOR})
    response = client.post("/klien-api/baru/", {"name": "Gudang  Data", "role": Role.MAYOR})
    assert "sudah dipakai" in response.content.decode()
    assert ApiClient.objects.count() == 1


@pytest.mark.parametrize("days", ["0", "366", "x", ""])
def test_a_token_with_a_bad_lifetime_is_not_issued(login, bkpsdm, days):
    client = login(bkpsdm)
    client.post("/klien-api/baru/", {"name": "Gudang data", "role": Role.MAYOR})
    pk = ApiClient.objects.get().pk
    response = client.post(f"/klien-api/{pk}/token/", {"label": "server", "days": days})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_token_of_another_client_is_404(login, bkpsdm, api_mayor, api_head_a):
    mayor_client = ApiClient.objects.get(account__role=Role.MAYOR)
    head_token = ApiToken.objects.get(client__account__role=Role.HEAD)
    url = f"/klien-api/{mayor_client.pk}/token/{head_token.pk}/cabut/"
    assert login(bkpsdm).post(url).status_code == 404
    head_token.refresh_from_db()
    assert head_token.revoked_at is None


def test_partner_accounts_receive_no_notifications(api_bkpsdm, bkpsdm):
    from inbox.services import bkpsdm_accounts

    assert list(bkpsdm_accounts()) == [bkpsdm]
