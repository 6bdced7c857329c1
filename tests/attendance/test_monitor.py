"""Pantauan: the live monitor per OPD and for the city, its htmx refresh, and the weekly summary."""

import pytest

from attendance.models import Flag, ReportStatus
from schedules.models import Assignment, Mode
from tests.attendance.conftest import make_check_in, make_report
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory

OPD_A = "/pantauan/opd/dinkes/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def busy_day(today, unit_a, employee_a, employee_b):
    """Puskesmas Makrayu today: Siti at the office, one nurse WFH at the office (mismatch), one
    nurse not checked in yet; a report accepted, one waiting. Dishub has its own check-in."""
    wfh = EmployeeFactory(unit=unit_a, name="Perawat Rumah")
    EmployeeFactory(unit=unit_a, name="Perawat Belum Datang")
    Assignment.objects.create(employee=wfh, day=today, mode=Mode.WFH)
    make_check_in(employee_a, today, distance_m=12)
    make_check_in(wfh, today, planned=Mode.WFH, mode=Mode.WFO, flags=[Flag.MODE_MISMATCH])
    make_report(employee_a, today, status=ReportStatus.ACCEPTED)
    make_report(wfh, today)
    make_check_in(employee_b, today, flags=[Flag.NO_LOCATION])
    return today


def test_the_head_lands_on_their_own_opd(login, head_a, busy_day):
    response = login(head_a).get("/pantauan/", {"hari": busy_day.pk})
    assert response["Location"] == f"{OPD_A}?hari={busy_day.pk}"


def test_the_opd_monitor_shows_plan_against_check_ins_and_reports(login, head_a, busy_day):
    page = login(head_a).get(OPD_A).content.decode()
    assert "Puskesmas Makrayu" in page
    row = page[
        page.index("Puskesmas Makrayu") : page.index("</tr>", page.index("Puskesmas Makrayu"))
    ]
    cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
    # staff, plan WFO/WFH/WFA, checked in (on site), not yet, 5 flags, reports filed, accepted
    assert cells == ["3", "2 / 1 / 0", "0", "2 (2)", "1", "0", "1", "0", "0", "0", "2", "1"]
    assert "Perawat Belum Datang" in page  # the "not yet" list
    assert "Mode berbeda dari rencana" in page and "(rencana WFH)" in page
    assert "Diterima" in page and "Menunggu pemeriksaan" in page
    assert "Ahmad Fauzi" not in page  # another OPD's check-in


def test_the_monitor_refreshes_itself_with_htmx_polling(login, head_a, busy_day):
    page = login(head_a).get(OPD_A).content.decode()
    assert f'hx-get="{OPD_A}isi/?hari={busy_day.pk}"' in page
    assert 'hx-trigger="every 30s"' in page
    assert "<script>" not in page and "onclick" not in page


