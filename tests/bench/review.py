"""Daily work at the size of the largest OPD (issue 23): the review queue, the bulk accept of 500
reports, the searchable picker, and the weight of the exception and working-hours pages.

A bench window with one day (today) is made for the run and deleted after it, with its reports,
their history, the working hours and the accounts made for it. Each figure is the median of five
runs after a warm-up, the portal's runs alternating with its raw-SQL floor's (measure.paired);
the bulk accept runs in a transaction rolled back each time, so every run accepts the same 500.
"""

from django.db.models import Count
from django.test import Client
from django.utils import timezone

from attendance import services
from attendance.models import DailyReport, OutputItem, ReportStatus
from opd.models import Employee, Opd, Role, User
from schedules.models import FlexWindow, WindowDay, WorkingHours
from tests.bench.measure import analyze, beside, paired, raw, rounds, vacuum

BENCH_WINDOW = "bench-pemeriksaan"
BENCH_USERS = "bench-pemeriksaan-"
BULK = 500
PAGE_LIMIT = 150_000  # bytes: the exception and working-hours pages for BKPSDM (issue 23)


def run(rec, *, timed, ms):
    _clean()
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    window = FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench pemeriksaan", legal_basis="-")
    day = WindowDay.objects.create(window=window, date=timezone.localdate())
    try:
        head = _setup(rec, largest, day)
        _queue(rec, largest, head, day)
        _bulk_accept(rec, largest, head, day)
        _picker(rec, largest, head)
        _page_weights(rec, largest, window)
    finally:
        _clean()


