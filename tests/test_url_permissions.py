"""Every named route of the portal, requested by every persona, answers as declared below.

A new route fails `test_every_route_is_declared` until it has a row in EXPECTATIONS: say how to
build its URL (objects of OPD A, so that the head of OPD B is expected to get 404), which method a
user sends, and what each persona gets back. The Django admin is checked separately at the end.

Status values:
- an int: the status code;
- 302 for "anonymous": a redirect to the login page (Location /masuk/?next=...);
- Redirect("/prefix"): a 302 whose Location starts with that prefix.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory
from tests.url_expectations import (
    LOGIN_PATH,
    Redirect,
    absences,
    api,
    attendance,
    core,
    devicelogs,
    eligibility,
    evaluations,
    inbox,
    jobs,
    privacy,
    reports,
    schedules,
    signin,
    staff_import,
    targets,
)

# Personas are fetched with request.getfixturevalue(), which pytest-django cannot see: the mark
# says these tests use the database.
pytestmark = pytest.mark.django_db


# persona key used in the table -> fixture of tests/conftest.py (None: not signed in)
PERSONAS = {
    "anonymous": None,
    "employee": "employee_user",
    "head_a": "head_a",
    "head_b": "head_b",
    "mayor": "mayor",
    "bkpsdm": "bkpsdm",
}

EXPECTATIONS = {
    **core.EXPECTATIONS,
    **inbox.EXPECTATIONS,
    **absences.EXPECTATIONS,
    **eligibility.EXPECTATIONS,
    **jobs.EXPECTATIONS,
    **schedules.EXPECTATIONS,
    **attendance.EXPECTATIONS,
    **privacy.EXPECTATIONS,
    **reports.EXPECTATIONS,
    **evaluations.EXPECTATIONS,
    **staff_import.EXPECTATIONS,
    **targets.EXPECTATIONS,
    **devicelogs.EXPECTATIONS,
    **api.EXPECTATIONS,
    **signin.EXPECTATIONS,
}


def named_routes(patterns=None, namespace=""):
    """Yield "namespace:name" (or None for an unnamed route) for every URL pattern, recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<{pattern}>"


def project_routes():
    return {name for name in named_routes() if not name.startswith("admin:")}


def test_every_route_is_declared():
    routes = project_routes()
    missing = sorted(routes - EXPECTATIONS.keys())
    stale = sorted(EXPECTATIONS.keys() - routes)
    assert not missing, f"routes without a row in EXPECTATIONS: {missing}"
    assert not stale, f"rows in EXPECTATIONS for routes that no longer exist: {stale}"


def test_the_walk_finds_nested_namespaces():
    routes = set(named_routes())
    assert {"home", "opd:detail", "schedules:window_day_add"} <= routes
    assert "admin:index" in routes
    assert "admin:opd_employee_add" in routes


def test_every_row_covers_every_persona():
    for route, row in EXPECTATIONS.items():
        assert row["method"] in ("get", "post"), route
        assert set(PERSONAS) <= row.keys(), f"{route} lacks {set(PERSONAS) - row.keys()}"


def _answer(route: str, row: dict, persona: str, url: str, data: dict, user) -> str | None:
    """Send the row's request as the persona; None when it answers as declared, else why not."""
    client = Client()
    if user is not None:
        client.force_login(user)
    send = getattr(client, row["method"])
    response = send(url, data) if row["method"] == "post" else send(url)
    expected, got = row[persona], response.status_code
    location = response.get("Location", "")
    if isinstance(expected, Redirect):
        if got != 302 or not location.startswith(expected.to):
            return f"{persona}: expected a redirect to {expected.to}, got {got} {location}"
        if expected.to != LOGIN_PATH and location.startswith(LOGIN_PATH):
            return f"{persona}: sent to the login page"
        return None
    if got != expected:
        return f"{persona}: expected {expected}, got {got} {location}"
    if persona == "anonymous" and expected == 302 and not location.startswith(LOGIN_PATH):
        return f"anonymous: expected the login page, got {location}"
    if persona != "anonymous" and expected == 302:
        return f"{persona}: use Redirect(...) for a signed-in persona so the target is checked"
    return None


@pytest.mark.parametrize("route", sorted(EXPECTATIONS))
def test_route_answers_each_persona_as_declared(request, route):
    """One route, every persona. The objects are made once for the route (the personas share
    them), and each persona's request runs in a savepoint rolled back after it, so what one
    persona's POST changes is never seen by the next."""
    row = EXPECTATIONS[route]
    # Objects first (both OPDs exist, so head_b is a real head of another OPD).
    request.getfixturevalue("employee_b")
    users = {p: request.getfixturevalue(f) if f else None for p, f in PERSONAS.items()}
    url = reverse(route, kwargs=row["kwargs"](request.getfixturevalue))
    data = row.get("data", {})
    if callable(data):
        data = data(request.getfixturevalue)
    wrong = []
    for persona, user in users.items():
        with transaction.atomic():
            wrong.append(_answer(route, row, persona, url, data, user))
            transaction.set_rollback(True)
    wrong = [w for w in wrong if w]
    assert not wrong, f"{route}: " + "; ".join(wrong)


def test_signing_out_needs_a_post(login, head_a):
    client = login(head_a)
    assert client.get("/keluar/").status_code == 405
    assert client.get("/").status_code == 200  # still signed in


def test_get_on_adding_a_day_is_refused(login, bkpsdm, window):
    assert login(bkpsdm).get("/periode/lebaran-2025/hari/tambah/").status_code == 405


# --- the Django admin ------------------------------------------------------------------------


def test_the_admin_sends_anonymous_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


@pytest.mark.parametrize("persona", ["head_a", "mayor", "bkpsdm", "employee_user"])
def test_the_admin_shows_non_staff_its_login_page_not_the_index(request, login, persona):
    client = login(request.getfixturevalue(persona))
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    page = response.content.decode()
    assert "Admin Portal WFA Kota Palembang" in page
    assert 'name="password"' in page
    assert "Data induk" not in page  # the index title
    assert client.get("/admin/opd/employee/").status_code == 302


def test_the_admin_index_opens_for_staff(login):
    admin = UserFactory(is_staff=True, is_superuser=True, role="bkpsdm")
    response = login(admin).get("/admin/")
    assert response.status_code == 200
    assert "Data induk" in response.content.decode()
