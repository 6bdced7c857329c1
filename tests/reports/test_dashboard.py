"""The city dashboard (mayor's office, BKPSDM) and the OPD dashboard (and its head)."""

from datetime import date

import pytest

from reports import figures
from schedules.models import Mode, Plan, PlanStatus
from tests.conftest import BELL
from tests.factories import EmployeeFactory, WindowDayFactory, WindowFactory
from tests.reports.conftest import (
    assign,
    chart_data,
    check_in,
    feedback,
    more_opds,
    report,
)

CITY = "/dasbor/"


def city_url(window, day=None):
    return f"{CITY}?periode={window.slug}" + (f"&hari={day.pk}" if day else "")


def opd_url(opd, window, day=None):
    return f"/dasbor/{opd.code}/?periode={window.slug}" + (f"&hari={day.pk}" if day else "")


@pytest.fixture
def planned(staff, days, window, opd_a):
    """Monday: one nurse and a clerk at home, a nurse elsewhere; the plan of Dinkes approved."""
    assign(staff["perawat"][1], days[0], Mode.WFH)
    assign(staff["staf"][0], days[0], Mode.WFH)
    assign(staff["perawat"][2], days[0], Mode.WFA, "Lahat, rumah orang tua")
    assign(staff["staf"][1], days[1], Mode.WFA, "Prabumulih")
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    return staff


def test_the_mayors_office_sees_the_city_counts_shares_and_every_opd(
    login, mayor, window, days, planned
):
    response = login(mayor).get(city_url(window, days[0]))
    assert response.status_code == 200
    page = response.content.decode()
    # 7 active staff on Monday: 4 WFO, 2 WFH, 1 WFA.
    assert "<strong>7</strong> pegawai aktif" in page
    assert "WFO 4 (57,1%)" in page and "WFH 2 (28,6%)" in page and "WFA 1 (14,3%)" in page
    assert "Dinas Kesehatan" in page and "Dinas Perhubungan" in page
    data = chart_data(response)
    assert data["modes"]["values"] == [4, 2, 1]
    assert data["days"]["labels"][:2] == ["24 Maret 2025", "25 Maret 2025"]
    assert data["days"]["series"]["WFA (lokasi lain)"][:2] == [1, 1]
    # Draf, Diajukan, Dikembalikan, Disetujui, Perlu ditinjau
    assert data["plans"]["values"] == [1, 0, 0, 1, 0]
    # Every chart has a canvas, a plain table with a caption beside it, and a text summary.
    assert page.count("<canvas data-chart=") == 3
    assert 'role="img"' in page and "<caption>Pegawai aktif per mode kerja" in page
    assert "Disetujui: <strong>1</strong> OPD" in page and "Draf: <strong>1</strong> OPD" in page
    assert "<script>" not in page.split("</head>")[1]  # no inline script in the body
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in page


def test_the_opd_table_has_modes_plan_status_coverage_attendance_and_reports(
    login, bkpsdm, window, days, planned, opd_a
):
    check_in(planned["dokter"], days[0])
    check_in(planned["perawat"][0], days[0])
    report(planned["dokter"], days[0])
    page = login(bkpsdm).get(city_url(window, days[0])).content.decode()
    row = page[page.index(f"/dasbor/{opd_a.code}/?periode=") :].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split('<td class="')[1:]]
    # staff, WFO, WFH, WFA
    assert cells[:4] == ["6", "3", "2", "1"]
    assert "Disetujui" in row
    # The puskesmas keeps 1 of 4 on site on Monday: short of the 60% health rule and of the
    # two nurses rule, so Dinkes has unmet rules that day.
    assert "kurang" in row
    assert "33,3%" in row  # 2 of 6 checked in
    assert "Presensi masuk 2 (28,6%), laporan kerja dikirim 1." in page


