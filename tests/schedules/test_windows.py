"""Flexible-work windows: the seeded circulars, holiday refusals and adding a day as BKPSDM."""

from datetime import date

import holidays
import pytest

from schedules.holidays import non_working_reason
from schedules.models import FlexWindow, WindowDay

# Personas are fetched with request.getfixturevalue(), which pytest-django cannot see: the mark
# says these tests use the database.
pytestmark = pytest.mark.django_db


def days_of(slug):
    return list(WindowDay.objects.filter(window__slug=slug).values_list("date", flat=True))


def test_lebaran_2025_is_seeded_with_the_day_added_by_se_3():
    assert days_of("lebaran-2025") == [
        date(2025, 3, 24),
        date(2025, 3, 25),
        date(2025, 3, 26),
        date(2025, 3, 27),
        date(2025, 4, 8),
    ]
    april_8 = WindowDay.objects.get(window__slug="lebaran-2025", date=date(2025, 4, 8))
    assert "SE MenPANRB No. 3 Tahun 2025" in april_8.legal_basis
    march_24 = WindowDay.objects.get(window__slug="lebaran-2025", date=date(2025, 3, 24))
    assert march_24.legal_basis == ""


def test_lebaran_2026_is_seeded_in_two_blocks():
    assert days_of("lebaran-2026") == [
        date(2026, 3, 16),
        date(2026, 3, 17),
        date(2026, 3, 25),
        date(2026, 3, 26),
        date(2026, 3, 27),
    ]
    assert FlexWindow.objects.get(slug="lebaran-2026").legal_basis == (
        "SE MenPANRB No. 2 Tahun 2026"
    )


def test_the_end_of_2025_is_seeded():
    assert days_of("akhir-tahun-2025") == [
        date(2025, 12, 29),
        date(2025, 12, 30),
        date(2025, 12, 31),
    ]


def test_no_seeded_day_falls_on_a_holiday_or_weekend():
    assert [
        (day.date, non_working_reason(day.date))
        for day in WindowDay.objects.all()
        if non_working_reason(day.date)
    ] == []


def test_idul_fitri_is_not_a_working_day():
    assert non_working_reason(date(2025, 3, 31)) == "Hari Raya Idul Fitri"


def test_joint_leave_comes_from_the_government_category():
    nyepi_leave = date(2025, 3, 28)
    assert nyepi_leave not in holidays.country_holidays("ID", years=2025)
    assert non_working_reason(nyepi_leave) == "Cuti Bersama Hari Suci Nyepi"


def test_a_weekend_is_not_a_working_day():
    assert non_working_reason(date(2025, 4, 5)) == "akhir pekan (Sabtu)"
    assert non_working_reason(date(2025, 4, 6)) == "akhir pekan (Minggu)"


def test_a_normal_weekday_is_a_working_day():
    assert non_working_reason(date(2025, 4, 9)) is None


def add_day(client, slug="lebaran-2025", **data):
    return client.post(f"/periode/{slug}/hari/tambah/", data)


def test_bkpsdm_adds_a_working_day(login, bkpsdm, window):
    response = add_day(login(bkpsdm), date="2025-04-09", legal_basis="SE Wali Kota No. 7/2025")
    assert response.status_code == 302
    assert response["Location"] == "/periode/lebaran-2025/"
    day = window.days.get(date=date(2025, 4, 9))
    assert day.legal_basis == "SE Wali Kota No. 7/2025"
    assert day.overridden_by is None

    page = login(bkpsdm).get(response["Location"]).content.decode()
    assert "Rabu, 9 April 2025 ditambahkan." in page
    assert "SE Wali Kota No. 7/2025" in page


def test_joint_leave_is_refused_naming_the_holiday(login, bkpsdm, window):
    response = add_day(login(bkpsdm), date="2025-04-02")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rabu, 2 April 2025 bukan hari kerja: Cuti Bersama Hari Raya Idul Fitri." in page
    assert "Isi alasan pengecualian" in page
    assert not window.days.filter(date=date(2025, 4, 2)).exists()


