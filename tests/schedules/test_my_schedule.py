"""Jadwal saya: today's card and the day cards, the month calendar, and the personal calendar feed
(ICS, read back with icalendar): created, renewed and revoked by its owner, no session needed."""

import logging
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from attendance.models import DailyReport, ReportStatus
from opd.models import CalendarFeed
from schedules.models import Assignment, Mode, WindowDay
from tests.conftest import BELL
from tests.factories import UserFactory

JAKARTA = ZoneInfo("Asia/Jakarta")
RENEW = "/jadwal-saya/langganan/"
REVOKE = "/jadwal-saya/langganan/hapus/"
MONTH = "/jadwal-saya/kalender/"
# Monday 24 March 2025, the first seeded day of Lebaran 2025.
pytestmark = pytest.mark.time_machine(datetime(2025, 3, 24, 8, tzinfo=JAKARTA), tick=False)
SEEDED_DAYS = 13  # Lebaran 2025 (5), Nataru 2025 (3), Lebaran 2026 (5)


@pytest.fixture
def wfa_monday(window, employee_a):
    monday = window.days.get(date=date(2025, 3, 24))
    Assignment.objects.create(
        employee=employee_a, day=monday, mode=Mode.WFA, wfa_place="Lubuklinggau"
    )
    return monday


def feed_path(token):
    return f"/kalender/{token}.ics"


def feed_of(user, token):
    """A feed whose token is known to the test (the portal keeps only its hash)."""
    return CalendarFeed.objects.create(user=user, token_hash=CalendarFeed.digest(token))


def shown_token(page: str) -> str:
    """The token of the address a page shows (once, in the answer to making it)."""
    return re.search(r'value="http://testserver/kalender/([A-Za-z0-9_-]+)\.ics"', page)[1]


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


# --- the list of cards -----------------------------------------------------------------------


def test_todays_card_comes_first_with_the_planned_mode_and_place(login, wfa_monday, employee_user):
    page = login(employee_user).get("/jadwal-saya/").content.decode()
    today = page.split('data-testid="today"')[1].split("</section>")[0]
    assert "Hari ini, Senin, 24 Maret 2025" in today
    assert ">WFA</span> di Lubuklinggau · Kerja fleksibel Lebaran 2025" in today
    assert page.index('data-testid="today"') < page.index(f'id="hari-{wfa_monday.pk}"')
    assert page.count('class="card day-card') == SEEDED_DAYS
    assert 'href="/jadwal-saya/kalender/"' in page  # the month view is one tap away


def test_no_today_card_outside_a_window(login, window, employee_user, time_machine):
    time_machine.move_to(datetime(2025, 3, 29, 9, tzinfo=JAKARTA), tick=False)  # a Saturday
    page = login(employee_user).get("/jadwal-saya/").content.decode()
    assert 'data-testid="today"' not in page
    assert page.count('class="card day-card') == SEEDED_DAYS


def test_an_account_without_staff_record_is_told_so(login, window, head_a):
    for url in ("/jadwal-saya/", MONTH):
        page = login(head_a).get(url).content.decode()
        assert "Akun Anda belum terhubung dengan data pegawai" in page


# --- the month calendar ----------------------------------------------------------------------


def test_the_month_is_a_table_with_the_mode_as_text(login, wfa_monday, employee_user):
    page = login(employee_user).get(MONTH, {"bulan": "2025-03"}).content.decode()
    assert '<table class="table table-bordered month-calendar"' in page
    assert '<span aria-hidden="true">Sen</span><span class="visually-hidden">Senin</span>' in page
    monday = page.split('data-date="2025-03-24"')[1].split("</td>")[0]
    assert '<span class="mode-chip mode-WFA">WFA</span>' in monday
    assert "di Lubuklinggau" in monday
    assert 'aria-current="date"' in page.split('data-date="2025-03-24"')[0].rsplit("<td", 1)[1]
    tuesday = page.split('data-date="2025-03-25"')[1].split("</td>")[0]
    assert '<span class="mode-chip mode-WFO">WFO</span>' in tuesday
    saturday = page.split('data-date="2025-03-29"')[1].split("</td>")[0]
    assert "mode-chip" not in saturday  # not a window day
    assert page.count('data-date="2025-03-') == 31
    assert 'href="?bulan=2025-02"' in page and 'href="?bulan=2025-04"' in page
    assert 'href="?bulan=2026-03"' in page  # months with window days, for quick navigation
    assert 'href="/jadwal-saya/"' in page  # back to the list


