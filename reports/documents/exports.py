"""The city's documents as background jobs (jobs app): start one, and the runners the worker calls.

The whole-city workbook and the city PDF take seconds to minutes at 100,000 staff, so they run in
the task worker with a progress bar and wait in the downloads list; one OPD's exports are small
and stay immediate (reports/views.py).
"""

from jobs import registry
from jobs.files import Refused, atomic_path, job_path
from jobs.registry import Output
from jobs.services import job_start
from opd.access import allowed, opds_visible_to
from opd.disclosure import ReadKind
from opd.models import Employee
from readlog.services import reads_write
from schedules.models import FlexWindow

# The runners import what they write with (openpyxl, fpdf2) when they run: every process loads
# this module at start-up (DashboardsConfig.ready) and most never export.

# This app's kinds of job (registered with their runners and labels in ReportsConfig.ready).
CITY_WORKBOOK = "city_workbook"
CITY_PDF = "city_pdf"
PLAN_PDF = "plan_pdf"
EKINERJA_OPD = "ekinerja_opd"
WEEK_PDF = "week_pdf"
FORMATS = {"xlsx": CITY_WORKBOOK, "pdf": CITY_PDF}


def city_export_start(*, user, window, fmt: str):
    """Queue the city workbook ("xlsx") or the city PDF ("pdf"); (job, whether it is new)."""
    kind = FORMATS[fmt]
    title = f"{registry.label_of(kind).split(' (')[0]} · {window.name}"
    return job_start(owner=user, kind=kind, parameters={"window": window.slug}, title=title)


def plan_pdf_start(*, user, window, opd):
    """Queue one (large) OPD's plan PDF; (job, whether it is new)."""
    return job_start(
        owner=user,
        kind=PLAN_PDF,
        parameters={"window": window.slug, "opd": opd.code},
        title=f"Rencana {opd.short_name or opd.name} (.pdf) · {window.name}",
    )


def _window(job) -> FlexWindow:
    slug = job.params.get("window")
    window = FlexWindow.objects.filter(slug=slug).first()
    if window is None:
        raise Refused(f"Periode '{slug}' tidak ditemukan lagi: mungkin sudah dihapus.")
    if not window.days.exists():
        raise Refused(f"Periode {window.name} belum memiliki hari kerja fleksibel.")
    return window


def run_city_workbook(job, progress) -> Output:
    from reports.documents import workbook

    window = _window(job)
    path = job_path(job, "xlsx")
    show_places = allowed(job.owner, "schedules.view_wfa_places")
    sheets = workbook.write_workbook(
        path, window=window, progress=progress, show_places=show_places
    )
    reads_write(  # the read access log hears whose schedules the file hands over
        viewer=job.owner,
        kind=ReadKind.EXPORT,
        employee_ids=Employee.objects.active().values_list("pk", flat=True),
        detail=f"Rekap kota {window.name}",
        path=f"/unduhan/{job.pk}/",
    )
    return Output(
        file=path,
        file_name=workbook.filename(window),
        message=f"Rekap selesai: {len(sheets)} lembar, {path.stat().st_size / 1024:.0f} KB.",
    )


def run_city_pdf(job, progress) -> Output:
    from reports.documents import pdf

    window = _window(job)
    path = job_path(job, "pdf")
    pdf.write_city_pdf(path, window=window, progress=progress)
    return Output(
        file=path,
        file_name=pdf.city_filename(window),
        message=f"Ringkasan selesai: {path.stat().st_size / 1024:.0f} KB.",
    )


def run_plan_pdf(job, progress) -> Output:
    from reports.documents import pdf

    window = _window(job)
    opd = opds_visible_to(job.owner).filter(code=job.params.get("opd")).first()
    if opd is None:
        raise Refused("OPD yang diminta tidak ditemukan atau tidak lagi dalam wewenang Anda.")
    progress(0, 1, f"Menyusun rencana {opd.name}")
    path = job_path(job, "pdf")
    pdf.write_plan_pdf(path, window=window, opd=opd)  # written atomically
    reads_write(  # the read access log hears whose schedules the file hands over
        viewer=job.owner,
        kind=ReadKind.EXPORT,
        employee_ids=Employee.objects.active().filter(unit__opd=opd).values_list("pk", flat=True),
        detail=f"Rencana PDF {window.name} ({opd.short_name or opd.name})",
        path=f"/unduhan/{job.pk}/",
    )
    return Output(
        file=path,
        file_name=pdf.plan_filename(window, opd),
        message=f"Rencana selesai: {path.stat().st_size / 1024:.0f} KB.",
    )