def test_the_essential_panel_shows_planned_against_required_and_check_ins(
    login, mayor, window, days, planned
):
    check_in(planned["dokter"], days[0])
    page = login(mayor).get(city_url(window, days[0])).content.decode()
    panel = page[page.index('id="layanan-esensial"') : page.index('id="masukan"')]
    row = panel[panel.index('<th scope="row">Puskesmas Makrayu') :].split("</tr>")[0]
    assert "Kurang" in row and "Layanan kesehatan: minimal 60% di tempat" in row
    # 4 staff, 2 planned on site (doctor and employee_a), the rules ask at least 3 (60% of 4).
    assert '<td class="text-end">4</td>' in row and '<td class="text-end">2</td>' in row
    assert '<td class="text-end">3</td>' in row
    assert "1 / 1" in row  # checked in on site / all check-ins
    assert "Kesehatan" in panel and "Unit kurang" in panel


def test_the_feedback_summary_counts_and_averages_per_service(
    login, mayor, window, days, staff, unit_a
):
    for rating in (5, 4, 2):
        feedback(unit_a, window, rating)
    page = login(mayor).get(city_url(window)).content.decode()
    section = page[page.index('id="masukan"') :]
    assert "3 masukan untuk 1 layanan, nilai rata-rata 3,7 dari 5." in section
    assert "Puskesmas Makrayu" in section


def test_a_day_without_attendance_says_so(login, mayor, window, days, staff):
    page = login(mayor).get(city_url(window, days[2])).content.decode()
    assert "Belum ada presensi atau laporan kerja pada hari ini." in page
    assert "Mode kerja Rabu, 26 Maret 2025" in page


def test_a_head_is_sent_to_their_own_opds_dashboard(login, head_a, window, days, staff):
    response = login(head_a).get(city_url(window, days[1]))
    assert response.status_code == 302
    assert response["Location"] == f"/dasbor/dinkes/?periode={window.slug}&hari={days[1].pk}"


def test_the_opd_dashboard_goes_down_to_units(login, head_a, window, days, planned, opd_a):
    response = login(head_a).get(opd_url(opd_a, window, days[0]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dasbor Dinas Kesehatan" in page
    assert "Puskesmas Makrayu" in page and "Sekretariat Dinas Kesehatan" in page
    assert "Dinas Perhubungan" not in page
    assert chart_data(response)["modes"]["values"] == [3, 2, 1]
    assert "Status rencana: <span" in page and "Disetujui" in page
    assert "Dasbor kota" not in page  # no breadcrumb to a page the head may not open
    assert f'href="/rekap/{window.slug}.xlsx?opd=dinkes"' in page
    assert f'href="/rekap/{window.slug}/dinkes.pdf"' in page
    assert "seluruh kota" not in page  # the city's documents are not theirs


def test_the_city_dashboard_starts_the_city_documents_as_jobs(login, mayor, window, staff):
    page = login(mayor).get(f"/dasbor/?periode={window.slug}").content.decode()
    assert f'action="/rekap/{window.slug}/kota/"' in page
    assert 'name="format" value="xlsx"' in page and 'name="format" value="pdf"' in page
    assert 'href="/unduhan/"' in page


def test_the_city_roles_open_any_opd_dashboard_with_a_link_back(
    login, bkpsdm, window, staff, opd_b
):
    page = login(bkpsdm).get(opd_url(opd_b, window)).content.decode()
    assert "Dasbor Dinas Perhubungan" in page and "Dasbor kota" in page
    assert f'href="/rekap/{window.slug}.xlsx?opd=dishub"' in page


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("head_b", "/dasbor/dinkes/", 404),  # another OPD
        ("employee_user", "/dasbor/dinkes/", 403),
        ("employee_user", CITY, 403),
        ("mayor", "/dasbor/tidak-ada/", 404),
        ("mayor", "/dasbor/?periode=tidak-ada", 404),
    ],
)
def test_what_each_role_may_not_see(request, login, window, staff, persona, url, status):
    assert login(request.getfixturevalue(persona)).get(url).status_code == status


