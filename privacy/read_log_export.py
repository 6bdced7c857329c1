"""The read access log's search as a file, made as a background job (jobs app).

The log grows with every page that shows someone's data (a city export alone adds ~14,000 rows),
so its download can be long: it runs in the task worker with a progress bar, written under a
temporary name and renamed when complete (jobs.files.atomic_path), its rows read in keyset chunks
(readlog.selectors.read_log_chunks). A failure of any kind is a failed job with its message,
never a "successful" short file; and a file whose row count differs from the search's count is
refused as well.

Two formats of the same rows: .xlsx for a person to read (NIP as text, the time as a date cell,
header frozen with filters: common/xlsx_list.py), and .csv for other programs (UTF-8 with a BOM,
comma-separated, every field in double quotes so that a NIP stays 18-digit text; README).
"""

import csv

from django.utils import timezone

from common import region
from common.formulas import csv_safe
from jobs import registry
from jobs.files import Refused, atomic_path, job_path
from jobs.models import parameters_key
from jobs.registry import Output
from jobs.services import job_start
from opd.access import allowed
from opd.disclosure import ReadKind
from opd.models import Role
from privacy.forms import ReadLogFilterForm
from readlog import selectors

READ_LOG_EXPORT = "read_log_export"
LABEL = "Log akses data pribadi"
FORMATS = ("xlsx", "csv")
PARAMETERS_MAX = 500  # Job.parameters
ROLES = dict(Role.choices)
KINDS = dict(ReadKind.choices)


def columns() -> list:
    from common.xlsx_list import Column  # openpyxl: loaded by the worker, not every process

    return [
        Column(f"Waktu ({region.zone_label()})", 21, "datetime"),
        Column("Akun pengakses", 16),
        Column("Nama pengakses", 24),
        Column("Peran", 14),
        Column("Data yang dilihat", 20),
        Column("Keterangan", 28),
        Column("NIP pegawai", 20),
        Column("Nama pegawai", 28),
        Column("OPD", 14),
        Column("Halaman", 30),
        Column("Alamat IP", 15),
    ]


def parameters_of(form: ReadLogFilterForm, fmt: str) -> dict:
    """A valid search form as the job's parameters (plain text, the form reads them again)."""
    data = form.cleaned_data
    return {
        "format": fmt,
        "pegawai": data["pegawai"],
        "pengakses": data["pengakses"].strip(),
        "jenis": data["jenis"],
        "dari": data["dari"].isoformat() if data["dari"] else "",
        "sampai": data["sampai"].isoformat() if data["sampai"] else "",
    }


def read_log_export_start(*, user, form: ReadLogFilterForm, fmt: str):
    """Queue the search's file in `fmt` ("xlsx" or "csv"); (job, whether it is new)."""
    if fmt not in FORMATS:
        raise Refused("Pilih jenis berkas: .xlsx (untuk dibaca) atau .csv (untuk aplikasi lain).")
    parameters = parameters_of(form, fmt)
    if len(parameters_key(parameters)) > PARAMETERS_MAX:
        raise Refused("Isian pencarian terlalu panjang untuk diunduh: persingkat nama yang dicari.")
    title = f"{LABEL} (.{fmt})"
    wanted = [v for k, v in parameters.items() if k != "format" and v]
    if wanted:
        title += " · " + ", ".join(wanted)
    return job_start(owner=user, kind=READ_LOG_EXPORT, parameters=parameters, title=title[:300])


def run_read_log_export(job, progress) -> Output:
    if not allowed(job.owner, "privacy.view_read_log"):
        raise Refused("Akun Anda tidak lagi berwenang membaca log akses data pribadi.")
    params = job.params
    fmt = params.get("format")
    form = ReadLogFilterForm({k: v for k, v in params.items() if k != "format"})
    if fmt not in FORMATS or not form.is_valid():
        raise Refused("Permintaan unduhan ini tidak valid lagi: ulangi pencarian di Log akses.")
    rows = selectors.read_log_snapshot(selectors.read_log_search(**form.search_arguments()))
    expected = rows.count()
    progress(0, expected, "Menulis log akses")

    def lines():
        done = 0
        for chunk in selectors.read_log_chunks(rows):
            for row, employee in chunk:
                yield _values(row, employee)
            done += len(chunk)
            progress(done, expected, "Menulis log akses")

    path = job_path(job, fmt)
    with atomic_path(path) as temporary:
        if fmt == "xlsx":
            from common.xlsx_list import write_list

            written = write_list(
                temporary, sheet="Log akses", title=LABEL, columns=columns(), rows=lines()
            )
        else:
            written = _write_csv(temporary, lines())
        if written != expected:  # the file is not kept: atomic_path removes it
            raise Refused(
                f"Berkas tidak lengkap: {_n(written)} dari {_n(expected)} baris tertulis (log "
                "berubah selama ditulis, mis. oleh pembersihan terjadwal). Klik “Coba lagi”."
            )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return Output(
        file=path,
        file_name=f"log-akses-data-pribadi-{stamp}.{fmt}",
        message=f"Log akses selesai: {_n(written)} baris.",
    )


def _n(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def _values(row, employee) -> list:
    viewer = f"{row['viewer_first_name'] or ''} {row['viewer_last_name'] or ''}".strip()
    return [
        row["at"],
        row["viewer_username"],
        viewer,
        ROLES.get(row["viewer_role"], row["viewer_role"]),
        KINDS.get(row["kind"], row["kind"]),
        row["detail"],
        employee[0] if employee else f"(pegawai terhapus #{row['employee_id']})",
        employee[1] if employee else "",
        employee[2] if employee else "",
        row["path"],
        row["ip_address"] or "",
    ]


def _write_csv(path, rows) -> int:
    """UTF-8 with a BOM (Excel then reads the names right), commas, every field quoted."""
    written = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow([c.label for c in columns()])
        zone = timezone.get_current_timezone()
        for values in rows:
            at = f"{values[0].astimezone(zone):%Y-%m-%d %H:%M:%S}"
            writer.writerow([at, *(csv_safe(v) for v in values[1:])])
            written += 1
    return written


def register() -> None:
    registry.register(READ_LOG_EXPORT, run_read_log_export, label=f"{LABEL} (.xlsx/.csv)")
