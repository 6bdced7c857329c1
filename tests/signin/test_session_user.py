"""Every signed-in request's session and user, read by statements compiled once per process
(signin/sessions.py, signin/backends.py): the same rules as Django's own reads."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from signin.backends import ModelBackend
from signin.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/presensi/"


def session_of(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_signed_in_page_reads_session_and_user_with_the_backend(login, employee_user):
    client = login(employee_user)
    assert client.session[BACKEND_SESSION_KEY] == "signin.backends.ModelBackend"
    assert client.get(PAGE).status_code == 200


def test_an_expired_session_signs_out(login, employee_user):
    client = login(employee_user)
    Session.objects.filter(pk=session_of(client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(PAGE)["Location"].startswith("/masuk/")


def test_an_unknown_session_key_is_no_session(db):
    store = SessionStore("tidakadasesiseperti1ni")
    assert store.load() == {} and store.session_key is None


def test_a_deactivated_account_is_signed_out(login, employee_user):
    client = login(employee_user)
    type(employee_user).objects.filter(pk=employee_user.pk).update(is_active=False)
    assert client.get(PAGE)["Location"].startswith("/masuk/")


def test_a_changed_password_signs_the_other_sessions_out(login, employee_user):
    client = login(employee_user)
    employee_user.set_password("kata-sandi-baru-yang-panjang")
    employee_user.save()
    assert client.get(PAGE)["Location"].startswith("/masuk/")


def test_the_user_is_read_with_the_orms_types(db):
    """SQLite hands back text for dates and integers for booleans: the ORM's converters apply."""
    user = UserFactory()
    loaded = ModelBackend().get_user(str(user.pk))
    assert loaded == user and loaded._state.adding is False
    assert isinstance(loaded.date_joined, datetime) and timezone.is_aware(loaded.date_joined)
    assert loaded.is_active is True and loaded.is_superuser is False
    assert [getattr(loaded, f.attname) for f in type(user)._meta.concrete_fields] == [
        getattr(type(user).objects.get(pk=user.pk), f.attname)
        for f in type(user)._meta.concrete_fields
    ]


def test_a_user_id_that_is_not_one_is_no_user(db):
    assert ModelBackend().get_user("bukan-angka") is None
    assert ModelBackend().get_user("987654321") is None


def test_signing_in_with_a_password_still_works(client, employee_user):
    employee_user.set_password("kata-sandi-yang-cukup-panjang")
    employee_user.save()
    response = client.post(
        "/masuk/",
        {"username": employee_user.username, "password": "kata-sandi-yang-cukup-panjang"},
    )
    assert response.status_code == 302
    assert client.get(PAGE).status_code == 200
