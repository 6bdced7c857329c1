"""Searchable pickers: a person (or unit) is found by search within the user's scope, never picked
from a list of everyone; no page renders more than a few hundred options, with or without
JavaScript (the search box reloads the page with its matches)."""

import re

import pytest
from django.contrib import admin

from opd.models import Employee
from readlog.models import ReadEvent
from schedules.models import CapException, WorkingHours
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory, UnitFactory, valid_nip

FIND = "/cari/pegawai/"
EXCEPTIONS = "/pengecualian-batas/"
MOST_OPTIONS = 300  # "a few hundred": OPDs (52), units of one OPD (49), days, never the staff


def options(page: str) -> int:
    return page.count("<option")


def many_staff(unit, count: int, name: str = "Pegawai Uji") -> list[Employee]:
    """`count` staff in one go (bulk_create: the size matters here, not each one's story)."""
    return Employee.objects.bulk_create(
        Employee(
            nip=valid_nip(n=100_000 + i),
            name=f"{name} {i:04d}",
            asn_type="PNS",
            golongan="III/a",
            position_type="pelaksana",
            position_name="Pengadministrasi Umum",
            unit=unit,
        )
        for i in range(count)
    )


def found(response) -> list[str]:
    return re.findall(
        r'<label class="form-check-label"[^>]*>([^<]+?) <span', response.content.decode()
    )


# --- the search endpoint ----------------------------------------------------------------------


def test_a_head_finds_only_their_own_opds_active_staff(login, head_a, employee_a, employee_b):
    EmployeeFactory(unit=employee_a.unit, name="Siti Keluar", is_active=False)
    client = login(head_a)
    response = client.get(FIND, {"nama": "employee", "cari_employee": "i"})
    assert found(response) == ["Siti Aminah, S.Kep."]  # not Dishub's Ahmad Fauzi, not a leaver
    assert found(client.get(FIND, {"nama": "employee", "cari_employee": employee_b.nip})) == []
    assert f'name="employee" value="{employee_a.pk}"' in response.content.decode()


def test_bkpsdm_finds_the_whole_city_by_name_or_nip(login, bkpsdm, employee_a, employee_b):
    client = login(bkpsdm)
    by_nip = client.get(FIND, {"nama": "employee", "cari_employee": employee_b.nip[:12]})
    assert found(by_nip) == ["Ahmad Fauzi, S.T."]
    by_name = client.get(FIND, {"nama": "employee", "cari_employee": "aminah"})
    assert found(by_name) == ["Siti Aminah, S.Kep."]


def test_at_most_twenty_matches_and_the_current_choice_stays_first(login, bkpsdm, unit_a):
    staff = many_staff(unit_a, 30)
    chosen = staff[-1]
    response = login(bkpsdm).get(
        FIND, {"nama": "employee", "cari_employee": "pegawai uji", "employee": str(chosen.pk)}
    )
    names = found(response)
    assert len(names) == 21 and names[0] == chosen.name  # the choice, then twenty matches
    page = response.content.decode()
    assert f'value="{chosen.pk}" id="id_employee_1" checked' in page
    assert "Hanya 20 hasil pertama yang ditampilkan: perjelas pencarian." in page


def test_units_are_found_by_name_or_code_within_scope(login, head_a, unit_a, unit_b):
    page = login(head_a).get("/cari/unit/", {"nama": "unit", "cari_unit": "a"}).content.decode()
    assert "Puskesmas Makrayu" in page and "Bidang Lalu Lintas" not in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"nama": "x y", "cari_x": "a"}, 400),  # not a field's name: refused
        ({"cari_employee": "a"}, 400),
    ],
)
def test_a_malformed_search_is_refused(login, bkpsdm, query, status):
    assert login(bkpsdm).get(FIND, query).status_code == status


def test_an_unknown_kind_is_not_found_and_employees_may_not_search(
    login, bkpsdm, employee_user, client
):
    assert login(bkpsdm).get("/cari/opd/", {"nama": "x"}).status_code == 404
    assert login(employee_user).get(FIND, {"nama": "employee"}).status_code == 403


def test_the_search_notes_whom_it_showed_in_the_read_log(login, head_a, employee_a):
    login(head_a).get(FIND, {"nama": "employee", "cari_employee": "siti"})
    event = ReadEvent.objects.get()
    assert event.detail == "Pencarian pegawai"
    assert list(event.subjects.values_list("employee_id", flat=True)) == [employee_a.pk]