def ekinerja_opd_start(*, user, opd, year: int, month: int):
    """Queue an OPD's e-Kinerja file for a month (a large OPD's month is 100,000 rows and more);
    (job, whether it is new)."""
    return job_start(
        owner=user,
        kind=EKINERJA_OPD,
        parameters={"opd": opd.code, "year": year, "month": month},
        title=f"e-Kinerja {opd.short_name or opd.name} {month:02d}/{year} (.xlsx)",
    )


def run_ekinerja_opd(job, progress) -> Output:
    from reports import ekinerja

    opd = opds_visible_to(job.owner).filter(code=job.params.get("opd")).first()
    if opd is None or not allowed(job.owner, "reports.export_ekinerja_opd"):
        raise Refused("OPD yang diminta tidak ditemukan atau tidak lagi dalam wewenang Anda.")
    year, month = int(job.params["year"]), int(job.params["month"])
    progress(0, 1, f"Menyusun berkas e-Kinerja {opd.name}")
    path = job_path(job, "xlsx")
    items = ekinerja.outputs(year=year, month=month, unit__opd=opd)
    _, staff = ekinerja.workbook(items, per_opd=True, out=path, progress=progress)
    reads_write(  # the read access log hears whose daily work the file hands over
        viewer=job.owner,
        kind=ReadKind.EXPORT,
        employee_ids=staff,
        detail=f"e-Kinerja {opd.short_name} {year}-{month:02d}",
        path=f"/unduhan/{job.pk}/",
    )
    return Output(
        file=path,
        file_name=ekinerja.filename(year, month, opd.code),
        message=f"Berkas e-Kinerja selesai: {path.stat().st_size / 1024:.0f} KB.",
    )


def week_pdf_start(*, user, opd, monday):
    """Queue one (large) OPD's weekly progress PDF; (job, whether it is new)."""
    return job_start(
        owner=user,
        kind=WEEK_PDF,
        parameters={"opd": opd.code, "monday": monday.isoformat()},
        title=f"Laporan mingguan {opd.short_name or opd.name} {monday:%d-%m-%Y} (.pdf)",
    )


def run_week_pdf(job, progress) -> Output:
    from datetime import date

    from django.utils import timezone

    from attendance import weekly
    from reports.documents import weekly as weekly_doc
    from reports.documents.workbook import heads

    opd = opds_visible_to(job.owner).filter(code=job.params.get("opd")).first()
    if opd is None or not allowed(job.owner, "attendance.view_monitor"):
        raise Refused("OPD yang diminta tidak ditemukan atau tidak lagi dalam wewenang Anda.")
    monday = weekly.week_of(date.fromisoformat(job.params["monday"]))
    progress(0, 1, f"Menyusun laporan mingguan {opd.name}")
    week = weekly.opd_week(opd, monday)
    data = weekly_doc.pdf(week, opd, head=heads(opd).get(opd.pk), today=timezone.localdate())
    path = job_path(job, "pdf")
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
    reads_write(  # the read access log hears whose week the file hands over
        viewer=job.owner,
        kind=ReadKind.EXPORT,
        employee_ids=[row["employee"].pk for unit in week.units for row in unit.rows],
        detail=f"Laporan mingguan {opd.short_name} {monday:%Y-%m-%d} (PDF)",
        path=f"/unduhan/{job.pk}/",
    )
    return Output(
        file=path,
        file_name=weekly_doc.filename(opd, monday, "pdf"),
        message=f"Laporan mingguan selesai: {path.stat().st_size / 1024:.0f} KB.",
    )
