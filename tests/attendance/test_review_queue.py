"""The review queue at volume: filters, search, sort, counts per unit and day, and accepting many
reports in one action, all or nothing, each recorded as if accepted one by one."""

import pytest
from django.contrib.contenttypes.models import ContentType

from attendance import services
from attendance.models import DailyReport, OutputItem, ReportStatus
from inbox.models import Kind, Notification
from schedules.models import Mode
from tests.attendance.conftest import make_report
from tests.conftest import BELL, READ_LOG
from tests.factories import EmployeeFactory, UnitFactory, UserFactory

REVIEW = "/laporan/pemeriksaan/"
ACCEPT = "/laporan/pemeriksaan/terima/"


@pytest.fixture
def head(login, head_a):
    return login(head_a)


@pytest.fixture
def second_unit(opd_a):
    return UnitFactory(opd=opd_a, code="pkm-sako", name="Puskesmas Sako")


def names_on(response) -> set[str]:
    return {r.employee.name for r in response.context["page"]}


def waiting() -> int:
    return DailyReport.objects.filter(status=ReportStatus.SUBMITTED).count()


# --- filters, search, sort, counts -----------------------------------------------------------


def test_the_head_filters_by_unit_day_mode_and_evidence(
    head, unit_a, second_unit, today, yesterday
):
    a = make_report(EmployeeFactory(unit=unit_a, name="Ani"), today, mode=Mode.WFH)
    make_report(EmployeeFactory(unit=unit_a, name="Budi"), yesterday, mode=Mode.WFH)
    make_report(EmployeeFactory(unit=second_unit, name="Citra"), today)
    bare = make_report(EmployeeFactory(unit=unit_a, name="Dedi"), today, items=0)
    OutputItem.objects.filter(report=a).update(evidence_url="https://drive.example.go.id/a")

    assert names_on(head.get(REVIEW)) == {"Ani", "Budi", "Citra", "Dedi"}
    day = today.date.isoformat()
    assert names_on(head.get(REVIEW, {"unit": "pkm-makrayu", "hari": day})) == {"Ani", "Dedi"}
    assert names_on(head.get(REVIEW, {"mode": "WFH"})) == {"Ani", "Budi"}
    assert names_on(head.get(REVIEW, {"bukti": "bukti"})) == {"Ani"}
    assert names_on(head.get(REVIEW, {"bukti": "tanpa-bukti"})) == {"Budi", "Citra", "Dedi"}
    assert names_on(head.get(REVIEW, {"bukti": "tanpa-keluaran"})) == {bare.employee.name}


def test_search_by_name_or_nip_and_sort(head, unit_a, today, yesterday):
    zaki = EmployeeFactory(unit=unit_a, name="Zaki Rahman")
    make_report(zaki, yesterday)
    make_report(EmployeeFactory(unit=unit_a, name="Ayu Lestari"), today)
    assert names_on(head.get(REVIEW, {"q": "rahm"})) == {"Zaki Rahman"}
    assert names_on(head.get(REVIEW, {"q": zaki.nip[:10]})) == {"Zaki Rahman"}
    by_name = [r.employee.name for r in head.get(REVIEW, {"urut": "nama"}).context["page"]]
    assert by_name == ["Ayu Lestari", "Zaki Rahman"]
    by_day = [r.employee.name for r in head.get(REVIEW, {"urut": "hari"}).context["page"]]
    assert by_day == ["Zaki Rahman", "Ayu Lestari"]


def test_status_filter_shows_decided_reports_without_accept_controls(head, unit_a, today):
    make_report(EmployeeFactory(unit=unit_a, name="Sudah"), today, status=ReportStatus.ACCEPTED)
    response = head.get(REVIEW, {"status": "accepted"})
    assert names_on(response) == {"Sudah"}
    page = response.content.decode()
    assert "terima-massal" not in page and "Diterima" in page


def test_bad_filters_drop_only_themselves(head, unit_a, unit_b, employee_b, today):
    make_report(EmployeeFactory(unit=unit_a, name="Ani"), today, mode=Mode.WFH)
    make_report(employee_b, today)
    # another OPD's unit and opd, a malformed date, an unknown sort: ignored; the mode holds
    response = head.get(
        REVIEW,
        {"unit": unit_b.code, "opd": "dishub", "hari": "kemarin", "urut": "x", "mode": "WFH"},
    )
    assert response.status_code == 200
    assert names_on(response) == {"Ani"}


def test_counts_per_unit_and_day_link_to_the_filtered_queue(
    head, unit_a, second_unit, today, yesterday
):
    for _ in range(3):
        make_report(EmployeeFactory(unit=unit_a), today)
    make_report(EmployeeFactory(unit=unit_a), yesterday)
    make_report(EmployeeFactory(unit=second_unit), today)
    response = head.get(REVIEW)
    counts = response.context["counts"]
    assert counts["days"] == [today.date, yesterday.date]  # newest first
    rows = {row.name: (row.total, [n for _, n, _ in row.cells]) for row in counts["rows"]}
    assert rows == {"Puskesmas Makrayu": (4, [3, 1]), "Puskesmas Sako": (1, [1, 0])}
    link = counts["rows"][0].cells[0][2]
    assert sorted(link.split("&")) == [f"hari={today.date.isoformat()}", "unit=pkm-makrayu"]
    assert len(head.get(f"{REVIEW}?{link}").context["page"]) == 3


