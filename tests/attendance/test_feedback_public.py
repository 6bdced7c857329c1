"""The public side of a window (SE MenPANRB 2/2026): service information, QR codes per service
point, the QR cards to print, and the feedback page as a phone uses it (search, nearest, thanks)."""

from datetime import time

import pytest
from django.db import IntegrityError, transaction

from attendance.models import ServiceFeedback, ServiceHours
from opd.models import ServiceCategory
from schedules.models import Assignment, Mode
from tests.conftest import BELL
from tests.factories import EmployeeFactory, UnitFactory

FORM = "/masukan/pkm-makrayu/"
GOOD = {"rating": "5", "comment": "Cepat.", "contact": ""}


# --- the QR code leads to the form, and the form says where the citizen came from ----------


def test_a_citizen_from_the_qr_code_is_recorded_as_such(client, window, unit_a):
    page = client.get(f"{FORM}?via=qr").content.decode()
    assert '<input type="hidden" name="via" value="qr">' in page
    response = client.post(FORM, GOOD | {"via": "qr"})
    assert response["Location"] == f"{FORM}terima-kasih/"
    feedback = ServiceFeedback.objects.get()
    assert (feedback.unit, feedback.via_qr, feedback.rating) == (unit_a, True, 5)


def test_a_forged_via_value_is_not_a_qr_visit(client, unit_a):
    client.post(FORM, GOOD | {"via": "<script>"})
    assert ServiceFeedback.objects.get().via_qr is False


def test_the_rating_is_five_large_buttons_that_work_without_javascript(client, unit_a):
    page = client.get(FORM).content.decode()
    assert page.count('class="btn-check" type="radio" name="rating"') == 5
    assert 'class="btn btn-outline-success btn-lg flex-fill fw-bold"' in page


