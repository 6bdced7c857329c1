"""The dashboards on one screen (mayor's office, BKPSDM, an OPD's head) and their long tables:
every OPD, every service point with its feedback, every unit of an OPD."""

from datetime import date

import pytest

from absences.models import Absence, AbsenceKind, AbsenceStatus
from attendance.models import Flag
from reports import figures
from schedules.models import Mode, Plan, PlanStatus
from tests.conftest import BELL
from tests.factories import (
    EmployeeFactory,
    OpdFactory,
    UnitFactory,
    WindowDayFactory,
    WindowFactory,
)
from tests.reports.conftest import (
    assign,
    chart_data,
    check_in,
    feedback,
    more_opds,
    report,
)

CITY = "/dasbor/"


def city_url(window, day=None, page=CITY):
    return f"{page}?periode={window.slug}" + (f"&hari={day.pk}" if day else "")


def opd_url(opd, window, day=None, page=""):
    return city_url(window, day, page=f"/dasbor/{opd.code}/{page}")


def tiles(page: str) -> str:
    return page[page.index('data-testid="tiles"') : page.index('id="perhatian"')]


def section(page: str, heading: str) -> str:
    start = page.index(f">{heading} <span class=")
    return page[start:].split("</ul>")[0].split("<h3")[0]


@pytest.fixture
def planned(staff, days, window, opd_a):
    """Monday: one nurse and a clerk at home, a nurse elsewhere; the plan of Dinkes approved."""
    assign(staff["perawat"][1], days[0], Mode.WFH)
    assign(staff["staf"][0], days[0], Mode.WFH)
    assign(staff["perawat"][2], days[0], Mode.WFA, "Lahat, rumah orang tua")
    assign(staff["staf"][1], days[1], Mode.WFA, "Prabumulih")
    Plan.objects.create(opd=opd_a, window=window, status=PlanStatus.APPROVED)
    return staff


def test_the_mayors_office_sees_the_city_today_in_five_figures(login, mayor, window, days, planned):
    check_in(planned["dokter"], days[0])
    flagged = check_in(planned["perawat"][0], days[0])
    flagged.flags = [Flag.NO_LOCATION]
    flagged.save()
    response = login(mayor).get(city_url(window, days[0]))
    assert response.status_code == 200
    page = tiles(response.content.decode())
    # 7 active staff on Monday: 4 WFO, 2 WFH, 1 WFA; 2 checked in, one of them flagged.
    assert "57,1%" in page and "4 dari 7 pegawai · WFH 2 · WFA 1" in page
    assert "28,6%" in page and "2 pegawai · 1 ditandai" in page
    # Three units have rules: the puskesmas keeps 2 of 4 on site, short of its rules; the
    # secretariat and Dishub's bidang (at most 50% remote) are fine.
    assert "66,7%" in page and "2 dari 3 unit · 1 kurang di kantor" in page
    # Dinkes approved, Dishub still a draft (no plan row).
    assert "50,0%" in page and "1 dari 2 OPD · 1 draf" in page
    # Open issues: one unit short, one plan late, one OPD with a flagged check-in.
    assert ">3</span>" in page and "1 unit kurang · 1 rencana terlambat" in page


def test_the_attention_list_links_each_item_to_its_page(login, mayor, window, days, planned):
    flagged = check_in(planned["dokter"], days[0])
    flagged.flags = [Flag.OUTSIDE_RADIUS]
    flagged.save()
    page = login(mayor).get(city_url(window, days[0])).content.decode()
    unit = planned["dokter"].unit
    short = section(page, "Unit kurang di kantor")
    assert "Puskesmas Makrayu (Dinkes)" in short and "kurang 1 di kantor" in short
    assert f'href="/periode/{window.slug}/rencana/dinkes/?unit={unit.pk}"' in short
    late = section(page, "Rencana belum disetujui")
    assert f'href="/periode/{window.slug}/rencana/dishub/"' in late and "Draf" in late
    assert "Dinkes" not in late  # approved
    flags = section(page, "Presensi ditandai")
    assert f'href="/pantauan/opd/dinkes/?hari={days[0].pk}"' in flags
    assert "1 presensi ditandai" in flags