def test_bkpsdm_sees_counts_per_opd_and_units_once_an_opd_is_chosen(
    login, bkpsdm, unit_a, employee_b, today
):
    make_report(EmployeeFactory(unit=unit_a), today)
    make_report(employee_b, today)
    client = login(bkpsdm)
    city = client.get(REVIEW)
    names = [row.name for row in city.context["counts"]["rows"]]
    assert names == ["Dinas Kesehatan", "Dinas Perhubungan"]
    assert "Semua unit" not in city.content.decode()  # no unit list for the whole city
    dinkes = client.get(REVIEW, {"opd": "dinkes"})
    assert [row.name for row in dinkes.context["counts"]["rows"]] == ["Puskesmas Makrayu"]
    assert names_on(dinkes) == {
        r.employee.name for r in DailyReport.objects.filter(employee__unit=unit_a)
    }


@pytest.mark.parametrize("count", [1, 50])
def test_the_queue_runs_a_fixed_number_of_queries(
    head, unit_a, today, django_assert_num_queries, count
):
    for i in range(count):  # named with an "a", so the search finds each whatever Faker drew
        make_report(EmployeeFactory(unit=unit_a, name=f"Pegawai {i}"), today, items=2)
    # session, user, the OPDs in scope, the OPD's units (filter), the page's count, its reports,
    # their outputs, the counts per unit and day, the head's OPD (navigation bar); then the read
    # log of the reports' authors
    with django_assert_num_queries(9 + READ_LOG + BELL):
        assert head.get(REVIEW, {"mode": "WFO", "q": "a", "urut": "unit"}).status_code == 200


# --- accepting many at once --------------------------------------------------------------------


def test_ticked_reports_are_accepted_each_as_if_one_by_one(head, head_a, unit_a, today, yesterday):
    nurse = EmployeeFactory(unit=unit_a)
    account = UserFactory(employee=nurse)
    two = [make_report(nurse, today), make_report(nurse, yesterday)]
    other = make_report(EmployeeFactory(unit=unit_a), today)
    untouched = make_report(EmployeeFactory(unit=unit_a), today)

    response = head.post(
        ACCEPT, {"laporan": [r.pk for r in [*two, other]], "next": REVIEW}, follow=True
    )

    assert "3 laporan diterima." in response.content.decode()
    for report in [*two, other]:
        report.refresh_from_db()
        assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, head_a)
        assert report.reviewed_at is not None
        last = report.history.latest("history_date")
        assert (last.status, last.history_user, last.history_change_reason) == (
            ReportStatus.ACCEPTED,
            head_a,
            "Diterima",
        )
    untouched.refresh_from_db()
    assert untouched.status == ReportStatus.SUBMITTED
    notices = Notification.objects.filter(recipient=account, kind=Kind.REPORT_ACCEPTED)
    assert notices.count() == 1  # once per employee, with both days
    assert notices.get().text.startswith("2 laporan kerja harian Anda diterima Kepala Dinkes")


def test_all_matching_reports_are_accepted_and_the_queue_drops_by_that_number(
    head, unit_a, second_unit, today, yesterday
):
    for _ in range(4):
        make_report(EmployeeFactory(unit=unit_a), today)
    make_report(EmployeeFactory(unit=unit_a), yesterday)
    make_report(EmployeeFactory(unit=second_unit), today)
    filters = {"unit": "pkm-makrayu", "hari": today.date.isoformat()}
    page = head.get(REVIEW, filters)
    assert page.context["page"].paginator.count == 4
    before = waiting()
    data = {
        "lingkup": "semua",
        "saring": page.context["query"],
        "jumlah": "4",
        "sebelum": page.context["shown_at"],
    }
    response = head.post(ACCEPT, data, follow=True)
    assert "4 laporan diterima." in response.content.decode()
    assert waiting() == before - 4
    assert head.get(REVIEW, filters).context["page"].paginator.count == 0


def test_all_matching_is_refused_when_the_list_changed_since_it_was_shown(
    login, head_a, bkpsdm, unit_a, today
):
    reports = [make_report(EmployeeFactory(unit=unit_a), today) for _ in range(3)]
    page = login(head_a).get(REVIEW)
    data = {
        "lingkup": "semua",
        "saring": page.context["query"],
        "jumlah": "3",
        "sebelum": page.context["shown_at"],
    }
    make_report(EmployeeFactory(unit=unit_a), today)  # sent after the page was shown: left out
    login(bkpsdm).post(f"/laporan/{reports[0].pk}/terima/")  # someone else decided one meanwhile
    text = login(head_a).post(ACCEPT, data, follow=True).content.decode()
    assert "Daftar berubah sejak dimuat: 3 menjadi 2 laporan" in text
    assert waiting() == 3  # the two left of the three and the late one: none accepted
    data["jumlah"] = "2"
    assert "2 laporan diterima." in login(head_a).post(ACCEPT, data, follow=True).content.decode()
    assert waiting() == 1  # the late one still waits