def test_anonymous_goes_to_login_and_posts_are_refused(client, login, mayor, window, staff):
    response = client.get(CITY)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert client.get("/dasbor/dinkes/")["Location"].startswith("/masuk/")
    client = login(mayor)
    assert client.post(CITY).status_code == 405
    assert client.post("/dasbor/dinkes/").status_code == 405


def test_an_unknown_day_falls_back_to_the_windows_default_day(login, mayor, window, days, staff):
    """schedules.selectors.default_day: Lebaran 2025 has ended, so its last day."""
    page = login(mayor).get(f"{CITY}?periode={window.slug}&hari=abc").content.decode()
    assert "Mode kerja Selasa, 8 April 2025" in page


def test_the_default_is_the_current_window_and_today_or_its_first_day(db):
    """The current window is schedules.selectors.current_of: the one whose span holds today,
    else the next to start (between windows the plans being prepared are what to watch), else
    the one that ended last; its day is today, else the next, else its last."""
    past = WindowFactory(slug="lalu")
    WindowDayFactory(window=past, date=date(2025, 3, 24))
    current = WindowFactory(slug="kini")
    WindowDayFactory(window=current, date=date(2025, 12, 29))
    second = WindowDayFactory(window=current, date=date(2025, 12, 30))
    future = WindowFactory(slug="nanti")
    WindowDayFactory(window=future, date=date(2026, 3, 16))
    WindowFactory(slug="kosong")  # no day: never offered
    windows = [w for w in figures.windows_with_days() if w.slug in {"lalu", "kini", "nanti"}]
    assert [w.slug for w in windows] == ["nanti", "kini", "lalu"]

    assert figures.pick(windows, None, None, date(2025, 12, 30)) == (current, second)
    assert figures.pick(windows, None, None, date(2026, 1, 5)) == (future, future.days.get())
    assert figures.pick(windows, None, None, date(2026, 6, 1))[0] == future  # ended last
    assert figures.pick(windows, None, None, date(2024, 1, 1))[0] == past  # nothing started yet
    assert figures.pick(windows, "lalu", str(second.pk), date(2026, 1, 5))[0] == past


def test_without_any_window_the_page_says_so(login, mayor, db):
    from schedules.models import FlexWindow

    FlexWindow.objects.all().delete()
    page = login(mayor).get(CITY).content.decode()
    assert "Belum ada periode kerja fleksibel" in page


CITY_QUERIES = 16 + BELL  # session, user; windows, days; OPDs, units; the plan's tallies (rules,
# staff, remote: one aggregate of the assignments for the counts and coverage); coverage's units;
# plans; the day's check-ins, reports; feedback; the evaluation panel (units seen, evaluations
# per status)


@pytest.mark.parametrize(("extra_staff", "extra_opds"), [(0, 0), (49, 0), (0, 4), (49, 4)])
def test_the_city_dashboard_runs_a_fixed_number_of_queries(
    login, mayor, window, days, planned, unit_a, extra_staff, extra_opds, django_assert_num_queries
):
    for employee in EmployeeFactory.create_batch(extra_staff, unit=unit_a):
        assign(employee, days[0], Mode.WFH)
        check_in(employee, days[0], mode=Mode.WFH)
    more_opds(extra_opds)
    client = login(mayor)
    with django_assert_num_queries(CITY_QUERIES):
        assert client.get(city_url(window, days[0])).status_code == 200


@pytest.mark.parametrize("extra_staff", [0, 49])
def test_the_opd_dashboard_runs_a_fixed_number_of_queries(
    login, head_a, window, days, planned, unit_a, extra_staff, django_assert_num_queries
):
    for employee in EmployeeFactory.create_batch(extra_staff, unit=unit_a):
        assign(employee, days[0], Mode.WFA, "Lahat")
    more_opds(3)
    client = login(head_a)
    # As for the city, with the OPD lookup instead of the OPD list, plus the head's own OPD
    # that the menu bar names.
    with django_assert_num_queries(CITY_QUERIES + 1):
        assert client.get(opd_url(head_a.opd, window, days[0])).status_code == 200
