"""Recovery codes are stored only as salted hashes, compared in constant time, used once; the
codes django-otp kept in plain text were moved into hashes and keep working."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from signin.models import RecoveryCode, RecoveryDevice, digest, normalised
from tests.signin.test_second_factor import enroll

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


def _stored_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT salt, digest FROM signin_recoverycode")
        return " ".join(" ".join(row) for row in cursor.fetchall())


def test_codes_are_80_bits_shown_once_and_stored_only_hashed(login, bkpsdm):
    _device, codes = enroll(login(bkpsdm))
    assert len(codes) == len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", c) for c in codes)
    stored = _stored_text()
    assert not any(normalised(c) in stored or c in stored for c in codes)
    salts = list(RecoveryCode.objects.values_list("salt", flat=True))
    assert len(set(salts)) == 10  # each code its own salt: equal codes would not look equal
    assert not StaticToken.objects.exists()


@pytest.mark.parametrize("typed", ["as shown", "UPPER CASE", "no dashes", "spaces"])
def test_a_code_is_accepted_as_people_type_it_and_only_once(login, bkpsdm, typed):
    _device, codes = enroll(login(bkpsdm))
    code = codes[3]
    variant = {
        "as shown": code,
        "UPPER CASE": code.upper(),
        "no dashes": code.replace("-", ""),
        "spaces": code.replace("-", " "),
    }[typed]
    client = Client()
    client.force_login(bkpsdm)
    assert client.post("/akun/verifikasi/", {"code": variant})["Location"] == "/"
    again = Client()
    again.force_login(bkpsdm)
    assert again.post("/akun/verifikasi/", {"code": code}).status_code == 400
    assert RecoveryCode.objects.count() == 9


def test_a_wrong_code_is_throttled_and_a_totp_mistake_does_not_count(login, bkpsdm):
    _device, codes = enroll(login(bkpsdm))
    client = Client()
    client.force_login(bkpsdm)
    assert client.post("/akun/verifikasi/", {"code": "000000"}).status_code == 400
    device = RecoveryDevice.objects.get(user=bkpsdm)
    assert device.throttling_failure_count == 0  # six digits are the app's
    assert client.post("/akun/verifikasi/", {"code": "aaaa-bbbb-cccc-dddd"}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # right after a failure django-otp refuses even a right code (a growing delay)
    assert client.post("/akun/verifikasi/", {"code": codes[0]}).status_code == 400
    device.throttle_reset()
    assert client.post("/akun/verifikasi/", {"code": codes[0]})["Location"] == "/"


def test_the_comparison_reads_every_stored_code(bkpsdm, monkeypatch):
    """No early exit: the time does not tell which stored code was near."""
    from signin import models

    device = RecoveryDevice.objects.create(user=bkpsdm, name="Kode pemulihan")
    RecoveryCode.objects.bulk_create([RecoveryCode.of(device, f"code{i}") for i in range(10)])
    compared = []
    real = models.hmac.compare_digest
    counted = lambda a, b: compared.append(1) or real(a, b)  # noqa: E731
    monkeypatch.setattr(models.hmac, "compare_digest", counted)
    assert device.verify_token("code0")
    assert len(compared) == 10


def test_plain_codes_are_moved_into_hashes_and_keep_working(login, bkpsdm):
    client = login(bkpsdm)
    _device, _new = enroll(client)
    RecoveryDevice.objects.all().delete()  # as before this change: codes in otp_static
    old = StaticDevice.objects.create(user=bkpsdm, name="Kode pemulihan", confirmed=True)
    StaticToken.objects.bulk_create(
        [StaticToken(device=old, token=t) for t in ["abcd2345", "efgh6723"]]
    )
    migration = importlib.import_module("signin.migrations.0002_move_plain_recovery_codes")
    migration.move(apps, None)
    assert not StaticToken.objects.exists() and not StaticDevice.objects.exists()
    assert "abcd2345" not in _stored_text()
    row = RecoveryCode.objects.first()
    assert row.digest == digest(row.salt, "abcd2345") or row.digest == digest(row.salt, "efgh6723")
    page = client.get("/akun/keamanan/").content.decode()
    assert "Sisa kode pemulihan: <strong>2</strong>" in page and "cara lama" in page
    other = Client()
    other.force_login(bkpsdm)
    assert other.post("/akun/verifikasi/", {"code": "abcd2345"})["Location"] == "/"
    client.post("/akun/keamanan/kode-pemulihan/")  # new codes: the notice goes
    page = client.get("/akun/keamanan/").content.decode()
    assert "cara lama" not in page and "Sisa kode pemulihan: <strong>10</strong>" in page