def test_the_partial_is_a_fragment_with_fresh_figures(login, head_a, busy_day, unit_a):
    client = login(head_a)
    make_check_in(EmployeeFactory(unit=unit_a, name="Datang Terlambat"), busy_day)
    response = client.get(f"{OPD_A}isi/", {"hari": busy_day.pk}, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert "Datang Terlambat" in fragment


def test_another_day_is_chosen_with_hari(login, head_a, window, busy_day, employee_a):
    monday = window.days.first()
    make_check_in(employee_a, monday)
    page = login(head_a).get(OPD_A, {"hari": monday.pk}).content.decode()
    assert "Senin, 24 Maret 2025" in page and "(rencana WFH)" not in page


@pytest.mark.parametrize("hari", ["abc", "999999"])
def test_an_unknown_day_is_404(login, head_a, busy_day, hari):
    assert login(head_a).get(OPD_A, {"hari": hari}).status_code == 404


def test_without_a_window_day_today_the_monitor_says_so(login, head_a, window):
    page = login(head_a).get(OPD_A).content.decode()
    assert "Hari ini bukan hari periode kerja fleksibel" in page
    assert "Senin, 24 Maret 2025" in page  # in the day chooser


def test_the_city_monitor_lists_every_opd(login, bkpsdm, busy_day):
    page = login(bkpsdm).get("/pantauan/").content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Perhubungan" in page
    assert f"{OPD_A}?hari={busy_day.pk}" in page
    assert 'hx-get="/pantauan/isi/' in page
    assert "presensi 3 dari 4 pegawai aktif (75%)" in page


def test_the_city_partial_is_not_for_heads(login, head_a, busy_day):
    assert login(head_a).get("/pantauan/isi/").status_code == 404


def test_monitor_access(login, head_b, mayor, employee_user, busy_day, client):
    assert login(head_b).get(OPD_A).status_code == 404
    assert login(mayor).get(OPD_A).status_code == 200
    assert login(employee_user).get(OPD_A).status_code == 403
    assert login(employee_user).get("/pantauan/").status_code == 403


def test_the_monitor_needs_a_get(login, head_a, busy_day):
    assert login(head_a).post(OPD_A).status_code == 405


@pytest.mark.parametrize("count", [1, 50])
def test_the_opd_monitor_runs_a_fixed_number_of_queries(
    login, head_a, today, unit_a, django_assert_num_queries, count
):
    for i in range(count):
        employee = EmployeeFactory(unit=unit_a)
        Assignment.objects.create(employee=employee, day=today, mode=Mode.WFH if i % 2 else "WFO")
        make_check_in(employee, today, flags=[Flag.NO_LOCATION] if i % 3 else [])
        make_report(employee, today, items=2)
    client = login(head_a)
    # session, user, OPD, today's day, 4 summary aggregates, units, flagged, latest, reports,
    # not yet, the day chooser, the head's OPD (navigation bar); then the read log: who of these
    # was logged in the last half hour, one event, one insert of its rows
    with django_assert_num_queries(17 + 1 + READ_LOG + BELL):
        assert client.get(OPD_A).status_code == 200
    # the same less the day chooser and the navigation bar; everyone shown was just logged, so
    # the read log only looks (the page polls every 30 seconds)
    with django_assert_num_queries(15 + 1):
        assert client.get(f"{OPD_A}isi/", {"hari": today.pk}, **HTMX).status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_the_city_monitor_runs_a_fixed_number_of_queries(
    login, bkpsdm, today, unit_a, unit_b, django_assert_num_queries, count
):
    for i in range(count):
        make_check_in(EmployeeFactory(unit=unit_a if i % 2 else unit_b), today)
    client = login(bkpsdm)
    # session, user, today's day, 3 summary aggregates and the staff away, OPDs, the day chooser
    with django_assert_num_queries(9 + BELL):
        assert client.get("/pantauan/").status_code == 200


# --- weekly summary -------------------------------------------------------------------------


def test_the_weekly_summary_adds_up_each_week_of_the_window(
    login, bkpsdm, window, unit_a, employee_a, employee_b
):
    monday, tuesday, *_, april_8 = window.days.all()
    make_check_in(employee_a, monday)
    make_check_in(employee_a, tuesday, flags=[Flag.NO_LOCATION])
    make_check_in(employee_a, april_8)
    make_report(employee_a, monday, status=ReportStatus.ACCEPTED)
    page = login(bkpsdm).get(f"/pantauan/periode/{window.slug}/").content.decode()
    assert "Minggu 24 Maret 2025" in page and "Minggu 7 April 2025" in page
    first_week = page[page.index("Minggu 24 Maret 2025") : page.index("Minggu 7 April 2025")]
    dinkes = first_week[first_week.index("Dinas Kesehatan") :]
    cells = [c.split(">")[-1] for c in dinkes[: dinkes.index("</tr>")].split("</td>")[:-1]]
    # staff, check-ins of expected (1 x 4 days), compliance, flagged, reports, accepted
    assert cells == ["1", "2 / 4", "50%", "1", "1", "1"]
    assert "Seluruh periode" in page and "3 / 5" in page


def test_the_head_sees_only_their_opd_in_the_weekly_summary(login, head_a, window, employee_b):
    page = login(head_a).get(f"/pantauan/periode/{window.slug}/").content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Perhubungan" not in page


def test_weekly_summary_access(login, employee_user, mayor, window):
    assert login(employee_user).get(f"/pantauan/periode/{window.slug}/").status_code == 403
    assert login(mayor).get(f"/pantauan/periode/{window.slug}/").status_code == 200
    assert login(mayor).get("/pantauan/periode/tidak-ada/").status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_the_weekly_summary_runs_a_fixed_number_of_queries(
    login, bkpsdm, window, unit_a, django_assert_num_queries, count
):
    days = list(window.days.all())
    for i in range(count):
        employee = EmployeeFactory(unit=unit_a)
        make_check_in(employee, days[i % len(days)])
        make_report(employee, days[i % len(days)])
    client = login(bkpsdm)
    # session, user, window, OPDs, the window's days for the weeks, staff, check-ins, reports,
    # the window's days for the headings, the other windows, the staff-days away
    with django_assert_num_queries(11 + BELL):
        assert client.get(f"/pantauan/periode/{window.slug}/").status_code == 200