def test_the_month_defaults_to_this_month_and_refuses_a_bad_one(login, window, employee_user):
    client = login(employee_user)
    page = client.get(MONTH).content.decode()
    assert '<h2 class="h5 text-center mb-2" id="judul-bulan">Maret 2025</h2>' in page
    assert "Bulan tidak dikenali" not in page
    for bad in ("2025-13", "maret", "2025-3", "99999-01", "2025-03'--"):
        page = client.get(MONTH, {"bulan": bad}).content.decode()
        assert "Bulan tidak dikenali: gunakan bentuk TTTT-BB, mis. 2025-03." in page, bad
        assert 'id="judul-bulan">Maret 2025</h2>' in page


def test_a_month_without_window_days_says_so(login, window, employee_user):
    page = login(employee_user).get(MONTH, {"bulan": "2025-06"}).content.decode()
    assert "Tidak ada hari kerja fleksibel di bulan ini." in page
    assert "mode-chip mode-" not in page


@pytest.mark.parametrize("assigned", [1, 4])
def test_the_month_page_query_count_is_fixed(
    login, window, employee_a, employee_user, assigned, django_assert_num_queries
):
    for day in window.days.all()[:assigned]:
        Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFH)
    client = login(employee_user)
    # session, user, employee, the month's days (with windows), its assignments, months with days
    with django_assert_num_queries(6 + BELL):
        page = client.get(MONTH, {"bulan": "2025-03"}).content.decode()
    assert page.count("mode-chip mode-WFH") >= min(assigned, 4)


# --- the calendar feed -----------------------------------------------------------------------


def test_the_employee_creates_the_feed_and_a_calendar_app_reads_it_without_session(
    login, client, wfa_monday, employee_user
):
    response = login(employee_user).post(RENEW)
    assert response.status_code == 200  # the answer itself shows the address, this once
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    token = shown_token(page)
    assert len(token) >= 40
    assert "Alamat kalender dibuat." in page
    assert "Alamat ini hanya ditampilkan sekali" in page
    assert f'href="webcal://testserver/kalender/{token}.ics"' in page
    # Only the hash is kept: the page cannot show the address again.
    assert CalendarFeed.objects.get(user=employee_user).token_hash == CalendarFeed.digest(token)
    again = login(employee_user).get("/jadwal-saya/").content.decode()
    assert token not in again and "Buat alamat baru" in again

    client.logout()
    calendar = parse(client.get(feed_path(token)))
    events = calendar.walk("VEVENT")
    assert len(events) == SEEDED_DAYS
    first = events[0]
    assert first.decoded("dtstart") == date(2025, 3, 24)  # an all-day event (VALUE=DATE)
    assert first.decoded("dtend") == date(2025, 3, 25)
    assert str(first["summary"]) == "WFA di Lubuklinggau · Kerja fleksibel Lebaran 2025"
    assert "Tempat WFA: Lubuklinggau" in str(first["description"])
    second = events[1]
    assert str(second["summary"]) == "WFO · Kerja fleksibel Lebaran 2025"
    assert len({str(e["uid"]) for e in events}) == SEEDED_DAYS
    assert str(calendar["prodid"]) == "-//Pemerintah Kota Palembang//Portal WFA//ID"


def test_the_feed_shows_only_its_owners_days(login, client, wfa_monday, employee_b, employee_user):
    other = UserFactory(role="employee", employee=employee_b)
    Assignment.objects.create(
        employee=employee_b, day=wfa_monday, mode=Mode.WFA, wfa_place="Prabumulih"
    )
    token = shown_token(login(other).post(RENEW).content.decode())
    client.logout()
    # Signed in as employee A or not at all, B's address shows B's days, never A's.
    for signed_in in (None, employee_user):
        if signed_in:
            client.force_login(signed_in)
        text = client.get(feed_path(token)).content.decode()
        assert "Prabumulih" in text and "Lubuklinggau" not in text