def test_the_qr_code_is_an_svg_of_the_forms_address(client, settings, unit_a):
    settings.WFA_SITE_URL = "https://wfa.palembang.go.id/"
    response = client.get(f"{FORM}qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"Puskesmas Makrayu" in response.content
    from attendance.service_info import feedback_url

    assert feedback_url(unit_a) == "https://wfa.palembang.go.id/masukan/pkm-makrayu/?via=qr"


def test_no_qr_code_or_thanks_page_for_a_unit_that_is_not_a_service(client, unit_b):
    assert client.get(f"/masukan/{unit_b.code}/qr.svg").status_code == 404
    assert client.get(f"/masukan/{unit_b.code}/terima-kasih/").status_code == 404
    assert client.get("/masukan/tidak-ada/qr.svg").status_code == 404


# --- the feedback list on a phone: search first, nearest on request --------------------------


def test_the_search_box_comes_before_the_list_and_the_list_is_folded(client, window, unit_a):
    page = client.get("/masukan/").content.decode()
    assert page.index('id="cari-layanan"') < page.index("Puskesmas Makrayu")
    assert "<details" in page and 'id="cari-terdekat" hidden' in page


def test_a_search_shows_only_the_matches(client, window, unit_a, damkar):
    page = client.get("/masukan/", {"q": "damkar"}).content.decode()
    assert "1 layanan cocok dengan “damkar”" in page
    assert "Pos Damkar Sako" in page and "Puskesmas Makrayu" not in page


def test_a_service_is_found_by_its_kecamatan(client, window, unit_a, damkar):
    unit_a.kecamatan = "Ilir Barat II"
    unit_a.save()
    page = client.get("/masukan/", {"q": "ilir barat"}).content.decode()
    assert "1 layanan cocok dengan “ilir barat”" in page
    assert "Puskesmas Makrayu" in page and "Kec. Ilir Barat II" in page
    assert "Pos Damkar Sako" not in page


def test_nearest_services_come_first_and_the_position_is_not_stored(client, unit_a, damkar):
    near_damkar = {"lat": "-2.93", "lon": "104.80"}
    page = client.get("/masukan/", near_damkar).content.decode()
    assert page.index("Pos Damkar Sako") < page.index("Puskesmas Makrayu")
    assert "0.0 km" in page or "0,0 km" in page
    assert "tidak disimpan" in page


@pytest.mark.parametrize(
    "bad", [{"lat": "abc", "lon": "1"}, {"lat": "91", "lon": "0"}, {"lat": "nan", "lon": "nan"}]
)
def test_a_malformed_position_falls_back_to_the_plain_list(client, unit_a, bad):
    response = client.get("/masukan/", bad)
    assert response.status_code == 200
    assert "Layanan terdekat</h2>" not in response.content.decode()


def test_the_list_page_may_ask_for_the_location(client, unit_a):
    assert "geolocation=(self)" in client.get("/masukan/")["Permissions-Policy"]
    assert "geolocation=()" in client.get(FORM)["Permissions-Policy"]


# --- the public service information page -----------------------------------------------------


@pytest.fixture
def staffed(unit_a, window):
    """Three staff at the puskesmas; on the first day two of them work from home."""
    staff = EmployeeFactory.create_batch(3, unit=unit_a)
    first = window.days.order_by("date").first()
    for employee in staff[:2]:
        Assignment.objects.create(employee=employee, day=first, mode=Mode.WFH)
    return first


def test_the_service_page_shows_hours_and_staff_counts_never_names(client, window, unit_a, staffed):
    ServiceHours.objects.create(
        unit=unit_a, days="Senin–Sabtu", opens_at=time(8), closes_at=time(14)
    )
    page = client.get("/layanan/", {"periode": window.slug}).content.decode()
    assert "Senin–Sabtu: 08.00–14.00" in page
    assert "<strong>1</strong> petugas di kantor" in page  # first day: 3 staff, 2 at home
    assert "<strong>3</strong> petugas di kantor" in page  # other days
    assert "https://www.lapor.go.id" in page
    for employee in unit_a.employees.all():
        assert employee.name not in page


def test_a_windows_changed_hours_replace_the_usual_ones(client, window, unit_a):
    ServiceHours.objects.create(
        unit=unit_a, days="Setiap hari", opens_at=time(7), closes_at=time(21)
    )
    ServiceHours.objects.create(
        unit=unit_a,
        window=window,
        days="Senin–Jumat",
        opens_at=time(8),
        closes_at=time(12),
        note="Hanya IGD dan persalinan",
    )
    page = client.get("/layanan/", {"periode": window.slug}).content.decode()
    assert "Perubahan jadwal layanan selama periode ini" in page
    assert "Jadwal berubah" in page and "Senin–Jumat: 08.00–12.00" in page
    assert "07.00–21.00" not in page


def test_a_service_open_around_the_clock(client, window, damkar):
    ServiceHours.objects.create(unit=damkar, days="Setiap hari")
    assert "Setiap hari: 24 jam" in client.get("/layanan/").content.decode()


@pytest.mark.parametrize(
    ("opens", "closes"), [(time(14), time(8)), (time(8), time(8)), (time(8), None), (None, time(8))]
)
def test_hours_that_end_before_they_start_are_refused_by_the_database(unit_a, opens, closes):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceHours.objects.create(unit=unit_a, days="Senin", opens_at=opens, closes_at=closes)
    assert not ServiceHours.objects.exists()


def test_the_service_page_searches(client, window, unit_a, damkar):
    page = client.get("/layanan/", {"q": "sako"}).content.decode()
    assert "Pos Damkar Sako" in page and "Puskesmas Makrayu" not in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_service_page_runs_a_fixed_number_of_queries(
    client, window, opd_a, django_assert_num_queries, count
):
    units = UnitFactory.create_batch(count, opd=opd_a, service_category=ServiceCategory.HEALTH)
    for unit in units:
        ServiceHours.objects.create(unit=unit, days="Senin", opens_at=time(8), closes_at=time(9))
        EmployeeFactory(unit=unit)
    # window, days, windows, count, page of units, hours, staff, remote, changed hours
    with django_assert_num_queries(10):
        assert client.get("/layanan/", {"periode": window.slug}).status_code == 200


# --- the QR cards to print -------------------------------------------------------------------


def test_bkpsdm_prints_every_service_points_card(login, bkpsdm, unit_a, damkar):
    page = login(bkpsdm).get("/layanan/kartu-qr/").content.decode()
    assert page.count('class="card qr-card') == 2
    assert "Puskesmas Makrayu" in page and "Pos Damkar Sako" in page
    assert "/masukan/pkm-makrayu/?via=qr" in page


def test_a_head_prints_only_their_own_opds_cards(login, head_a, unit_a, damkar):
    page = login(head_a).get("/layanan/kartu-qr/").content.decode()
    assert "Puskesmas Makrayu" in page and "Pos Damkar Sako" not in page


def test_a_head_asking_for_another_opd_gets_no_cards(login, head_a, unit_a, damkar):
    page = login(head_a).get("/layanan/kartu-qr/", {"opd": "dishub"}).content.decode()
    assert "Pos Damkar Sako" not in page and "Tidak ada tempat layanan esensial." in page


def test_the_cards_filter_by_opd(login, bkpsdm, unit_a, damkar):
    page = login(bkpsdm).get("/layanan/kartu-qr/", {"opd": "dinkes"}).content.decode()
    assert "Puskesmas Makrayu" in page and "Pos Damkar Sako" not in page


@pytest.mark.parametrize("count", [1, 20])
def test_the_cards_run_a_fixed_number_of_queries(
    login, bkpsdm, opd_a, django_assert_num_queries, count
):
    UnitFactory.create_batch(count, opd=opd_a, service_category=ServiceCategory.HEALTH)
    client = login(bkpsdm)
    # session, user, OPDs for the filter, the units
    with django_assert_num_queries(4 + BELL):
        assert client.get("/layanan/kartu-qr/").status_code == 200


# --- the hours are kept in the admin; bad hours are refused with the reason -------------------


@pytest.fixture
def admin_client(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("opens", "closes"), [("14:00", "08:00"), ("08:00", ""), ("", "08:00"), ("25:00", "26:00")]
)
def test_the_admin_refuses_bad_hours_with_the_reason(admin_client, unit_a, opens, closes):
    response = admin_client.post(
        "/admin/attendance/servicehours/add/",
        {"unit": unit_a.pk, "days": "Senin", "opens_at": opens, "closes_at": closes, "note": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jam tutup harus setelah jam buka" in page or "Masukkan waktu yang valid" in page
    assert not ServiceHours.objects.exists()


def test_the_admin_saves_good_hours(admin_client, unit_a, window):
    data = {"unit": unit_a.pk, "window": window.pk, "days": "Senin", "note": "Pagi saja"}
    response = admin_client.post(
        "/admin/attendance/servicehours/add/", data | {"opens_at": "08:00", "closes_at": "12:00"}
    )
    assert response.status_code == 302
    assert str(ServiceHours.objects.get()) == "Puskesmas Makrayu · Senin 08.00–12.00"


def test_staff_see_which_feedback_came_by_qr(login, bkpsdm, unit_a, window):
    ServiceFeedback.objects.create(unit=unit_a, window=window, rating=4, via_qr=True)
    page = login(bkpsdm).get("/pantauan/masukan/").content.decode()
    assert "lewat kode QR" in page and 'href="/layanan/kartu-qr/"' in page


def test_the_mayor_reads_feedback_but_is_not_offered_the_cards(login, mayor, unit_a):
    page = login(mayor).get("/pantauan/masukan/").content.decode()
    assert "/layanan/kartu-qr/" not in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_public_list_runs_a_fixed_number_of_queries(
    client, window, opd_a, django_assert_num_queries, count
):
    UnitFactory.create_batch(count, opd=opd_a, service_category=ServiceCategory.HEALTH)
    # window, its days, windows, the units (search and nearest read the same one query)
    for params in ({}, {"q": "bidang"}, {"lat": "-2.9", "lon": "104.7"}):
        with django_assert_num_queries(4):
            assert client.get("/masukan/", params | {"periode": window.slug}).status_code == 200


def test_the_demo_hours_fill_only_units_without_hours(unit_a, damkar, unit_b):
    from demo.hours import service_hours_seed

    ServiceHours.objects.create(unit=unit_a, days="Senin", opens_at=time(9), closes_at=time(10))
    assert service_hours_seed() == 1  # the fire post; the puskesmas keeps its own, unit_b is none
    assert service_hours_seed() == 0
    assert ServiceHours.objects.get(unit=damkar).hours_label == "24 jam"
    assert list(ServiceHours.objects.filter(unit=unit_a).values_list("days", flat=True)) == [
        "Senin"
    ]