@pytest.mark.parametrize("count", [1, 25])
def test_the_search_runs_a_fixed_number_of_queries(
    login, bkpsdm, unit_a, count, django_assert_num_queries
):
    many_staff(unit_a, count)
    client = login(bkpsdm)
    # session, user, the current choice, the matches (with units and OPDs); the read log
    with django_assert_num_queries(4 + READ_LOG):
        client.get(FIND, {"nama": "employee", "cari_employee": "uji", "employee": "1"})


# --- the cap exceptions page ------------------------------------------------------------------


@pytest.fixture
def exception_data(employee_a):
    return {
        "employee": employee_a.pk,
        "reason": "Tugas khusus: vaksinasi massal",
        "days_per_week": 4,
        "starts_on": "2026-11-23",
        "ends_on": "2026-12-31",
    }


def test_the_exception_form_lists_no_staff_and_finds_them_without_javascript(
    login, bkpsdm, unit_a, employee_a
):
    many_staff(unit_a, 400)
    client = login(bkpsdm)
    page = client.get(EXCEPTIONS).content.decode()
    assert options(page) == 0 and 'name="cari_employee"' in page
    assert '<form id="cari-employee" method="get"' in page  # "Cari" reloads the page
    searched = client.get(EXCEPTIONS, {"cari_employee": "siti"})
    assert found(searched) == ["Siti Aminah, S.Kep."]


def test_a_head_grants_an_exception_to_the_employee_picked(login, head_a, exception_data):
    response = login(head_a).post(EXCEPTIONS, exception_data, follow=True)
    assert "Pengecualian untuk Siti Aminah, S.Kep. dicatat" in response.content.decode()
    assert CapException.objects.get().days_per_week == 4


def test_another_opds_employee_forged_into_the_form_is_refused(
    login, head_a, employee_b, exception_data
):
    response = login(head_a).post(EXCEPTIONS, exception_data | {"employee": employee_b.pk})
    assert response.status_code == 400
    assert "Pegawai tidak ditemukan di OPD Anda." in response.content.decode()
    # the refused choice is not shown back as a match: it is outside the head's scope
    assert employee_b.name not in response.content.decode()
    assert not CapException.objects.exists()


# --- no page renders hundreds of options ------------------------------------------------------


def test_exceptions_working_hours_and_the_admin_forms_stay_small(
    login, bkpsdm, window, opd_a, unit_a
):
    staff = many_staff(unit_a, 600)  # more than any select should ever hold
    days = list(window.days.all())
    WorkingHours.objects.bulk_create(
        WorkingHours(employee=e, day=d, kind="shift", start_minute=420, end_minute=930)
        for e in staff[:300]
        for d in days
    )
    client = login(bkpsdm)
    pages = {
        EXCEPTIONS: client.get(EXCEPTIONS),
        "jam kerja": client.get(f"/periode/{window.slug}/rencana/{opd_a.code}/jam-kerja/"),
    }
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_add_permission(pages[EXCEPTIONS].wsgi_request):
            meta = model._meta
            pages[meta.label] = client.get(f"/admin/{meta.app_label}/{meta.model_name}/add/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.content.decode()
        assert options(page) <= MOST_OPTIONS, (name, options(page))
        assert len(response.content) < 150_000, (name, len(response.content))
    hours = pages["jam kerja"].content.decode()
    assert "1500 jam kerja." in hours and hours.count('name="cells"') == 100  # a page of 100


@pytest.mark.parametrize("count", [1, 30])
def test_the_working_hours_page_runs_a_fixed_number_of_queries(
    login, bkpsdm, window, opd_a, unit_a, count, django_assert_num_queries
):
    day = window.days.first()
    for employee in many_staff(unit_a, count):
        WorkingHours.objects.create(
            employee=employee, day=day, kind="shift", start_minute=420, end_minute=930
        )
    UnitFactory(opd=opd_a)
    client = login(bkpsdm)
    url = f"/periode/{window.slug}/rencana/{opd_a.code}/jam-kerja/"
    # session, user, window, OPD, plan, the OPD's units (filter), the page's count, its rows
    # (with employees, units, days and who changed them); the read log
    with django_assert_num_queries(8 + READ_LOG + BELL):
        page = client.get(url, {"q": "uji"}).content.decode()
    assert page.count('name="cells"') == count