def test_renewing_replaces_the_address_and_revoking_removes_it(
    login, client, wfa_monday, employee_user
):
    owner = login(employee_user)
    first = shown_token(owner.post(RENEW).content.decode())
    page = owner.post(RENEW).content.decode()
    assert "Alamat kalender baru dibuat; alamat lama tidak berlaku lagi." in page
    second = shown_token(page)
    assert second != first
    assert owner.get(feed_path(first)).status_code == 404
    assert owner.get(feed_path(second)).status_code == 200

    page = owner.post(REVOKE, follow=True).content.decode()
    assert "Alamat kalender dihapus" in page
    assert not CalendarFeed.objects.exists()
    assert owner.get(feed_path(second)).status_code == 404
    assert "Buat alamat kalender" in page and second not in page
    page = owner.post(REVOKE, follow=True).content.decode()
    assert "Anda belum punya alamat kalender." in page


@pytest.mark.parametrize(
    "token", ["x", "A" * 43, "A" * 65, "%27%20OR%201=1--", "..%2F..%2Fetc", "ñ" * 10]
)
def test_a_bad_token_is_not_found(client, window, employee_user, token):
    feed_of(employee_user, "B" * 43)
    response = client.get(f"/kalender/{token}.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_refused_token_is_not_written_to_the_log(client, window, employee_user, caplog):
    token = "revoked-token-" + "Z" * 30
    with caplog.at_level(logging.DEBUG):
        assert client.get(feed_path(token)).status_code == 404
    assert token not in caplog.text


def test_a_feed_follows_the_person_account_staff_record_and_link(
    client, window, employee_user, employee_a
):
    feed_of(employee_user, "T" * 43)
    assert client.get(feed_path("T" * 43)).status_code == 200
    employee_user.is_active = False
    employee_user.save()
    assert client.get(feed_path("T" * 43)).status_code == 404
    employee_user.is_active = True
    employee_user.save()
    employee_a.is_active = False  # left the city's service; the account is still active
    employee_a.save()
    assert client.get(feed_path("T" * 43)).status_code == 404
    employee_a.is_active = True
    employee_a.save()
    assert client.get(feed_path("T" * 43)).status_code == 200
    employee_user.employee = None
    employee_user.save()
    assert client.get(feed_path("T" * 43)).status_code == 404


def test_only_an_account_with_staff_record_makes_a_feed_and_only_by_post(
    login, client, window, head_a, employee_user
):
    assert client.post(RENEW).status_code == 302  # anonymous: to the login page
    assert login(head_a).post(RENEW).status_code == 403
    assert login(head_a).post(REVOKE).status_code == 403
    assert login(employee_user).get(RENEW).status_code == 405
    assert login(employee_user).get(REVOKE).status_code == 405
    assert client.post(feed_path("T" * 43)).status_code == 405
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("assigned", [1, 13])
def test_the_feed_query_count_is_fixed(
    client, window, employee_a, employee_user, assigned, django_assert_num_queries
):
    feed_of(employee_user, "Q" * 43)
    for day in WindowDay.objects.all()[:assigned]:
        Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFH)
    # the address with its account and employee, the window days (with windows), assignments
    with django_assert_num_queries(3):
        calendar = parse(client.get(feed_path("Q" * 43)))
    assert sum("WFH" in str(e["summary"]) for e in calendar.walk("VEVENT")) == assigned


def test_the_page_with_the_address_is_not_cached(login, window, employee_user):
    login(employee_user).post(RENEW)
    response = login(employee_user).get("/jadwal-saya/")
    assert "no-store" in response["Cache-Control"]


# --- the employee's home cards ---------------------------------------------------------------


def test_the_home_page_shows_today_with_check_in_and_report_then_the_windows_days(
    login, wfa_monday, employee_user, employee_a
):
    client = login(employee_user)
    page = client.get("/").content.decode()
    today = page.split('data-testid="today"')[1].split("</section>")[0]
    assert "di Lubuklinggau" in today and "Belum presensi." in today
    assert "Laporan kerja harian: <strong>belum dikirim.</strong>" in today
    assert f'href="/laporan/hari/{wfa_monday.pk}/"' in today
    days = page.split('data-testid="window-days"')[1].split("</section>")[0]
    assert page.index('data-testid="today"') < page.index('data-testid="window-days"')
    assert "Jadwal Kerja fleksibel Lebaran 2025" in days
    assert days.count("<li ") == 5 and "Senin, 24 Maret (hari ini)" in days
    assert 'href="/jadwal-saya/kalender/"' in days

    DailyReport.objects.create(
        employee=employee_a,
        day=wfa_monday,
        mode=Mode.WFA,
        status=ReportStatus.RETURNED,
        submitted_at=datetime(2025, 3, 24, 7, tzinfo=JAKARTA),
    )
    today = client.get("/").content.decode().split('data-testid="today"')[1]
    assert "dikembalikan untuk diperbaiki</a>." in today.split("</section>")[0]