def test_the_list_is_short_and_the_rest_is_a_link_away(login, mayor, window, days, staff):
    more_opds(6)  # eight OPDs without an approved plan
    page = login(mayor).get(city_url(window, days[0])).content.decode()
    late = section(page, "Rencana belum disetujui")
    assert late.count("<li>") == 5  # four plans, then the link to the rest
    assert f'href="/periode/{window.slug}/rencana/">dan 4 lainnya</a>' in late


def test_plans_are_not_late_until_a_week_before_the_window(login, mayor, staff, opd_a):
    coming = WindowFactory(slug="nanti")
    monday = WindowDayFactory(window=coming, date=date(2026, 12, 7))  # 12 days after FIXED_NOW
    page = login(mayor).get(city_url(coming, monday)).content.decode()
    assert "Belum ada yang terlambat." in section(page, "Rencana belum disetujui")


def test_the_trend_has_a_point_per_window_up_to_the_chosen_one(
    login, mayor, window, days, planned, unit_a
):
    later = WindowFactory(slug="kemudian", name="Periode kemudian")
    monday = WindowDayFactory(window=later, date=date(2025, 6, 2))
    assign(planned["staf"][0], monday, Mode.WFH)
    check_in(planned["dokter"], monday)
    feedback(unit_a, later, 4)
    WindowDayFactory(window=WindowFactory(slug="sesudah"), date=date(2026, 12, 7))  # after it
    response = login(mayor).get(city_url(later, monday))
    trend = chart_data(response)["trend"]
    assert trend["labels"] == ["24 Mar 2025", "2 Jun 2025"]
    # Lebaran 2025: 4 remote cells of 7 staff x 5 days; 0 check-ins; Dinkes approved, of 2 OPDs.
    assert trend["series"]["Rencana di kantor"] == [88.6, 85.7]
    assert trend["series"]["Presensi"] == [0.0, 14.3]
    assert trend["series"]["Rencana OPD disetujui"] == [50.0, 0.0]
    table = response.content.decode().split('id="tabel-tren"')[1].split("</table>")[0]
    assert "Periode kemudian" in table and "1 (4,0)" in table


def test_the_trend_leaves_the_days_away_out_of_both_shares(login, mayor, days, planned, unit_a):
    """A day on leave is neither planned on site nor a check-in owed (#25): 7 staff on one day,
    one at home, one on leave, one checked in: 5 of 6 expected are on site, 1 of 6 checked in."""
    later = WindowFactory(slug="kemudian", name="Periode kemudian")
    monday = WindowDayFactory(window=later, date=date(2025, 6, 2))
    assign(planned["staf"][0], monday, Mode.WFH)
    check_in(planned["dokter"], monday)
    Absence.objects.create(
        employee=planned["perawat"][0],
        kind=AbsenceKind.ANNUAL,
        status=AbsenceStatus.APPROVED,
        start_date=monday.date,
        end_date=monday.date,
    )
    Absence.objects.create(  # still asked, not granted: expected at work
        employee=planned["perawat"][1],
        kind=AbsenceKind.ANNUAL,
        status=AbsenceStatus.REQUESTED,
        start_date=monday.date,
        end_date=monday.date,
    )
    trend = chart_data(login(mayor).get(city_url(later, monday)))["trend"]
    assert trend["series"]["Rencana di kantor"][-1] == 83.3
    assert trend["series"]["Presensi"][-1] == 16.7


def test_every_chart_has_a_table_and_no_inline_script(login, mayor, window, days, planned):
    response = login(mayor).get(city_url(window, days[0]))
    page = response.content.decode()
    assert page.count("<canvas data-chart=") == 2 and page.count('role="img"') == 2
    assert 'id="tabel-tren"' in page and 'id="tabel-hari"' in page
    assert chart_data(response)["days"]["series"]["WFA (lokasi lain)"][:2] == [1, 1]
    assert "<script>" not in page.split("</head>")[1]
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in page


def test_the_city_dashboard_links_to_its_tables_and_documents(login, mayor, window, staff):
    page = login(mayor).get(city_url(window)).content.decode()
    assert f'href="/dasbor/kota/opd/?periode={window.slug}&amp;hari=' in page
    assert f'href="/dasbor/kota/layanan/?periode={window.slug}&amp;hari=' in page
    assert f'action="/rekap/{window.slug}/kota/"' in page
    assert 'name="format" value="xlsx"' in page and 'name="format" value="pdf"' in page
    assert 'href="/unduhan/"' in page


