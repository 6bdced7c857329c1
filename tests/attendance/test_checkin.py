"""Presensi: flags (radius, location, mode, WFA place), refusals, one check-in a day, check-out."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from attendance.models import CheckIn, Flag
from schedules.models import Assignment, Mode
from tests.attendance.conftest import make_check_in
from tests.factories import UserFactory, WindowDayFactory

PAGE = "/presensi/"
CHECK_IN = "/presensi/masuk/"
CHECK_OUT = "/presensi/pulang/"
# Puskesmas Makrayu (unit_a): -3.000032, 104.744295, radius 100 m. Along the meridian one
# thousandth of a degree is 111.2 m: +0.000899 deg = 99.97 m (rounds to 100: on the circle,
# inside), +0.000904 deg = 100.52 m (rounds to 101: outside).
OFFICE = {"latitude": "-3.000032", "longitude": "104.744295", "accuracy": "12"}
ON_THE_CIRCLE = {"latitude": "-2.999133", "longitude": "104.744295", "accuracy": "8"}
JUST_OUTSIDE = {"latitude": "-2.999128", "longitude": "104.744295", "accuracy": "8"}
CITY_HALL = {"latitude": "-2.991", "longitude": "104.7567", "accuracy": "20"}


def post(client, today, **data):
    return client.post(CHECK_IN, {"mode": "WFO", "day": today.pk, **data}, follow=True)


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


def only_check_in(employee):
    return CheckIn.objects.get(employee=employee)


def test_wfo_at_the_office_is_recorded_without_flags(nurse, today, employee_a):
    response = post(nurse, today, **OFFICE)
    check_in = only_check_in(employee_a)
    assert (check_in.planned_mode, check_in.mode, check_in.flags) == ("WFO", "WFO", [])
    assert check_in.distance_m == 0 and check_in.accuracy_m == 12
    assert abs(check_in.checked_in_at - timezone.now()) < timedelta(seconds=10)
    assert "Presensi masuk tercatat pukul" in response.content.decode()
    assert "Sudah presensi masuk" in response.content.decode()


@pytest.mark.parametrize(
    ("where", "distance", "flags"),
    [
        (ON_THE_CIRCLE, 100, []),
        (JUST_OUTSIDE, 101, [Flag.OUTSIDE_RADIUS]),
        (CITY_HALL, 1705, [Flag.OUTSIDE_RADIUS]),
    ],
)
def test_the_radius_decides_at_its_boundary(nurse, today, employee_a, where, distance, flags):
    post(nurse, today, **where)
    check_in = only_check_in(employee_a)
    assert check_in.distance_m == distance
    assert check_in.flags == flags


def test_wfo_without_a_location_is_accepted_and_flagged(nurse, today, employee_a):
    response = post(nurse, today)
    assert only_check_in(employee_a).flags == [Flag.NO_LOCATION]
    assert "dengan tanda: tanpa lokasi" in response.content.decode()


def test_a_broken_location_counts_as_none_rather_than_refusing(nurse, today, employee_a):
    post(nurse, today, latitude="-2.99", longitude="NaN", accuracy="abc")
    check_in = only_check_in(employee_a)
    assert check_in.flags == [Flag.NO_LOCATION] and check_in.latitude is None


def test_a_mode_other_than_the_plan_is_accepted_and_flagged(nurse, today, employee_a):
    Assignment.objects.create(employee=employee_a, day=today, mode=Mode.WFH)
    post(nurse, today, **OFFICE)
    check_in = only_check_in(employee_a)
    assert (check_in.planned_mode, check_in.mode) == ("WFH", "WFO")
    assert check_in.flags == [Flag.MODE_MISMATCH]


def test_all_flags_of_a_wfo_check_in_add_up(nurse, today, employee_a):
    Assignment.objects.create(employee=employee_a, day=today, mode=Mode.WFH)
    post(nurse, today, **CITY_HALL)
    assert only_check_in(employee_a).flags == [Flag.MODE_MISMATCH, Flag.OUTSIDE_RADIUS]


@pytest.fixture
def planned_wfa(today, employee_a):
    return Assignment.objects.create(
        employee=employee_a, day=today, mode=Mode.WFA, wfa_place="Lahat, rumah orang tua"
    )


def test_wfa_at_the_planned_place_records_it_without_flags(nurse, today, employee_a, planned_wfa):
    post(nurse, today, mode="WFA", place="  lahat,  Rumah orang tua ", **CITY_HALL)
    check_in = only_check_in(employee_a)
    assert check_in.flags == []  # no radius for WFA: the location is only recorded
    assert check_in.place == "lahat,  Rumah orang tua"
    assert check_in.planned_place == "Lahat, rumah orang tua"
    assert check_in.distance_m is None and check_in.latitude is not None


def test_wfa_elsewhere_is_flagged_against_the_planned_place(nurse, today, employee_a, planned_wfa):
    post(nurse, today, mode="WFA", place="Prabumulih, rumah mertua")
    check_in = only_check_in(employee_a)
    assert check_in.flags == [Flag.PLACE_MISMATCH]


def test_wfa_needs_a_place(nurse, today, employee_a):
    response = nurse.post(CHECK_IN, {"mode": "WFA", "place": " ", "day": today.pk})
    assert response.status_code == 400
    assert "Tuliskan tempat Anda bekerja WFA" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_mode_the_window_does_not_allow_is_refused(nurse, today, today_window, employee_a):
    today_window.allows_wfa = False
    today_window.save()
    response = nurse.post(CHECK_IN, {"mode": "WFA", "place": "Lahat", "day": today.pk})
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_the_page_prefills_the_plan(nurse, today, employee_a, planned_wfa):
    page = nurse.get(PAGE).content.decode()
    assert "Rencana hari ini" in page and "Lahat, rumah orang tua" in page
    assert 'value="WFA" id="id_mode_2" checked' in page
    assert "js/checkin.js" in page and "<script>" not in page


# --- refusals -------------------------------------------------------------------------------


def test_outside_a_window_day_the_page_says_so_and_a_post_is_refused(nurse, employee_a, window):
    page = nurse.get(PAGE).content.decode()
    assert "Hari ini bukan hari periode kerja fleksibel" in page
    assert 'name="mode"' not in page
    response = nurse.post(CHECK_IN, {"mode": "WFO"}, follow=True)
    assert "bukan hari periode kerja fleksibel" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_page_names_the_next_window_day(nurse, employee_a, today_window):
    WindowDayFactory(window=today_window, date=timezone.localdate() + timedelta(days=3))
    assert "Hari periode berikutnya" in nurse.get(PAGE).content.decode()


def test_a_second_check_in_is_refused(nurse, today, employee_a):
    post(nurse, today, **OFFICE)
    response = post(nurse, today, mode="WFH")
    assert "Anda sudah presensi masuk hari ini pukul" in response.content.decode()
    assert only_check_in(employee_a).mode == "WFO"


def test_a_page_left_open_since_a_past_day_is_refused(nurse, today, yesterday, employee_a):
    response = post(nurse, yesterday, **OFFICE)
    assert "sudah ditutup: hari itu telah berakhir" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_past_day_is_refused_even_when_today_is_no_window_day(nurse, yesterday, employee_a):
    response = post(nurse, yesterday, **OFFICE)
    assert "sudah ditutup" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_checking_in_someone_else_is_refused(nurse, today, employee_a, employee_b):
    for forged in ({"employee": employee_b.pk}, {"nip": employee_b.nip}):
        response = post(nurse, today, **OFFICE, **forged)
        assert "hanya dapat dilakukan untuk diri Anda sendiri" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_naming_oneself_is_harmless(nurse, today, employee_a):
    post(nurse, today, employee=employee_a.pk, **OFFICE)
    assert only_check_in(employee_a).flags == []


def test_the_server_clock_decides_not_the_form(nurse, today, employee_a):
    post(nurse, today, checked_in_at="2020-01-01T07:00", **OFFICE)
    assert only_check_in(employee_a).checked_in_at.year == timezone.now().year


def test_an_account_without_staff_record_cannot_check_in(login, head_a, today):
    client = login(head_a)
    assert "belum terhubung dengan data pegawai" in client.get(PAGE).content.decode()
    response = client.post(CHECK_IN, {"mode": "WFO", "day": today.pk}, follow=True)
    assert "belum terhubung dengan data pegawai" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_an_inactive_employee_cannot_check_in(login, today, employee_a):
    employee_a.is_active = False
    employee_a.save()
    client = login(UserFactory(employee=employee_a))
    response = post(client, today)
    assert "tidak aktif" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_database_allows_one_check_in_per_employee_per_day(today, employee_a):
    make_check_in(employee_a, today)
    with pytest.raises(IntegrityError):
        make_check_in(employee_a, today, mode=Mode.WFH)


def test_two_windows_on_the_same_date_still_mean_one_check_in(nurse, today, employee_a):
    other = WindowDayFactory(window__slug="lain", date=today.date)
    make_check_in(employee_a, today)
    response = post(nurse, other)
    assert "sudah presensi masuk" in response.content.decode()
    assert CheckIn.objects.count() == 1


# --- check-out ------------------------------------------------------------------------------


def test_check_out_comes_after_check_in_once(nurse, today, employee_a):
    response = nurse.post(CHECK_OUT, follow=True)
    assert "Anda belum presensi masuk hari ini" in response.content.decode()
    post(nurse, today, **OFFICE)
    response = nurse.post(CHECK_OUT, follow=True)
    assert "Presensi pulang tercatat pukul" in response.content.decode()
    check_in = only_check_in(employee_a)
    assert check_in.checked_out_at >= check_in.checked_in_at
    response = nurse.post(CHECK_OUT, follow=True)
    assert "Anda sudah presensi pulang pukul" in response.content.decode()


def test_check_out_of_a_past_day_is_not_possible(nurse, yesterday, employee_a):
    make_check_in(employee_a, yesterday)
    response = nurse.post(CHECK_OUT, follow=True)
    assert "bukan hari periode kerja fleksibel" in response.content.decode()
    assert only_check_in(employee_a).checked_out_at is None


# --- the usual view checks ------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, today):
    for url in (PAGE, CHECK_IN, CHECK_OUT):
        response = client.post(url) if url != PAGE else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_wrong_methods(nurse, today):
    assert nurse.get(CHECK_IN).status_code == 405
    assert nurse.get(CHECK_OUT).status_code == 405
    assert nurse.post(PAGE).status_code == 405


def test_a_unit_without_office_coordinates_records_the_location_without_a_distance(
    login, today, unit_b, employee_b
):
    client = login(UserFactory(employee=employee_b))
    assert "Lokasi kantor unit Anda belum diatur" in client.get(PAGE).content.decode()
    post(client, today, **CITY_HALL)
    check_in = only_check_in(employee_b)
    assert check_in.flags == [] and check_in.distance_m is None and check_in.latitude is not None
