"""The Django admin covers every model of the portal, with search and filters that work."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"opd", "schedules", "attendance"}


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