# --- the long tables ----------------------------------------------------------------------------


def test_every_opd_has_a_row_with_modes_plan_coverage_attendance_and_reports(
    login, bkpsdm, window, days, planned, opd_a
):
    check_in(planned["dokter"], days[0])
    check_in(planned["perawat"][0], days[0])
    report(planned["dokter"], days[0])
    page = login(bkpsdm).get(city_url(window, days[0], "/dasbor/kota/opd/")).content.decode()
    row = page[page.index(f"/dasbor/{opd_a.code}/?periode=") :].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split('<td class="')[1:]]
    assert cells[:4] == ["6", "3", "2", "1"]  # staff, WFO, WFH, WFA
    assert "Disetujui" in row and "kurang" in row
    assert "33,3%" in row  # 2 of 6 checked in
    assert "Disetujui: <strong>1</strong> OPD" in page and "Draf: <strong>1</strong> OPD" in page
    assert "Dinas Perhubungan" in page


def test_the_service_page_shows_planned_against_required_and_the_feedback(
    login, mayor, window, days, planned, unit_a
):
    check_in(planned["dokter"], days[0])
    for rating in (5, 4, 2):
        feedback(unit_a, window, rating)
    url = city_url(window, days[0], "/dasbor/kota/layanan/")
    page = login(mayor).get(url).content.decode()
    panel = page[page.index('id="layanan-esensial"') : page.index('id="masukan"')]
    row = panel[panel.index('<th scope="row">Puskesmas Makrayu') :].split("</tr>")[0]
    assert "Kurang" in row and "Layanan kesehatan: minimal 60% di tempat" in row
    # 4 staff, 2 planned on site (doctor and employee_a), the rules ask at least 3 (60% of 4).
    assert '<td class="text-end">4</td>' in row and '<td class="text-end">2</td>' in row
    assert '<td class="text-end">3</td>' in row and "1 / 1" in row
    assert "3 masukan untuk 1 layanan, nilai rata-rata 3,7 dari 5." in page


def test_the_opd_dashboard_is_the_same_screen_for_one_opd(
    login, head_a, window, days, planned, opd_a
):
    response = login(head_a).get(opd_url(opd_a, window, days[0]))
    page = response.content.decode()
    assert response.status_code == 200 and "Dasbor Dinas Kesehatan" in page
    assert "Disetujui" in tiles(page) and "3 dari 6 pegawai · WFH 2 · WFA 1" in tiles(page)
    assert "Puskesmas Makrayu" in section(page, "Unit kurang di kantor")
    assert "Semua rencana sudah disetujui." in page
    assert "Dinas Perhubungan" not in page and "Dasbor kota" not in page
    assert f'href="/dasbor/dinkes/unit/?periode={window.slug}&amp;hari={days[0].pk}"' in page
    assert f'href="/rekap/{window.slug}.xlsx?opd=dinkes"' in page
    assert f'href="/rekap/{window.slug}/dinkes.pdf"' in page
    assert "seluruh kota" not in page  # the city's documents are not theirs


def test_the_opd_units_page_lists_every_unit(login, head_a, window, days, planned, opd_a):
    page = login(head_a).get(opd_url(opd_a, window, days[0], "unit/")).content.decode()
    assert "Puskesmas Makrayu" in page and "Sekretariat Dinas Kesehatan" in page
    assert 'id="tabel-unit"' in page and 'id="layanan-esensial"' in page
    assert 'href="/dasbor/dinkes/?periode=' in page and "Dasbor kota" not in page


def test_a_head_is_sent_to_their_own_opds_pages(login, head_a, window, days, staff):
    client = login(head_a)
    response = client.get(city_url(window, days[1]))
    assert response["Location"] == f"/dasbor/dinkes/?periode={window.slug}&hari={days[1].pk}"
    for page in ("/dasbor/kota/opd/", "/dasbor/kota/layanan/"):
        assert client.get(page)["Location"] == "/dasbor/dinkes/unit/"


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
        ("head_b", "/dasbor/dinkes/unit/", 404),
        ("employee_user", "/dasbor/dinkes/", 403),
        ("employee_user", CITY, 403),
        ("employee_user", "/dasbor/kota/layanan/", 403),
        ("mayor", "/dasbor/tidak-ada/", 404),
        ("mayor", "/dasbor/tidak-ada/unit/", 404),
        ("mayor", "/dasbor/?periode=tidak-ada", 404),
        ("mayor", "/dasbor/kota/opd/?periode=tidak-ada", 404),
    ],
)
def test_what_each_role_may_not_see(request, login, window, staff, persona, url, status):
    assert login(request.getfixturevalue(persona)).get(url).status_code == status


