"""Weekly progress and the e-Kinerja file at the size of the largest OPD (issue 26).

A bench window of this week's Monday to Friday is made for the run and deleted after it: every
active staff member of the largest OPD has an approved target with three action plans, and each
day a check-in (one in five in another mode than planned) and an accepted report with two outputs,
one tied to an action plan. Each figure is the median of five runs after a warm-up, alternating
with its raw-SQL floor (measure.paired), after ANALYZE.
"""

from datetime import timedelta
from io import BytesIO

from django.db.models import Count
from django.test import Client
from django.utils import timezone
from fpdf import FPDF
from openpyxl import Workbook

from attendance import weekly
from attendance.models import CheckIn, DailyReport, OutputItem, ReportStatus
from opd.models import Employee, Opd, Role, User
from schedules.models import FlexWindow, WindowDay
from targets.models import ActionPlan, TargetStatus, WorkTarget
from tests.bench.measure import analyze, beside, paired, raw

BENCH_WINDOW = "bench-kemajuan"
DAYS = 5
BATCH = 2000


def run(rec, *, timed, ms):
    _clean()
    largest = Opd.objects.annotate(n=Count("units__employees")).order_by("-n").first()
    monday = weekly.week_of(timezone.localdate())
    window = FlexWindow.objects.create(slug=BENCH_WINDOW, name="Bench kemajuan", legal_basis="-")
    days = WindowDay.objects.bulk_create(
        [WindowDay(window=window, date=monday + timedelta(n)) for n in range(DAYS)]
    )
    created_targets: list[int] = []
    try:
        staff = _setup(rec, largest, days, monday, created_targets)
        head, _ = User.objects.get_or_create(
            username=f"bench-head-{largest.code}", defaults={"role": Role.HEAD, "opd": largest}
        )
        client = Client()
        client.force_login(head)
        _week_page(rec, client, largest, monday, staff)
        _ekinerja(rec, client, largest, monday, staff)
        _target_import(rec, head, largest, monday)
    finally:
        _clean(created_targets)