def test_joint_leave_is_added_with_a_recorded_reason(login, bkpsdm, window):
    reason = "Arus balik diperpanjang atas arahan Wali Kota."
    response = add_day(login(bkpsdm), date="2025-04-02", override_reason=reason)
    assert response.status_code == 302
    day = window.days.get(date=date(2025, 4, 2))
    assert day.overridden_by == bkpsdm
    assert day.holiday_override_reason == reason

    page = login(bkpsdm).get("/periode/lebaran-2025/").content.decode()
    assert reason in page
    assert "(oleh Admin BKPSDM)" in page


def test_a_saturday_is_refused_as_a_weekend(login, bkpsdm, window):
    response = add_day(login(bkpsdm), date="2025-04-05")
    assert response.status_code == 400
    assert "Sabtu, 5 April 2025 bukan hari kerja: akhir pekan (Sabtu)." in (
        response.content.decode()
    )
    assert not window.days.filter(date=date(2025, 4, 5)).exists()


def test_a_day_already_in_the_window_is_refused(login, bkpsdm, window):
    response = add_day(login(bkpsdm), date="2025-03-24")
    assert response.status_code == 400
    assert "Senin, 24 Maret 2025 sudah termasuk dalam periode ini." in response.content.decode()
    assert window.days.filter(date=date(2025, 3, 24)).count() == 1


def test_the_same_date_may_belong_to_two_windows(login, bkpsdm, window):
    assert add_day(login(bkpsdm), "akhir-tahun-2025", date="2025-03-24").status_code == 302
    assert WindowDay.objects.filter(date=date(2025, 3, 24)).count() == 2


@pytest.mark.parametrize(
    "value, error",
    [
        ("2025-13-45", "Masukkan tanggal yang valid."),
        ("besok", "Masukkan tanggal yang valid."),
        ("", "Bidang ini tidak boleh kosong."),
    ],
)
def test_a_malformed_date_is_refused_with_a_form_error(login, bkpsdm, window, value, error):
    before = WindowDay.objects.count()
    response = add_day(login(bkpsdm), date=value)
    assert response.status_code == 400
    page = response.content.decode()
    assert error in page
    assert f'<p id="error_1_id_date"><strong>{error}</strong></p>' in page
    assert WindowDay.objects.count() == before


def test_an_unknown_window_is_not_found(login, bkpsdm):
    assert add_day(login(bkpsdm), "tidak-ada", date="2025-04-09").status_code == 404


@pytest.mark.parametrize("persona", ["head_a", "mayor", "employee_user"])
def test_only_bkpsdm_may_add_a_day(request, login, window, persona):
    before = sorted(WindowDay.objects.values_list("pk", "date"))
    response = add_day(login(request.getfixturevalue(persona)), date="2025-04-09")
    assert response.status_code == 403
    assert sorted(WindowDay.objects.values_list("pk", "date")) == before


def test_anonymous_is_sent_to_the_login_page(client, window):
    response = add_day(client, date="2025-04-09")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/periode/lebaran-2025/hari/tambah/"
    assert not window.days.filter(date=date(2025, 4, 9)).exists()


def test_adding_a_day_needs_a_post(login, bkpsdm, window):
    assert login(bkpsdm).get("/periode/lebaran-2025/hari/tambah/").status_code == 405


@pytest.mark.parametrize("persona", ["employee_user", "head_a", "mayor", "bkpsdm"])
def test_every_role_reads_the_windows(request, login, persona):
    client = login(request.getfixturevalue(persona))
    page = client.get("/periode/").content.decode()
    assert "Kerja fleksibel Lebaran 2025" in page
    assert "Kerja fleksibel akhir tahun 2025" in page
    assert "Kerja fleksibel Lebaran 2026" in page

    response = client.get("/periode/lebaran-2025/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "SE MenPANRB No. 2 Tahun 2025, diubah dengan SE MenPANRB No. 3 Tahun 2025" in page
    assert "Selasa, 8 April 2025" in page
    assert ("Tambah hari" in page) is (persona == "bkpsdm")


def test_window_pages_need_a_login(client):
    response = client.get("/periode/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/periode/"
    response = client.get("/periode/lebaran-2025/")
    assert response["Location"] == "/masuk/?next=/periode/lebaran-2025/"


def test_an_unknown_window_page_is_not_found(login, mayor):
    assert login(mayor).get("/periode/tidak-ada/").status_code == 404


def test_window_pages_refuse_post(login, bkpsdm):
    client = login(bkpsdm)
    assert client.post("/periode/").status_code == 405
    assert client.post("/periode/lebaran-2025/").status_code == 405