def test_anonymous_goes_to_login_and_posts_are_refused(client, login, mayor, window, staff):
    for url in (CITY, "/dasbor/dinkes/", "/dasbor/kota/opd/", "/dasbor/dinkes/unit/"):
        assert client.get(url)["Location"].startswith("/masuk/")
    client = login(mayor)
    for url in (CITY, "/dasbor/dinkes/", "/dasbor/kota/layanan/", "/dasbor/dinkes/unit/"):
        assert client.post(url).status_code == 405


def test_an_unknown_day_falls_back_to_the_windows_default_day(login, mayor, window, days, staff):
    """schedules.selectors.default_day: Lebaran 2025 has ended, so its last day."""
    page = login(mayor).get(f"{CITY}?periode={window.slug}&hari=abc").content.decode()
    assert "Keadaan Selasa, 8 April 2025" in page


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


def test_without_any_window_the_pages_say_so(login, mayor, db):
    from schedules.models import FlexWindow

    FlexWindow.objects.all().delete()
    client = login(mayor)
    for url in (CITY, "/dasbor/kota/opd/"):
        assert "Belum ada periode kerja fleksibel" in client.get(url).content.decode()


# --- query pins: constant in the number of staff, units and OPDs --------------------------------

OVERVIEW_QUERIES = 19 + BELL  # session, user; windows, days; OPDs, units; the plan's tallies
# (rules, staff, remote cells); coverage's units; plans; the day's check-ins, reports; the
# trend (remote cells, check-ins and approved plans per window, feedback per window, the days
# away)
TABLES_QUERIES = 15 + BELL  # session, user; windows, days; OPDs, units; the plan's tallies
# (rules, staff, remote: one aggregate of the assignments for the counts and coverage);
# coverage's units; plans; the day's check-ins, reports; feedback
PANEL = 2  # the evaluation panel: units seen, evaluations per status


def _grow(staff, days, unit_a, opds: int):
    for employee in EmployeeFactory.create_batch(staff, unit=unit_a):
        assign(employee, days[0], Mode.WFH)
        check_in(employee, days[0], mode=Mode.WFH)
    for i in range(opds):
        unit = UnitFactory(opd=OpdFactory(code=f"opd-pin-{i}"))
        EmployeeFactory.create_batch(2, unit=unit)


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        (CITY, OVERVIEW_QUERIES),
        ("/dasbor/kota/opd/", TABLES_QUERIES + PANEL),
        ("/dasbor/kota/layanan/", TABLES_QUERIES),
    ],
)
@pytest.mark.parametrize(("extra_staff", "extra_opds"), [(0, 0), (49, 4)])
def test_the_city_pages_run_a_fixed_number_of_queries(
    login, mayor, window, days, planned, unit_a, page, queries, extra_staff, extra_opds,
    django_assert_num_queries,
):  # fmt: skip
    _grow(extra_staff, days, unit_a, extra_opds)
    client = login(mayor)
    with django_assert_num_queries(queries):
        assert client.get(city_url(window, days[0], page)).status_code == 200


@pytest.mark.parametrize(
    ("page", "queries"),
    # As for the city, with the OPD lookup instead of the OPD list (the overview's plan list
    # is the OPD's), plus the head's own OPD that the menu bar names.
    [("", OVERVIEW_QUERIES + 1), ("unit/", TABLES_QUERIES + PANEL + 1)],
)
@pytest.mark.parametrize("extra_staff", [0, 49])
def test_the_opd_pages_run_a_fixed_number_of_queries(
    login, head_a, window, days, planned, unit_a, page, queries, extra_staff,
    django_assert_num_queries,
):  # fmt: skip
    _grow(extra_staff, days, unit_a, 3)
    client = login(head_a)
    with django_assert_num_queries(queries):
        assert client.get(opd_url(head_a.opd, window, days[0], page)).status_code == 200
