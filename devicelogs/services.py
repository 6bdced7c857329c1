"""Writes of device logs: storing a checked log (file or API), and a head's explanation of a
reconciliation line. Each checks who asks; a punch is stored at most once (`punch_unique`)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from common.text import normalise, strip_invisible
from devicelogs.importing import Report
from devicelogs.models import Explanation, LineKind, Punch, PunchImport, Source
from opd.access import allowed, employees_visible_to

CHUNK = 20_000
MAX_NOTE = 500


@transaction.atomic
def punches_store(*, report: Report, by, source: str = Source.FILE, progress=None) -> PunchImport:
    """Store the new punches of a clean check, all or nothing; the import's figures with them.

    The check ran before (perhaps minutes before, in a dry run): a punch stored meanwhile by
    another import is skipped by the database (`punch_unique`), so `added` counts what this one
    really added and the rest are duplicates.
    """
    if not allowed(by, "devicelogs.import_logs"):
        raise PermissionDenied("Hanya BKPSDM yang dapat mengimpor log mesin presensi.")
    if report.refused:
        raise ValidationError(
            f"{len(report.refused)} baris ditolak; perbaiki berkasnya lalu unggah lagi. "
            "Tidak ada data yang diubah."
        )
    batch = PunchImport.objects.create(
        device=report.device,
        source=source,
        file_name=report.name[:200],
        sha256=report.sha256,
        by=by if by.is_authenticated else None,
        rows_read=report.lines,
        matched=report.matched,
        unknown=report.unknown_rows,
    )
    total = len(report.new)
    for start in range(0, total, CHUNK):
        if progress:
            progress(start, total, f"Menyimpan rekaman {start + 1}–{min(start + CHUNK, total)}")
        chunk = report.new[start : start + CHUNK]
        if connection.vendor == "postgresql":
            _insert_arrays(report.device.pk, batch.pk, chunk)
            continue
        Punch.objects.bulk_create(
            [
                Punch(
                    device_id=report.device.pk,
                    employee_id=employee_id,
                    at=at,
                    day=day,
                    verify=verify,
                    state=state,
                    batch=batch,
                )
                for employee_id, at, day, verify, state in chunk
            ],
            ignore_conflicts=True,
        )
    batch.added = Punch.objects.filter(batch=batch).count() if total else 0
    batch.duplicates = report.duplicates + (total - batch.added)
    batch.save(update_fields=["added", "duplicates"])
    return batch


def _insert_arrays(device_id: int, batch_id: int, rows) -> None:
    """One INSERT of a chunk as five arrays (PostgreSQL): a month of a city is 300,000 punches,
    and building a model object per punch cost more than the database's own work. A punch
    already stored is skipped by `punch_unique`, as bulk_create(ignore_conflicts=True) does."""
    employees, moments, days, verifies, states = (
        list(column) for column in zip(*rows, strict=True)
    )
    table = Punch._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (device_id, employee_id, at, day, verify, state, batch_id) "  # noqa: S608
            "SELECT %s, e, a, d, v, s, %s FROM unnest(%s::integer[], %s::timestamptz[], "
            "%s::date[], %s::smallint[], %s::smallint[]) AS t(e, a, d, v, s) "
            "ON CONFLICT DO NOTHING",
            [device_id, batch_id, employees, moments, days, verifies, states],
        )


@transaction.atomic
def explanation_record(*, user, employee_id: int, day: date, kind: str, note: str) -> Explanation:
    """A head marks a reconciliation line explained (their own OPD only: another's is a 404
    before this, and refused here too)."""
    if kind not in LineKind.values:
        raise ValidationError("Jenis baris rekonsiliasi tidak dikenal.")
    employee = employees_visible_to(user).select_related("unit__opd").filter(pk=employee_id).first()
    if employee is None or not allowed(user, "devicelogs.explain", employee.unit.opd):
        raise PermissionDenied("Hanya kepala OPD pegawai ini yang dapat menjelaskan barisnya.")
    text = normalise(" ".join(strip_invisible(note or "").split()))
    if not text:
        raise ValidationError("Tulis keterangannya (mis. rapat di luar kantor, mesin rusak).")
    if len(text) > MAX_NOTE:
        raise ValidationError(f"Keterangan paling banyak {MAX_NOTE} karakter.")
    found, _ = Explanation.objects.update_or_create(
        employee=employee, date=day, kind=kind, defaults={"note": text, "by": user}
    )
    return found