def _setup(rec, largest, days, monday, created_targets) -> int:
    active = Employee.objects.active().filter(unit__opd=largest).order_by("pk")
    staff = list(active.values_list("pk", flat=True))
    year = weekly.target_year(monday)
    have = set(WorkTarget.objects.filter(year=year).values_list("employee_id", flat=True))
    targets = WorkTarget.objects.bulk_create(
        [
            WorkTarget(employee_id=pk, year=year, status=TargetStatus.APPROVED)
            for pk in staff
            if pk not in have
        ],
        batch_size=BATCH,
    )
    created_targets += [t.pk for t in targets]
    ActionPlan.objects.bulk_create(
        [
            ActionPlan(target=t, rhk=f"RHK {n}", text=f"Rencana aksi {n}", quantity=200,
                       unit_of_measure="dokumen")
            for t in targets
            for n in range(3)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    first_plan = dict(
        ActionPlan.objects.filter(target__year=year, target__employee_id__in=staff)
        .order_by("target__employee_id", "pk")
        .distinct("target__employee_id")
        .values_list("target__employee_id", "pk")
    )
    now = timezone.now()
    reports = DailyReport.objects.bulk_create(
        [
            DailyReport(employee_id=pk, day=d, mode="WFH", status=ReportStatus.ACCEPTED,
                        submitted_at=now)
            for d in days
            for pk in staff
        ],
        batch_size=BATCH,
    )  # fmt: skip
    OutputItem.objects.bulk_create(
        [
            OutputItem(report=r, description=text, quantity=3, unit_of_measure="dokumen",
                       action_plan_id=first_plan.get(r.employee_id) if n == 0 else None)
            for r in reports
            for n, text in enumerate(("Menyusun telaahan staf", "Rapat koordinasi daring"))
        ],
        batch_size=BATCH,
    )  # fmt: skip
    CheckIn.objects.bulk_create(
        [
            CheckIn(employee_id=pk, day=d, planned_mode="WFH",
                    mode="WFO" if i % 5 == 0 else "WFH", checked_in_at=now)
            for d in days
            for i, pk in enumerate(staff)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    analyze(
        "attendance_dailyreport",
        "attendance_outputitem",
        "attendance_checkin",
        "targets_worktarget",
        "targets_actionplan",
    )
    rec.add(
        "progress: bench week set up",
        f"{largest.short_name}: {len(staff):,} active staff x {DAYS} days: {len(reports):,} "
        f"reports, {2 * len(reports):,} outputs, {len(reports):,} check-ins",
    )
    return len(staff)


WEEK_FLOOR = """
    SELECT e.id, e.name, e.nip, u.name,
      (SELECT count(*) FROM attendance_dailyreport r JOIN schedules_windowday d ON d.id = r.day_id
        WHERE r.employee_id = e.id AND d.date BETWEEN %(mon)s AND %(sun)s),
      (SELECT count(*) FILTER (WHERE r.status = 'accepted') FROM attendance_dailyreport r
        JOIN schedules_windowday d ON d.id = r.day_id
        WHERE r.employee_id = e.id AND d.date BETWEEN %(mon)s AND %(sun)s),
      (SELECT count(*) FROM attendance_outputitem o JOIN attendance_dailyreport r
        ON r.id = o.report_id JOIN schedules_windowday d ON d.id = r.day_id
        WHERE r.employee_id = e.id AND d.date BETWEEN %(mon)s AND %(sun)s),
      (SELECT count(*) FILTER (WHERE c.mode = c.planned_mode) FROM attendance_checkin c
        JOIN schedules_windowday d ON d.id = c.day_id
        WHERE c.employee_id = e.id AND d.date BETWEEN %(mon)s AND %(sun)s)
    FROM opd_employee e JOIN opd_unit u ON u.id = e.unit_id
    WHERE u.opd_id = %(opd)s AND e.is_active ORDER BY u.name, e.name
"""


def _openpyxl(rows) -> bytes:
    """The floor's workbook: the rows as they come, raw openpyxl write-only, no styles."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("floor")
    for row in rows:
        ws.append(list(row))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _fpdf(rows) -> bytes:
    """The floor's PDF: the rows as they come, one fixed-width cell per value in fpdf2's core
    font, A4 landscape, nothing measured or wrapped (our PDF measures every cell so none is cut,
    embeds DejaVu and is PDF/A-2b)."""
    document = FPDF(orientation="L", format="A4")
    document.set_font("helvetica", size=7)
    document.add_page()
    for row in rows:
        for value in row:
            document.cell(22, 4, str(value)[:14].encode("latin-1", "replace").decode("latin-1"))
        document.ln(4)
    return bytes(document.output())


def _week_page(rec, client, largest, monday, staff):
    params = {"mon": monday, "sun": monday + timedelta(6), "opd": largest.pk}
    for name, url, floor, what in (
        (
            "weekly progress page, largest OPD (head)",
            "/laporan/mingguan/opd/",
            lambda: raw(WEEK_FLOOR, params),
            "the per-employee counts in one raw SELECT",
        ),
        (
            "weekly progress workbook, largest OPD",
            "/laporan/mingguan/opd.xlsx",
            lambda: _openpyxl(raw(WEEK_FLOOR, params)),
            "the same SELECT written by raw openpyxl",
        ),
        (
            "weekly progress PDF, largest OPD",
            "/laporan/mingguan/opd.pdf",
            lambda: _fpdf(raw(WEEK_FLOOR, params)),
            "the same SELECT as unmeasured fpdf2 cells",
        ),
    ):
        full = f"{url}?minggu={monday.isoformat()}"
        response = client.get(full)
        assert response.status_code == 200, response.status_code
        ours, base = paired(lambda full=full: client.get(full), floor)
        beside(
            rec,
            name,
            ours,
            base,
            None,
            f"{staff:,} staff, {len(response.content) / 1024:.0f} KB; floor: {what}",
        )


EKINERJA_FLOOR = """
    SELECT e.nip, e.name, p.text, d.date, o.started_at, o.ended_at, o.description, o.quantity,
      o.unit_of_measure, o.evidence_url,
      (SELECT (c.checked_in_at AT TIME ZONE 'Asia/Jakarta')::time FROM attendance_checkin c
        WHERE c.employee_id = r.employee_id AND c.day_id = r.day_id),
      (SELECT (c.checked_out_at AT TIME ZONE 'Asia/Jakarta')::time FROM attendance_checkin c
        WHERE c.employee_id = r.employee_id AND c.day_id = r.day_id)
    FROM attendance_outputitem o
    JOIN attendance_dailyreport r ON r.id = o.report_id
    JOIN schedules_windowday d ON d.id = r.day_id
    JOIN opd_employee e ON e.id = r.employee_id JOIN opd_unit u ON u.id = e.unit_id
    LEFT JOIN targets_actionplan p ON p.id = o.action_plan_id
    WHERE r.status = 'accepted' AND u.opd_id = %(opd)s AND d.date BETWEEN %(first)s AND %(last)s
    ORDER BY d.date, e.name, e.id, o.id
"""


def _ekinerja(rec, client, largest, monday, staff):
    from reports import ekinerja

    first, last = ekinerja.month_range(monday.year, monday.month)
    params = {"opd": largest.pk, "first": first, "last": last}
    rows = len(raw(EKINERJA_FLOOR, params))

    def portal():  # what the background job runs (reports.documents.exports.run_ekinerja_opd)
        items = ekinerja.outputs(year=monday.year, month=monday.month, unit__opd=largest)
        return ekinerja.workbook(items, per_opd=True)[0]

    size = len(portal())
    ours, base = paired(portal, lambda: _openpyxl(raw(EKINERJA_FLOOR, params)))
    beside(
        rec,
        "e-Kinerja file, largest OPD, one month",
        ours,
        base,
        None,
        f"{rows:,} rows (outputs), {size / 1024:.0f} KB xlsx, in the job; floor: the rows "
        "in one raw SELECT written by raw openpyxl",
    )


IMPORT_ROWS = 10_000  # the import's row limit (targets.importing.MAX_ROWS)
IMPORT_FLOOR = """
    WITH t AS (
      INSERT INTO targets_worktarget (employee_id, year, status, review_comment, decided_by_id,
        decided_at)
      SELECT e, %(year)s, 'approved', '', %(by)s, now() FROM unnest(%(staff)s::int[]) AS e
      RETURNING id, employee_id
    )
    INSERT INTO targets_actionplan (target_id, rhk, text, quantity, unit_of_measure)
    SELECT t.id, r.rhk, r.text, r.quantity, r.measure
    FROM unnest(%(employee)s::int[], %(rhk)s::text[], %(text)s::text[], %(quantity)s::numeric[],
      %(measure)s::text[]) AS r(employee, rhk, text, quantity, measure)
    JOIN t ON t.employee_id = r.employee
"""


def _target_import(rec, head, largest, monday):
    """A file of 10,000 action plans for the largest OPD's staff, for a year nobody has targets
    for: the dry run and the confirmation (rolled back each round) against one raw statement
    inserting the same targets and plans (no checks, no history rows)."""
    from targets import importing, services

    year = weekly.target_year(monday) + 5
    staff = list(
        Employee.objects.active()
        .filter(unit__opd=largest)
        .order_by("pk")
        .values_list("pk", "nip")[: IMPORT_ROWS // 4]
    )
    rows = [
        importing.Row(n + 2, nip, year, f"RHK {k % 2 + 1} pegawai {nip}", f"Rencana aksi {k + 1}",
                      "12.00", "dokumen")
        for n, ((pk, nip), k) in enumerate((s, k) for s in staff for k in range(4))
    ][:IMPORT_ROWS]  # fmt: skip
    raw_rows = [
        (r.number, {"nip": r.nip, "year": r.year, "rhk": r.rhk, "text": r.text,
                    "quantity": r.quantity, "unit_of_measure": r.unit_of_measure})
        for r in rows
    ]  # fmt: skip
    by_nip = {nip: pk for pk, nip in staff}

    def portal():
        found = importing.plan_rows(raw_rows, user=head)
        assert not found.refused and len(found.add) == len(rows), found.refused[:3]
        services.targets_import(rows=found.clean, by=head)

    params = {
        "year": year,
        "by": head.pk,
        "staff": [pk for pk, _ in staff],
        "employee": [by_nip[r.nip] for r in rows],
        "rhk": [r.rhk for r in rows],
        "text": [r.text for r in rows],
        "quantity": [r.quantity for r in rows],
        "measure": [r.unit_of_measure for r in rows],
    }
    ours, base = paired(portal, lambda: raw(IMPORT_FLOOR, params), n=3, rollback=True)
    beside(
        rec,
        "target import, 10,000 action plans (dry run + confirmation)",
        ours,
        base,
        None,
        f"{len(staff):,} staff of {largest.short_name}, 4 plans each, history rows written; "
        "floor: one raw INSERT of the same targets and plans",
    )


def _clean(created_targets=()):
    days = list(WindowDay.objects.filter(window__slug=BENCH_WINDOW).values_list("pk", flat=True))
    reports = DailyReport.objects.filter(day_id__in=days)
    OutputItem.objects.filter(report__in=reports)._raw_delete(OutputItem.objects.db)
    reports._raw_delete(DailyReport.objects.db)
    CheckIn.objects.filter(day_id__in=days)._raw_delete(CheckIn.objects.db)
    ActionPlan.objects.filter(target_id__in=list(created_targets))._raw_delete(
        ActionPlan.objects.db
    )
    WorkTarget.objects.filter(pk__in=list(created_targets))._raw_delete(WorkTarget.objects.db)
    FlexWindow.objects.filter(slug=BENCH_WINDOW).delete()