def _setup(rec, largest, day) -> User:
    """Every active staff member of the largest OPD files a report for the bench day (one output
    each); 500 of them get an account, so the bulk accept notifies as it would for real."""
    active = Employee.objects.active().filter(unit__opd=largest)
    staff = list(active.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    reports = DailyReport.objects.bulk_create(
        [DailyReport(employee_id=pk, day=day, mode="WFH", submitted_at=now) for pk in staff],
        batch_size=2000,
    )
    OutputItem.objects.bulk_create(
        [
            OutputItem(report=r, description="Layanan konsultasi daring", quantity=8,
                       unit_of_measure="orang")
            for r in reports
        ],
        batch_size=2000,
    )  # fmt: skip
    have = set(User.objects.filter(employee_id__in=staff).values_list("employee_id", flat=True))
    User.objects.bulk_create(
        [
            User(username=f"{BENCH_USERS}{pk}", role=Role.EMPLOYEE, employee_id=pk)
            for pk in staff[:BULK]
            if pk not in have
        ]
    )
    analyze("attendance_dailyreport", "attendance_outputitem", "opd_user")
    rec.add(
        "review: bench day set up",
        f"{len(reports):,} reports waiting in {largest.short_name} ({len(staff):,} active staff)",
    )
    # The same head account as the attendance figures: kept, since the read log it leaves is
    # append-only and names it.
    head, _ = User.objects.get_or_create(
        username=f"bench-head-{largest.code}", defaults={"role": Role.HEAD, "opd": largest}
    )
    return head


def _queue(rec, largest, head, day):
    client = Client()
    client.force_login(head)
    for per in (25, 100):  # the default page, and the largest
        url = f"/laporan/pemeriksaan/?hari={day.date.isoformat()}&per={per}&urut=unit"
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        figure = rounds(lambda url=url: client.get(url))
        rec.add(
            f"review queue, largest OPD, {per} a page",
            f"{figure.text()}, {figure.queries} queries, {len(response.content) / 1024:.0f} KB "
            f"({largest.short_name}, counts per unit and day included)",
            "queries constant",
            seconds=figure.median,
            queries=figure.queries,
        )


def _bulk_accept(rec, largest, head, day):
    ids = list(
        DailyReport.objects.filter(day=day)
        .order_by("employee_id")
        .values_list("pk", flat=True)[:BULK]
    )
    employees = list(DailyReport.objects.filter(pk__in=ids).values_list("employee_id", flat=True))

    def portal():
        assert services.reports_accept(report_ids=ids, by=head) == BULK

    def floor():
        now = timezone.now()
        raw(
            "WITH accepted AS (UPDATE attendance_dailyreport SET status = 'accepted', "
            "reviewed_by_id = %s, reviewed_at = %s WHERE id = ANY(%s) AND status = 'submitted' "
            "RETURNING *) "
            "INSERT INTO attendance_historicaldailyreport (id, mode, status, submitted_at, "
            "reviewed_at, review_comment, employee_id, day_id, reviewed_by_id, history_date, "
            "history_change_reason, history_type, history_user_id) "
            "SELECT id, mode, status, submitted_at, reviewed_at, review_comment, employee_id, "
            "day_id, reviewed_by_id, %s, 'Diterima', '~', %s FROM accepted",
            [head.pk, now, ids, now, head.pk],
        )
        raw(
            "INSERT INTO inbox_notification (recipient_id, kind, text, url, batch_key, count, "
            "created_at, email_error) SELECT id, 'report_accepted', "
            "'Laporan kerja harian diterima.', '/laporan/', '', 1, %s, '' FROM opd_user "
            "WHERE employee_id = ANY(%s) AND is_active",
            [now, employees],
        )

    ours, base = paired(portal, floor, rollback=True)
    vacuum("attendance_dailyreport", "attendance_historicaldailyreport", "inbox_notification")
    beside(
        rec,
        f"bulk accept of {BULK} reports",
        ours,
        base,
        3,
        "history row and notification per report, as one by one; floor: one UPDATE feeding the "
        "history INSERT, one INSERT of the notifications",
    )
    assert DailyReport.objects.filter(pk__in=ids, status=ReportStatus.SUBMITTED).count() == BULK


def _picker(rec, largest, head):
    client = Client()
    client.force_login(head)
    text = "siti"
    url = f"/cari/pegawai/?nama=employee&cari_employee={text}"
    assert client.get(url).status_code == 200

    def floor():
        raw(
            "SELECT e.id, e.name, e.nip, u.name, o.short_name FROM opd_employee e "
            "JOIN opd_unit u ON u.id = e.unit_id JOIN opd_opd o ON o.id = u.opd_id "
            "WHERE u.opd_id = %s AND e.is_active AND (e.name ILIKE %s OR e.nip LIKE %s) "
            "ORDER BY e.name, e.id LIMIT 21",
            [largest.pk, f"%{text}%", f"{text}%"],
        )

    ours, base = paired(lambda: client.get(url), floor)
    beside(
        rec,
        "searchable picker, largest OPD (head)",
        ours,
        base,
        None,
        f"'{text}' in {largest.short_name}: 20 matches of its staff, the request and the read log "
        "included; floor: the matches in raw SQL",
    )


def _page_weights(rec, largest, window):
    """The pages that listed every staff member: the exception form and the working-hours list,
    for BKPSDM, with working hours set for every staff member of the largest OPD."""
    day = window.days.get()
    WorkingHours.objects.bulk_create(
        [
            WorkingHours(employee_id=pk, day=day, kind="shift", start_minute=420, end_minute=930)
            for pk in Employee.objects.active()
            .filter(unit__opd=largest)
            .values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    client = Client()
    client.force_login(User.objects.get(username="bkpsdm"))
    pages = {
        "exceptions /pengecualian-batas/": "/pengecualian-batas/?cari_employee=siti",
        "working hours, largest OPD": f"/periode/{window.slug}/rencana/{largest.code}/jam-kerja/",
    }
    for name, url in pages.items():
        response = client.get(url)
        size = len(response.content)
        figure = rounds(lambda url=url: client.get(url))
        assert response.status_code == 200 and size < PAGE_LIMIT, (name, size)
        rec.add(
            f"page for BKPSDM: {name}",
            f"{size / 1024:.0f} KB, {response.content.decode().count('<option')} options; "
            f"{figure.text()}, {figure.queries} queries",
            "< 150 KB",
            seconds=figure.median,
            bytes=size,
        )


def _clean():
    """Leave the bench database as seeded: the bench window (its day, reports, history and
    working hours cascade or are removed here) and the accounts made for the run."""
    days = list(WindowDay.objects.filter(window__slug=BENCH_WINDOW).values_list("pk", flat=True))
    reports = DailyReport.objects.filter(day_id__in=days)
    OutputItem.objects.filter(report__in=reports)._raw_delete(OutputItem.objects.db)
    reports._raw_delete(DailyReport.objects.db)
    DailyReport.history.filter(day_id__in=days).delete()
    WorkingHours.objects.filter(day_id__in=days)._raw_delete(WorkingHours.objects.db)
    User.objects.filter(username__startswith=BENCH_USERS).delete()
    FlexWindow.objects.filter(slug=BENCH_WINDOW).delete()