def test_before_a_window_the_home_page_shows_the_next_windows_days(
    login, window, employee_user, time_machine
):
    time_machine.move_to(datetime(2025, 3, 1, 9, tzinfo=JAKARTA), tick=False)
    page = login(employee_user).get("/").content.decode()
    assert 'data-testid="today"' not in page
    assert "Jadwal Kerja fleksibel Lebaran 2025" in page
    time_machine.move_to(datetime(2027, 1, 4, 9, tzinfo=JAKARTA), tick=False)
    assert 'data-testid="window-days"' not in login(employee_user).get("/").content.decode()


def test_the_admin_lists_who_has_a_feed_but_never_the_token(client, window, employee_user):
    feed = feed_of(employee_user, "S" * 43)
    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="bkpsdm"))
    pages = [
        client.get("/admin/opd/calendarfeed/").content.decode(),
        client.get(f"/admin/opd/calendarfeed/{feed.pk}/change/").content.decode(),
    ]
    assert "pegawai" in pages[0]
    assert all("S" * 43 not in page and feed.token_hash not in page for page in pages)


@pytest.mark.parametrize("assigned", [1, 13])
def test_the_list_page_query_count_is_fixed_with_the_feed(
    login, window, employee_a, employee_user, assigned, django_assert_num_queries
):
    feed_of(employee_user, "L" * 43)
    for day in WindowDay.objects.all()[:assigned]:
        Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFH)
    client = login(employee_user)
    # session, user, employee, days (with windows) of the current and coming windows, their
    # assignments, preferences, the count of past windows, calendar address
    with django_assert_num_queries(10 + BELL):
        page = client.get("/jadwal-saya/").content.decode()
    assert page.count('data-testid="mode">WFH<') == assigned


# --- a page that stays short: past windows on their own page ----------------------------------


def test_past_windows_leave_the_page_for_their_own(login, window, employee_user, time_machine):
    time_machine.move_to(datetime(2026, 1, 5, 9, tzinfo=JAKARTA), tick=False)
    client = login(employee_user)
    page = client.get("/jadwal-saya/").content.decode()
    # Lebaran 2025 and the year end 2025 have ended; Lebaran 2026 is the coming window
    assert "Kerja fleksibel Lebaran 2026" in page and "Lebaran 2025" not in page
    assert page.count('class="card day-card') == 5
    assert 'href="/jadwal-saya/sebelumnya/">Jadwal periode sebelumnya (2 periode)' in page
    assert page.index('href="/jadwal-saya/kalender/"') < page.index("Lebaran 2026")
    past = client.get("/jadwal-saya/sebelumnya/")
    assert [w.name for w, _ in past.context["windows"]] == [
        "Kerja fleksibel akhir tahun 2025",
        "Kerja fleksibel Lebaran 2025",
    ]
    assert [len(rows) for _, rows in past.context["windows"]] == [3, 5]


def test_the_current_window_stays_on_top_through_its_weekend(
    login, window, employee_user, time_machine
):
    # Saturday 29 March 2025: Lebaran 2025 spans 24 March to 8 April
    time_machine.move_to(datetime(2025, 3, 29, 9, tzinfo=JAKARTA), tick=False)
    groups = login(employee_user).get("/jadwal-saya/").context["windows"]
    assert [w.slug for w, _ in groups][:1] == ["lebaran-2025"]


@pytest.mark.parametrize("assigned", [1, 13])
def test_the_past_page_query_count_is_fixed(
    login, window, employee_a, employee_user, assigned, django_assert_num_queries, time_machine
):
    time_machine.move_to(datetime(2027, 1, 4, 9, tzinfo=JAKARTA), tick=False)
    for day in WindowDay.objects.all()[:assigned]:
        Assignment.objects.create(employee=employee_a, day=day, mode=Mode.WFH)
    client = login(employee_user)
    # session, user, the count of past windows, their page, the employee, the page's days (with
    # windows and hours), their assignments
    with django_assert_num_queries(7 + BELL):
        page = client.get("/jadwal-saya/sebelumnya/").content.decode()
    assert page.count(">WFH<") == assigned
