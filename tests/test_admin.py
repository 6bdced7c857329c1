"""The Django admin covers every model of the portal, with search and filters that work."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from opd.admin import OWN_ACCOUNT_NOTE
from opd.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"opd", "inbox", "absences", "schedules", "targets", "devicelogs", "attendance"}


def our_models():
    return sorted(
        (m._meta.app_label, m._meta.model_name)
        for m in admin.site._registry
        if m._meta.app_label in OUR_APPS
    )


def test_every_model_of_ours_is_in_the_admin():
    from django.apps import apps

    registered = set(our_models())
    missing = [
        f"{m._meta.app_label}.{m._meta.model_name}"
        for app in OUR_APPS
        for m in apps.get_app_config(app).get_models()
        if (m._meta.app_label, m._meta.model_name) not in registered
        and not m._meta.model_name.startswith("historical")
    ]
    assert not missing


@pytest.mark.parametrize(("app", "model"), our_models())
def test_changelist_search_and_filters_answer(client, window, app, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="bkpsdm"))
    url = reverse(f"admin:{app}_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "palembang"}).status_code == 200


# --- accounts: nobody changes their own reach; every change is in the history ------------------


def change_form(user, **changes) -> dict:
    """What the admin's change form of `user` posts back, with `changes` (True: a checked box)."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.strftime("%H:%M:%S.%f"),
        "role": user.role,
        "opd": user.opd_id or "",
        "employee": user.employee_id or "",
    } | changes
    return {
        key: "on" if value is True else value for key, value in data.items() if value is not False
    }


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin-bkpsdm", is_staff=True, is_superuser=True, role=Role.BKPSDM)


def test_the_own_account_shows_role_opd_and_rights_read_only(login, superuser):
    page = login(superuser).get(f"/admin/opd/user/{superuser.pk}/change/").content.decode()
    assert OWN_ACCOUNT_NOTE in page
    for name in ("role", "opd", "employee", "is_superuser", "is_staff", "groups"):
        assert f'name="{name}"' not in page
    assert 'name="first_name"' in page  # the rest stays editable


def test_a_superuser_posting_their_own_role_change_leaves_it_unchanged(
    login, superuser, opd_a, employee_a
):
    group = Group.objects.create(name="Operator")
    data = change_form(
        superuser,
        first_name="Budi",
        role=Role.EMPLOYEE,
        opd=opd_a.pk,
        employee=employee_a.pk,
        is_superuser=False,
        is_staff=False,
        groups=[group.pk],
        user_permissions=[Permission.objects.get(codename="change_user").pk],
    )
    before = superuser.history.count()
    response = login(superuser).post(f"/admin/opd/user/{superuser.pk}/change/", data, follow=True)
    assert response.status_code == 200
    assert f"{OWN_ACCOUNT_NOTE} Perubahan itu diabaikan." in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.first_name == "Budi"
    assert (superuser.role, superuser.opd, superuser.employee) == (Role.BKPSDM, None, None)
    assert superuser.is_superuser and superuser.is_staff
    assert not superuser.groups.exists() and not superuser.user_permissions.exists()
    assert superuser.history.count() == before + 1
    assert superuser.history.first().role == Role.BKPSDM


def test_reverting_the_own_account_from_its_history_keeps_the_role(login, superuser, opd_a):
    User.objects.filter(pk=superuser.pk).update(role=Role.HEAD, opd=opd_a, is_superuser=False)
    superuser.refresh_from_db()
    superuser.save()  # a recorded version when this account was a head, not a superuser
    old = superuser.history.first()
    User.objects.filter(pk=superuser.pk).update(role=Role.BKPSDM, opd=None, is_superuser=True)
    superuser.refresh_from_db()
    url = f"/admin/opd/user/{superuser.pk}/history/{old.history_id}/"
    response = login(superuser).post(url, change_form(superuser), follow=True)
    assert response.redirect_chain == [("/admin/opd/user/", 302)]  # reverted and saved
    assert f"{OWN_ACCOUNT_NOTE} Perubahan itu diabaikan." in response.content.decode()
    superuser.refresh_from_db()
    assert (superuser.role, superuser.opd, superuser.is_superuser) == (Role.BKPSDM, None, True)


def test_changing_another_accounts_role_is_recorded_with_who_did_it(
    login, superuser, employee_user, opd_a
):
    client = login(superuser)
    data = change_form(employee_user, role=Role.HEAD, opd=opd_a.pk)
    response = client.post(f"/admin/opd/user/{employee_user.pk}/change/", data)
    assert response.status_code == 302
    employee_user.refresh_from_db()
    assert (employee_user.role, employee_user.opd) == (Role.HEAD, opd_a)
    new, old = employee_user.history.all()[:2]
    assert (new.history_type, new.history_user, new.role, new.opd_id) == (
        "~", superuser, Role.HEAD, opd_a.pk
    )  # fmt: skip
    assert {change.field for change in new.diff_against(old).changes} == {"role", "opd"}
    page = client.get(f"/admin/opd/user/{employee_user.pk}/history/").content.decode()
    newest = page.split("<tbody>")[1].split("</tr>")[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", newest)).split())
    assert "Diubah admin-bkpsdm" in text and "Peran: employee → head" in text


def test_signing_in_adds_no_history_row(client, employee_user):
    before = employee_user.history.count()
    client.force_login(employee_user)  # saves last_login only
    employee_user.refresh_from_db()
    assert employee_user.last_login is not None
    assert employee_user.history.count() == before