def test_a_forged_id_of_another_opd_refuses_the_whole_action(head, unit_a, employee_b, today):
    ours = [make_report(EmployeeFactory(unit=unit_a), today) for _ in range(3)]
    theirs = make_report(employee_b, today)
    response = head.post(ACCEPT, {"laporan": [*(r.pk for r in ours), theirs.pk]}, follow=True)
    page = response.content.decode()
    assert (
        "1 laporan yang dipilih tidak ditemukan di OPD Anda. Tidak ada laporan yang diterima."
        in page
    )
    assert waiting() == 4
    assert not DailyReport.history.filter(status=ReportStatus.ACCEPTED).exists()
    assert not Notification.objects.filter(kind=Kind.REPORT_ACCEPTED).exists()


@pytest.mark.parametrize(
    ("laporan", "message"),
    [([], "Pilih sedikitnya satu laporan."), (["12x"], "Data yang dikirim tidak sah.")],
)
def test_bad_selections_are_refused(head, unit_a, today, laporan, message):
    make_report(EmployeeFactory(unit=unit_a), today)
    response = head.post(ACCEPT, {"laporan": laporan}, follow=True)
    assert message in response.content.decode()
    assert waiting() == 1


def test_more_than_the_most_at_once_is_refused_before_anything_is_read(head_a, unit_a, today):
    make_report(EmployeeFactory(unit=unit_a), today)
    with pytest.raises(services.Refused, match="Paling banyak 1000 laporan"):
        services.reports_accept(report_ids=range(1, 1002), by=head_a)
    assert waiting() == 1


def test_an_already_decided_or_own_report_refuses_the_whole_action(login, unit_a, today):
    own = EmployeeFactory(unit=unit_a)
    head = UserFactory(role="head", opd=unit_a.opd, employee=own, first_name="Kepala")
    mine = make_report(own, today)
    done = make_report(EmployeeFactory(unit=unit_a), today, status=ReportStatus.ACCEPTED)
    fresh = make_report(EmployeeFactory(unit=unit_a), today)
    client = login(head)
    page = client.post(ACCEPT, {"laporan": [mine.pk, fresh.pk]}, follow=True).content.decode()
    assert "Anda tidak dapat memeriksa laporan Anda sendiri." in page
    page = client.post(ACCEPT, {"laporan": [done.pk, fresh.pk]}, follow=True).content.decode()
    assert "1 laporan sudah diperiksa sejak daftar dimuat" in page
    fresh.refresh_from_db()
    assert fresh.status == ReportStatus.SUBMITTED


def test_accepting_needs_a_post_and_the_right_role(login, head, mayor, employee_user, today):
    assert head.get(ACCEPT).status_code == 405
    assert login(mayor).post(ACCEPT, {"laporan": ["1"]}).status_code == 403
    assert login(employee_user).post(ACCEPT, {"laporan": ["1"]}).status_code == 403


@pytest.mark.parametrize("count", [1, 50])
def test_the_bulk_accept_runs_a_fixed_number_of_queries(
    head, unit_a, today, django_assert_num_queries, count
):
    reports = []
    for i in range(count):
        employee = EmployeeFactory(unit=unit_a)
        UserFactory(employee=employee, email=f"pegawai{i}@palembang.go.id")
        reports.append(make_report(employee, today).pk)
    ContentType.objects.get_for_model(DailyReport)  # cached per process after its first use
    # session, user; the service's savepoint, the reports locked (with employees and days), one
    # UPDATE, one history INSERT, the employees' accounts, one INSERT of the notifications, the
    # recipients' addresses and email choices, the savepoint's release. SQLite splits an INSERT
    # into batches of 999 parameters (about 70 rows); PostgreSQL never does.
    with django_assert_num_queries(11):
        response = head.post(ACCEPT, {"laporan": reports})
    assert response.status_code == 302
    assert waiting() == 0


@pytest.mark.parametrize("count", [1, 50])
def test_accepting_all_matching_runs_a_fixed_number_of_queries(
    head, unit_a, today, django_assert_num_queries, count
):
    for i in range(count):
        employee = EmployeeFactory(unit=unit_a)
        UserFactory(employee=employee, email=f"pegawai{i}@palembang.go.id")
        make_report(employee, today)
    ContentType.objects.get_for_model(DailyReport)  # cached per process after its first use
    page = head.get(REVIEW, {"unit": "pkm-makrayu"})
    data = {
        "lingkup": "semua",
        "saring": page.context["query"],
        "jumlah": str(count),
        "sebelum": page.context["shown_at"],
    }
    # session, user, the OPDs in scope and the OPD's units (the posted filters), the matching
    # ids; then as for the ticked rows: savepoint, the reports locked, UPDATE, history INSERT,
    # accounts, notifications INSERT, addresses, email choices, release
    with django_assert_num_queries(14):
        head.post(ACCEPT, data)
    assert waiting() == 0
