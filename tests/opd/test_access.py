"""Who sees what: the scopes and permissions of opd/access.py, per persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from opd.access import employees_visible_to, opds_visible_to, units_visible_to
from tests.factories import EmployeeFactory, UnitFactory, UserFactory

# Personas are fetched with request.getfixturevalue(), which pytest-django cannot see: the mark
# says these tests use the database.
pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "employee_user", "head_a", "head_b", "mayor", "bkpsdm"]


@pytest.fixture
def city(opd_a, opd_b, unit_a, unit_b, employee_a, employee_b):
    """Both OPDs with a second unit and colleague in OPD A, so "only self" can be told apart."""
    unit_a2 = UnitFactory(opd=opd_a, name="Sekretariat Dinas Kesehatan")
    colleague = EmployeeFactory(unit=unit_a2, name="Budi Santoso, S.H.")
    return {
        "opds": {"a": opd_a, "b": opd_b},
        "units": {"a": unit_a, "a2": unit_a2, "b": unit_b},
        "employees": {"a": employee_a, "a2": colleague, "b": employee_b},
    }


# What each persona may see, by the keys of the `city` fixture.
VISIBLE = {
    "anonymous": {"opds": set(), "units": set(), "employees": set()},
    "employee_user": {"opds": {"a"}, "units": {"a"}, "employees": {"a"}},
    "head_a": {"opds": {"a"}, "units": {"a", "a2"}, "employees": {"a", "a2"}},
    "head_b": {"opds": {"b"}, "units": {"b"}, "employees": {"b"}},
    "mayor": {"opds": {"a", "b"}, "units": {"a", "a2", "b"}, "employees": {"a", "a2", "b"}},
    "bkpsdm": {"opds": {"a", "b"}, "units": {"a", "a2", "b"}, "employees": {"a", "a2", "b"}},
}


def persona_user(request, persona):
    if persona == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_exactly_its_scope(request, city, persona):
    user = persona_user(request, persona)
    expected = VISIBLE[persona]
    for kind, scope in [
        ("opds", opds_visible_to),
        ("units", units_visible_to),
        ("employees", employees_visible_to),
    ]:
        wanted = {city[kind][key].pk for key in expected[kind]}
        # A list, not a set: a join must never repeat a row.
        assert sorted(scope(user).values_list("pk", flat=True)) == sorted(wanted), kind


def test_an_employee_account_without_employee_record_sees_nothing(city):
    user = UserFactory(role="employee")
    assert not opds_visible_to(user).exists()
    assert not units_visible_to(user).exists()
    assert not employees_visible_to(user).exists()


def test_the_head_of_opd_a_cannot_open_opd_b(login, head_a, opd_b):
    assert login(head_a).get("/opd/dishub/").status_code == 404


def test_the_head_of_opd_a_cannot_list_the_staff_of_opd_b(login, head_a, opd_b):
    assert login(head_a).get("/opd/dishub/pegawai/").status_code == 404


def test_the_head_of_opd_a_cannot_open_an_employee_of_opd_b(login, head_a, employee_b):
    assert login(head_a).get(f"/pegawai/{employee_b.nip}/").status_code == 404


def test_the_head_of_opd_b_cannot_open_opd_a_or_its_staff(login, head_b, employee_a):
    client = login(head_b)
    assert client.get("/opd/dinkes/").status_code == 404
    assert client.get("/opd/dinkes/pegawai/").status_code == 404
    assert client.get(f"/pegawai/{employee_a.nip}/").status_code == 404


def test_an_employee_cannot_open_a_colleague(login, employee_user, unit_a):
    colleague = EmployeeFactory(unit=unit_a)
    assert login(employee_user).get(f"/pegawai/{colleague.nip}/").status_code == 404


def test_an_employee_opens_their_own_record(login, employee_user, employee_a):
    response = login(employee_user).get(f"/pegawai/{employee_a.nip}/")
    assert response.status_code == 200
    assert "Siti Aminah, S.Kep." in response.content.decode()


# Permissions checked without an object: persona -> (view_city, manage_city, browse_staff).
CITY_PERMS = {
    "anonymous": (False, False, False),
    "employee_user": (False, False, False),
    "head_a": (False, False, True),
    "head_b": (False, False, True),
    "mayor": (True, False, True),
    "bkpsdm": (True, True, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_city_wide_permissions(request, city, persona):
    user = persona_user(request, persona)
    assert (
        user.has_perm("opd.view_city"),
        user.has_perm("opd.manage_city"),
        user.has_perm("opd.browse_staff"),
    ) == CITY_PERMS[persona]


OPD_PERMS = {
    # persona: (view OPD A, edit OPD A, view OPD B, edit OPD B)
    "anonymous": (False, False, False, False),
    "employee_user": (False, False, False, False),
    "head_a": (True, True, False, False),
    "head_b": (False, False, True, True),
    "mayor": (True, False, True, False),
    "bkpsdm": (True, True, True, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_opd_permissions_follow_the_head_s_own_opd(request, city, persona):
    user = persona_user(request, persona)
    opd_a, opd_b = city["opds"]["a"], city["opds"]["b"]
    assert (
        user.has_perm("opd.view_opd", opd_a),
        user.has_perm("opd.edit_opd", opd_a),
        user.has_perm("opd.view_opd", opd_b),
        user.has_perm("opd.edit_opd", opd_b),
    ) == OPD_PERMS[persona]


def test_a_head_s_opd_permission_also_reads_objects_that_carry_an_opd(city, head_a, head_b):
    unit_a = city["units"]["a"]
    assert head_a.has_perm("opd.edit_opd", unit_a)
    assert not head_b.has_perm("opd.edit_opd", unit_a)
    assert not head_a.has_perm("opd.view_opd")  # no object: not "any OPD"
