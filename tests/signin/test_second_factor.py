"""Two-step verification (TOTP): required for BKPSDM and the Django admin, optional for others;
recovery codes; the QR code drawn by the portal."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from signin.models import RecoveryCode
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def enroll(client: Client) -> tuple[TOTPDevice, list[str]]:
    client.post("/akun/keamanan/mulai/")
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post("/akun/keamanan/konfirmasi/", {"code": code_of(device), "next": "/"})
    codes = re.findall(r"<li>([a-z2-7-]+)</li>", page.content.decode())
    return device, codes


def test_bkpsdm_sets_it_up_before_any_other_page(login, bkpsdm):
    client = login(bkpsdm)
    response = client.get("/")
    assert response["Location"] == "/akun/keamanan/?next=/"
    page = client.get(response["Location"]).content.decode()
    assert "wajib memakai verifikasi dua langkah" in page
    client.post("/akun/keamanan/mulai/", {"next": "/"})
    page = client.get("/akun/keamanan/").content.decode()
    assert "<svg" in page and "Kode QR TOTP" in page and "https://" not in page
    device = TOTPDevice.objects.get(user=bkpsdm, confirmed=False)

    wrong = client.post("/akun/keamanan/konfirmasi/", {"code": "000000"}, follow=True)
    assert "Kode tidak cocok" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and client.get("/").status_code == 302
    device.throttle_reset()  # django-otp delays the next try after a failure

    done = client.post("/akun/keamanan/konfirmasi/", {"code": code_of(device), "next": "/"})
    assert done.status_code == 200 and "hanya ditampilkan sekarang" in done.content.decode()
    assert RecoveryCode.objects.filter(device__user=bkpsdm).count() == 10
    assert client.get("/").status_code == 200  # verified in this session


def test_each_new_sign_in_asks_for_a_code_and_a_code_works_once(login, bkpsdm):
    device, _codes = enroll(login(bkpsdm))
    other = Client()
    other.force_login(bkpsdm)
    assert other.get("/periode/")["Location"] == "/akun/verifikasi/?next=/periode/"
    refused = other.post("/akun/verifikasi/", {"code": "123456", "next": "/periode/"})
    assert refused.status_code == 400 and "Kode salah" in refused.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a failure
    code = code_of(device, steps_ahead=1)
    accepted = other.post("/akun/verifikasi/", {"code": code, "next": "/periode/"})
    assert accepted["Location"] == "/periode/"
    third = Client()
    third.force_login(bkpsdm)
    assert third.post("/akun/verifikasi/", {"code": code}).status_code == 400  # replayed


def test_a_recovery_code_works_once(login, bkpsdm):
    _device, codes = enroll(login(bkpsdm))
    assert len(codes) == 10
    first = Client()
    first.force_login(bkpsdm)
    assert first.post("/akun/verifikasi/", {"code": codes[0]})["Location"] == "/"
    second = Client()
    second.force_login(bkpsdm)
    assert second.post("/akun/verifikasi/", {"code": codes[0]}).status_code == 400
    assert RecoveryCode.objects.filter(device__user=bkpsdm).count() == 9


def test_new_recovery_codes_replace_the_old(login, bkpsdm):
    client = login(bkpsdm)
    _device, old = enroll(client)
    page = client.post("/akun/keamanan/kode-pemulihan/").content.decode()
    new = re.findall(r"<li>([a-z2-7-]+)</li>", page)
    assert len(new) == 10 and not set(new) & set(old)


def test_bkpsdm_cannot_turn_it_off(login, bkpsdm):
    client = login(bkpsdm)
    enroll(client)
    response = client.post("/akun/keamanan/matikan/", follow=True)
    assert "tidak dapat dimatikan" in response.content.decode()
    assert TOTPDevice.objects.filter(user=bkpsdm).exists()


def test_others_may_use_it_and_turn_it_off(login, head_a):
    client = login(head_a)
    assert client.get("/").status_code == 200  # not required
    enroll(client)
    other = Client()
    other.force_login(head_a)
    assert other.get("/").status_code == 200  # optional: pages do not ask for it
    response = client.post("/akun/keamanan/matikan/", follow=True)
    assert "dimatikan" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=head_a).exists()


def test_the_django_admin_asks_every_staff_account(login):
    admin = UserFactory(is_staff=True, is_superuser=True, role="employee")
    client = login(admin)
    assert client.get("/").status_code == 200  # the portal's pages: optional for this role
    assert client.get("/admin/")["Location"] == "/akun/keamanan/?next=/admin/"
    device, _codes = enroll(client)
    assert client.get("/admin/").status_code == 200


def test_a_foreign_next_address_is_not_followed(login, bkpsdm):
    client = login(bkpsdm)
    enroll(client)
    other = Client()
    other.force_login(bkpsdm)
    device = TOTPDevice.objects.get(user=bkpsdm)
    code = code_of(device, steps_ahead=1)
    response = other.post("/akun/verifikasi/", {"code": code, "next": "https://contoh.com/"})
    assert response["Location"] == "/"


def test_the_api_is_not_asked(api_bkpsdm, bkpsdm):
    assert api_bkpsdm.get("/api/v1/windows/").status_code == 200


@pytest.fixture
def api_bkpsdm(bkpsdm):
    from opd.models import Role
    from tests.api.conftest import ApiCaller, _issue

    return ApiCaller(_issue(bkpsdm, "Gudang data", Role.BKPSDM))
