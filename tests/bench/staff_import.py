"""Staff import figures: a 14,000-row workbook checked (dry run) and applied, twice.

First 14,000 new staff (all created), then the whole demo city re-imported with a changed position
name (all updated, plus new staff up to 14,000 rows); each is timed as BKPSDM runs it: the dry run
(hostile-file checks, reading, validating every row) and the apply (one transaction). The upload
and confirm pages are timed once on the first file. The database is left as it was found.
"""

import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from opd.models import Employee, Unit, User
from staff_import import plan as staff_import
from staff_import import services
from tests.factories import valid_nip

ROWS = 14_000
TARGET = "< 30 s for dry run + apply"
HEADERS = [column.header for column in staff_import.COLUMNS]
RESTORED = ["name", "asn_type", "golongan", "position_type", "position_name", "unit", "is_active"]


def run(rec, *, timed, ms):
    bkpsdm = User.objects.get(username="bkpsdm")
    units = list(Unit.objects.order_by("code").values_list("code", flat=True))
    taken = set(Employee.objects.values_list("nip", flat=True))

    new_nips = _new_nips(ROWS, taken)
    data = _workbook(_new_row(nip, n, units) for n, nip in enumerate(new_nips))
    try:
        _measure(rec, "14,000 new staff", data, bkpsdm, created=ROWS, updated=0)
    finally:
        Employee.objects.filter(nip__in=new_nips).delete()

    staff = list(Employee.objects.select_related("unit").order_by("pk"))
    extra = _new_nips(max(ROWS - len(staff), 0), taken)
    rows = [_existing_row(e) for e in staff[:ROWS]]
    rows += [_new_row(nip, n, units) for n, nip in enumerate(extra)]
    data = _workbook(rows)
    try:
        _measure(
            rec,
            "14,000 rows of existing staff",
            data,
            bkpsdm,
            created=len(extra),
            updated=len(staff[:ROWS]),
        )
    finally:
        Employee.objects.bulk_update(staff, RESTORED, batch_size=1000)
        Employee.objects.filter(nip__in=extra).delete()

    data = _workbook(_new_row(nip, n, units) for n, nip in enumerate(new_nips))
    try:
        _measure_pages(rec, data, bkpsdm)
    finally:
        Employee.objects.filter(nip__in=new_nips).delete()


def _measure(rec, label, data, by, *, created, updated):
    start = time.perf_counter()
    plan = staff_import.plan_from_bytes(data)
    dry_run = time.perf_counter() - start
    assert not plan.refused, plan.refused[:5]
    assert (len(plan.create), len(plan.update)) == (created, updated), label
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        services.staff_import_apply(plan=plan, by=by)
        apply = time.perf_counter() - start
    size = len(data) / (1024 * 1024)
    rec.add(
        f"staff import, {label}: dry run",
        f"{dry_run:.1f} s ({size:.1f} MB file; {created:,} to create, {updated:,} to update)",
        seconds=dry_run,
    )
    rec.add(
        f"staff import, {label}: apply",
        f"{apply:.1f} s, {len(queries.captured_queries)} queries; total {dry_run + apply:.1f} s",
        TARGET,
        seconds=apply,
        total=dry_run + apply,
        queries=len(queries.captured_queries),
    )


def _measure_pages(rec, data, by):
    client = Client()
    client.force_login(by)
    start = time.perf_counter()
    upload_file = SimpleUploadedFile("pegawai.xlsx", data)
    response = client.post("/pegawai-impor/periksa/", {"file": upload_file})
    upload = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    token = _token(response)
    start = time.perf_counter()
    response = client.post("/pegawai-impor/konfirmasi/", {"token": token})
    confirm = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    rec.add(
        "staff import pages, 14,000 new staff",
        f"upload + dry-run page {upload:.1f} s; confirm (checks again, applies) {confirm:.1f} s",
        TARGET,
        seconds=upload + confirm,
    )


def _token(response) -> str:
    page = response.content.decode()
    start = page.index('name="token" value="') + len('name="token" value="')
    return page[start : page.index('"', start)]


def _new_nips(count: int, taken: set[str]) -> list[str]:
    nips, n = [], 500_000
    while len(nips) < count:
        nip = valid_nip("PNS", n=n)
        n += 1
        if nip not in taken:
            taken.add(nip)
            nips.append(nip)
    return nips


def _new_row(nip: str, n: int, units: list[str]) -> list:
    return [
        nip,
        f"Pegawai Uji Impor {n}",
        "PNS",
        "III/a",
        "Pelaksana",
        "Pengadministrasi Perkantoran",
        units[n % len(units)],
        "ya",
    ]


def _existing_row(e: Employee) -> list:
    return [
        e.nip,
        e.name,
        e.asn_type,
        e.golongan,
        e.get_position_type_display(),
        f"{e.position_name} (uji impor)"[:200],
        e.unit.code,
        "ya" if e.is_active else "tidak",
    ]


def _workbook(rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pegawai")
    sheet.append(HEADERS)
    for line in rows:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
