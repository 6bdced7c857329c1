"""Laporan kerja harian: filing, review transitions, revision with history, the review page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance import services
from attendance.models import DailyReport, OutputItem, ReportStatus
from schedules.models import Assignment, Mode
from tests.attendance.conftest import make_check_in, make_report
from tests.factories import EmployeeFactory, UserFactory, WindowDayFactory

REVIEW = "/laporan/pemeriksaan/"


def form_data(*items, rows=3):
    data = {"keluaran-TOTAL_FORMS": str(rows), "keluaran-INITIAL_FORMS": "0"}
    for i, (description, quantity, unit, url) in enumerate(items):
        data |= {
            f"keluaran-{i}-description": description,
            f"keluaran-{i}-quantity": quantity,
            f"keluaran-{i}-unit_of_measure": unit,
            f"keluaran-{i}-evidence_url": url,
        }
    return data


TWO_OUTPUTS = form_data(
    ("Melayani imunisasi anak", "14", "pasien", "https://drive.example.go.id/imunisasi"),
    ("Menyusun laporan stok vaksin", "1", "dokumen", ""),
)


@pytest.fixture
def nurse(login, employee_user):
    return login(employee_user)


def test_an_employee_files_a_report_with_outputs_tied_to_the_days_mode(nurse, today, employee_a):
    make_check_in(employee_a, today, mode=Mode.WFH, planned=Mode.WFH)
    response = nurse.post(f"/laporan/hari/{today.pk}/", TWO_OUTPUTS, follow=True)
    report = DailyReport.objects.get(employee=employee_a, day=today)
    assert (report.mode, report.status) == ("WFH", ReportStatus.SUBMITTED)
    assert [(i.description, i.quantity, i.unit_of_measure) for i in report.items.all()] == [
        ("Melayani imunisasi anak", 14, "pasien"),
        ("Menyusun laporan stok vaksin", 1, "dokumen"),
    ]
    page = response.content.decode()
    assert "Laporan kerja harian terkirim" in page and "Menunggu pemeriksaan" in page


def test_without_a_check_in_the_report_takes_the_planned_mode(nurse, today, employee_a):
    Assignment.objects.create(employee=employee_a, day=today, mode=Mode.WFA, wfa_place="Lahat")
    nurse.post(f"/laporan/hari/{today.pk}/", TWO_OUTPUTS)
    assert DailyReport.objects.get().mode == "WFA"


def test_a_past_window_day_may_be_reported(nurse, yesterday, employee_a):
    nurse.post(f"/laporan/hari/{yesterday.pk}/", TWO_OUTPUTS)
    assert DailyReport.objects.get().mode == "WFO"


def test_a_future_day_cannot_be_reported(nurse, today_window, employee_a):
    later = WindowDayFactory(window=today_window, date=timezone.localdate() + timedelta(days=2))
    assert "belum tiba" in nurse.get(f"/laporan/hari/{later.pk}/").content.decode()
    response = nurse.post(f"/laporan/hari/{later.pk}/", TWO_OUTPUTS, follow=True)
    assert "belum tiba" in response.content.decode()
    assert not DailyReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(), "Isi sedikitnya satu keluaran"),
        (form_data(("Rapat", "", "kali", "")), "Jumlah"),
        (form_data(("Rapat", "-1", "kali", "")), "Jumlah tidak boleh kurang dari 0."),
        (form_data(("Rapat", "1", "kali", "javascript:alert(1)")), "URL"),
        (form_data(("x" * 501, "1", "kali", "")), "500"),
    ],
)
def test_bad_outputs_are_refused_and_nothing_is_stored(nurse, today, employee_a, data, message):
    response = nurse.post(f"/laporan/hari/{today.pk}/", data)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not DailyReport.objects.exists()


def test_an_account_without_staff_record_cannot_report(login, head_a, today):
    client = login(head_a)
    assert "belum terhubung" in client.get(f"/laporan/hari/{today.pk}/").content.decode()
    response = client.post(f"/laporan/hari/{today.pk}/", TWO_OUTPUTS, follow=True)
    assert "belum terhubung" in response.content.decode()
    assert not DailyReport.objects.exists()


def test_a_submitted_report_cannot_be_filed_again(nurse, today, employee_a):
    report = make_report(employee_a, today)
    assert nurse.get(f"/laporan/hari/{today.pk}/")["Location"] == f"/laporan/{report.pk}/"
    with pytest.raises(services.Refused, match="menunggu pemeriksaan"):
        services.report_file(user=employee_a.account, day=today, items=[{"quantity": 1}])


# --- review transitions ---------------------------------------------------------------------


def test_the_head_accepts_a_report(login, head_a, today, employee_a):
    report = make_report(employee_a, today)
    response = login(head_a).post(f"/laporan/{report.pk}/terima/", {"next": REVIEW})
    assert response.status_code == 302 and response["Location"] == REVIEW
    report.refresh_from_db()
    assert (report.status, report.reviewed_by, report.review_comment) == ("accepted", head_a, "")
    assert report.reviewed_at is not None


def test_returning_needs_a_comment(login, head_a, today, employee_a):
    report = make_report(employee_a, today)
    client = login(head_a)
    response = client.post(f"/laporan/{report.pk}/kembalikan/", {"comment": "  "}, follow=True)
    assert "Tulis catatan untuk pegawai" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(f"/laporan/{report.pk}/kembalikan/", {"comment": "Lampirkan daftar hadir."})
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("returned", "Lampirkan daftar hadir.")


def test_the_employee_revises_a_returned_report_and_history_keeps_both(
    login, nurse, head_a, today, employee_a, employee_user
):
    nurse.post(f"/laporan/hari/{today.pk}/", TWO_OUTPUTS)
    report = DailyReport.objects.get()
    login(head_a).post(f"/laporan/{report.pk}/kembalikan/", {"comment": "Tambahkan bukti."})
    client = login(employee_user)

    form = client.get(f"/laporan/hari/{today.pk}/").content.decode()
    assert "Tambahkan bukti." in form and "Melayani imunisasi anak" in form  # prefilled
    revised = form_data(("Melayani imunisasi anak", "15", "pasien", "https://e.example/1"))
    client.post(f"/laporan/hari/{today.pk}/", revised)

    report.refresh_from_db()
    assert (report.status, report.review_comment, report.reviewed_by) == ("submitted", "", None)
    assert [i.quantity for i in report.items.all()] == [15]
    reasons = list(report.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons == [("Dikirim",), ("Dikembalikan",), ("Diperbaiki setelah dikembalikan",)]
    replaced = OutputItem.history.filter(history_type="-").values_list("description", flat=True)
    assert sorted(replaced) == ["Melayani imunisasi anak", "Menyusun laporan stok vaksin"]
    page = client.get(f"/laporan/{report.pk}/").content.decode()
    assert "Dikembalikan" in page and "Tambahkan bukti." in page  # the history shows the note

    login(head_a).post(f"/laporan/{report.pk}/terima/")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


@pytest.mark.parametrize("status", [ReportStatus.ACCEPTED, ReportStatus.RETURNED])
def test_only_a_report_awaiting_review_can_be_decided(login, head_a, today, employee_a, status):
    report = make_report(employee_a, today, status=status)
    client = login(head_a)
    response = client.post(f"/laporan/{report.pk}/terima/", follow=True)
    assert "hanya laporan yang menunggu pemeriksaan" in response.content.decode()
    response = client.post(f"/laporan/{report.pk}/kembalikan/", {"comment": "x"}, follow=True)
    assert "hanya laporan yang menunggu pemeriksaan" in response.content.decode()
    report.refresh_from_db()
    assert report.status == status


def test_an_accepted_report_is_final(nurse, today, employee_a):
    report = make_report(employee_a, today, status=ReportStatus.ACCEPTED)
    assert nurse.get(f"/laporan/hari/{today.pk}/")["Location"] == f"/laporan/{report.pk}/"
    with pytest.raises(services.Refused, match="sudah diterima"):
        services.report_file(user=employee_a.account, day=today, items=[{"quantity": 1}])


def test_a_head_cannot_review_their_own_report(login, opd_a, unit_a, today):
    head_employee = EmployeeFactory(unit=unit_a, name="dr. Kepala")
    head = UserFactory(role="head", opd=opd_a, employee=head_employee)
    report = make_report(head_employee, today)
    client = login(head)
    assert "dr. Kepala" not in client.get(REVIEW).content.decode()
    response = client.post(f"/laporan/{report.pk}/terima/", follow=True)
    assert "laporan Anda sendiri" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_bkpsdm_reviews_any_opd(login, bkpsdm, today, employee_b):
    report = make_report(employee_b, today)
    login(bkpsdm).post(f"/laporan/{report.pk}/terima/")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_other_opd_mayor_and_employee_cannot_review(
    login, head_b, mayor, employee_user, today, employee_a
):
    report = make_report(employee_a, today)
    assert login(head_b).post(f"/laporan/{report.pk}/terima/").status_code == 404
    assert login(mayor).post(f"/laporan/{report.pk}/terima/").status_code == 403
    assert login(employee_user).post(f"/laporan/{report.pk}/terima/").status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_reviewing_needs_a_post(login, head_a, today, employee_a):
    report = make_report(employee_a, today)
    assert login(head_a).get(f"/laporan/{report.pk}/terima/").status_code == 405


def test_a_foreign_next_is_not_followed(login, head_a, today, employee_a):
    report = make_report(employee_a, today)
    response = login(head_a).post(
        f"/laporan/{report.pk}/terima/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/laporan/{report.pk}/"


# --- the review page ------------------------------------------------------------------------


def test_the_review_page_lists_what_awaits_the_head(login, head_a, today, employee_a, employee_b):
    make_report(employee_a, today, items=2)
    make_report(employee_b, today)
    accepted = EmployeeFactory(unit=employee_a.unit, name="Sudah Diterima")
    make_report(accepted, today, status=ReportStatus.ACCEPTED)
    page = login(head_a).get(REVIEW).content.decode()
    assert "Siti Aminah" in page and "Keluaran 2" in page
    assert employee_b.name not in page and "Sudah Diterima" not in page
    assert "1 laporan menunggu" in page


def test_bkpsdm_filters_the_review_page_by_opd(login, bkpsdm, today, employee_a, employee_b):
    make_report(employee_a, today)
    make_report(employee_b, today)
    client = login(bkpsdm)
    assert "2 laporan menunggu" in client.get(REVIEW).content.decode()
    page = client.get(REVIEW, {"opd": "dishub"}).content.decode()
    assert employee_b.name in page and "Siti Aminah" not in page


def test_the_review_page_refuses_employees_and_the_mayor(login, employee_user, mayor, client):
    assert login(employee_user).get(REVIEW).status_code == 403
    assert login(mayor).get(REVIEW).status_code == 403


def test_report_detail_is_scoped(login, head_b, mayor, today, employee_a):
    report = make_report(employee_a, today)
    assert login(head_b).get(f"/laporan/{report.pk}/").status_code == 404
    assert login(mayor).get(f"/laporan/{report.pk}/").status_code == 200


def test_my_reports_lists_recent_days(nurse, today, yesterday, employee_a):
    make_report(employee_a, yesterday, status=ReportStatus.RETURNED)
    page = nurse.get("/laporan/").content.decode()
    assert "Isi laporan" in page and "Perbaiki" in page


def test_a_returned_report_shows_its_quantities_the_indonesian_way_and_takes_a_comma(
    login, nurse, head_a, today, employee_user
):
    nurse.post(f"/laporan/hari/{today.pk}/", form_data(("Imunisasi", "23,5", "pasien", "")))
    report = DailyReport.objects.get()
    assert [i.quantity for i in report.items.all()] == [Decimal("23.5")]
    login(head_a).post(f"/laporan/{report.pk}/kembalikan/", {"comment": "Periksa jumlahnya."})
    form = login(employee_user).get(f"/laporan/hari/{today.pk}/").content.decode()
    assert 'value="23,50"' in form and 'inputmode="decimal"' in form and 'type="number"' not in form
    page = nurse.post(f"/laporan/hari/{today.pk}/", form_data(("Imunisasi", "dua", "pasien", "")))
    assert "Jumlah harus angka; gunakan koma untuk pecahan, mis. 2,5." in page.content.decode()
    nurse.post(f"/laporan/hari/{today.pk}/", form_data(("Imunisasi", "24", "pasien", "")))
    assert [i.quantity for i in report.items.all()] == [Decimal("24")]


def test_adding_rows_keeps_what_was_typed_and_saves_nothing(nurse, today):
    typed = form_data(("Imunisasi", "3,5", "pasien", ""), ("Rapat", "", "", ""), rows=3)
    page = nurse.post(f"/laporan/hari/{today.pk}/", typed | {"tambah": "1"}).content.decode()
    assert page.count("<fieldset") == 5  # the two typed rows and three new ones
    assert 'value="Imunisasi"' in page and 'value="3,5"' in page and 'value="Rapat"' in page
    assert not DailyReport.objects.exists()


# --- the filing period (WFA_REPORT_FILING_DAYS working days after the day) ----------------------


@pytest.fixture
def old_day(today_window):
    """Tuesday 17 November 2026: six working days before the fixed Wednesday, so closed."""
    return WindowDayFactory(window=today_window, date=timezone.localdate() - timedelta(days=8))


@pytest.fixture
def last_open_day(today_window):
    """Wednesday 18 November 2026: five working days before, the oldest still open."""
    return WindowDayFactory(window=today_window, date=timezone.localdate() - timedelta(days=7))


def test_a_day_past_the_filing_period_is_closed_and_refused(nurse, old_day, last_open_day):
    page = nurse.get(f"/laporan/hari/{old_day.pk}/").content.decode()
    assert "Batas pengisian laporan Selasa, 17 November 2026 sudah lewat" in page
    assert "keluaran-TOTAL_FORMS" not in page  # no form to fill
    response = nurse.post(f"/laporan/hari/{old_day.pk}/", TWO_OUTPUTS, follow=True)
    assert "5 hari kerja sesudahnya" in response.content.decode()
    assert not DailyReport.objects.exists()
    nurse.post(f"/laporan/hari/{last_open_day.pk}/", TWO_OUTPUTS)
    assert DailyReport.objects.get().day == last_open_day


def test_the_period_is_a_setting(nurse, settings, yesterday):
    settings.WFA_REPORT_FILING_DAYS = 0  # only the day itself
    nurse.post(f"/laporan/hari/{yesterday.pk}/", TWO_OUTPUTS)
    assert not DailyReport.objects.exists()


def test_my_reports_shows_open_days_first_and_older_ones_as_missed(
    nurse, today, old_day, last_open_day, employee_a
):
    make_report(employee_a, last_open_day, status=ReportStatus.ACCEPTED)
    response = nurse.get("/laporan/")
    assert [r["day"] for r in response.context["open_rows"]] == [today, last_open_day]
    assert response.context["older_rows"][0]["day"] == old_day  # then the seeded windows
    page = response.content.decode()
    assert "Terlewat: tidak dilaporkan" in page
    assert f"/laporan/hari/{old_day.pk}/" not in page


def test_a_returned_report_may_be_corrected_within_the_period_after_its_return(
    nurse, login, head_a, old_day, employee_a, employee_user
):
    from inbox.selectors import todos_for

    report = make_report(employee_a, old_day)
    login(head_a).post(f"/laporan/{report.pk}/kembalikan/", {"comment": "Lengkapi bukti."})
    # returned today: correctable although its day is closed; the to-do asks for it
    assert [t.text for t in todos_for(employee_user)][0].startswith("Laporan Selasa, 17 Nov")
    assert report in login(employee_user).get("/laporan/").context["to_correct"]
    DailyReport.objects.filter(pk=report.pk).update(reviewed_at=timezone.now() - timedelta(days=10))
    # returned long ago: neither a to-do nor a form any more
    assert todos_for(employee_user) == []
    client = login(employee_user)
    assert client.get("/laporan/").context["to_correct"] == []
    response = client.post(f"/laporan/hari/{old_day.pk}/", TWO_OUTPUTS, follow=True)
    assert "sudah lewat" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
