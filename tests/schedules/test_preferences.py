"""Preferences: an employee states a wish in 'Jadwal saya'; BKPSDM and the OPD head read them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from eligibility.models import RestrictionKind
from opd.models import Role
from schedules import services
from schedules.models import Assignment, FlexWindow, Mode, Preference
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory, UserFactory

SET = "/jadwal-saya/preferensi/"
CLEAR = "/jadwal-saya/preferensi/hapus/"
JAKARTA = ZoneInfo("Asia/Jakarta")
# A wish is only for a day ahead: these tests live before the seeded Lebaran 2025 days.
pytestmark = pytest.mark.time_machine(datetime(2025, 3, 1, 9, tzinfo=JAKARTA), tick=False)
PASSED = (
    "Hari itu sudah lewat (Senin, 24 Maret 2025); preferensi hanya untuk hari yang akan datang."
)


def preferences_url(window, opd):
    return f"/periode/{window.slug}/rencana/{opd.code}/preferensi/"


def test_an_employee_states_a_wfa_wish_with_the_place_and_sees_it(
    login, window, days, employee_user, employee_a
):
    client = login(employee_user)
    response = client.post(
        SET,
        {"day": days[0].pk, "mode": "WFA", "wfa_place": " Lubuklinggau ", "note": "Mudik"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/jadwal-saya/#hari-{days[0].pk}", 302)]
    page = response.content.decode()
    assert "Preferensi WFA untuk Senin, 24 Maret 2025 dicatat." in page
    assert "Ingin <strong>WFA</strong> di Lubuklinggau — “Mudik”" in page
    wish = Preference.objects.get()
    assert (wish.employee, wish.day, wish.mode, wish.wfa_place, wish.note) == (
        employee_a, days[0], "WFA", "Lubuklinggau", "Mudik"
    )  # fmt: skip
    client.post(SET, {"day": days[0].pk, "mode": "WFH", "wfa_place": "ignored"})
    wish.refresh_from_db()
    assert (wish.mode, wish.wfa_place, wish.note) == ("WFH", "", "")  # replaced, one per day
    page = client.post(CLEAR, {"day": days[0].pk}, follow=True).content.decode()
    assert "Preferensi untuk Senin, 24 Maret 2025 dihapus." in page
    assert not Preference.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "WFA", "wfa_place": "  "}, "Tuliskan tempat WFA"),
        ({"mode": "WFO"}, "Isian preferensi tidak sah"),
        ({"mode": ""}, "Pilih preferensi WFH atau WFA."),
        ({"mode": "WFH", "note": "x" * 301}, "Isian preferensi tidak sah"),
    ],
)
def test_a_bad_wish_is_refused_and_changes_nothing(
    login, window, days, employee_user, data, message
):
    page = login(employee_user).post(SET, {"day": days[0].pk, **data}, follow=True)
    assert message in page.content.decode()
    assert not Preference.objects.exists()


def test_a_mode_the_window_does_not_allow_is_refused(login, window, days, employee_user):
    FlexWindow.objects.filter(pk=window.pk).update(allows_wfa=False)
    page = login(employee_user).post(
        SET, {"day": days[0].pk, "mode": "WFA", "wfa_place": "Lahat"}, follow=True
    )
    assert "WFA tidak diizinkan pada Kerja fleksibel Lebaran 2025" in page.content.decode()
    assert "mode jarak jauh yang diizinkan: WFH" in page.content.decode()
    assert not Preference.objects.exists()
    page = login(employee_user).get("/jadwal-saya/").content.decode()
    lebaran_2025 = page.split(f'id="periode-{window.pk}"')[1].split("</section>")[0]
    assert "Senin, 24 Maret 2025" in lebaran_2025 and '<option value="WFA"' not in lebaran_2025


def test_a_wish_for_a_passed_day_is_refused_and_today_is_still_open(
    login, window, days, employee_user, employee_a, time_machine
):
    time_machine.move_to(datetime(2025, 3, 25, 7, 30, tzinfo=JAKARTA), tick=False)
    client = login(employee_user)
    page = client.post(SET, {"day": days[0].pk, "mode": "WFH"}, follow=True).content.decode()
    assert PASSED in page
    assert not Preference.objects.exists()
    page = client.post(SET, {"day": days[1].pk, "mode": "WFH"}, follow=True).content.decode()
    assert "Preferensi WFH untuk Selasa, 25 Maret 2025 dicatat." in page
    assert Preference.objects.get().day == days[1]


def test_a_passed_day_is_judged_by_the_date_in_jakarta(window, days, employee_a, time_machine):
    # 23:30 UTC on 23 March is already 06:30 on 24 March in Palembang: the day is today, not past.
    time_machine.move_to(datetime(2025, 3, 23, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False)
    services.preference_set(employee=employee_a, day=days[0], mode=Mode.WFH)
    time_machine.move_to(datetime(2025, 3, 24, 17, 0, tzinfo=ZoneInfo("UTC")), tick=False)
    with pytest.raises(ValidationError) as refusal:
        services.preference_set(employee=employee_a, day=days[0], mode=Mode.WFA, wfa_place="Lahat")
    assert refusal.value.messages == [PASSED]
    assert Preference.objects.get().mode == Mode.WFH


def test_a_wish_for_a_passed_day_cannot_be_withdrawn(window, days, employee_a, time_machine):
    Preference.objects.create(employee=employee_a, day=days[0], mode=Mode.WFH, note="Mudik")
    time_machine.move_to(datetime(2025, 3, 25, 9, tzinfo=JAKARTA), tick=False)
    with pytest.raises(ValidationError) as refusal:
        services.preference_clear(employee=employee_a, day=days[0])
    assert refusal.value.messages == [PASSED]
    assert Preference.objects.get().note == "Mudik"  # kept as the record of that day


def test_my_schedule_offers_no_form_for_a_passed_day(
    login, window, days, employee_user, employee_a, time_machine
):
    Preference.objects.create(employee=employee_a, day=days[0], mode=Mode.WFH, note="Mudik")
    Preference.objects.create(employee=employee_a, day=days[1], mode=Mode.WFH)
    time_machine.move_to(datetime(2025, 3, 25, 9, tzinfo=JAKARTA), tick=False)
    page = login(employee_user).get("/jadwal-saya/").content.decode()
    passed = page.split(f'id="hari-{days[0].pk}"')[1].split("</article>")[0]
    assert "Ingin <strong>WFH</strong> — “Mudik”" in passed  # still shown
    assert "sudah lewat" in passed
    assert "<form" not in passed and "Hapus preferensi" not in passed
    today = page.split(f'id="hari-{days[1].pk}"')[1].split("</article>")[0]
    assert 'name="mode"' in today and "Hapus preferensi" in today
    assert "sudah lewat" not in today
    assert page.count("sudah lewat") == 1  # only the 24th: the 25th on and later windows are open


def test_an_ineligible_employee_cannot_state_a_wish(login, window, days, unit_a):
    employee = EmployeeFactory(unit=unit_a, ineligibility=RestrictionKind.APPOINTMENT)
    user = UserFactory(role=Role.EMPLOYEE, employee=employee)
    client = login(user)
    page = client.get("/jadwal-saya/").content.decode()
    assert "Anda hanya boleh WFO mulai 1 Januari 2000, tanpa batas akhir (Pengangkatan baru" in page
    assert 'name="mode"' not in page
    page = client.post(SET, {"day": days[0].pk, "mode": "WFH"}, follow=True).content.decode()
    assert "sehingga preferensi untuk hari itu tidak dapat dicatat" in page
    assert not Preference.objects.exists()


def test_an_unknown_day_is_refused(login, window, employee_user):
    page = login(employee_user).post(SET, {"day": 999999, "mode": "WFH"}, follow=True)
    assert "Isian preferensi tidak sah" in page.content.decode()
    page = login(employee_user).post(CLEAR, {"day": "x"}, follow=True)
    assert "Hari yang dipilih tidak ditemukan" in page.content.decode()


def test_only_the_employee_sets_their_own_and_get_is_refused(login, window, days, head_a):
    assert login(head_a).post(SET, {"day": days[0].pk, "mode": "WFH"}).status_code == 403
    assert login(head_a).get(SET).status_code == 405


def test_my_schedule_shows_the_wish_next_to_the_plan_in_a_fixed_number_of_queries(
    login, window, days, employee_user, employee_a, django_assert_num_queries
):
    Assignment.objects.create(employee=employee_a, day=days[1], mode=Mode.WFH)
    Preference.objects.create(employee=employee_a, day=days[1], mode=Mode.WFH, note="Anak sakit")
    client = login(employee_user)
    # session, user, employee, days (with windows) of the current and coming windows, their
    # assignments, preferences, the count of past windows, calendar address
    with django_assert_num_queries(10 + BELL):
        page = client.get("/jadwal-saya/").content.decode()
    assert "Ingin <strong>WFH</strong> — “Anak sakit”" in page
    assert "Hapus preferensi" in page and page.count('name="mode"') == len(days) + 5 + 3


def test_the_head_reads_the_preferences_of_their_opd_with_the_current_plan(
    login, window, days, head_a, employee_a, bkpsdm, opd_a
):
    Preference.objects.create(
        employee=employee_a, day=days[0], mode=Mode.WFA, wfa_place="Lahat", note="Mudik"
    )
    Assignment.objects.create(employee=employee_a, day=days[0], mode=Mode.WFA, wfa_place="Lahat")
    page = login(head_a).get(preferences_url(window, opd_a)).content.decode()
    assert "Siti Aminah, S.Kep." in page and "Mudik" in page and "Senin, 24 Maret 2025" in page
    assert "sesuai" in page
    assert login(bkpsdm).get(preferences_url(window, opd_a)).status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_the_preferences_page_query_count_does_not_grow(
    login, window, days, head_a, unit_a, opd_a, count, django_assert_num_queries
):
    for i in range(count):
        employee = EmployeeFactory(unit=unit_a, name=f"Pegawai {i:02d}")
        Preference.objects.create(employee=employee, day=days[i % len(days)], mode=Mode.WFH)
    client = login(head_a)
    # session, user, window, opd, count, page (employee, unit, day and the plan in one query),
    # and the menu's OPD of the signed-in head; then the read log (one event, one insert of rows)
    with django_assert_num_queries(7 + READ_LOG + BELL):
        page = client.get(preferences_url(window, opd_a)).content.decode()
    assert page.count("Pegawai ") >= count
