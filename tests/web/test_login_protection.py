"""Login protection: django-axes locks a username after repeated failures from one address."""

import pytest

from opd.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.lockout]

OFFICE = "10.20.30.40"  # a whole office behind one address


def attempt(client, username, password="salah-sekali", address=OFFICE):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_username_from_that_address(client, head_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "kepala-a").status_code == 200  # the form, with the error
    response = attempt(client, "kepala-a")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Akun dikunci sementara" in page and "15 menit" in page
    # Even the right password is refused while locked, and no session is opened.
    response = attempt(client, "kepala-a", password="rahasia-uji-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_colleague_behind_the_same_address_can_still_sign_in(client, head_a, head_b, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "kepala-a")
    response = attempt(client, "kepala-b", password="rahasia-uji-123")
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_success_before_the_limit_resets_the_count(client, head_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "kepala-a")
    assert attempt(client, "kepala-a", password="rahasia-uji-123").status_code == 302
    client.post("/keluar/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "kepala-a").status_code == 200


def test_password_validators_refuse_weak_passwords(head_a):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User.objects.get(username="kepala-a")
    for weak in ("12345678", "password", "kepala-a1", "pendek"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
